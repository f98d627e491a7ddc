import { isAbsolute, resolve } from 'node:path'
import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'
import { projectRoot } from './paths.js'

/**
 * The whole configuration surface: environment variables, validated once at boot into a frozen object.
 * Secrets are not configured here: they are generated on first start and kept in the database.
 */
const EnvSchema = Type.Object({
  MELDPOOL_DATA_DIR: Type.String({ minLength: 1, description: 'a directory path', default: './data' }),
  MELDPOOL_HOST: Type.String({
    minLength: 1,
    description: 'a host name or IP address',
    default: '127.0.0.1',
  }),
  MELDPOOL_PORT: Type.String({
    pattern: '^(0|[1-9][0-9]{0,4})$',
    description: 'a port number from 0 to 65535',
    default: '3000',
  }),
  MELDPOOL_PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^/?#\\s]+(/[^?#\\s]*)?$',
      description: 'an absolute http(s) URL without query, such as https://meldpunt.example.org',
    }),
  ),
  MELDPOOL_SMTP_URL: Type.Optional(
    Type.String({
      pattern: '^smtps?://\\S+$',
      description: 'an smtp:// or smtps:// URL, such as smtps://user:pass@mail.example.org:465',
    }),
  ),
  MELDPOOL_MAIL_FROM: Type.Optional(
    Type.String({ pattern: '^[^\\s@]+@[^\\s@]+$', description: 'an e-mail address' }),
  ),
  MELDPOOL_TRUST_PROXY: Type.String({
    pattern: '^(off|on|[0-9]{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$',
    description: "'off', 'on', a hop count, or a comma-separated list of proxy addresses/CIDRs",
    default: 'off',
  }),
  MELDPOOL_NOJS_FALLBACK: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    description: "'on' or 'off'",
    default: 'on',
  }),
  MELDPOOL_DEFAULT_LOCALE: Type.Union([Type.Literal('nl'), Type.Literal('en')], {
    description: "'nl' or 'en'",
    default: 'nl',
  }),
  MELDPOOL_MAX_FILE_MB: Type.String({
    pattern: '^[1-9][0-9]{0,2}$',
    description: 'a whole number of megabytes from 1 to 999',
    default: '20',
  }),
  MELDPOOL_MIN_FREE_MB: Type.String({
    pattern: '^(0|[1-9][0-9]{0,6})$',
    description: 'a whole number of megabytes from 0 to 9999999',
    default: '256',
  }),
  MELDPOOL_REPORTS_PER_HOUR: Type.String({
    pattern: '^[1-9][0-9]{0,5}$',
    description: 'a whole number from 1 to 999999',
    default: '60',
  }),
  MELDPOOL_SESSION_IDLE_MINUTES: Type.String({
    pattern: '^[1-9][0-9]{0,3}$',
    description: 'a whole number of minutes from 1 to 9999',
    default: '30',
  }),
  MELDPOOL_SESSION_MAX_HOURS: Type.String({
    pattern: '^[1-9][0-9]{0,2}$',
    description: 'a whole number of hours from 1 to 999',
    default: '12',
  }),
  MELDPOOL_LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { description: 'one of fatal, error, warn, info, debug, trace, silent', default: 'info' },
  ),
})
type Env = Static<typeof EnvSchema>

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export type Config = Readonly<{
  dataDir: string
  databaseFile: string
  host: string
  port: number
  publicUrl: string
  smtpUrl: string | undefined
  mailFrom: string
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean)
  noJsFallback: boolean
  defaultLocale: 'nl' | 'en'
  maxFileBytes: number
  /** New reports are refused (form kept) while free space under dataDir is below this. */
  minFreeBytes: number
  /** New reports per organisation per hour before the flood limit answers 429 (no IP involved). */
  reportsPerHour: number
  /** A staff session ends after this long without a request… */
  sessionIdleMs: number
  /** …and this long after sign-in, whatever happens. */
  sessionMaxMs: number
  logLevel: LogLevel
  migrationsFolder: string
}>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`)
  }
}

const migrationsFolder = resolve(projectRoot, 'db', 'migrations')

/** Reads MELDPOOL_* variables; throws ConfigError with one line per bad value. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(EnvSchema.properties)
  const raw = Object.fromEntries(
    known
      .filter((name) => environment[name] !== undefined && environment[name] !== '')
      .map((name) => [name, environment[name]]),
  )
  const env = Value.Default(EnvSchema, raw) as Env
  const problems = problemsIn(env)
  const port = Number(env.MELDPOOL_PORT)
  if (port > 65535)
    problems.push(
      `MELDPOOL_PORT: "${env.MELDPOOL_PORT}" is not valid; expected a port number from 0 to 65535`,
    )
  if (problems.length > 0) throw new ConfigError(problems)

  const dataDir = isAbsolute(env.MELDPOOL_DATA_DIR) ? env.MELDPOOL_DATA_DIR : resolve(env.MELDPOOL_DATA_DIR)
  const publicUrl = (env.MELDPOOL_PUBLIC_URL ?? `http://${env.MELDPOOL_HOST}:${port}`).replace(/\/+$/, '')
  return Object.freeze({
    dataDir,
    databaseFile: resolve(dataDir, 'meldpool.sqlite'),
    host: env.MELDPOOL_HOST,
    port,
    publicUrl,
    smtpUrl: env.MELDPOOL_SMTP_URL,
    mailFrom: env.MELDPOOL_MAIL_FROM ?? `meldpool@${new URL(publicUrl).hostname}`,
    trustProxy: parseTrustProxy(env.MELDPOOL_TRUST_PROXY),
    noJsFallback: env.MELDPOOL_NOJS_FALLBACK === 'on',
    defaultLocale: env.MELDPOOL_DEFAULT_LOCALE,
    maxFileBytes: Number(env.MELDPOOL_MAX_FILE_MB) * 1024 * 1024,
    minFreeBytes: Number(env.MELDPOOL_MIN_FREE_MB) * 1024 * 1024,
    reportsPerHour: Number(env.MELDPOOL_REPORTS_PER_HOUR),
    sessionIdleMs: Number(env.MELDPOOL_SESSION_IDLE_MINUTES) * 60 * 1000,
    sessionMaxMs: Number(env.MELDPOOL_SESSION_MAX_HOURS) * 60 * 60 * 1000,
    logLevel: env.MELDPOOL_LOG_LEVEL as LogLevel,
    migrationsFolder,
  })
}

function problemsIn(env: Env): string[] {
  const seen = new Set<string>()
  const problems: string[] = []
  for (const error of Value.Errors(EnvSchema, env)) {
    const name = error.instancePath.replace(/^\//, '')
    if (!name || seen.has(name)) continue
    seen.add(name)
    const schema = EnvSchema.properties[name as keyof Env] as { description?: string }
    const value = String((env as Record<string, unknown>)[name])
    problems.push(`${name}: "${value}" is not valid; expected ${schema.description ?? 'a valid value'}`)
  }
  return problems
}

function parseTrustProxy(value: string): Config['trustProxy'] {
  if (value === 'off') return false
  if (value === 'on') return true
  if (/^[0-9]+$/.test(value)) {
    // A hop count: trust that many proxies in front of us.
    const hops = Number(value)
    return (_address, hop) => hop < hops
  }
  return value.split(',')
}
