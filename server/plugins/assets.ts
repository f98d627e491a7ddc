import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { projectRoot } from '../paths.js'

export const browserBundleDir = resolve(projectRoot, 'dist', 'js')
const htmxDir = dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'))

/** Our CSS, our bundled scripts and htmx, all from our own origin: reporter pages make no third-party request. */
export async function installAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: resolve(projectRoot, 'views', 'assets'),
    prefix: '/assets/',
    index: false,
  })
  await app.register(fastifyStatic, {
    root: browserBundleDir,
    prefix: '/assets/js/',
    decorateReply: false,
    index: false,
  })
  await app.register(fastifyStatic, {
    root: htmxDir,
    prefix: '/assets/htmx/',
    decorateReply: false,
    index: false,
    preCompressed: true,
    allowedPath: (path) => path === '/htmx.min.js',
  })
}
