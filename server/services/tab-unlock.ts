import { toBase64Url } from '../../crypto/index.js'
import { SessionExpired } from '../errors.js'
import type { ServiceContext } from './context.js'
import type { StaffSession } from './staff-sessions.js'

/**
 * A second tab of a signed-in session (issue 9): sessionStorage is per tab, so that tab asks for the password
 * again and opens the private key itself. The server hands it only what sign-in hands out (salt and the
 * encrypted private key of this session's own account); the password and the opened key never come back.
 */
export function tabUnlockService({ repos }: ServiceContext) {
  return {
    lockedKey(session: StaffSession): { salt: string; encryptedSecretKey: string } {
      const row = repos.users.findById(session.userId)
      if (!row?.kdfSalt || !row.encryptedSecretKey || row.disabledAt) throw new SessionExpired()
      return {
        salt: toBase64Url(new Uint8Array(row.kdfSalt)),
        encryptedSecretKey: toBase64Url(new Uint8Array(row.encryptedSecretKey)),
      }
    },
  }
}
export type TabUnlockService = ReturnType<typeof tabUnlockService>
