import {
  encryptedAttachmentSize,
  formatCaseCode,
  generateCaseCode,
  lookupVerifier,
  memzero,
  SEALED_KEY_BYTES,
  toBase64Url,
} from '../../crypto/index.js'
import type { OrganisationRow } from '../../db/index.js'
import { catalogue } from '../../views/i18n/index.js'
import { deadlinesFor, formatDate } from '../domain/deadlines.js'
import type { ReportFields } from '../domain/documents.js'
import type { JurisdictionProfile } from '../domain/profiles.js'
import { filesById, sealReport } from '../domain/sealing.js'
import { NoJsFallbackOff, RecipientsChanged, ReportingPageNotFound, SubmissionReplayed } from '../errors.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import type { MailService } from './mail.js'
import type { Recipient, ReporterCases, UploadedFile } from './reporter-cases.js'

export type ReportingPage = {
  organisation: Pick<OrganisationRow, 'slug' | 'name' | 'timezone'> & { locales: Array<'nl' | 'en'> }
  profile: JurisdictionProfile
  confidants: string[]
  /** What the browser needs to encrypt for this organisation's confidants (public material only). */
  encryption: { codeSalt: string; recipients: Recipient[] }
  maxFileBytes: number
  /** The same limit as ciphertext (secretstream adds a header and 17 bytes per 64 KiB chunk). */
  maxEncryptedFileBytes: number
  noJsFallback: boolean
}

export type BrowserSubmission = {
  caseId: string
  entryId: string
  lookup: string
  reporterPublicKey: string
  keys: Array<{ holder: string; kind: 'shared' | 'internal'; sealedKey: string }>
  entry: { nonce: string; ciphertext: string }
  attachments: Array<{ id: string; size: number }>
}

