import type { UserRow } from '../../db/index.js'
import { InvalidField, InvalidInput, UserNotFound } from '../errors.js'
import type { ServiceContext } from './context.js'
import type { InvitationService } from './invitations.js'
import { normaliseEmail } from './organisations.js'

export type StaffMember = {
  id: string
  name: string
  email: string
  role: UserRow['role']
  locale: UserRow['locale']
  hasKeys: boolean
  disabled: boolean
  organisations: Array<{ slug: string; name: string }>
}

const MAIL_LOCALES = ['nl', 'en'] as const

/** The staff accounts as the administration manages them (issue 11): disable, reset, mail language. */
export function confidantPoolService(context: ServiceContext, invitations: InvitationService) {
  const { repos, now } = context

  function requireUser(email: string): UserRow {
    const found = repos.users.findByEmail(normaliseEmail(email))
    if (!found) throw new UserNotFound(email)
    return found
  }

  return {
    list(): StaffMember[] {
      const organisations = repos.organisations.list()
      const assignments = repos.organisations.assignments()
      return repos.users.list().map((row) => ({
        id: row.id,
        name: row.displayName,
        email: row.email,
        role: row.role,
        locale: row.locale,
        hasKeys: row.publicKey !== null,
        disabled: row.disabledAt !== null,
        organisations: assignments
          .filter((item) => item.userId === row.id)
          .map((item) => ({
            slug: item.slug,
            name: organisations.find((organisation) => organisation.id === item.organisationId)?.name ?? '',
          })),
      }))
    },

    /** A disabled account cannot sign in, and its open sessions end now. */
    disable(email: string, actor: { id: string } | 'cli'): boolean {
      const found = requireUser(email)
      if (actor !== 'cli' && actor.id === found.id)
        throw new InvalidField('self', 'you cannot disable your own account')
      return repos.transaction(() => {
        const changed = repos.users.disable(found.id, now())
        if (changed)
          repos.audit.append({
            at: now(),
            actor: actorName(actor),
            action: 'user.disable',
            subject: found.id,
          })
        return changed
      })
    },

    /** See invitations.reenrol: keys and sealed case keys are gone; the link lets the same account enrol. */
    reset(email: string, actor: { id: string } | 'cli') {
      const found = requireUser(email)
      if (found.disabledAt) throw new InvalidInput('this account is disabled')
      if (actor !== 'cli' && actor.id === found.id)
        throw new InvalidField('self', 'you cannot reset your own account')
      return invitations.reenrol(found.email, actorName(actor))
    },

    /** The language of this person's mails. */
    setLocale(email: string, locale: string, actor: { id: string } | 'cli'): void {
      const found = requireUser(email)
      const chosen = (MAIL_LOCALES as readonly string[]).includes(locale)
        ? (locale as 'nl' | 'en')
        : undefined
      if (!chosen) throw new InvalidInput(`language must be one of ${MAIL_LOCALES.join(', ')}`)
      if (found.locale === chosen) return
      repos.transaction(() => {
        repos.users.setLocale(found.id, chosen)
        repos.audit.append({
          at: now(),
          actor: actorName(actor),
          action: 'user.edit:locale',
          subject: found.id,
        })
      })
    },
  }
}
export type ConfidantPoolService = ReturnType<typeof confidantPoolService>

function actorName(actor: { id: string } | 'cli'): string {
  return actor === 'cli' ? 'cli' : actor.id
}
