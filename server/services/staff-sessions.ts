import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { verifyAuth } from '../../crypto/index.js'
import type { UserRow } from '../../db/index.js'
import { totpStepOf } from '../domain/totp.js'
import { AccountLocked, LoginFailed, SessionExpired } from '../errors.js'
import type { AccountService, Role } from './accounts.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import { normaliseEmail } from './organisations.js'

/** SECURITY.md "Staff sign-in": 5 failed sign-ins lock the account for 15 minutes (per account, no IP). */
export const LOGIN_LOCKOUT = Object.freeze({ maxFailures: 5, lockMs: 15 * 60 * 1000 })

export type StaffSession = {
  userId: string
  role: Role
  name: string
  email: string
  publicKey: Uint8Array
  /** Wraps the unlocked private key in this tab's sessionStorage; see `tabKey`. */
  tabKey: Uint8Array
}

export type SignedIn = {
  /** The cookie value; only its hash is stored. */
  token: string
  session: StaffSession
  encryptedSecretKey: Uint8Array
}

const hashToken = (token: string) => createHash('sha256').update(token).digest()
const TOKEN = /^[A-Za-z0-9_-]{43}$/
// Compared against when the account does not exist, so an unknown address costs the same work as a known one.
const NO_VERIFIER = new Uint8Array(32)

/**
 * Staff sign-in (DESIGN §4, §7): the browser derives `auth` from the password with the protocol's fixed
 * Argon2id; here only its BLAKE2b verifier is compared, then TOTP, then a server-side session is made.
 */
export function staffSessionService(
  context: ServiceContext,
  instance: InstanceService,
  accounts: AccountService,
) {
  const { repos, config, now } = context
  const secret = () => instance.current().serverSecret

  function keyed(label: string, data: string): Buffer {
    return createHmac('sha256', secret()).update(`v1|${label}|`).update(data).digest()
  }

  /**
   * The key the page uses to wrap the unlocked private key in sessionStorage. Derived from the session token
   * (which only the HttpOnly cookie holds), never stored: after logout or expiry no page is served with it,
   * so a copy of the browser's storage, or of the server's disk, opens nothing.
   */
  const tabKeyOf = (token: string) => new Uint8Array(keyed('tab-key', token))

  function toSession(row: UserRow, token: string): StaffSession {
    return {
      userId: row.id,
      role: row.role,
      name: row.displayName,
      email: row.email,
      publicKey: new Uint8Array(row.publicKey!),
      tabKey: tabKeyOf(token),
    }
  }

  function open(row: UserRow): SignedIn {
    const token = randomBytes(32).toString('base64url')
    const at = now()
    // Abandoned sessions are refused when presented; each sign-in also clears them out of the table.
    repos.sessions.deleteExpired(at, at - config.sessionIdleMs)
    repos.sessions.insert({
      tokenHash: hashToken(token),
      userId: row.id,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: at + config.sessionMaxMs,
    })
    return {
      token,
      session: toSession(row, token),
      encryptedSecretKey: new Uint8Array(row.encryptedSecretKey!),
    }
  }

  return {
    /**
     * The account's salt, or for an unknown address a fake one derived from the server secret: stable, the
     * same shape, and one indexed lookup either way, so the answer does not tell who has an account.
     */
    saltFor(email: string): Uint8Array {
      const row = repos.users.findByEmail(normaliseEmail(email))
      if (row?.kdfSalt && !row.disabledAt) return new Uint8Array(row.kdfSalt)
      return new Uint8Array(keyed('fake-salt', normaliseEmail(email)).subarray(0, 16))
    },

    login(input: { email: string; auth: Uint8Array; totp: string }): SignedIn {
      const at = now()
      const row = repos.users.findByEmail(normaliseEmail(input.email))
      const usable = row?.authVerifier && row.publicKey && row.encryptedSecretKey && !row.disabledAt
      if (!row || !usable) {
        verifyAuth(input.auth, NO_VERIFIER)
        throw new LoginFailed()
      }
      const result = repos.transaction(() => {
        if (row.lockedUntil !== null && row.lockedUntil > at)
          throw new AccountLocked(row.lockedUntil, row.lockedUntil - at)
        // Counted before the check: a failure is already on record whatever happens during the verify.
        const failures = row.failedLogins + 1
        const locks = failures >= LOGIN_LOCKOUT.maxFailures
        repos.users.setLoginFailures(row.id, locks ? 0 : failures, locks ? at + LOGIN_LOCKOUT.lockMs : null)
        const authOk = verifyAuth(input.auth, new Uint8Array(row.authVerifier!))
        const totpSecret = accounts.totpSecretOf(row.id)
        const step = totpSecret ? totpStepOf(totpSecret, input.totp.trim(), at) : null
        // A code already used (same or earlier step) is refused: an observed code cannot be played again.
        const fresh = step !== null && (row.totpLastStep === null || step > row.totpLastStep)
        if (!authOk || !fresh) {
          repos.audit.append({ at, actor: row.id, action: locks ? 'staff.locked' : 'staff.login_failed' })
          return { failed: true as const, lockedUntil: locks ? at + LOGIN_LOCKOUT.lockMs : null }
        }
        repos.users.recordLogin(row.id, step)
        repos.audit.append({ at, actor: row.id, action: 'staff.login' })
        return { failed: false as const, signedIn: open(row) }
      })
      // Thrown after the commit, so the failure stays counted.
      if (!result.failed) return result.signedIn
      if (result.lockedUntil !== null) throw new AccountLocked(result.lockedUntil, result.lockedUntil - at)
      throw new LoginFailed()
    },

    /** Signs in an account that was just created in this request (invitation accepted). */
    openFor(userId: string, totpStep: number): SignedIn {
      return repos.transaction(() => {
        repos.users.recordLogin(userId, totpStep)
        return open(repos.users.findById(userId)!)
      })
    },

    /** The signed-in staff member behind a cookie; an idle or too old session is ended here. */
    resume(token: string | undefined): StaffSession {
      if (!token || !TOKEN.test(token)) throw new SessionExpired()
      const hash = hashToken(token)
      const row = repos.sessions.find(hash)
      const at = now()
      if (!row || !timingSafeEqual(row.tokenHash, hash)) throw new SessionExpired()
      if (row.expiresAt <= at || row.lastSeenAt + config.sessionIdleMs <= at) {
        repos.sessions.delete(hash)
        throw new SessionExpired()
      }
      const user = repos.users.findById(row.userId)
      if (!user || user.disabledAt || !user.publicKey) {
        repos.sessions.delete(hash)
        throw new SessionExpired()
      }
      repos.sessions.touch(hash, at)
      return toSession(user, token)
    },

    logout(token: string | undefined): void {
      if (!token || !TOKEN.test(token)) return
      const hash = hashToken(token)
      const row = repos.sessions.find(hash)
      if (!row) return
      repos.transaction(() => {
        repos.sessions.delete(hash)
        repos.audit.append({ at: now(), actor: row.userId, action: 'staff.logout' })
      })
    },
  }
}
export type StaffSessionService = ReturnType<typeof staffSessionService>