/** Making a report: the member's page, and the two ways a report arrives (DESIGN §4 "Where encryption happens"). */
export function reportService(
  context: ServiceContext,
  cases: ReporterCases,
  instance: InstanceService,
  mail: MailService,
) {
  const { repos, kdf, config, now } = context
  const { activeOrganisation, profileOf, staffRecipients, recipientsOf, requireId, decode } = cases
  const { decodeEntryCiphertext, matchEncryptedFiles } = cases

  function storeNewCase(
    organisation: OrganisationRow,
    values: {
      caseId: string
      entryId: string
      lookup: Uint8Array
      reporterPublicKey: Uint8Array
      keys: Array<{ holder: string; kind: 'shared' | 'internal'; sealedKey: Uint8Array }>
      nonce: Uint8Array
      ciphertext: Uint8Array
      attachments: Array<{ id: string; entryId: string; size: number; ciphertext: Uint8Array }>
      submittedVia: 'browser' | 'server'
    },
  ): number {
    const receivedAt = now()
    const verifier = Buffer.from(lookupVerifier(values.lookup))
    repos.durableTransaction(() => {
      if (repos.cases.caseIdTaken(values.caseId) || repos.cases.lookupTaken(verifier))
        throw new SubmissionReplayed()
      repos.cases.insertSubmission({
        case: {
          id: values.caseId,
          organisationId: organisation.id,
          lookupVerifier: verifier,
          reporterPublicKey: Buffer.from(values.reporterPublicKey),
          receivedAt,
          status: 'received',
          submittedVia: values.submittedVia,
        },
        keys: values.keys.map((key) => ({
          caseId: values.caseId,
          ...key,
          sealedKey: Buffer.from(key.sealedKey),
        })),
        entry: {
          id: values.entryId,
          caseId: values.caseId,
          kind: 'report',
          author: 'reporter',
          seq: 0,
          createdAt: receivedAt,
          nonce: Buffer.from(values.nonce),
          ciphertext: Buffer.from(values.ciphertext),
        },
        attachments: values.attachments.map((file) => ({
          ...file,
          ciphertext: Buffer.from(file.ciphertext),
        })),
      })
      notifyConfidants(organisation, receivedAt)
      // Who: nobody identifiable. What: a case arrived for this organisation. No content, no code, no IP.
      repos.audit.append({
        at: receivedAt,
        actor: 'reporter',
        action: 'case.receive',
        subject: values.caseId,
      })
    })
    mail.kick()
    return receivedAt
  }

  /** DESIGN §6: every assigned confidant hears that something is due, never what it is about. */
  function notifyConfidants(organisation: OrganisationRow, receivedAt: number): void {
    const locale = instance.current().defaultLocale
    const t = catalogue(locale).mail
    const due = deadlinesFor({ receivedAt }, profileOf(organisation), organisation.timezone)
    const acknowledgeBy = formatDate(due.acknowledgeBy, locale, organisation.timezone)
    for (const confidant of repos.organisations.confidantsWithKeys(organisation.id)) {
      mail.enqueue({
        recipient: confidant.email,
        subject: t.newReportSubject(organisation.name),
        body: t.newReportBody(organisation.name, acknowledgeBy, `${config.publicUrl}/`),
      })
    }
  }

  /**
   * The one way a new case is stored: sealed to exactly the organisation's current recipients (the reporter's
   * shared key, and both keys to every assigned confidant with keys and to the recovery key if configured; no
   * more, no fewer), files exactly as announced. A missing holder would lock a confidant out of the case; an
   * extra one would hand it to a stranger.
   */
  function acceptSubmission(
    organisation: OrganisationRow,
    submission: BrowserSubmission,
    files: Map<string, Buffer>,
    submittedVia: 'browser' | 'server',
  ): number {
    const caseId = requireId(submission.caseId, 'case id')
    const entryId = requireId(submission.entryId, 'entry id')
    const lookup = decode(submission.lookup, 'lookup', 32)
    const reporterPublicKey = decode(submission.reporterPublicKey, 'reporter public key', 32)
    const { nonce, ciphertext } = decodeEntryCiphertext(submission.entry)
    const staff = recipientsOf(organisation).map((recipient) => recipient.holder)
    if (staff.every((holder) => holder === 'recovery')) throw new ReportingPageNotFound()
    const expected = new Set([
      'reporter/shared',
      ...staff.flatMap((holder) => [`${holder}/shared`, `${holder}/internal`]),
    ])
    const seen = new Set<string>()
    const keys = submission.keys.map(({ holder, kind, sealedKey }) => {
      const slot = `${holder}/${kind}`
      if (!expected.has(slot) || seen.has(slot)) throw new RecipientsChanged()
      seen.add(slot)
      return { holder, kind, sealedKey: decode(sealedKey, 'sealed key', SEALED_KEY_BYTES) }
    })
    if (seen.size !== expected.size) throw new RecipientsChanged()
    const attachments = matchEncryptedFiles(submission.attachments, files, entryId)
    return storeNewCase(organisation, {
      caseId,
      entryId,
      lookup,
      reporterPublicKey,
      keys,
      nonce,
      ciphertext,
      attachments,
      submittedVia,
    })
  }

  return {
    /** The public page of an active member organisation; unknown and inactive ones are the same 404. */
    reportingPage(slug: string): ReportingPage {
      const organisation = activeOrganisation(slug)
      const confidants = repos.organisations.confidantsWithKeys(organisation.id)
      return {
        organisation: {
          slug: organisation.slug,
          name: organisation.name,
          timezone: organisation.timezone,
          locales: organisation.locales.split(',') as Array<'nl' | 'en'>,
        },
        profile: profileOf(organisation),
        confidants: confidants.map((confidant) => confidant.displayName),
        encryption: {
          codeSalt: toBase64Url(organisation.codeSalt),
          recipients: staffRecipients(confidants).map(({ holder, publicKey }) => ({
            holder,
            publicKey: toBase64Url(publicKey),
          })),
        },
        maxFileBytes: config.maxFileBytes,
        maxEncryptedFileBytes: encryptedAttachmentSize(config.maxFileBytes),
        noJsFallback: config.noJsFallback,
      }
    },

    /** JavaScript mode: everything arrives encrypted; the server checks shapes and holders, then commits. */
    submitFromBrowser(
      slug: string,
      submission: BrowserSubmission,
      files: Map<string, Buffer>,
    ): { receivedAt: number } {
      return { receivedAt: acceptSubmission(activeOrganisation(slug), submission, files, 'browser') }
    },

    /**
     * No-JavaScript fallback: the server runs the browser's own sealing (server/domain/sealing.ts) in memory and
     * the same acceptance checks, so the stored format is the same by construction; it keeps only ciphertext.
     * Returns the case code, shown once and never stored.
     */
    async submitFromForm(
      slug: string,
      fields: ReportFields,
      files: UploadedFile[],
    ): Promise<{ code: string; receivedAt: number }> {
      const organisation = activeOrganisation(slug)
      if (!config.noJsFallback) throw new NoJsFallbackOff()
      const code = generateCaseCode()
      const reporter = await kdf.deriveReporterKeys(code, new Uint8Array(organisation.codeSalt))
      try {
        const recipients = recipientsOf(organisation).map(({ holder, publicKey }) => ({
          holder,
          publicKey: toBase64Url(publicKey),
        }))
        const sealed = sealReport(reporter, recipients, fields, files)
        const receivedAt = acceptSubmission(organisation, sealed.envelope, filesById(sealed.files), 'server')
        return { code: formatCaseCode(code), receivedAt }
      } finally {
        memzero(reporter.secretKey)
        memzero(reporter.lookup)
        memzero(reporter.keyProof)
      }
    },
  }
}
export type ReportService = ReturnType<typeof reportService>
