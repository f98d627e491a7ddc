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

/**
 * Where sign-in continues: only a case page (the new-report mail links there), so the parameter cannot send a
 * signed-in confidant to another site or page (no open redirect); anything else goes to the workspace.
 */
export function afterSignIn(next: unknown): string {
  return typeof next === 'string' && /^\/staff\/cases\/[A-Za-z0-9_-]{1,64}$/.test(next) ? next : '/staff'
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireStaff` on routes that need a signed-in staff member. */
    staff?: StaffSession
  }
}
