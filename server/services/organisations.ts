import { generateCodeSalt, randomId } from '../../crypto/index.js'
import type { OrganisationChanges, OrganisationRow } from '../../db/index.js'
import { findProfile, profiles } from '../domain/profiles.js'
import {
  InvalidField,
  InvalidInput,
  NoConfidantWithKeys,
  NotAConfidant,
  OrganisationNotFound,
  SlugTaken,
  UserNotFound,
} from '../errors.js'
import type { ServiceContext } from './context.js'

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/
const LOCALES = ['nl', 'en'] as const

export type NewOrganisationInput = {
  slug: string
  name: string
  profile?: string
  timezone?: string
  locales?: string
  // Issue 11: set by the administration page and `org add` alike.
  displayName?: string
  retentionDays?: number
  autoAcknowledge?: boolean
  acknowledgementText?: AcknowledgementText
}

/** The member's own acknowledgement text per language; a language left out gets the standard text. */
export type AcknowledgementText = { nl?: string; en?: string }

export type OrganisationEdit = {
  name?: string
  profile?: string
  timezone?: string
  locales?: string
  retentionDays?: number
  procedureMarkdown?: string
  displayName?: string
  autoAcknowledge?: boolean
  acknowledgementText?: AcknowledgementText
}

/** An organisation as the administration lists it, with who is assigned (issue 11). */
export type OrganisationOverview = OrganisationRow & {
  confidants: Array<{ name: string; email: string; hasKeys: boolean; disabled: boolean }>
}

export type OrganisationSummary = Pick<
  OrganisationRow,
  'slug' | 'name' | 'profile' | 'timezone' | 'locales' | 'status' | 'retentionDays'
> & { confidants: number }

/** Member organisations (tenants) and the pool of confidants assigned to them. */
export function organisationService({ repos, now }: ServiceContext) {
  function requireOrganisation(slug: string): OrganisationRow {
    const found = repos.organisations.findBySlug(slug)
    if (!found) throw new OrganisationNotFound(slug)
    return found
  }

  function requireConfidant(email: string) {
    const found = repos.users.findByEmail(normaliseEmail(email))
    if (!found) throw new UserNotFound(email)
    if (found.role !== 'confidant') throw new NotAConfidant(email)
    return found
  }

  return {
    add(input: NewOrganisationInput, actor: string): OrganisationSummary {
      const slug = input.slug.trim()
      if (!SLUG.test(slug)) {
        throw new InvalidField(
          'slug',
          `slug "${slug}" must be 1–64 lower-case letters, digits or dashes, not starting or ending with a dash`,
        )
      }
      const name = requireName(input.name)
      const profile = requireProfile(input.profile ?? 'nl')
      const timezone = requireTimezone(input.timezone ?? 'Europe/Amsterdam')
      const locales = requireLocales(input.locales ?? 'nl,en')
      const displayName = input.displayName === undefined ? null : optionalDisplayName(input.displayName)
      const retentionDays =
        input.retentionDays === undefined ? profile.retentionDays : requireRetention(input.retentionDays)
      const acknowledgementText =
        input.acknowledgementText === undefined ? null : requireAcknowledgementText(input.acknowledgementText)
      if (repos.organisations.findBySlug(slug)) throw new SlugTaken(slug)
      repos.transaction(() => {
        repos.organisations.insert({
          id: randomId(),
          slug,
          name,
          profile: profile.id,
          timezone,
          locales,
          retentionDays,
          displayName,
          autoAcknowledge: input.autoAcknowledge ?? true,
          acknowledgementText,
          codeSalt: Buffer.from(generateCodeSalt()),
          status: 'draft',
          createdAt: now(),
        })
        repos.audit.append({ at: now(), actor, action: 'organisation.add', subject: slug })
      })
      return summary(requireOrganisation(slug), 0)
    },

    list(): OrganisationSummary[] {
      return repos.organisations.list().map((row) => summary(row, row.confidants))
    },

    get(slug: string): OrganisationRow {
      return requireOrganisation(slug)
    },

    /** Every organisation with its assigned confidants, for the administration's list. */
    overview(): OrganisationOverview[] {
      const assignments = repos.organisations.assignments()
      return repos.organisations.list().map(({ confidants: _count, ...row }) => ({
        ...row,
        confidants: assignments
          .filter((item) => item.organisationId === row.id)
          .map(({ displayName, email, hasKeys, disabled }) => ({
            name: displayName,
            email,
            hasKeys,
            disabled,
          })),
      }))
    },

    edit(slug: string, edit: OrganisationEdit, actor: string): OrganisationSummary {
      const found = requireOrganisation(slug)
      if (Object.values(edit).every((value) => value === undefined))
        throw new InvalidInput('nothing to change')
      const changes: OrganisationChanges = {}
      if (edit.name !== undefined) changes.name = requireName(edit.name)
      if (edit.profile !== undefined) changes.profile = requireProfile(edit.profile).id
      if (edit.timezone !== undefined) changes.timezone = requireTimezone(edit.timezone)
      if (edit.locales !== undefined) changes.locales = requireLocales(edit.locales)
      if (edit.procedureMarkdown !== undefined) changes.procedureMarkdown = edit.procedureMarkdown
      if (edit.retentionDays !== undefined) changes.retentionDays = requireRetention(edit.retentionDays)
      if (edit.displayName !== undefined) changes.displayName = optionalDisplayName(edit.displayName)
      if (edit.autoAcknowledge !== undefined) changes.autoAcknowledge = edit.autoAcknowledge
      if (edit.acknowledgementText !== undefined)
        changes.acknowledgementText = requireAcknowledgementText(edit.acknowledgementText)
      // Only what differs is written and audited: a form posts every field, changed or not.
      for (const key of Object.keys(changes) as Array<keyof OrganisationChanges>) {
        if (changes[key] === found[key]) delete changes[key]
      }
      if (Object.keys(changes).length === 0) return this.list().find((row) => row.slug === slug)!
      repos.transaction(() => {
        repos.organisations.update(found.id, changes)
        repos.audit.append({
          at: now(),
          actor,
          action: `organisation.edit:${Object.keys(changes).join(',')}`,
          subject: slug,
        })
      })
      return this.list().find((row) => row.slug === slug)!
    },

    /** Whether `activate` would succeed: the page says why not before the button is pressed. */
    canActivate(slug: string): boolean {
      return repos.organisations.confidantsWithKeys(requireOrganisation(slug).id).length > 0
    },

    /** An organisation goes live only when someone can read its reports: a confidant with keys. */
    activate(slug: string, actor: string): void {
      const found = requireOrganisation(slug)
      if (repos.organisations.confidantsWithKeys(found.id).length === 0) throw new NoConfidantWithKeys(slug)
      setStatus(found, 'active', actor)
    },

    suspend(slug: string, actor: string): void {
      setStatus(requireOrganisation(slug), 'suspended', actor)
    },

    assign(email: string, slug: string, actor: string): boolean {
      const confidant = requireConfidant(email)
      const found = requireOrganisation(slug)
      return repos.transaction(() => {
        const added = repos.users.assign(confidant.id, found.id, now())
        if (added)
          repos.audit.append({
            at: now(),
            actor,
            action: 'assignment.add',
            subject: `${confidant.id}@${slug}`,
          })
        return added
      })
    },

    unassign(email: string, slug: string, actor: string): boolean {
      const confidant = requireConfidant(email)
      const found = requireOrganisation(slug)
      return repos.transaction(() => {
        const removed = repos.users.unassign(confidant.id, found.id)
        if (removed)
          repos.audit.append({
            at: now(),
            actor,
            action: 'assignment.remove',
            subject: `${confidant.id}@${slug}`,
          })
        return removed
      })
    },
  }

  function setStatus(found: OrganisationRow, status: OrganisationRow['status'], actor: string): void {
    repos.transaction(() => {
      repos.organisations.setStatus(found.id, status)
      repos.audit.append({ at: now(), actor, action: `organisation.${status}`, subject: found.slug })
    })
  }
}
export type OrganisationService = ReturnType<typeof organisationService>

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

