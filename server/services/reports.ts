import {
  encryptedAttachmentSize,
  formatCaseCode,
  generateCaseCode,
  lookupVerifier,
  memzero,
  SEALED_KEY_BYTES,
  toBase64Url,
} from '../../crypto/index.js'
import { type OrganisationRow, shownName } from '../../db/index.js'
import { catalogue } from '../../views/i18n/index.js'
import { createGate } from '../domain/admission.js'
import { AUTO_ACKNOWLEDGEMENT_AUTHOR, acknowledgementTexts } from '../domain/auto-acknowledgement.js'
import { deadlinesFor, formatDate } from '../domain/deadlines.js'
import type { ReportFields } from '../domain/documents.js'
import type { JurisdictionProfile } from '../domain/profiles.js'
import { profileOf } from '../domain/profiles.js'
import { sealReportEntry } from '../domain/sealing.js'
import { createThrottle } from '../domain/throttle.js'
import {
  AcknowledgementChanged,
  NoJsFallbackOff,
  ReceiptTimeInvalid,
  RecipientsChanged,
  ReportingPageNotFound,
  ServiceBusy,
  StorageLow,
  SubmissionInvalid,
  SubmissionReplayed,
  TooManyReports,
} from '../errors.js'
import { KdfBusy } from '../kdf/pool.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import type { MailService } from './mail.js'
import type { Recipient, ReporterCases } from './reporter-cases.js'
import type { SealedUpload, StagedFile, UploadService } from './uploads.js'

/** Free bytes for unprivileged writers on the file system holding `path` (injectable to test the disk guard). */
export type FreeBytes = (path: string) => number

/** How many new reports are read, sealed and stored at once, and how many may wait for that (FIFO). */
export const REPORT_SLOTS = { concurrent: 4, waiting: 256 }
// Longer than this in line and the reporter gets the form back with a 503: a reverse proxy gives up after
// 60 s without an answer (nginx's proxy_read_timeout), and a 504 would lose what was typed.
const MAX_WAIT_IN_LINE_MS = 40_000
/** An oral report's time of receipt further back than this is a typo, not a report (statutory terms are weeks). */
const ORAL_RECEIPT_MAX_AGE_MS = 366 * 24 * 60 * 60 * 1000

/** Who recorded an oral report, and when it was really received (UTC ms). */
type OralReceipt = { confidantId: string; receivedAt: number }

/** A member organisation's public facts: what every reporter page shows, read from its row alone. */
export type OrganisationPage = {
  organisation: Pick<OrganisationRow, 'slug' | 'name' | 'timezone'> & { locales: Array<'nl' | 'en'> }
  profile: JurisdictionProfile
  /** Public: the follow-up page's script derives the reporter's keys from the case code with it. */
  codeSalt: string
  noJsFallback: boolean
  /** Issue 10: the acknowledgement is sealed with each report, so the reporter finds it in the case at once. */
  autoAcknowledge: boolean
}

/** The member's landing page also names who reads reports. */
export type LandingPage = OrganisationPage & { confidants: string[] }

export type ReportingPage = OrganisationPage & {
  confidants: string[]
  /** What the browser needs to encrypt for this organisation's confidants (public material only). */
  encryption: { codeSalt: string; recipients: Recipient[] }
  maxFileBytes: number
  /** The same limit as ciphertext (secretstream adds a header and 17 bytes per 64 KiB chunk). */
  maxEncryptedFileBytes: number
  /** Issue 10: the text the browser seals as the acknowledgement, per language; null when the member has it off. */
  autoAcknowledgement: Record<'nl' | 'en', string> | null
}

export type BrowserSubmission = {
  caseId: string
  entryId: string
  lookup: string
  reporterPublicKey: string
  keys: Array<{ holder: string; kind: 'shared' | 'internal'; sealedKey: string }>
  entry: { nonce: string; ciphertext: string }
  attachments: Array<{ id: string; size: number }>
  /**
   * Issue 10: the automatic acknowledgement, sealed with the report as the thread's entry at seq 1 (kind
   * `acknowledgement`, author `system`). Required exactly when the organisation has automatic acknowledgement on.
   */
  acknowledgement?: { entryId: string; nonce: string; ciphertext: string }
}

