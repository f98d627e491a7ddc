import {
  decryptAttachment,
  encryptAttachment,
  encryptEntry,
  encryptedAttachmentSize,
  formatCaseCode,
  fromBase64Url,
  generateAttachmentKey,
  generateCaseCode,
  generateCaseKeys,
  lookupVerifier,
  memzero,
  openEntry,
  openSealedKey,
  parseCaseCode,
  randomId,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'
import type { CaseRow, ConfidantKey, EntryWithAttachments, OrganisationRow } from '../../db/index.js'
import { catalogue } from '../../views/i18n/index.js'
import { deadlinesFor, formatDate } from '../domain/deadlines.js'
import {
  type AttachmentRef,
  cleanFileName,
  cleanFileType,
  type EntryDocument,
  LIMITS,
  type MessageDocument,
  type ReportDocument,
  type ReportFields,
} from '../domain/documents.js'
import { findProfile, type JurisdictionProfile, profiles } from '../domain/profiles.js'
import type { Throttle } from '../domain/throttle.js'
import {
  CaseCodeMalformed,
  CaseCodeTypo,
  CaseNotFound,
  FileTooLarge,
  NoJsFallbackOff,
  ReportingPageNotFound,
  SubmissionInvalid,
  SubmissionReplayed,
  TooManyAttempts,
  TooManyFiles,
} from '../errors.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import type { MailService } from './mail.js'
import type { ReporterSession, ReporterSessionStore } from './reporter-sessions.js'

const ID = /^[A-Za-z0-9_-]{22}$/
const SEALED_KEY_BYTES = 32 + 48
const NONCE_BYTES = 24
const TAG_BYTES = 16
// The largest report document: every field at its limit, in UTF-8, plus the attachment references.
const MAX_ENTRY_CIPHERTEXT = 4 * (LIMITS.what + 4 * LIMITS.field + LIMITS.name + LIMITS.contact) + 64 * 1024

/** A file as received: its bytes are plaintext on the no-JS path (memory only) and ciphertext on the JS path. */
export type UploadedFile = { name: string; type: string; data: Buffer }

export type Recipient = { holder: string; publicKey: string }

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

export type BrowserMessage = {
  lookup: string
  entry: { id: string; kind: 'message' | 'meeting_request'; nonce: string; ciphertext: string }
  attachments: Array<{ id: string; size: number }>
}

export type CaseOverview = {
  caseId: string
  status: CaseRow['status']
  receivedAt: number
  acknowledgedAt: number | null
  feedbackGivenAt: number | null
  closedAt: number | null
  acknowledgeBy: number
  feedbackBy: number
  timezone: string
  meetingRequested: boolean
}

export type AuthorRole = 'reporter' | 'confidant' | 'system'

/** The thread as the browser receives it in JavaScript mode: ciphertext only, opened there. */
export type EncryptedThread = CaseOverview & {
  sealedSharedKey: string
  entries: Array<{
    id: string
    kind: string
    author: string
    role: AuthorRole
    createdAt: number
    nonce: string
    ciphertext: string
    attachments: Array<{ id: string; size: number }>
  }>
}

/** The thread opened on the server for a no-JS follow-up, in memory, for one response. */
export type OpenedThread = CaseOverview & {
  entries: Array<{
    id: string
    kind: string
    role: AuthorRole
    createdAt: number
    document: EntryDocument | undefined
    attachments: Array<{ id: string; size: number; name: string }>
  }>
}

/** Reporting, receipt and anonymous follow-up (DESIGN §4 "Where encryption happens", §5, §7). */
export function reportService(
  context: ServiceContext,
  instance: InstanceService,
  throttle: Throttle,
  sessions: ReporterSessionStore,
  mail: MailService,
) {
  const { repos, kdf, config, now } = context

  function activeOrganisation(slug: string): OrganisationRow {
    const found = /^[a-z0-9-]{1,64}$/.test(slug) ? repos.organisations.findBySlug(slug) : undefined
    if (found?.status !== 'active') throw new ReportingPageNotFound()
    return found
  }

  function profileOf(organisation: OrganisationRow): JurisdictionProfile {
    return findProfile(organisation.profile) ?? profiles.eu!
  }

  /** Everyone a new case's keys are sealed to, besides the reporter. */
  function staffRecipients(confidants: ConfidantKey[]): Array<{ holder: string; publicKey: Uint8Array }> {
    const recipients = confidants.map((confidant) => ({
      holder: confidant.id,
      publicKey: new Uint8Array(confidant.publicKey),
    }))
    const recovery = instance.current().recoveryPublicKey
    return recovery
      ? [...recipients, { holder: 'recovery', publicKey: new Uint8Array(recovery) }]
      : recipients
  }

  function recipientsOf(organisation: OrganisationRow) {
    return staffRecipients(repos.organisations.confidantsWithKeys(organisation.id))
  }

  function guardAttempts(throttleKey: string): void {
    const wait = throttle.retryAfter(throttleKey)
    if (wait > 0) throw new TooManyAttempts(wait)
  }

  function findCase(organisation: OrganisationRow, lookup: Uint8Array, throttleKey: string): CaseRow {
    const found = repos.cases.findByLookup(organisation.id, Buffer.from(lookupVerifier(lookup)))
    if (!found) {
      throttle.recordFailure(throttleKey)
      throw new CaseNotFound()
    }
    throttle.recordSuccess(throttleKey)
    return found
  }

  function overview(
    organisation: OrganisationRow,
    row: CaseRow,
    entries: EntryWithAttachments[],
  ): CaseOverview {
    const due = deadlinesFor(row, profileOf(organisation), organisation.timezone)
    const lastMeetingRequest = entries.findLast((entry) => entry.kind === 'meeting_request')
    const answeredAfter = lastMeetingRequest
      ? entries.some(
          (entry) => entry.createdAt >= lastMeetingRequest.createdAt && roleOf(entry.author) === 'confidant',
        )
      : true
    return {
      caseId: row.id,
      status: row.status,
      receivedAt: row.receivedAt,
      acknowledgedAt: row.acknowledgedAt,
      feedbackGivenAt: row.feedbackGivenAt,
      closedAt: row.closedAt,
      acknowledgeBy: due.acknowledgeBy,
      feedbackBy: due.feedbackBy,
      timezone: organisation.timezone,
      meetingRequested: !answeredAfter,
    }
  }

  function requireId(value: string, what: string): string {
    if (!ID.test(value)) throw new SubmissionInvalid(`${what} is not a valid id`)
    return value
  }

  function decode(value: string, what: string, length?: number): Buffer {
    let bytes: Uint8Array
    try {
      bytes = fromBase64Url(value)
    } catch {
      throw new SubmissionInvalid(`${what} is not base64url`)
    }
    if (length !== undefined && bytes.length !== length)
      throw new SubmissionInvalid(`${what} has the wrong length`)
    return Buffer.from(bytes)
  }

  function decodeEntryCiphertext(entry: { nonce: string; ciphertext: string }) {
    const ciphertext = decode(entry.ciphertext, 'entry ciphertext')
    if (ciphertext.length < TAG_BYTES + 2 || ciphertext.length > MAX_ENTRY_CIPHERTEXT) {
      throw new SubmissionInvalid('entry ciphertext has an impossible length')
    }
    return { nonce: decode(entry.nonce, 'entry nonce', NONCE_BYTES), ciphertext }
  }

  /** Ciphertext files must match what the envelope announced, in number, ids and exact size. */
  function matchEncryptedFiles(
    announced: Array<{ id: string; size: number }>,
    files: Map<string, Buffer>,
    entryId: string,
  ) {
    if (announced.length > LIMITS.filesPerEntry) throw new TooManyFiles(LIMITS.filesPerEntry)
    if (announced.length !== files.size) throw new SubmissionInvalid('files do not match the envelope')
    const maxSize = encryptedAttachmentSize(config.maxFileBytes)
    return announced.map(({ id, size }) => {
      requireId(id, 'attachment id')
      const data = files.get(id)
      if (!data || data.length !== size) throw new SubmissionInvalid('a file does not match the envelope')
      if (size > maxSize) throw new FileTooLarge(config.maxFileBytes)
      if (size < encryptedAttachmentSize(0)) throw new SubmissionInvalid('a file is truncated')
      return { id, entryId, size, ciphertext: data }
    })
  }

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

  /** Encrypts files on the no-JS path: plaintext bytes are wiped as soon as each file is sealed. */
  function sealFiles(files: UploadedFile[], entryId: string) {
    if (files.length > LIMITS.filesPerEntry) throw new TooManyFiles(LIMITS.filesPerEntry)
    const refs: AttachmentRef[] = []
    const rows = files.map((file) => {
      if (file.data.length > config.maxFileBytes) throw new FileTooLarge(config.maxFileBytes)
      const key = generateAttachmentKey()
      const id = randomId()
      const ciphertext = encryptAttachment(key, file.data)
      refs.push({
        id,
        name: cleanFileName(file.name),
        type: cleanFileType(file.type),
        size: file.data.length,
        key: toBase64Url(key),
      })
      memzero(key)
      file.data.fill(0)
      return { id, entryId, size: ciphertext.length, ciphertext }
    })
    return { refs, rows }
  }

  function openSharedKey(row: CaseRow, reporterSecretKey: Uint8Array): Uint8Array {
    const sealed = repos.cases.sealedKey(row.id, 'reporter', 'shared')
    if (!sealed) throw new CaseNotFound()
    return openSealedKey(sealed, new Uint8Array(row.reporterPublicKey), reporterSecretKey)
  }

  function addReporterEntry(
    row: CaseRow,
    entry: { id: string; kind: 'message' | 'meeting_request'; nonce: Uint8Array; ciphertext: Uint8Array },
    attachments: Array<{ id: string; entryId: string; size: number; ciphertext: Uint8Array }>,
  ): void {
    const createdAt = now()
    repos.durableTransaction(() => {
      if (repos.cases.entryIdTaken(entry.id)) throw new SubmissionReplayed()
      repos.cases.insertEntry(
        {
          id: entry.id,
          caseId: row.id,
          kind: entry.kind,
          author: 'reporter',
          createdAt,
          nonce: Buffer.from(entry.nonce),
          ciphertext: Buffer.from(entry.ciphertext),
        },
        attachments.map((file) => ({ ...file, ciphertext: Buffer.from(file.ciphertext) })),
      )
      if (row.status === 'acknowledged') repos.cases.updateCase(row.id, { status: 'in_follow_up' })
      repos.audit.append({
        at: createdAt,
        actor: 'reporter',
        action: `case.reporter-${entry.kind}`,
        subject: row.id,
      })
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
      const organisation = activeOrganisation(slug)
      const caseId = requireId(submission.caseId, 'case id')
      const entryId = requireId(submission.entryId, 'entry id')
      const lookup = decode(submission.lookup, 'lookup', 32)
      const reporterPublicKey = decode(submission.reporterPublicKey, 'reporter public key', 32)
      const { nonce, ciphertext } = decodeEntryCiphertext(submission.entry)

      // Exactly one sealed key per holder and kind; only known holders; the reporter never gets the internal key.
      const staff = new Set(recipientsOf(organisation).map((recipient) => recipient.holder))
      const seen = new Set<string>()
      const keys = submission.keys.map(({ holder, kind, sealedKey }) => {
        const known = holder === 'reporter' ? kind === 'shared' : staff.has(holder)
        if (!known || seen.has(`${holder}/${kind}`)) throw new SubmissionInvalid('unexpected key holder')
        seen.add(`${holder}/${kind}`)
        return { holder, kind, sealedKey: decode(sealedKey, 'sealed key', SEALED_KEY_BYTES) }
      })
      const confidantsReached = [...staff].filter(
        (holder) => holder !== 'recovery' && seen.has(`${holder}/shared`) && seen.has(`${holder}/internal`),
      )
      if (!seen.has('reporter/shared') || confidantsReached.length === 0) {
        throw new SubmissionInvalid('the case keys must reach the reporter and at least one confidant')
      }
      const attachments = matchEncryptedFiles(submission.attachments, files, entryId)
      const receivedAt = storeNewCase(organisation, {
        caseId,
        entryId,
        lookup,
        reporterPublicKey,
        keys,
        nonce,
        ciphertext,
        attachments,
        submittedVia: 'browser',
      })
      return { receivedAt }
    },

    /**
     * No-JavaScript fallback: the server does in memory exactly what the browser would do, produces the same
     * stored format, and keeps nothing but ciphertext. Returns the case code, shown once and never stored.
     */
    async submitFromForm(
      slug: string,
      fields: ReportFields,
      files: UploadedFile[],
    ): Promise<{ code: string; receivedAt: number }> {
      const organisation = activeOrganisation(slug)
      if (!config.noJsFallback) throw new NoJsFallbackOff()
      const recipients = recipientsOf(organisation)
      if (!recipients.some((recipient) => recipient.holder !== 'recovery')) throw new ReportingPageNotFound()
      const code = generateCaseCode()
      const reporter = await kdf.deriveReporterKeys(code, new Uint8Array(organisation.codeSalt))
      const caseKeys = generateCaseKeys()
      const caseId = randomId()
      const entryId = randomId()
      try {
        const files_ = sealFiles(files, entryId)
        const document: ReportDocument = { v: 1, ...fields, attachments: files_.refs }
        const sealed = encryptEntry(
          caseKeys.shared,
          { caseId, entryId, kind: 'report', author: 'reporter' },
          document,
        )
        const keys = [
          {
            holder: 'reporter',
            kind: 'shared' as const,
            sealedKey: sealKeyFor(caseKeys.shared, reporter.publicKey),
          },
          ...recipients.flatMap(({ holder, publicKey }) => [
            { holder, kind: 'shared' as const, sealedKey: sealKeyFor(caseKeys.shared, publicKey) },
            { holder, kind: 'internal' as const, sealedKey: sealKeyFor(caseKeys.internal, publicKey) },
          ]),
        ]
        const receivedAt = storeNewCase(organisation, {
          caseId,
          entryId,
          lookup: reporter.lookup,
          reporterPublicKey: reporter.publicKey,
          keys,
          nonce: sealed.nonce,
          ciphertext: sealed.ciphertext,
          attachments: files_.rows,
          submittedVia: 'server',
        })
        return { code: formatCaseCode(code), receivedAt }
      } finally {
        memzero(reporter.secretKey)
        memzero(reporter.lookup)
        memzero(caseKeys.shared)
        memzero(caseKeys.internal)
      }
    },

    /** No-JS follow-up: checks the code (typo first, then lookup), and opens a short in-memory session. */
    async openWithCode(slug: string, input: string, throttleKey: string): Promise<{ sessionToken: string }> {
      const organisation = activeOrganisation(slug)
      // The operator's switch covers follow-up too: with it off the server never handles a case code.
      if (!config.noJsFallback) throw new NoJsFallbackOff()
      const parsed = parseCaseCode(input)
      if (!parsed.ok) throw parsed.reason === 'typo' ? new CaseCodeTypo() : new CaseCodeMalformed()
      guardAttempts(throttleKey)
      const reporter = await kdf.deriveReporterKeys(parsed.code, new Uint8Array(organisation.codeSalt))
      try {
        const row = findCase(organisation, reporter.lookup, throttleKey)
        const sharedKey = openSharedKey(row, reporter.secretKey)
        repos.audit.append({ at: now(), actor: 'reporter', action: 'case.reporter-open', subject: row.id })
        return {
          sessionToken: sessions.create({ organisationId: organisation.id, caseId: row.id, sharedKey }),
        }
      } finally {
        memzero(reporter.secretKey)
        memzero(reporter.lookup)
      }
    },

    session(slug: string, token: string | undefined): ReporterSession | undefined {
      const organisation = activeOrganisation(slug)
      return config.noJsFallback ? sessions.get(token, organisation.id) : undefined
    },

    endSession(token: string | undefined): void {
      sessions.end(token)
    },

    formTokenMatches: sessions.formTokenMatches,
    sessionSeconds: sessions.idleSeconds,

    /** The thread opened in memory for one no-JS response. */
    openedThread(slug: string, session: ReporterSession): OpenedThread {
      const organisation = activeOrganisation(slug)
      const row = repos.cases.findById(session.caseId)
      if (!row) throw new CaseNotFound()
      const entries = repos.cases.entries(row.id, { includeNotes: false })
      return {
        ...overview(organisation, row, entries),
        entries: entries.map((entry) => {
          const document = tryOpen(session.sharedKey, row.id, entry)
          const refs = document && 'attachments' in document ? document.attachments : []
          return {
            id: entry.id,
            kind: entry.kind,
            role: roleOf(entry.author),
            createdAt: entry.createdAt,
            document,
            attachments: entry.attachments.map((file) => ({
              ...file,
              name: refs.find((ref) => ref.id === file.id)?.name ?? 'file',
            })),
          }
        }),
      }
    },

    /** No-JS download: the file is opened in memory for this one response. */
    openedAttachment(session: ReporterSession, attachmentId: string): { name: string; data: Uint8Array } {
      const found = ID.test(attachmentId)
        ? repos.cases.attachmentOf(session.caseId, attachmentId, { includeNotes: false })
        : undefined
      if (!found) throw new CaseNotFound()
      const entry = repos.cases
        .entries(session.caseId, { includeNotes: false })
        .find((row) => row.id === found.entryId)
      const document = entry && tryOpen(session.sharedKey, session.caseId, entry)
      const ref =
        document && 'attachments' in document
          ? document.attachments.find((item) => item.id === attachmentId)
          : undefined
      if (!ref) throw new CaseNotFound()
      const key = fromBase64Url(ref.key)
      try {
        return { name: ref.name, data: decryptAttachment(key, new Uint8Array(found.ciphertext)) }
      } finally {
        memzero(key)
      }
    },

    /** No-JS reply or meeting request, encrypted in memory under the session's shared key. */
    addFromForm(
      slug: string,
      session: ReporterSession,
      kind: 'message' | 'meeting_request',
      text: string,
      files: UploadedFile[],
    ): void {
      activeOrganisation(slug)
      const row = repos.cases.findById(session.caseId)
      if (!row) throw new CaseNotFound()
      const entryId = randomId()
      const sealedFiles = kind === 'message' ? sealFiles(files, entryId) : { refs: [], rows: [] }
      const document: MessageDocument | { v: 1; text: string } =
        kind === 'message' ? { v: 1, text, attachments: sealedFiles.refs } : { v: 1, text }
      const sealed = encryptEntry(
        session.sharedKey,
        { caseId: row.id, entryId, kind, author: 'reporter' },
        document,
      )
      addReporterEntry(row, { id: entryId, kind, ...sealed }, sealedFiles.rows)
    },

    /** JavaScript mode: the browser proves the code by presenting `lookup` and gets ciphertext back. */
    encryptedThread(slug: string, lookup: string, throttleKey: string): EncryptedThread {
      const organisation = activeOrganisation(slug)
      guardAttempts(throttleKey)
      const row = findCase(organisation, decodeLookup(lookup), throttleKey)
      const sealed = repos.cases.sealedKey(row.id, 'reporter', 'shared')
      if (!sealed) throw new CaseNotFound()
      const entries = repos.cases.entries(row.id, { includeNotes: false })
      repos.audit.append({ at: now(), actor: 'reporter', action: 'case.reporter-open', subject: row.id })
      return {
        ...overview(organisation, row, entries),
        sealedSharedKey: toBase64Url(sealed),
        entries: entries.map((entry) => ({
          id: entry.id,
          kind: entry.kind,
          author: entry.author,
          role: roleOf(entry.author),
          createdAt: entry.createdAt,
          nonce: toBase64Url(entry.nonce),
          ciphertext: toBase64Url(entry.ciphertext),
          attachments: entry.attachments,
        })),
      }
    },

    encryptedAttachment(slug: string, lookup: string, attachmentId: string, throttleKey: string): Buffer {
      const organisation = activeOrganisation(slug)
      guardAttempts(throttleKey)
      const row = findCase(organisation, decodeLookup(lookup), throttleKey)
      const found = ID.test(attachmentId)
        ? repos.cases.attachmentOf(row.id, attachmentId, { includeNotes: false })
        : undefined
      if (!found) throw new CaseNotFound()
      return found.ciphertext
    },

    addFromBrowser(
      slug: string,
      message: BrowserMessage,
      files: Map<string, Buffer>,
      throttleKey: string,
    ): void {
      const organisation = activeOrganisation(slug)
      guardAttempts(throttleKey)
      const row = findCase(organisation, decodeLookup(message.lookup), throttleKey)
      const entryId = requireId(message.entry.id, 'entry id')
      const { nonce, ciphertext } = decodeEntryCiphertext(message.entry)
      const attachments =
        message.entry.kind === 'message'
          ? matchEncryptedFiles(message.attachments, files, entryId)
          : matchEncryptedFiles([], files, entryId)
      addReporterEntry(row, { id: entryId, kind: message.entry.kind, nonce, ciphertext }, attachments)
    },
  }

  function decodeLookup(lookup: string): Uint8Array {
    try {
      const bytes = fromBase64Url(lookup)
      if (bytes.length === 32) return bytes
    } catch {}
    throw new SubmissionInvalid('lookup must be 32 bytes of base64url')
  }
}
export type ReportService = ReturnType<typeof reportService>

function roleOf(author: string): AuthorRole {
  return author === 'reporter' ? 'reporter' : author === 'system' ? 'system' : 'confidant'
}

/** An entry that fails authentication is shown as unreadable, never trusted and never fatal to the thread. */
function tryOpen(key: Uint8Array, caseId: string, entry: EntryWithAttachments): EntryDocument | undefined {
  try {
    return openEntry<EntryDocument>(
      key,
      { caseId, entryId: entry.id, kind: entry.kind, author: entry.author },
      { nonce: new Uint8Array(entry.nonce), ciphertext: new Uint8Array(entry.ciphertext) },
    )
  } catch {
    return undefined
  }
}
