import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'

const startedAt = performance.now()

function readConfig() {
  try {
    return loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}

const config = readConfig()
const app = await buildApp({ config })
await app.listen({ host: config.host, port: config.port })

const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : config.port
const memory = process.memoryUsage()
app.log.info(
  { port, startupMs: Math.round(performance.now() - startedAt), rssMb: Math.round(memory.rss / 2 ** 20) },
  'meldpool is listening',
)
console.log(`meldpool is listening on http://${config.host}:${port} (data in ${config.dataDir})`)

// Printed to the console only, never logged: the link lets its holder create the first administrator.
const setupLink = app.services.setup.issueLinkIfNeeded()
if (setupLink) {
  console.log(
    `\nFirst start: create the first administrator at\n\n  ${setupLink.url}\n\n` +
      `This link works once and expires ${setupLink.expiresAt.toISOString()}. ` +
      `Restarting prints a new one until an administrator exists.\n`,
  )
}

let closing = false
async function shutdown(signal: string) {
  if (closing) return
  closing = true
  app.log.info({ signal }, 'shutting down')
  const timer = setTimeout(() => process.exit(1), 10_000)
  timer.unref()
  await app.close()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
