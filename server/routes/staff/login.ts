import type { FastifyInstance } from 'fastify'
import { type Static, Type } from 'typebox'
import { LoginPage } from '../../../views/pages/staff/login.js'
import { AccountLocked, InvalidInput } from '../../errors.js'
import { pickLocale } from '../../locale.js'
import { sendPage } from '../../render.js'
import { decodeAuth, encodeBytes } from '../../services/accounts.js'
import { afterSignIn, type sessionCookie } from './session.js'

const SaltRequest = Type.Object({ email: Type.String({ maxLength: 254 }) })
const LoginRequest = Type.Object({
  email: Type.String({ maxLength: 254 }),
  auth: Type.String({ maxLength: 100 }),
  totp: Type.String({ maxLength: 12 }),
  next: Type.Optional(Type.String({ maxLength: 100 })),
})
const LoginQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 2 })),
  signedOut: Type.Optional(Type.String({ maxLength: 1 })),
  expired: Type.Optional(Type.String({ maxLength: 1 })),
  next: Type.Optional(Type.String({ maxLength: 100 })),
})

/** Sign-in and sign-out. The page script calls the two JSON endpoints; see views/browser/login.ts. */
export async function loginRoutes(
  app: FastifyInstance,
  options: { cookie: ReturnType<typeof sessionCookie> },
): Promise<void> {
  const { staffSessions, instance } = app.services
  const { cookie } = options

  app.get<{ Querystring: Static<typeof LoginQuery> }>(
    '/login',
    { schema: { querystring: LoginQuery } },
    async (request, reply) => {
      const current = instance.current()
      const notice = request.query.signedOut ? 'signedOut' : request.query.expired ? 'expired' : undefined
      return sendPage(
        reply,
        LoginPage({
          locale: pickLocale(request, current.defaultLocale),
          associationName: current.name,
          csrfToken: reply.generateCsrf(),
          notice,
          next: afterSignIn(request.query.next),
        }),
      )
    },
  )

  app.post<{ Body: Static<typeof SaltRequest> }>(
    '/login/salt',
    { schema: { body: SaltRequest }, config: { api: true } },
    async (request) => ({ salt: encodeBytes(staffSessions.saltFor(request.body.email)) }),
  )

  app.post<{ Body: Static<typeof LoginRequest> }>(
    '/login',
    { schema: { body: LoginRequest }, config: { api: true } },
    async (request, reply) => {
      let signedIn: ReturnType<typeof staffSessions.login>
      try {
        signedIn = staffSessions.login({
          email: request.body.email,
          auth: decodeAuth(request.body.auth),
          totp: request.body.totp,
        })
      } catch (error) {
        // The page says until when: a clear answer instead of a silent refusal.
        if (error instanceof AccountLocked) {
          reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))))
          return reply.status(429).send({ error: 'AccountLocked', lockedUntil: error.until })
        }
        if (error instanceof InvalidInput) return reply.status(401).send({ error: 'LoginFailed' })
        throw error
      }
      cookie.set(reply, signedIn)
      return {
        encryptedSecretKey: encodeBytes(signedIn.encryptedSecretKey),
        tabKey: encodeBytes(signedIn.session.tabKey),
        next: afterSignIn(request.body.next),
      }
    },
  )

  app.post('/logout', async (request, reply) => {
    staffSessions.logout(cookie.read(request))
    cookie.clear(reply)
    return reply.redirect(`${app.services.config.publicUrl}/staff/login?signedOut=1`, 303)
  })
}
