import {
  encryptedAttachmentSize,
  fromBase64Url,
  KeyOpenFailed,
  lookupVerifier,
  memzero,
  openAttachmentStream,
  parseCaseCode,
  toBase64Url,
} from '../../crypto/index.js'
import type { CaseRow, EntryWithAttachments, OrganisationRow } from '../../db/index.js'
import { deadlinesFor } from '../domain/deadlines.js'
import type { EntryDocument } from '../domain/documents.js'
import { profileOf } from '../domain/profiles.js'
import { openReporterSharedKey, sealMessageEntry, sealTranscriptAgreement } from '../domain/sealing.js'
import { openThread } from '../domain/thread.js'
import type { CodeAttempt, CodeAttemptGuard } from '../domain/throttle.js'
import {
  CaseCodeMalformed,
  CaseCodeTypo,
  CaseNotFound,
  CaseUnverifiable,
  NoJsFallbackOff,
  ServiceBusy,
  SubmissionInvalid,
  SubmissionReplayed,
  ThreadMoved,
  TooManyAttempts,
} from '../errors.js'
import type { ServiceContext } from './context.js'
import { ID, type ReporterCases } from './reporter-cases.js'
import type { ReporterSession, ReporterSessionStore } from './reporter-sessions.js'
import type { SealedUpload, StagedFile, UploadService } from './uploads.js'

export type BrowserMessage = {
  lookup: string
  entry: {
    id: string
    kind: 'message' | 'meeting_request' | 'transcript_agreement'
    seq: number
    nonce: string
    ciphertext: string
  }
  attachments: Array<{ id: string; size: number }>
}

export type CaseOverview = {
  caseId: string
  status: CaseRow['status']
  receivedAt: number
  acknowledgedAt: number | null
  feedbackGivenAt: number | null
  /** Issue 10: when the feedback period was extended (the reason is an `extension` entry in the thread). */
  feedbackExtendedAt: number | null
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
    seq: number
    createdAt: number
    nonce: string
    ciphertext: string
  }>
}

/**
 * The thread opened on the server for a no-JS follow-up, in memory, for one response: in its authenticated
 * order, files from the references inside entries, and `incomplete` when entries are missing or moved.
 */
export type OpenedThread = CaseOverview & {
  incomplete: boolean
  entries: Array<{
    id: string
    kind: string
    role: AuthorRole
    createdAt: number
    document: EntryDocument | undefined
    attachments: Array<{ id: string; size: number; name: string }>
  }>
}

/**
 * Anonymous follow-up (DESIGN §4, §5): with JavaScript the browser presents `lookup` and gets ciphertext; without
 * it the server checks the code once and keeps the opened case key in a short in-memory session.
 */
