import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import { ready as cryptoReady } from '../crypto/index.js'
import { type Database, openDatabase } from '../db/index.js'
import type { Config } from './config.js'
import type { KdfPool } from './kdf/pool.js'
import { installAssets } from './plugins/assets.js'
import { installErrorPages } from './plugins/errors.js'
import {
  type LogStream,
  lazyChildLogger,
  loggerOptions,
  logRequests,
  stdoutInBatches,
} from './plugins/logging.js'
import { installSecurityHeaders } from './plugins/security.js'
import { lazyValidators } from './plugins/validation.js'
import { publicRoutes } from './routes/public.js'
import { reporterArea } from './routes/reporter/index.js'
import { staffArea } from './routes/staff/index.js'
import { createServices, type Services } from './services/index.js'
import type { FreeBytes } from './services/reports.js'

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

export type AppOptions = {
  config: Config
  /** An open database; when omitted the app opens config.databaseFile and closes it with the app. */
  database?: Database
  kdf?: KdfPool
  logStream?: LogStream
  now?: () => number
  /** Free space under a path (tests inject a full disk); statfs otherwise. */
  freeBytes?: FreeBytes
  /** A connection idle this long (a stalled body included) is dropped. */
  idleTimeoutMs?: number
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this route never needs libsodium, so it does not load it (see loadCryptoOnFirstUse). */
    crypto?: boolean
  }
}

/**
 * libsodium's WASM (~13 MB of RSS) is loaded by the first request that may need it, not at start: a channel
 * that is only visited, never used, stays small. Every route waits for it unless it says `crypto: false`, so a
 * route that forgets the flag costs memory, never an error.
 */
function loadCryptoOnFirstUse(app: FastifyInstance): void {
  let loaded = false
  const load = async () => {
    if (!loaded) {
      await cryptoReady()
      loaded = true
    }
  }
  app.addHook('onRoute', (route) => {
    if (route.config?.crypto === false) return
    route.onRequest = [load, ...(route.onRequest === undefined ? [] : [route.onRequest].flat())]
  })
}

/** Builds the whole application; used by server.ts and by the tests alike. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options
  const database = options.database ?? openDatabase(config.databaseFile, config.migrationsFolder)
  const logStream = options.logStream ?? stdoutInBatches()
  const app = Fastify({
    logger: loggerOptions(config, logStream),
    childLoggerFactory: lazyChildLogger,
    // Fastify's own request lines carry the remote address and full URL; logRequests writes ours instead.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    return503OnClosing: true,
    // A stalled client (slowloris, a dead Tor circuit) must not hold a socket and a report slot for minutes:
    // 30 s without a byte drops the connection; a whole request may take 10 minutes (a large file over Tor);
    // headers must arrive within 20 s.
    connectionTimeout: options.idleTimeoutMs ?? 30_000,
    requestTimeout: 10 * 60_000,
    http: { headersTimeout: 20_000 },
    schemaController: { compilersFactory: { buildValidator: lazyValidators } },
  })
  const services = createServices({
    config,
    database,
    log: app.log,
    kdf: options.kdf,
    now: options.now,
    freeBytes: options.freeBytes,
  })
  services.instance.ensure()
  // Files of uploads a crash interrupted: staged ciphertext whose keys died with that process. Here, in the
  // server only: a CLI command run while a report is arriving must not remove that report's files.
  services.uploads.sweep()
  app.decorate('services', services)
  app.addHook('onReady', async () => {
    services.mail.start()
    services.reminders.start()
    services.scheduler.start()
  })
  app.addHook('onClose', async () => {
    await services.close()
    if (!options.database) database.close()
  })

  loadCryptoOnFirstUse(app)
  installSecurityHeaders(app)
  logRequests(app, logStream)
  installErrorPages(app)
  await app.register(formbody, { bodyLimit: 64 * 1024 })
  await installAssets(app)

  await app.register(publicRoutes)
  await app.register(reporterArea, { prefix: '/r' })
  await app.register(staffArea, { prefix: '/staff' })
  return app
}