/** Making a report: the member's page, and the two ways a report arrives (DESIGN §4 "Where encryption happens"). */
export function reportService(
  context: ServiceContext,
  cases: ReporterCases,
  instance: InstanceService,
  mail: MailService,
  uploads: UploadService,
  freeBytes: FreeBytes,
) {
  const { repos, kdf, config, now } = context
  const slots = createGate(REPORT_SLOTS)
  // New reports derive their keys one at a time, so they share one worker's 64 MiB Argon2id arena: a second
  // arena would cost more memory than any report's files do (issue 8 §1, two 10 × 20 MB reports at once). A
  // derivation takes a fraction of a second and reports are rare; follow-up and logins keep the whole pool.
  const derivations = createGate({ concurrent: 1, waiting: REPORT_SLOTS.concurrent })
  // The flood limit counts reports per organisation id in memory; it never sees who sent them.
  const newReports = createThrottle({ maxFailures: config.reportsPerHour, windowMs: 60 * 60 * 1000, now })
  const { activeOrganisation, staffRecipients, recipientsOf, requireId, decode } = cases
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
      /** Staged files to join to the report entry. */
      attachments: string[]
      submittedVia: 'browser' | 'server'
      /** The automatic acknowledgement sealed with the report (seq 1): the case is acknowledged at receipt. */
      acknowledgement?: { entryId: string; nonce: Uint8Array; ciphertext: Uint8Array }
    },
    /** An oral report: its first entry is the confidant's transcript, and it was received when they say. */
    oral?: OralReceipt,
  ): number {
    const receivedAt = oral?.receivedAt ?? now()
    const acknowledgement = oral ? undefined : values.acknowledgement
    // Acknowledged at receipt: the feedback deadline runs from then, as deadlinesFor reads any acknowledgement.
    const acknowledgedAt = acknowledgement ? receivedAt : null
    const due = deadlinesFor({ receivedAt, acknowledgedAt }, profileOf(organisation), organisation.timezone)
    const verifier = Buffer.from(lookupVerifier(values.lookup))
    const stored = repos.durableTransaction(() => {
      // Any reused id is a replay (409). A reused lookup is answered like a success and stores nothing: a
      // different answer would tell a guesser, without any throttle, that a case with that lookup exists.
      // (A reused attachment id was refused when its upload began.)
      if (
        repos.cases.caseIdTaken(values.caseId) ||
        repos.cases.entryIdTaken(values.entryId) ||
        (acknowledgement && repos.cases.entryIdTaken(acknowledgement.entryId))
      )
        throw new SubmissionReplayed()
      if (repos.cases.lookupTaken(verifier)) return false
      repos.cases.insertSubmission({
        case: {
          id: values.caseId,
          organisationId: organisation.id,
          lookupVerifier: verifier,
          reporterPublicKey: Buffer.from(values.reporterPublicKey),
          receivedAt,
          acknowledgeBy: due.acknowledgeBy,
          feedbackBy: due.feedbackBy,
          status: acknowledgement ? 'acknowledged' : 'received',
          ...(acknowledgement ? { acknowledgedAt } : {}),
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
          kind: oral ? 'transcript' : 'report',
          author: oral ? oral.confidantId : 'reporter',
          seq: 0,
          createdAt: receivedAt,
          nonce: Buffer.from(values.nonce),
          ciphertext: Buffer.from(values.ciphertext),
        },
      })
      if (!repos.attachments.attach(values.attachments, values.entryId))
        throw new SubmissionInvalid('a file was not received')
      if (acknowledgement) {
        repos.cases.insertEntry({
          id: acknowledgement.entryId,
          caseId: values.caseId,
          kind: 'acknowledgement',
          author: AUTO_ACKNOWLEDGEMENT_AUTHOR,
          seq: 1,
          createdAt: receivedAt,
          nonce: Buffer.from(acknowledgement.nonce),
          ciphertext: Buffer.from(acknowledgement.ciphertext),
        })
      }
      notifyConfidants(organisation, values.caseId, due, acknowledgement !== undefined, oral?.confidantId)
      // Who: nobody identifiable (or the confidant who recorded an oral report). What: a case arrived for this
      // organisation. No content, no code, no IP.
      repos.audit.append(
        oral
          ? { at: now(), actor: oral.confidantId, action: 'case.oral_recorded', subject: values.caseId }
          : { at: receivedAt, actor: 'reporter', action: 'case.receive', subject: values.caseId },
      )
      // The statutory acknowledgement was given by the member's standing instruction, not by a person.
      if (acknowledgement)
        repos.audit.append({
          at: receivedAt,
          actor: AUTO_ACKNOWLEDGEMENT_AUTHOR,
          action: 'case.acknowledged',
          subject: values.caseId,
        })
      return true
    })
    // Likewise an oral report's code, which the confidant's browser is about to hand over.
    if (!stored && (values.submittedVia === 'server' || oral)) {
      // A fresh server-made code that collides (~N/10^15): the reporter simply sends again and gets another.
      throw new ServiceBusy(1)
    }
    mail.kick()
    return receivedAt
  }

  /**
   * DESIGN §6: every assigned confidant hears that something is due, never what it is about. The link names
   * the case's random id (not its code): it opens only for a signed-in confidant of the organisation.
   */
  function notifyConfidants(
    organisation: OrganisationRow,
    caseId: string,
    due: { acknowledgeBy: number; feedbackBy: number },
    /** Acknowledged automatically at receipt (issue 10): the notice names the feedback deadline instead. */
    acknowledged: boolean,
    /** The confidant who recorded an oral report knows already. */
    except?: string,
  ): void {
    const locale = instance.current().defaultLocale
    const name = shownName(organisation)
    const t = catalogue(locale).mail
    const url = `${config.publicUrl}/staff/cases/${caseId}`
    const body = acknowledged
      ? catalogue(locale).autoAcknowledgement.newReportBody(
          name,
          formatDate(due.feedbackBy, locale, organisation.timezone),
          url,
        )
      : t.newReportBody(name, formatDate(due.acknowledgeBy, locale, organisation.timezone), url)
    for (const confidant of repos.organisations.confidantsWithKeys(organisation.id)) {
      if (confidant.id === except) continue
      mail.enqueue({ recipient: confidant.email, subject: t.newReportSubject(name), body })
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
    files: StagedFile[],
    submittedVia: 'browser' | 'server',
    oral?: OralReceipt,
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
    // Issue 10: a new report carries the automatic acknowledgement exactly when its organisation has it on; an
    // oral report never does (auto-acknowledgement.ts). The server cannot read its text, only its place.
    const wantsAcknowledgement = !oral && organisation.autoAcknowledge
    if (wantsAcknowledgement !== (submission.acknowledgement !== undefined)) {
      if (oral) throw new SubmissionInvalid('an oral report is acknowledged by the confidant')
      throw new AcknowledgementChanged()
    }
    const acknowledgement = submission.acknowledgement && {
      entryId: requireId(submission.acknowledgement.entryId, 'acknowledgement entry id'),
      ...decodeEntryCiphertext(submission.acknowledgement),
    }
    if (acknowledgement && acknowledgement.entryId === entryId)
      throw new SubmissionInvalid('the acknowledgement needs an entry id of its own')
    const attachments = matchEncryptedFiles(submission.attachments, files)
    return storeNewCase(
      organisation,
      {
        caseId,
        entryId,
        lookup,
        reporterPublicKey,
        keys,
        nonce,
        ciphertext,
        attachments,
        submittedVia,
        acknowledgement,
      },
      oral,
    )
  }

  function oralOrganisation(session: { userId: string; role: string }, slug: string): OrganisationRow {
    const organisation = activeOrganisation(slug)
    const assigned =
      session.role === 'confidant' &&
      repos.organisations.assignedTo(session.userId).some((item) => item.id === organisation.id)
    if (!assigned) throw new ReportingPageNotFound()
    return organisation
  }

  function publicFacts(organisation: OrganisationRow): OrganisationPage {
    return {
      organisation: {
        slug: organisation.slug,
        // Issue 11: the member's own display name on its reporter pages, when it has one.
        name: shownName(organisation),
        timezone: organisation.timezone,
        locales: organisation.locales.split(',') as Array<'nl' | 'en'>,
      },
      profile: profileOf(organisation),
      // Buffer, not libsodium: the landing page must not load the WASM (app.ts loadCryptoOnFirstUse).
      codeSalt: Buffer.from(organisation.codeSalt).toString('base64url'),
      noJsFallback: config.noJsFallback,
      autoAcknowledge: organisation.autoAcknowledge,
    }
  }

  /** The no-JS report: a fresh code, its keys in a worker, the browser's sealing run here, the same checks. */
  async function sealAndAccept(
    organisation: OrganisationRow,
    fields: ReportFields,
    files: SealedUpload[],
    locale: string,
  ) {
    if (!config.noJsFallback) throw new NoJsFallbackOff()
    const code = generateCaseCode()
    const release = await derivations.enter(MAX_WAIT_IN_LINE_MS)
    if (!release) throw new ServiceBusy()
    const reporter = await kdf
      .deriveReporterKeys(code, new Uint8Array(organisation.codeSalt))
      .catch((error) => {
        throw error instanceof KdfBusy ? new ServiceBusy() : error
      })
      .finally(release)
    try {
      const recipients = recipientsOf(organisation).map(({ holder, publicKey }) => ({
        holder,
        publicKey: toBase64Url(publicKey),
      }))
      // The automatic acknowledgement in the reporter's language, sealed here as their browser would.
      const acknowledgement = organisation.autoAcknowledge
        ? acknowledgementTexts(organisation.acknowledgementText, profileOf(organisation))[
            locale === 'en' ? 'en' : 'nl'
          ]
        : undefined
      const envelope = sealReportEntry(
        reporter,
        recipients,
        fields,
        files.map((file) => file.ref),
        locale,
        acknowledgement,
      )
      const receivedAt = acceptSubmission(organisation, envelope, files, 'server')
      return { code: formatCaseCode(code), receivedAt }
    } finally {
      memzero(reporter.secretKey)
      memzero(reporter.lookup)
      memzero(reporter.keyProof)
    }
  }

  return {
    /**
     * Before a new report's body is read (DESIGN §7 "bad input changes nothing", issue 8 §1): a body announced
     * larger than any honest report is refused unread; then the disk guard, the per-organisation flood limit,
     * and a place in line. Resolves to the function that gives the place back.
     */
    async admitReport(slug: string, via: 'form' | 'browser', announcedBytes: number | undefined) {
      const organisation = activeOrganisation(slug)
      uploads.checkAnnounced(via, announcedBytes)
      if (freeBytes(config.dataDir) < config.minFreeBytes) throw new StorageLow()
      const wait = newReports.retryAfter(organisation.id)
      if (wait > 0) throw new TooManyReports(wait)
      newReports.recordFailure(organisation.id) // counts an arrival, not a failure
      const release = await slots.enter(MAX_WAIT_IN_LINE_MS)
      if (!release) throw new ServiceBusy()
      return release
    },

    /** Reports being handled and waiting right now (bench). */
    reportLoad: () => slots.load(),

    /** An active member organisation's public facts; unknown and inactive ones are the same 404. */
    organisationPage(slug: string): OrganisationPage {
      return publicFacts(activeOrganisation(slug))
    },

    landingPage(slug: string): LandingPage {
      const organisation = activeOrganisation(slug)
      const confidants = repos.organisations.confidantsWithKeys(organisation.id)
      return {
        ...publicFacts(organisation),
        confidants: confidants.map((confidant) => confidant.displayName),
      }
    },

    /** The report form: the public facts plus the public keys the browser seals the case keys to. */
    reportingPage(slug: string): ReportingPage {
      const organisation = activeOrganisation(slug)
      const confidants = repos.organisations.confidantsWithKeys(organisation.id)
      return {
        ...publicFacts(organisation),
        confidants: confidants.map((confidant) => confidant.displayName),
        encryption: {
          // Buffer, not libsodium: the landing page must not load the WASM (app.ts loadCryptoOnFirstUse).
          codeSalt: Buffer.from(organisation.codeSalt).toString('base64url'),
          recipients: staffRecipients(confidants).map(({ holder, publicKey }) => ({
            holder,
            publicKey: toBase64Url(publicKey),
          })),
        },
        maxFileBytes: config.maxFileBytes,
        maxEncryptedFileBytes: encryptedAttachmentSize(config.maxFileBytes),
        autoAcknowledgement: organisation.autoAcknowledge
          ? acknowledgementTexts(organisation.acknowledgementText, profileOf(organisation))
          : null,
      }
    },

    /**
     * JavaScript mode: everything arrives encrypted (files already stored, staged); the server checks shapes
     * and holders, then commits. Files not joined to the new case are removed.
     */
    submitFromBrowser(
      slug: string,
      submission: BrowserSubmission,
      files: StagedFile[],
    ): { receivedAt: number } {
      try {
        return { receivedAt: acceptSubmission(activeOrganisation(slug), submission, files, 'browser') }
      } finally {
        uploads.discard(files)
      }
    },

    /**
     * An oral report (Directive art. 18), sealed in the recording confidant's browser exactly as a reporter's
     * browser seals a report: the same acceptance checks (exactly the current recipients), stored the same way,
     * its deadlines running from the real time of receipt. Only a confidant assigned to the active organisation
     * records one; anyone else gets the same 404 as for an unknown organisation.
     */
    recordOral(
      session: { userId: string; role: string },
      slug: string,
      submission: BrowserSubmission,
      receivedAt: number,
    ): { caseId: string; receivedAt: number } {
      const organisation = oralOrganisation(session, slug)
      const at = now()
      if (!Number.isSafeInteger(receivedAt) || receivedAt > at || receivedAt < at - ORAL_RECEIPT_MAX_AGE_MS)
        throw new ReceiptTimeInvalid()
      acceptSubmission(organisation, submission, [], 'browser', { confidantId: session.userId, receivedAt })
      return { caseId: submission.caseId, receivedAt }
    },

    /** The organisation an oral report is recorded for, and the public material its browser seals to. */
    oralPage(session: { userId: string; role: string }, slug: string) {
      const organisation = oralOrganisation(session, slug)
      return {
        ...publicFacts(organisation),
        encryption: {
          codeSalt: toBase64Url(organisation.codeSalt),
          recipients: recipientsOf(organisation).map(({ holder, publicKey }) => ({
            holder,
            publicKey: toBase64Url(publicKey),
          })),
        },
      }
    },

    /** Where the no-JS form's files go: encrypted as they arrive, under keys only the report will hold. */
    fileSink: () => uploads.sealing(),

    /**
     * No-JavaScript fallback: the server runs the browser's own sealing (server/domain/sealing.ts) in memory and
     * the same acceptance checks, so the stored format is the same by construction; it keeps only ciphertext.
     * The files were encrypted as they arrived (`fileSink`). Returns the case code, shown once and never stored.
     */
    async submitFromForm(
      slug: string,
      fields: ReportFields,
      files: SealedUpload[],
      /** The form's page language, sealed inside the report (never stored in the clear). */
      locale: string,
    ): Promise<{ code: string; receivedAt: number }> {
      try {
        return await sealAndAccept(activeOrganisation(slug), fields, files, locale)
      } finally {
        uploads.discard(files)
      }
    },
  }
}
export type ReportService = ReturnType<typeof reportService>
