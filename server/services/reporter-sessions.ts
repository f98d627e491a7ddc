import { randomBytes, timingSafeEqual } from 'node:crypto'
import { memzero } from '../../crypto/index.js'

const IDLE_MS = 15 * 60 * 1000
const ABSOLUTE_MS = 60 * 60 * 1000
const MAX_SESSIONS = 5_000
/** Expired sessions are wiped on this beat even when nobody visits: an opened case key never outlives its session by much. */
const SWEEP_MS = 60 * 1000

export type ReporterSession = {
  organisationId: string
  caseId: string
  /** The opened shared case key: lives in this process's memory only, wiped on expiry or sign-out. */
  sharedKey: Uint8Array
  /** Per-session token for forms (the cookie is SameSite=Strict as well). */
  formToken: string
  createdAt: number
  lastSeenAt: number
}

/**
 * Follow-up without JavaScript: after the code is checked once, a random token in a short-lived, httpOnly,
 * SameSite=Strict cookie refers to this in-memory entry. The cookie holds no code and no key; nothing is
 * written to disk; a restart ends every session.
 */
export function reporterSessionStore(now: () => number, sweepEveryMs = SWEEP_MS) {
  const sessions = new Map<string, ReporterSession>()

  function drop(token: string) {
    const session = sessions.get(token)
    if (session) memzero(session.sharedKey)
    sessions.delete(token)
  }

  function expired(session: ReporterSession, at: number) {
    return at - session.lastSeenAt > IDLE_MS || at - session.createdAt > ABSOLUTE_MS
  }

  function sweep() {
    const at = now()
    for (const [token, session] of sessions) if (expired(session, at)) drop(token)
  }
  const sweeper = setInterval(sweep, sweepEveryMs)
  sweeper.unref()

  return {
    idleSeconds: IDLE_MS / 1000,
    sweep,
    create(values: Pick<ReporterSession, 'organisationId' | 'caseId' | 'sharedKey'>): string {
      const at = now()
      sweep()
      while (sessions.size >= MAX_SESSIONS) drop(sessions.keys().next().value!)
      const token = randomBytes(32).toString('base64url')
      sessions.set(token, {
        ...values,
        formToken: randomBytes(16).toString('base64url'),
        createdAt: at,
        lastSeenAt: at,
      })
      return token
    },
    get(token: string | undefined, organisationId: string): ReporterSession | undefined {
      if (!token) return undefined
      const session = sessions.get(token)
      if (!session) return undefined
      if (expired(session, now()) || session.organisationId !== organisationId) {
        drop(token)
        return undefined
      }
      session.lastSeenAt = now()
      return session
    },
    formTokenMatches(session: ReporterSession, presented: unknown): boolean {
      if (typeof presented !== 'string') return false
      // Compare byte lengths, not string lengths: non-ASCII input would make timingSafeEqual throw.
      const given = Buffer.from(presented)
      const expected = Buffer.from(session.formToken)
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
    end(token: string | undefined): void {
      if (token) drop(token)
    },
    size: () => sessions.size,
    /** Ends every session (wiping its key) and stops the sweeper: the app is closing. */
    close(): void {
      clearInterval(sweeper)
      for (const token of [...sessions.keys()]) drop(token)
    },
  }
}
export type ReporterSessionStore = ReturnType<typeof reporterSessionStore>
