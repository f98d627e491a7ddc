import { type OrganisationRow, shownName } from '../../db/index.js'
import type { ProcedureFacts } from '../../views/pages/procedure/model.js'
import { profileOf } from '../domain/profiles.js'
import { qrCodeSvg } from '../domain/qr.js'
import { InvalidInput, OrganisationNotFound, ReportingPageNotFound } from '../errors.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'

/** The member's own provisions are a page of text, not a document store. */
export const MAX_PROCEDURE_ADDITIONS = 20_000

export type MemberProcedure = {
  slug: string
  status: OrganisationRow['status']
  locales: Array<'nl' | 'en'>
  facts: ProcedureFacts
}

export type MemberPoster = {
  organisationName: string
  locales: Array<'nl' | 'en'>
  reportUrl: string
  /** The QR code of `reportUrl` as an SVG element, made by `qrcode` from our own URL only. */
  qrSvg: string
}

/**
 * Each member's reporting procedure (the model filled with its details, plus its own provisions) and its poster
 * (issue 11). Public only while the member is active; administrators see and edit drafts too.
 */
export function procedureService({ repos, config, now }: ServiceContext, instance: InstanceService) {
  function requireOrganisation(slug: string): OrganisationRow {
    const found = repos.organisations.findBySlug(slug)
    if (!found) throw new OrganisationNotFound(slug)
    return found
  }

  function reportUrl(slug: string): string {
    return `${config.publicUrl}/r/${slug}`
  }

  function memberProcedure(found: OrganisationRow, additions = found.procedureMarkdown): MemberProcedure {
    const association = instance.current()
    return {
      slug: found.slug,
      status: found.status,
      locales: found.locales.split(',') as Array<'nl' | 'en'>,
      facts: {
        organisationName: shownName(found),
        associationName: association.name,
        associationContact: association.contactEmail ?? undefined,
        // Names only: a procedure is public, the confidants' addresses are not.
        confidants: repos.organisations
          .confidantsWithKeys(found.id)
          .map((confidant) => confidant.displayName),
        profile: profileOf(found),
        retentionDays: found.retentionDays,
        reportUrl: reportUrl(found.slug),
        followUpUrl: `${reportUrl(found.slug)}/follow-up`,
        additions,
      },
    }
  }

  return {
    /** The public page: an active member only; unknown and inactive ones are the same 404 as the landing. */
    published(slug: string): MemberProcedure {
      const found = /^[a-z0-9-]{1,64}$/.test(slug) ? repos.organisations.findBySlug(slug) : undefined
      if (found?.status !== 'active') throw new ReportingPageNotFound()
      return memberProcedure(found)
    },

    /** The administrator's view, drafts included; `draft` previews unsaved provisions. */
    forAdministrator(slug: string, draft?: string): MemberProcedure {
      const found = requireOrganisation(slug)
      return memberProcedure(found, draft === undefined ? found.procedureMarkdown : checkedAdditions(draft))
    },

    saveAdditions(slug: string, text: string, actor: string): void {
      const found = requireOrganisation(slug)
      const additions = checkedAdditions(text)
      repos.transaction(() => {
        repos.organisations.update(found.id, { procedureMarkdown: additions })
        repos.audit.append({ at: now(), actor, action: 'organisation.procedure', subject: slug })
      })
    },

    async poster(slug: string): Promise<MemberPoster> {
      const found = requireOrganisation(slug)
      const url = reportUrl(found.slug)
      return {
        organisationName: shownName(found),
        locales: found.locales.split(',') as Array<'nl' | 'en'>,
        reportUrl: url,
        qrSvg: await qrCodeSvg(url),
      }
    },
  }
}
export type ProcedureService = ReturnType<typeof procedureService>

function checkedAdditions(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n').trim()
  if (normalised.length > MAX_PROCEDURE_ADDITIONS) {
    throw new InvalidInput(`the provisions are longer than ${MAX_PROCEDURE_ADDITIONS} characters`)
  }
  return normalised
}
