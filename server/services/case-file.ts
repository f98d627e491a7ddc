import { toBase64Url } from '../../crypto/index.js'
import { formatDate, formatDateTime } from '../domain/deadlines.js'
import { profileOf } from '../domain/profiles.js'
import { CaseNotFound } from '../errors.js'
import { type CaseHandlingService, extensionRefusal, type StaffEntryKind } from './case-handling.js'
import type { ServiceContext } from './context.js'
import type { StaffSession } from './staff-sessions.js'

/** One stored entry as the confidant's browser needs it: everything but the plaintext. */
export type SealedCaseEntry = {
  id: string
  kind: string
  author: string
  seq: number
  createdAt: number
  nonce: string
  ciphertext: string
  /** Ids and stored (padded) sizes only: the browser lists files from the references inside entries. */
  attachments: Array<{ id: string; size: number }>
}

/** What the case page sends: the page shell in the clear, the case itself sealed. */
export type CaseFile = {
  id: string
  organisation: { name: string; locales: string[]; timezone: string }
  status: string
  received: string
  acknowledgeBy: string
  feedbackBy: string
  acknowledged: string | null
  feedbackGiven: string | null
  /** Issue 10, extension: when the feedback period was extended, and the months it may still be extended by (0: not). */
  feedbackExtended: string | null
  extensionMonths: number
  /** The printable dossier's header: who prints it, when, and how the statutory deadlines stand. */
  dossier: Dossier
  sealed: {
    caseId: string
    /** This confidant's own copies only: never another holder's. */
    sharedKey: string | null
    internalKey: string | null
    entries: SealedCaseEntry[]
  }
}

/**
 * A confidant opening and answering one case (issue 9). Only a confidant assigned to the case's organisation
 * reaches it; anyone else (other confidants, administrators) gets the same `CaseNotFound` as an unknown id, so
 * nobody learns which ids exist. Every read is an audit event (who, what, which case; no content, no IP).
 */
export function caseFileService({ repos, now }: ServiceContext, caseHandling: CaseHandlingService) {
  function caseFor(session: StaffSession, caseId: string) {
    const row = session.role === 'confidant' ? repos.cases.findById(caseId) : undefined
    if (!row) throw new CaseNotFound()
    const assigned = repos.organisations
      .assignedTo(session.userId)
      .some((organisation) => organisation.id === row.organisationId)
    if (!assigned) throw new CaseNotFound()
    return row
  }

  return {
    open(session: StaffSession, caseId: string, locale: 'nl' | 'en'): CaseFile {
      const row = caseFor(session, caseId)
      const organisation = repos.organisations.findById(row.organisationId)!
      const date = (at: number | null) => (at === null ? null : formatDate(at, locale, organisation.timezone))
      const key = (kind: 'shared' | 'internal') => {
        const sealed = repos.cases.sealedKey(row.id, session.userId, kind)
        return sealed ? toBase64Url(sealed) : null
      }
      const entries = repos.cases.entries(row.id, { includeNotes: true }).map((entry) => ({
        id: entry.id,
        kind: entry.kind,
        author: entry.author,
        seq: entry.seq,
        createdAt: entry.createdAt,
        nonce: toBase64Url(entry.nonce),
        ciphertext: toBase64Url(entry.ciphertext),
        attachments: entry.attachments,
      }))
      repos.audit.append({ at: now(), actor: session.userId, action: 'case.read', subject: row.id })
      return {
        id: row.id,
        organisation: {
          name: organisation.name,
          locales: organisation.locales.split(','),
          timezone: organisation.timezone,
        },
        status: row.status,
        received: date(row.receivedAt)!,
        acknowledgeBy: date(row.acknowledgeBy)!,
        feedbackBy: date(row.feedbackBy)!,
        acknowledged: date(row.acknowledgedAt),
        feedbackGiven: date(row.feedbackGivenAt),
        feedbackExtended: date(row.feedbackExtendedAt),
        extensionMonths:
          extensionRefusal(row, profileOf(organisation)) === undefined
            ? profileOf(organisation).feedbackExtensionMonths
            : 0,
        dossier: dossierOf(row, session.name, now(), locale, organisation.timezone),
        sealed: { caseId: row.id, sharedKey: key('shared'), internalKey: key('internal'), entries },
      }
    },

    /** A file's ciphertext as stored, read piece by piece; the browser decrypts it. */
    encryptedAttachment(session: StaffSession, caseId: string, attachmentId: string) {
      const row = caseFor(session, caseId)
      const file = repos.cases.attachmentOf(row.id, attachmentId, { includeNotes: true })
      if (!file) throw new CaseNotFound()
      repos.audit.append({ at: now(), actor: session.userId, action: 'case.file.read', subject: row.id })
      return { size: file.size, data: repos.attachments.ciphertext(file.id) }
    },

    /** An entry the confidant's browser sealed: stored as received, bound to its place in the thread. */
    addEntry(
      session: StaffSession,
      caseId: string,
      entry: {
        kind: StaffEntryKind
        entryId: string
        seq: number
        nonce: string
        ciphertext: string
        /** Workflow: the meeting request this message answers. */
        answers?: string
      },
    ): void {
      const row = caseFor(session, caseId)
      caseHandling.addStaffEntry({ caseId: row.id, userId: session.userId, ...entry })
    },
  }
}
export type CaseFileService = ReturnType<typeof caseFileService>

// --- The printable dossier (issue 9, oral area): metadata the server knows; the case itself is decrypted in the browser.

export type DeadlineStatus = 'met' | 'late' | 'open' | 'overdue'

export type Dossier = {
  printedBy: string
  printedOn: string
  deadlines: Array<{ kind: 'acknowledgement' | 'feedback'; due: string; status: DeadlineStatus }>
}

/** Whether each statutory deadline was met, met late, is still open or has passed (DESIGN §5). */
export function deadlineStatus(due: number, doneAt: number | null, at: number): DeadlineStatus {
  if (doneAt !== null) return doneAt <= due ? 'met' : 'late'
  return at > due ? 'overdue' : 'open'
}

function dossierOf(
  row: {
    acknowledgeBy: number
    feedbackBy: number
    acknowledgedAt: number | null
    feedbackGivenAt: number | null
  },
  printedBy: string,
  at: number,
  locale: 'nl' | 'en',
  timezone: string,
): Dossier {
  return {
    printedBy,
    printedOn: formatDateTime(at, locale, timezone),
    deadlines: [
      {
        kind: 'acknowledgement',
        due: formatDate(row.acknowledgeBy, locale, timezone),
        status: deadlineStatus(row.acknowledgeBy, row.acknowledgedAt, at),
      },
      {
        kind: 'feedback',
        due: formatDate(row.feedbackBy, locale, timezone),
        status: deadlineStatus(row.feedbackBy, row.feedbackGivenAt, at),
      },
    ],
  }
}
