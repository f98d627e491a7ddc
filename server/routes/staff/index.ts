import { createHash } from 'node:crypto'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SessionExpired } from '../../errors.js'
import { adminArea } from './admin/index.js'
import { caseRoutes } from './cases.js'
import { homeRoutes } from './home.js'
import { inviteRoutes } from './invite.js'
import { loginRoutes } from './login.js'
import { oralRoutes } from './oral.js'
import { afterSignIn, sessionCookie } from './session.js'
import { setupRoutes } from './setup.js'
import { sharingRoutes } from './sharing.js'
import { workflowRoutes } from './workflow.js'

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

  const session = sessionCookie(secure)
  await app.register(setupRoutes, { prefix: '/setup' })
  await app.register(loginRoutes, { cookie: session })
  await app.register(inviteRoutes, { prefix: '/invite', cookie: session })
  const signedIn = requireStaff(app, session)
  await app.register(homeRoutes, { requireStaff: signedIn })
  await app.register(caseRoutes, { requireStaff: signedIn })
  await app.register(workflowRoutes, { requireStaff: signedIn })
  await app.register(oralRoutes, { requireStaff: signedIn })
  await app.register(sharingRoutes, { requireStaff: signedIn })
  await app.register(adminArea, { prefix: '/admin', requireStaff: signedIn })
}

/**
 * Guard for every signed-in page: resumes the session (ending it when idle or too old) and sets
 * `request.staff`; without one, a page goes to sign-in and a script endpoint gets 401.
 */
export function requireStaff(app: FastifyInstance, cookie: ReturnType<typeof sessionCookie>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      request.staff = app.services.staffSessions.resume(cookie.read(request))
    } catch (error) {
      if (!(error instanceof SessionExpired)) throw error
      const had = cookie.read(request) !== undefined
      cookie.clear(reply)
      if (request.routeOptions.config?.api) return reply.status(401).send({ error: 'SessionExpired' })
      const query = new URLSearchParams(had ? { expired: '1' } : {})
      // A case page asked for while signed out (a link in a mail) opens after sign-in.
      const wanted = afterSignIn(request.url.split('?')[0])
      if (wanted !== '/staff') query.set('next', wanted)
      const path = query.size > 0 ? `/staff/login?${query}` : '/staff/login'
      return reply.redirect(`${app.services.config.publicUrl}${path}`, 303)
    }
  }
}
