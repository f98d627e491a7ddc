import { createHash } from 'node:crypto'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import type { FastifyInstance } from 'fastify'
import { setupRoutes } from './setup.js'

/**
 * The staff area (confidants, administrators): the only context with cookies and CSRF protection. Every
 * state-changing request must carry a valid CSRF token; the check runs after the body is parsed.
 */
export async function staffArea(app: FastifyInstance): Promise<void> {
  const serverSecret = app.services.instance.current().serverSecret
  const secure = app.services.config.publicUrl.startsWith('https://')
  await app.register(cookie, {
    secret: createHash('sha256').update('cookie').update(serverSecret).digest('hex'),
  })
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: secure ? '__Host-meldpool-csrf' : 'meldpool-csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure, signed: true },
  })
  app.addHook('preValidation', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done()
    app.csrfProtection(request, reply, done)
  })

  await app.register(setupRoutes, { prefix: '/setup' })
}
