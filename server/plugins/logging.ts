import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
  onResponseHookHandler,
} from 'fastify'

import type { Config } from '../config.js'

export type LogStream = { write(line: string): void; flush?(done?: () => void): void }

/**
 * stdout, written once per turn of the event loop. A write(2) per log line was a sixth of a landing page's CPU
 * time under load; lines that arrive in the same turn now share one. Nothing waits at idle: the batch goes out
 * as soon as the current work is done, and whatever is pending when the process exits is written then.
 */
export function stdoutInBatches(): Required<LogStream> {
  let pending = ''
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (pending === '') return
    const text = pending
    pending = ''
    process.stdout.write(text)
  }
  process.once('exit', flush)
  return {
    write(line) {
      pending += line
      if (scheduled) return
      scheduled = true
      setImmediate(flush)
    },
    flush(done) {
      flush()
      done?.()
    },
  }
}

/**
 * Logger options: no request serialisation at all. Fastify's own request logs (which carry the remote address,
 * the full URL and headers) are disabled in app.ts; `logRequests` writes the only per-request line.
 */
export function loggerOptions(config: Config, stream: LogStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    base: null,
    serializers: { req: () => ({}), res: () => ({}) },
    // Plugins log request data at debug/trace (@fastify/multipart logs busboy's options with every header):
    // whatever the level, headers, cookies and bodies never reach the log.
    formatters: { log: withoutRequestData },
    stream,
  }
}

/**
 * One line per request: method, route pattern (never the raw URL, which may carry a token or a pasted case code),
 * status and duration. No IP address, user agent, referrer, query string or body: reporters stay anonymous.
 *
 * The line is written to the log stream as pino would write it, from a prefix built once per route: through
 * pino (a child logger, serialising, formatting, the route looked up per request) it was a tenth of the
 * landing page's CPU time. Its fields are numbers and fixed strings, so there is nothing to filter out.
 */
export function logRequests(app: FastifyInstance, stream: LogStream): void {
  if (!['trace', 'debug', 'info'].includes(app.log.level)) return
  // `fields` is `"method":…,"route":…` (JSON), or only `"route":…` for a route that takes several methods.
  const line = (request: FastifyRequest, reply: FastifyReply, fields: string) =>
    stream.write(
      `{"level":30,"time":${Date.now()},"reqId":${JSON.stringify(request.id)},` +
        (fields.startsWith('"method"') ? '' : `"method":${JSON.stringify(request.method)},`) +
        `${fields},"status":${reply.statusCode},"ms":${Math.round(reply.elapsedTime)},"msg":"request"}\n`,
    )
  app.addHook('onRoute', (route) => {
    const fields =
      (typeof route.method === 'string' ? `"method":${JSON.stringify(route.method.toUpperCase())},` : '') +
      `"route":${JSON.stringify(route.url)}`
    // A callback hook, not an async one: a promise per request is measurable.
    const logLine: onResponseHookHandler = (request, reply, done) => {
      line(request, reply, fields)
      done()
    }
    route.onResponse = [...(route.onResponse === undefined ? [] : [route.onResponse].flat()), logLine]
  })
  // Answers no route matched (the not-found handler) have no onRoute.
  const unmatched = `"route":${JSON.stringify('(unmatched)')}`
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) line(request, reply, unmatched)
    done()
  })
}

/**
 * request.log is a child logger that carries the request's id. Most requests never log anything but the line
 * above, so the child is made only when something logs through it. A class, so that a request costs one small
 * object and no closures.
 */
class LazyChildLogger {
  #child: FastifyBaseLogger | undefined
  readonly #parent: FastifyBaseLogger
  readonly #bindings: Bindings
  readonly #options: ChildOptions

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  #real(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options)
    return this.#child
  }

  get level(): string {
    return this.#real().level
  }
  set level(level: string) {
    this.#real().level = level
  }
  info(...args: LogArgs) {
    this.#real().info(...args)
  }
  error(...args: LogArgs) {
    this.#real().error(...args)
  }
  debug(...args: LogArgs) {
    this.#real().debug(...args)
  }
  fatal(...args: LogArgs) {
    this.#real().fatal(...args)
  }
  warn(...args: LogArgs) {
    this.#real().warn(...args)
  }
  trace(...args: LogArgs) {
    this.#real().trace(...args)
  }
  silent(...args: LogArgs) {
    this.#real().silent(...args)
  }
  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options)
  }
}
type Bindings = Parameters<FastifyBaseLogger['child']>[0]
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1]
type LogArgs = [obj: object | string, msg?: string, ...args: unknown[]]

export const lazyChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  options,
) => new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger

const REQUEST_DATA = new Set([
  'headers',
  'header',
  'cookies',
  'cookie',
  'body',
  'payload',
  'raw',
  'query',
  'url',
])

/** Drops request data from a log record, however deeply a plugin nested it. */
export function withoutRequestData(record: Record<string, unknown>, depth = 0): Record<string, unknown> {
  // Most records (a request line, above all) are flat and clean: keep them as they are, without a copy.
  if (isFlatAndClean(record)) return record
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (REQUEST_DATA.has(key.toLowerCase())) continue
    kept[key] =
      value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error) && depth < 4
        ? withoutRequestData(value as Record<string, unknown>, depth + 1)
        : value
  }
  return kept
}

function isFlatAndClean(record: Record<string, unknown>): boolean {
  for (const key in record) {
    const value = record[key]
    if ((value !== null && typeof value === 'object') || REQUEST_DATA.has(key.toLowerCase())) return false
  }
  return true
}
