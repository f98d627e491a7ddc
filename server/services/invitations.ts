import { createHash, randomBytes } from 'node:crypto'
import { decryptBytes, encryptBytes } from '../../crypto/index.js'
import type { InvitationRow } from '../../db/index.js'
import { newTotpSecret, type TotpEnrolment, totpEnrolment, totpStepOf } from '../domain/totp.js'
import { EmailTaken, InvalidField, InvitationInvalid, TotpCodeWrong, UserNotFound } from '../errors.js'
import type { AccountKeyMaterial, AccountService, Role } from './accounts.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import type { MailService } from './mail.js'
import { normaliseEmail } from './organisations.js'
import type { SignedIn, StaffSessionService } from './staff-sessions.js'

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000
const PENDING_TOTP_AD = 'v1|invitation-totp'
const TOKEN = /^[A-Za-z0-9_-]{43}$/
const hashToken = (token: string) => createHash('sha256').update(token).digest()

export type InvitationView = { email: string; role: Role; name: string; enrolment: TotpEnrolment }

/**
 * Invitation links: an administrator invites an address; the invitee chooses a password (keys are made in
 * their browser), enrols TOTP and is signed in. Single use, 7 days, the token stored only as a hash.
 */
export function invitationService(
  context: ServiceContext,
  instance: InstanceService,
  accounts: AccountService,
  sessions: StaffSessionService,
  mail: MailService,
) {
  const { repos, config, now } = context

  function requireOpen(token: string): InvitationRow {
    const row = TOKEN.test(token) ? repos.invitations.findUsable(hashToken(token), now()) : undefined
    if (!row) throw new InvitationInvalid()
    return row
  }

  function pendingTotpSecret(row: InvitationRow): string {
    const key = instance.current().serverSecret
    if (row.pendingTotpSecret)
      return new TextDecoder().decode(decryptBytes(key, row.pendingTotpSecret, PENDING_TOTP_AD))
    const secret = newTotpSecret()
    const sealed = encryptBytes(key, new TextEncoder().encode(secret), PENDING_TOTP_AD)
    repos.invitations.setPendingTotpSecret(row.tokenHash, Buffer.from(sealed))
    return secret
  }

  function issue(
    invitee: { email: string; role: Role; name: string },
    actor: string,
    action: string,
  ): { email: string; url: string; expiresAt: Date } {
    const { email } = invitee
    const token = randomBytes(32).toString('base64url')
    const createdAt = now()
    const expiresAt = createdAt + INVITATION_LIFETIME_MS
    const url = `${config.publicUrl}/staff/invite/${token}`
    repos.transaction(() => {
      repos.invitations.revokeOpenFor(email, createdAt)
      repos.invitations.insert({
        tokenHash: hashToken(token),
        email,
        role: invitee.role,
        displayName: invitee.name,
        createdBy: actor,
        createdAt,
        expiresAt,
      })
      repos.audit.append({ at: createdAt, actor, action })
      // Only with a mail server: the link then waits in the outbox body until sent, dead once used or expired.
      if (config.smtpUrl)
        mail.enqueue({
          recipient: email,
          subject: `Invitation: ${instance.current().name} reporting channel`,
          body: [
            `You have been invited to the confidential reporting channel of ${instance.current().name}.`,
            '',
            `Open this link within 7 days to choose your password and set up two-step sign-in:`,
            url,
            '',
            'The link works once.',
          ].join('\n'),
        })
    })
    if (config.smtpUrl) mail.kick()
    return { email, url, expiresAt: new Date(expiresAt) }
  }

  return {
    invite(
      input: { email: string; role: Role; name?: string },
      actor: string,
    ): { email: string; url: string; expiresAt: Date } {
      const email = normaliseEmail(input.email)
      accounts.requireEmail(email)
      if (repos.users.findByEmail(email)) throw new EmailTaken(email)
      const name = (input.name ?? '').trim()
      if (name.length > 120) throw new InvalidField('name', 'name must be at most 120 characters')
      return issue({ email, role: input.role, name }, actor, `invitation.create:${input.role}`)
    },

    /**
     * Issue 11, a confidant who lost their password: the account's keys and the case keys sealed to it are
     * deleted (nobody can open them again) and a new link lets the same account enrol afresh. Colleagues
     * or the recovery key must then share the cases again.
     */
    reenrol(
      email: string,
      actor: string,
    ): { email: string; url: string; expiresAt: Date; caseKeysDeleted: number } {
      const found = repos.users.findByEmail(normaliseEmail(email))
      if (!found) throw new UserNotFound(email)
      let caseKeysDeleted = 0
      const issued = repos.transaction(() => {
        caseKeysDeleted = repos.users.forgetKeys(found.id)
        repos.audit.append({ at: now(), actor, action: 'user.reset', subject: found.id })
        return issue(
          { email: found.email, role: found.role, name: found.displayName },
          actor,
          'invitation.reenrol',
        )
      })
      return { ...issued, caseKeysDeleted }
    },

    async open(token: string): Promise<InvitationView> {
      const row = requireOpen(token)
      return {
        email: row.email,
        role: row.role,
        name: row.displayName,
        enrolment: await totpEnrolment(pendingTotpSecret(row), instance.current().name, row.email),
      }
    },

    /** Creates the account and consumes the invitation in one transaction, then signs the new account in. */
    accept(token: string, input: { name: string; totp: string; keys: AccountKeyMaterial }): SignedIn {
      const row = requireOpen(token)
      const secret = pendingTotpSecret(row)
      const step = totpStepOf(secret, input.totp.trim(), now())
      if (step === null) throw new TotpCodeWrong()
      const created = repos.transaction(() => {
        if (!repos.invitations.consume(row.tokenHash, now())) throw new InvitationInvalid()
        // A reset account (issue 11) enrols again under the same id; one that still has keys is never replaced.
        const existing = repos.users.findByEmail(row.email)
        if (existing) {
          if (existing.authVerifier || existing.disabledAt) throw new InvitationInvalid()
          return accounts.reenrol(existing.id, { name: input.name, keys: input.keys, totpSecret: secret })
        }
        return accounts.create(
          { role: row.role, email: row.email, name: input.name, keys: input.keys, totpSecret: secret },
          'invitation',
        )
      })
      // The enrolment code counts as used: it cannot sign in a second time.
      return sessions.openFor(created.id, step)
    },
  }
}
export type InvitationService = ReturnType<typeof invitationService>
