import { createHash, randomBytes } from 'node:crypto'
import { decryptBytes, encryptBytes } from '../../crypto/index.js'
import { newTotpSecret, type TotpEnrolment, totpCodeIsValid, totpEnrolment } from '../domain/totp.js'
import { AlreadySetUp, SetupLinkInvalid, TotpCodeWrong } from '../errors.js'
import { type AccountKeyMaterial, type AccountService, requirePassword } from './accounts.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'

const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000
const PENDING_TOTP_AD = 'v1|setup-totp'

export type SetupEnrolment = TotpEnrolment

export type SetupCompletion = {
  association: string
  name: string
  email: string
  totp: string
  keys: AccountKeyMaterial
}

/**
 * First run: while no administrator exists, each start issues a fresh single-use link (older ones are
 * revoked); the link leads to the page that creates the first administrator.
 */
export function setupService(context: ServiceContext, instance: InstanceService, accounts: AccountService) {
  const { repos, config, now } = context
  const hash = (token: string) => createHash('sha256').update(token).digest()

  function requireOpenToken(token: string) {
    if (accounts.countAdmins() > 0) throw new AlreadySetUp()
    const row = /^[A-Za-z0-9_-]{43}$/.test(token)
      ? repos.instance.findUsableSetupToken(hash(token), now())
      : undefined
    if (!row) throw new SetupLinkInvalid()
    return row
  }

  function pendingTotpSecret(token: string): string {
    const row = requireOpenToken(token)
    const key = instance.current().serverSecret
    if (row.pendingTotpSecret) {
      return new TextDecoder().decode(decryptBytes(key, row.pendingTotpSecret, PENDING_TOTP_AD))
    }
    const secret = newTotpSecret()
    const sealed = encryptBytes(key, new TextEncoder().encode(secret), PENDING_TOTP_AD)
    repos.instance.setPendingTotpSecret(row.tokenHash, Buffer.from(sealed))
    return secret
  }

  return {
    issueLinkIfNeeded(): { url: string; expiresAt: Date } | null {
      if (accounts.countAdmins() > 0) return null
      const token = randomBytes(32).toString('base64url')
      const createdAt = now()
      repos.transaction(() => {
        repos.instance.revokeSetupTokens(createdAt)
        repos.instance.insertSetupToken({
          tokenHash: hash(token),
          createdAt,
          expiresAt: createdAt + LINK_LIFETIME_MS,
        })
      })
      return {
        url: `${config.publicUrl}/staff/setup/${token}`,
        expiresAt: new Date(createdAt + LINK_LIFETIME_MS),
      }
    },

    async enrolment(token: string, accountLabel = 'administrator'): Promise<SetupEnrolment> {
      return totpEnrolment(pendingTotpSecret(token), instance.current().name, accountLabel)
    },

    complete(token: string, input: SetupCompletion): { userId: string } {
      const secret = pendingTotpSecret(token)
      if (!totpCodeIsValid(secret, input.totp.trim(), now())) throw new TotpCodeWrong()
      const row = requireOpenToken(token)
      return repos.transaction(() => {
        if (!repos.instance.consumeSetupToken(row.tokenHash, now())) throw new SetupLinkInvalid()
        const created = accounts.create(
          { role: 'admin', email: input.email, name: input.name, keys: input.keys, totpSecret: secret },
          'setup',
        )
        instance.rename(input.association.trim() || instance.current().name, created.id)
        return { userId: created.id }
      })
    },

    /** Headless first administrator (CLI `init`); refuses once any administrator exists. */
    async initialise(input: { email: string; name: string; password: string; association?: string }) {
      if (accounts.countAdmins() > 0) throw new AlreadySetUp()
      await requirePassword(input.password, [input.email, input.name, input.association ?? ''])
      if (input.association) instance.rename(input.association, 'cli')
      const created = await accounts.createWithPassword({ role: 'admin', ...input }, 'cli')
      repos.instance.revokeSetupTokens(now())
      return created
    },
  }
}
export type SetupService = ReturnType<typeof setupService>
