// A bench-only variant of the meldpool app for `npm run bench`: the very app server.ts builds (buildApp, same
// plugins, hooks and request log), plus one route that answers the landing page's bytes precomputed. That
// route sits at the same depth in the reporter area, with the same plugins and params schema, so the gap
// between the two is what rendering a landing page costs (page cache check, language choice) and nothing
// else. It exists only here, never in a production build. Prints `{"port":…}` once listening; SIGTERM closes it.
import cookie from '@fastify/cookie'
import multipart from '@fastify/multipart'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { SlugParams } from '../../server/routes/reporter/context.js'

const slug = process.argv[2] ?? 'bench-org'
const config = loadConfig(process.env)
const app = await buildApp({ config })
let precomputed: { body: Buffer; type: string } | undefined

await app.register(
  async (reporter) => {
    await reporter.register(cookie)
    await reporter.register(multipart)
    reporter.get<{ Params: SlugParams }>(
      '/:slug/precomputed',
      { schema: { params: SlugParams } },
      async (_request, reply) => {
        if (!precomputed) return reply.status(503).send()
        return reply.type(precomputed.type).send(precomputed.body)
      },
    )
  },
  { prefix: '/r' },
)

await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : 0
const landing = await fetch(`http://127.0.0.1:${port}/r/${slug}`)
if (landing.status !== 200) throw new Error(`/r/${slug} answered ${landing.status}`)
precomputed = {
  body: Buffer.from(await landing.arrayBuffer()),
  type: landing.headers.get('content-type') ?? 'text/html; charset=utf-8',
}
// stderr: stdout carries the request log, as in production.
console.error(JSON.stringify({ port, bytes: precomputed.body.length }))
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