export function followUpService(
  context: ServiceContext,
  cases: ReporterCases,
  attempts: CodeAttemptGuard,
  sessions: ReporterSessionStore,
  uploads: UploadService,
) {
  const { repos, kdf, config, now } = context
  const { activeOrganisation, requireId, decodeEntryCiphertext, matchEncryptedFiles } = cases

  /**
   * Reporter actions are audited by the day only: an exact time next to a case would let whoever reads the log
   * match a visit to network or building logs (issue 8 §6).
   */
  function reporterAuditTime(): number {
    const day = 24 * 60 * 60 * 1000
    return Math.floor(now() / day) * day
  }

  /** Counts the attempt before any slow work (SECURITY.md "Online guessing"); refused ones cost nothing. */
  function admitAttempt(organisation: OrganisationRow, throttleKey: string): CodeAttempt {
    const admitted = attempts.admit(throttleKey, organisation.id)
    if ('retryAfterMs' in admitted) throw new TooManyAttempts(admitted.retryAfterMs)
    return admitted
  }

  function findCase(organisation: OrganisationRow, lookup: Uint8Array, attempt: CodeAttempt): CaseRow {
    const found = repos.cases.findByLookup(organisation.id, Buffer.from(lookupVerifier(lookup)))
    if (!found) {
      attempt.failed()
      throw new CaseNotFound()
    }
    attempt.succeeded()
    return found
  }

  /** The case a browser's `lookup` opens; a malformed lookup is a failed attempt like a wrong one. */
  function caseByLookup(organisation: OrganisationRow, lookup: string, throttleKey: string): CaseRow {
    const attempt = admitAttempt(organisation, throttleKey)
    try {
      return findCase(organisation, decodeLookup(lookup), attempt)
    } finally {
      attempt.failed() // a no-op once findCase has settled the attempt
    }
  }

  function overview(
    organisation: OrganisationRow,
    row: CaseRow,
    entries: EntryWithAttachments[],
  ): CaseOverview {
    const due = deadlinesFor(row, profileOf(organisation), organisation.timezone)
    const lastMeetingRequest = entries.findLast((entry) => entry.kind === 'meeting_request')
    // Answered once a confidant's message names the request (entry.answers), as the inbox counts it.
    const answeredAfter = lastMeetingRequest
      ? entries.some((entry) => entry.answers === lastMeetingRequest.id)
      : true
    return {
      caseId: row.id,
      status: row.status,
      receivedAt: row.receivedAt,
      acknowledgedAt: row.acknowledgedAt,
      feedbackGivenAt: row.feedbackGivenAt,
      feedbackExtendedAt: row.feedbackExtendedAt,
      closedAt: row.closedAt,
      acknowledgeBy: due.acknowledgeBy,
      feedbackBy: due.feedbackBy,
      timezone: organisation.timezone,
      meetingRequested: !answeredAfter,
    }
  }

  /**
   * The reporter's shared key, trusted only once it is the one sealed for this case by someone who knew the
   * code and it opens the case's report: a database writer's substitute key fails here (CaseUnverifiable).
   */
  function openSharedKey(
    row: CaseRow,
    reporter: { publicKey: Uint8Array; secretKey: Uint8Array; keyProof: Uint8Array },
  ): Uint8Array {
    const sealed = repos.cases.sealedKey(row.id, 'reporter', 'shared')
    if (!sealed) throw new CaseUnverifiable()
    let key: Uint8Array
    try {
      key = openReporterSharedKey(new Uint8Array(sealed), row.id, reporter)
    } catch (error) {
      if (error instanceof KeyOpenFailed) throw new CaseUnverifiable()
      throw error
    }
    if (!checkedThread(key, row).verified) {
      memzero(key)
      throw new CaseUnverifiable()
    }
    return key
  }

  function checkedThread(key: Uint8Array, row: CaseRow) {
    const entries = repos.cases.entries(row.id, { includeNotes: false })
    return {
      rows: entries,
      ...openThread(
        key,
        row.id,
        entries.map((entry) => ({
          ...entry,
          nonce: new Uint8Array(entry.nonce),
          ciphertext: new Uint8Array(entry.ciphertext),
        })),
      ),
    }
  }

  function addReporterEntry(
    row: CaseRow,
    entry: {
      id: string
      kind: 'message' | 'meeting_request' | 'transcript_agreement'
      seq: number
      nonce: Uint8Array
      ciphertext: Uint8Array
    },
    /** Staged files to join to the entry. */
    attachments: string[],
  ): void {
    const createdAt = now()
    repos.durableTransaction(() => {
      if (repos.cases.entryIdTaken(entry.id)) throw new SubmissionReplayed()
      // The writer bound its entry to this place in the thread; another entry took it meanwhile: reload.
      if (entry.seq !== repos.cases.nextSeq(row.id, 'shared')) throw new ThreadMoved()
      // Only a case that opens with a transcript takes an agreement, and only once (Directive art. 18(4)).
      if (entry.kind === 'transcript_agreement' && !awaitsAgreement(row))
        throw new SubmissionInvalid('there is no transcript awaiting agreement')
      repos.cases.insertEntry({
        id: entry.id,
        caseId: row.id,
        kind: entry.kind,
        author: 'reporter',
        seq: entry.seq,
        createdAt,
        nonce: Buffer.from(entry.nonce),
        ciphertext: Buffer.from(entry.ciphertext),
      })
      if (!repos.attachments.attach(attachments, entry.id))
        throw new SubmissionInvalid('a file was not received')
      if (row.status === 'acknowledged') repos.cases.updateCase(row.id, { status: 'in_follow_up' })
      repos.audit.append({
        at: reporterAuditTime(),
        actor: 'reporter',
        action: `case.reporter-${entry.kind}`,
        subject: row.id,
      })
    })
  }

  /** Whether the case opens with an oral report's transcript that the reporter has not agreed to yet. */
  function awaitsAgreement(row: CaseRow): boolean {
    const entries = repos.cases.entries(row.id, { includeNotes: false })
    return (
      entries.some((entry) => entry.seq === 0 && entry.kind === 'transcript') &&
      !entries.some((entry) => entry.kind === 'transcript_agreement')
    )
  }

  function decodeLookup(lookup: string): Uint8Array {
    try {
      const bytes = fromBase64Url(lookup)
      if (bytes.length === 32) return bytes
    } catch {}
    throw new SubmissionInvalid('lookup must be 32 bytes of base64url')
  }

  /** The one way a reporter's reply or meeting request is stored: files exactly as announced. */
  function acceptMessage(row: CaseRow, message: Omit<BrowserMessage, 'lookup'>, files: StagedFile[]): void {
    const entryId = requireId(message.entry.id, 'entry id')
    const { nonce, ciphertext } = decodeEntryCiphertext(message.entry)
    const announced = message.entry.kind === 'message' ? message.attachments : []
    const attachments = matchEncryptedFiles(announced, files)
    const seq = message.entry.seq
    if (!Number.isSafeInteger(seq) || seq < 1) throw new SubmissionInvalid('seq is not a thread position')
    addReporterEntry(row, { id: entryId, kind: message.entry.kind, seq, nonce, ciphertext }, attachments)
  }

  return {
    /** No-JS follow-up: checks the code (typo first, then lookup), and opens a short in-memory session. */
    async openWithCode(slug: string, input: string, throttleKey: string): Promise<{ sessionToken: string }> {
      const organisation = activeOrganisation(slug)
      // The operator's switch covers follow-up too: with it off the server never handles a case code.
      if (!config.noJsFallback) throw new NoJsFallbackOff()
      const parsed = parseCaseCode(input)
      if (!parsed.ok) throw parsed.reason === 'typo' ? new CaseCodeTypo() : new CaseCodeMalformed()
      const attempt = admitAttempt(organisation, throttleKey)
      let reporter: Awaited<ReturnType<typeof kdf.deriveReporterKeys>>
      try {
        reporter = await kdf.deriveReporterKeys(parsed.code, new Uint8Array(organisation.codeSalt))
      } catch (error) {
        // Not checked (pool full or closed): the visitor may retry at once, nothing was learnt.
        attempt.succeeded()
        throw error
      }
      try {
        const row = findCase(organisation, reporter.lookup, attempt)
        const sharedKey = openSharedKey(row, reporter)
        repos.audit.append({
          at: reporterAuditTime(),
          actor: 'reporter',
          action: 'case.reporter-open',
          subject: row.id,
        })
        return {
          sessionToken: sessions.create({ organisationId: organisation.id, caseId: row.id, sharedKey }),
        }
      } finally {
        memzero(reporter.secretKey)
        memzero(reporter.lookup)
        memzero(reporter.keyProof)
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

    /** The thread opened in memory for one no-JS response, checked again: rows may change between requests. */
    openedThread(slug: string, session: ReporterSession): OpenedThread {
      const organisation = activeOrganisation(slug)
      const row = repos.cases.findById(session.caseId)
      if (!row) throw new CaseNotFound()
      const thread = checkedThread(session.sharedKey, row)
      if (!thread.verified) throw new CaseUnverifiable()
      return {
        ...overview(organisation, row, thread.rows),
        incomplete: thread.gap || thread.reordered,
        entries: thread.entries.map(({ entry, document, files }) => ({
          id: entry.id,
          kind: entry.kind,
          role: roleOf(entry.author),
          createdAt: entry.createdAt,
          document,
          attachments: files.map((ref) => ({ id: ref.id, size: ref.size, name: ref.name })),
        })),
      }
    },

    /**
     * No-JS download: the file is opened piece by piece as the response is written (never whole in memory).
     * Its key, name and size come from the authenticated reference inside its entry, never from the row.
     */
    openedAttachment(
      session: ReporterSession,
      attachmentId: string,
    ): { name: string; size: number; data: Iterable<Uint8Array> } {
      const found = ID.test(attachmentId)
        ? repos.cases.attachmentOf(session.caseId, attachmentId, { includeNotes: false })
        : undefined
      if (!found) throw new CaseNotFound()
      const row = repos.cases.findById(session.caseId)
      if (!row) throw new CaseNotFound()
      const ref = checkedThread(session.sharedKey, row)
        .entries.find(({ entry }) => entry.id === found.entryId)
        ?.files.find((item) => item.id === attachmentId)
      // A stored size that cannot hold the referenced file is refused before a byte is sent.
      if (!ref || found.size !== encryptedAttachmentSize(ref.size)) throw new CaseNotFound()
      const key = fromBase64Url(ref.key)
      const ciphertext = repos.attachments.ciphertext(found.id)
      return {
        name: ref.name,
        size: ref.size,
        data: (function* () {
          try {
            yield* openAttachmentStream(key, ref.size, ciphertext)
          } finally {
            memzero(key)
          }
        })(),
      }
    },

    /** No-JS reply or meeting request, encrypted in memory under the session's shared key. */
    addFromForm(
      slug: string,
      session: ReporterSession,
      kind: 'message' | 'meeting_request',
      text: string,
      files: SealedUpload[],
    ): void {
      try {
        activeOrganisation(slug)
        const row = repos.cases.findById(session.caseId)
        if (!row) throw new CaseNotFound()
        // The browser's own sealing, run here in memory (server/domain/sealing.ts), at the thread's next place.
        const seq = repos.cases.nextSeq(row.id, 'shared')
        const message = sealMessageEntry(
          { caseId: row.id, sharedKey: session.sharedKey, seq },
          kind,
          text,
          files.map((file) => file.ref),
        )
        acceptMessage(row, message, files)
      } finally {
        uploads.discard(files)
      }
    },

    /**
     * No-JS: the reporter agrees that the transcript opening their case is a correct record, sealed in memory
     * under the session's shared key like their messages. The transcript is named from the authenticated thread.
     */
    agreeFromForm(slug: string, session: ReporterSession): void {
      activeOrganisation(slug)
      const row = repos.cases.findById(session.caseId)
      if (!row) throw new CaseNotFound()
      const thread = checkedThread(session.sharedKey, row)
      if (!thread.verified) throw new CaseUnverifiable()
      const transcript = thread.entries.find(({ entry }) => entry.seq === 0 && entry.kind === 'transcript')
      if (!transcript) throw new SubmissionInvalid('there is no transcript awaiting agreement')
      const seq = repos.cases.nextSeq(row.id, 'shared')
      acceptMessage(
        row,
        sealTranscriptAgreement({ caseId: row.id, sharedKey: session.sharedKey, seq }, transcript.entry.id),
        [],
      )
    },

    /** Where a no-JS reply's files go: encrypted as they arrive, their keys only in the reply's entry. */
    fileSink: () => uploads.sealing(),

    /** Before a reply's body is read: a body announced larger than any honest reply is refused unread. */
    checkAnnounced: uploads.checkAnnounced,

    /** A place among the follow-up uploads written at once (ServiceBusy when the line is full). */
    async enterUpload(): Promise<() => void> {
      const release = await uploads.enter()
      if (!release) throw new ServiceBusy()
      return release
    },

    /** JavaScript mode: the browser proves the code by presenting `lookup` and gets ciphertext back. */
    encryptedThread(slug: string, lookup: string, throttleKey: string): EncryptedThread {
      const organisation = activeOrganisation(slug)
      const row = caseByLookup(organisation, lookup, throttleKey)
      const sealed = repos.cases.sealedKey(row.id, 'reporter', 'shared')
      if (!sealed) throw new CaseNotFound()
      const entries = repos.cases.entries(row.id, { includeNotes: false })
      repos.audit.append({
        at: reporterAuditTime(),
        actor: 'reporter',
        action: 'case.reporter-open',
        subject: row.id,
      })
      return {
        ...overview(organisation, row, entries),
        sealedSharedKey: toBase64Url(sealed),
        entries: entries.map((entry) => ({
          id: entry.id,
          kind: entry.kind,
          author: entry.author,
          role: roleOf(entry.author),
          seq: entry.seq,
          createdAt: entry.createdAt,
          nonce: toBase64Url(entry.nonce),
          ciphertext: toBase64Url(entry.ciphertext),
        })),
      }
    },

    /** JavaScript mode: a file's ciphertext, read piece by piece as the response is written. */
    encryptedAttachment(
      slug: string,
      lookup: string,
      attachmentId: string,
      throttleKey: string,
    ): { size: number; data: Iterable<Buffer> } {
      const organisation = activeOrganisation(slug)
      const row = caseByLookup(organisation, lookup, throttleKey)
      const found = ID.test(attachmentId)
        ? repos.cases.attachmentOf(row.id, attachmentId, { includeNotes: false })
        : undefined
      if (!found) throw new CaseNotFound()
      return { size: found.size, data: repos.attachments.ciphertext(found.id) }
    },

    /** Before a browser's reply files are stored: its lookup must open a case (counted like any attempt). */
    admitBrowserMessage(slug: string, lookup: string, throttleKey: string): void {
      caseByLookup(activeOrganisation(slug), lookup, throttleKey)
    },

    addFromBrowser(slug: string, message: BrowserMessage, files: StagedFile[], throttleKey: string): void {
      try {
        const organisation = activeOrganisation(slug)
        const row = caseByLookup(organisation, message.lookup, throttleKey)
        acceptMessage(row, message, files)
      } finally {
        uploads.discard(files)
      }
    },
  }
}
export type FollowUpService = ReturnType<typeof followUpService>

function roleOf(author: string): AuthorRole {
  return author === 'reporter' ? 'reporter' : author === 'system' ? 'system' : 'confidant'
}
