import { setFlagsFromString } from 'node:v8'

// V8 lets the young generation grow to 2 × 16 MB while start-up allocates, and never gives it back: at idle
// that was a quarter of the server's RSS. 1 MB semi-spaces cost only more (cheap) scavenges under load.
// The flag must be set before anything else loads, hence the dynamic imports.
setFlagsFromString('--semi-space-growth-factor=1')
const { buildApp } = await import('./app.js')
const { ConfigError, loadConfig } = await import('./config.js')
const { stdoutInBatches } = await import('./plugins/logging.js')

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
const log = stdoutInBatches()
const app = await buildApp({ config, logStream: log })

// Installed before listening: a supervisor may signal as soon as the port answers.
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

await app.listen({ host: config.host, port: config.port })

const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : config.port
const memory = process.memoryUsage()
// performance.now() counts from the process's start, so startupMs includes starting node itself.
app.log.info(
  { port, startupMs: Math.round(performance.now()), rssMb: Math.round(memory.rss / 2 ** 20) },
  'meldpool is listening',
)
// Log lines go out in batches: this one before the console lines below.
log.flush()

// Printed to the console only, never logged: the link lets its holder create the first administrator.
const setupLink = app.services.setup.issueLinkIfNeeded()
if (setupLink) {
  console.log(
    `\nFirst start: create the first administrator at\n\n  ${setupLink.url}\n\n` +
      `This link works once and expires ${setupLink.expiresAt.toISOString()}. ` +
      `Restarting prints a new one until an administrator exists.\n`,
  )
}
// The last line at start-up: scripts and tests wait for it.
console.log(`meldpool is listening on http://${config.host}:${port} (data in ${config.dataDir})`)
