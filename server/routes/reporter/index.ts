import cookie from '@fastify/cookie'
import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { followUpRoutes } from './follow-up.js'
import { reportRoutes } from './report.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Errors on this route are answered as JSON for the page script, not as an HTML page. */
    api?: boolean
  }
}

/**
 * The reporter area (/r/...): no session, no tracking, no staff cookie. The only cookie it may set is the
 * short-lived no-JS follow-up token (see follow-up.ts). It shares nothing with the staff area but the
 * services and the error pages.
 */
export async function reporterArea(app: FastifyInstance): Promise<void> {
  await app.register(cookie)
  // Files are read into memory by readMultipart; @fastify/multipart never writes them to disk here. A file over
  // the limit does not throw mid-body: readMultipart lets it flow past and keeps reading the fields after it.
  await app.register(multipart, { throwFileSizeLimit: false })
  await app.register(reportRoutes)
  await app.register(followUpRoutes)
}