function summary(row: OrganisationRow, confidants: number): OrganisationSummary {
  const { slug, name, profile, timezone, locales, status, retentionDays } = row
  return { slug, name, profile, timezone, locales, status, retentionDays, confidants }
}

function requireName(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length < 1 || trimmed.length > 120)
    throw new InvalidField('name', 'name must be 1–120 characters')
  return trimmed
}

function optionalDisplayName(name: string): string | null {
  const trimmed = name.trim()
  if (trimmed.length > 120)
    throw new InvalidField('displayName', 'display name must be at most 120 characters')
  return trimmed === '' ? null : trimmed
}

function requireRetention(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new InvalidField('retentionDays', 'retention must be a whole number of days from 1 to 36500')
  }
  return days
}

const ACKNOWLEDGEMENT_MAX = 4000

/** Stored as JSON with only the languages given; null when every language uses the standard text. */
function requireAcknowledgementText(text: AcknowledgementText): string | null {
  const kept: AcknowledgementText = {}
  for (const locale of LOCALES) {
    const value = text[locale]?.trim()
    if (!value) continue
    if (value.length > ACKNOWLEDGEMENT_MAX) {
      throw new InvalidField(
        'acknowledgementText',
        `acknowledgement text must be at most ${ACKNOWLEDGEMENT_MAX} characters`,
      )
    }
    kept[locale] = value
  }
  return Object.keys(kept).length === 0 ? null : JSON.stringify(kept)
}

/** The stored JSON read back; anything unreadable counts as "standard text". */
export function acknowledgementTextOf(
  row: Pick<OrganisationRow, 'acknowledgementText'>,
): AcknowledgementText {
  if (!row.acknowledgementText) return {}
  try {
    const parsed = JSON.parse(row.acknowledgementText) as Record<string, unknown>
    const text: AcknowledgementText = {}
    for (const locale of LOCALES) if (typeof parsed[locale] === 'string') text[locale] = parsed[locale]
    return text
  } catch {
    return {}
  }
}

function requireProfile(id: string) {
  const profile = findProfile(id)
  if (!profile)
    throw new InvalidField('profile', `unknown profile "${id}"; known: ${Object.keys(profiles).join(', ')}`)
  return profile
}

function requireTimezone(timezone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone })
    return timezone
  } catch {
    throw new InvalidField(
      'timezone',
      `unknown time zone "${timezone}"; use an IANA name such as Europe/Amsterdam`,
    )
  }
}

function requireLocales(list: string): string {
  const parts = list.split(',').map((part) => part.trim())
  const unknown = parts.filter((part) => !(LOCALES as readonly string[]).includes(part))
  if (parts.length === 0 || unknown.length > 0 || new Set(parts).size !== parts.length) {
    throw new InvalidField('locales', `locales must be a comma-separated list of ${LOCALES.join(', ')}`)
  }
  return parts.join(',')
}
