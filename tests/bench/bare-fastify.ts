// The yardstick for `npm run bench`: a bare Fastify hello route, in its own process so that it does not
// share an event loop with the load generator. Prints `{"port":…}` once listening; SIGTERM closes it.
import Fastify from 'fastify'

const app = Fastify()
app.get('/', async () => ({ hello: 'world' }))
await app.listen({ host: '127.0.0.1', port: 0 })

const address = app.server.address()
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }))
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
