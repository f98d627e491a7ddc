import type { FastifyInstance, FastifyServerOptions } from 'fastify'
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
export function loggerOptions(config: Config, stream?: LogStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    base: null,
    serializers: { req: () => ({}), res: () => ({}) },
    // Plugins log request data at debug/trace (@fastify/multipart logs busboy's options with every header):
    // whatever the level, headers, cookies and bodies never reach the log.
    formatters: { log: withoutRequestData },
    stream: stream ?? stdoutInBatches(),
  }
}

/**
 * One line per request: method, route pattern (never the raw URL, which may carry a token or a pasted case code),
 * status and duration. No IP address, user agent, referrer, query string or body: reporters stay anonymous.
 */
export function logRequests(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, and a promise per request is measurable.
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(unmatched)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    )
    done()
  })
}

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
