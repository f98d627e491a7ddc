import cookie from '@fastify/cookie'
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CrossSiteRequest } from '../../errors.js'
import { followUpRoutes } from './follow-up.js'
import { procedureRoutes } from './procedure.js'
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
  const ownOrigin = new URL(app.services.config.publicUrl).origin
  // A callback hook, not an async one: it runs on every reporter request, the landing page's too.
  app.addHook('onRequest', (request, _reply, done) => {
    const refused = request.method !== 'GET' && request.method !== 'HEAD' && isCrossSite(request, ownOrigin)
    done(refused ? new CrossSiteRequest() : undefined)
  })
  await app.register(cookie)
  // Files are read into memory by readMultipart; @fastify/multipart never writes them to disk here. A file over
  // the limit does not throw mid-body: readMultipart lets it flow past and keeps reading the fields after it.
  await app.register(multipart, { throwFileSizeLimit: false })
  await app.register(reportRoutes)
  await app.register(followUpRoutes)
  // The member's reporting procedure (issue 11).
  await app.register(procedureRoutes)
}

/**
 * A reporter POST must come from our own pages (issue 8 §6). `Sec-Fetch-Site` decides where the browser sends
 * it. Otherwise `Origin` must be ours (the configured public URL or the host asked for); our pages set
 * `Referrer-Policy: no-referrer`, under which browsers send `Origin: null`, so null says nothing. Old and text
 * browsers send neither header and are let through: the forms carry tokens or need a case code anyway.
 */
export function isCrossSite(request: FastifyRequest, ownOrigin: string): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) return site !== 'same-origin' && site !== 'none'
  const origin = request.headers.origin
  if (origin === undefined || origin === 'null') return false
  return origin !== ownOrigin && origin !== `${request.protocol}://${request.host}`
}
