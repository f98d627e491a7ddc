import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SignedIn, StaffSession } from '../../services/staff-sessions.js'

/**
 * The session cookie: HttpOnly, SameSite=Strict, and behind https Secure with the `__Host-` prefix (pinned to
 * this host and path /, so no subdomain or plain-http page can set or overwrite it). It holds a random token;
 * the server keeps only its hash. No Max-Age: the browser drops it when it closes, the server ends it sooner.
 */
export function sessionCookie(secure: boolean) {
  const name = secure ? '__Host-meldpool-session' : 'meldpool-session'
  const options = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure }
  return {
    name,
    read: (request: FastifyRequest): string | undefined => request.cookies[name],
    set: (reply: FastifyReply, signedIn: SignedIn) => reply.setCookie(name, signedIn.token, options),
    clear: (reply: FastifyReply) => reply.clearCookie(name, options),
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireStaff` on routes that need a signed-in staff member. */
    staff?: StaffSession
  }
}
