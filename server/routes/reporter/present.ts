import { catalogue, type Locale } from '../../../views/i18n/index.js'
import type { ReceiptModel } from '../../../views/pages/reporter/receipt-text.js'
import type { ThreadModel } from '../../../views/pages/reporter/thread.js'
import { formatDate, formatDateTime } from '../../domain/deadlines.js'
import type { AuthorRole, CaseOverview, EncryptedThread, OpenedThread } from '../../services/follow-up.js'

/** Turns service results into view-models: labels in the visitor's language, dates in the organisation's zone. */
export function presentOverview(locale: Locale, overview: CaseOverview) {
  const t = catalogue(locale).reporter
  const date = (at: number) => formatDate(at, locale, overview.timezone)
  const dates: Array<[string, string]> = [
    [t.receivedOn, formatDateTime(overview.receivedAt, locale, overview.timezone)],
  ]
  dates.push(
    overview.acknowledgedAt
      ? [t.acknowledgedOn, date(overview.acknowledgedAt)]
      : [t.acknowledgeBy, date(overview.acknowledgeBy)],
  )
  // Issue 10: an extended feedback period is said, before the new date (its reason is in the thread).
  if (overview.feedbackExtendedAt !== null)
    dates.push([catalogue(locale).feedbackExtension.extendedOn, date(overview.feedbackExtendedAt)])
  dates.push(
    overview.feedbackGivenAt
      ? [t.feedbackOn, date(overview.feedbackGivenAt)]
      : [t.feedbackBy, date(overview.feedbackBy)],
  )
  // Closed, and when; the outcome classification stays internal. DESIGN §5 gives the reporter the status and
  // the statutory feedback, where the confidant explains the outcome in words: a bare label such as "not
  // substantiated" without that context could mislead, and it is the organisation's assessment, not the
  // reporter's record.
  if (overview.closedAt !== null)
    dates.push([catalogue(locale).caseWorkflow.reporterClosedOn, date(overview.closedAt)])
  return { statusLabel: t.status[overview.status], dates, meetingPending: overview.meetingRequested }
}

/** Whether a case opening with an oral report's transcript still awaits the reporter's agreement. */
function transcriptState(entries: Array<{ kind: string }>): 'awaiting' | 'agreed' | undefined {
  if (entries[0]?.kind !== 'transcript') return undefined
  return entries.some((entry) => entry.kind === 'transcript_agreement') ? 'agreed' : 'awaiting'
}

function roleLabel(locale: Locale, role: AuthorRole): string {
  const t = catalogue(locale).reporter
  if (role === 'system') return catalogue(locale).autoAcknowledgement.from // issue 10: the only system entry
  return role === 'reporter' ? t.fromYou : role === 'confidant' ? t.fromConfidant : t.fromSystem
}

function kindLabel(locale: Locale, kind: string): string {
  const kinds = catalogue(locale).reporter.kinds
  return Object.hasOwn(kinds, kind) ? kinds[kind as keyof typeof kinds] : kind
}

type ThreadBase = Pick<
  ThreadModel,
  'locale' | 'organisationName' | 'actions' | 'notice' | 'problem' | 'formToken' | 'kept'
>

export function presentOpenedThread(
  base: ThreadBase,
  thread: OpenedThread,
  fileHref: (id: string) => string,
): ThreadModel {
  return {
    ...base,
    ...presentOverview(base.locale, thread),
    warning: thread.incomplete ? catalogue(base.locale).reporter.threadIncomplete : undefined,
    mode: 'session',
    transcript: transcriptState(thread.entries),
    entries: thread.entries.map((entry) => ({
      id: entry.id,
      heading: kindLabel(base.locale, entry.kind),
      from: roleLabel(base.locale, entry.role),
      createdOn: formatDateTime(entry.createdAt, base.locale, thread.timezone),
      opened: {
        locale: base.locale,
        kind: entry.kind,
        document: entry.document,
        files: entry.attachments.map((file) => ({ ...file, href: fileHref(file.id) })),
      },
    })),
  }
}

export function presentEncryptedThread(base: ThreadBase, thread: EncryptedThread): ThreadModel {
  return {
    ...base,
    ...presentOverview(base.locale, thread),
    mode: 'browser',
    // Sealed entries: their kinds are in the clear, the browser re-checks the order once they are opened.
    transcript: transcriptState([...thread.entries].sort((a, b) => a.seq - b.seq)),
    caseId: thread.caseId,
    sealedSharedKey: thread.sealedSharedKey,
    entries: thread.entries.map((entry) => ({
      id: entry.id,
      heading: kindLabel(base.locale, entry.kind),
      from: roleLabel(base.locale, entry.role),
      createdOn: formatDateTime(entry.createdAt, base.locale, thread.timezone),
      sealed: JSON.stringify({
        id: entry.id,
        kind: entry.kind,
        author: entry.author,
        seq: entry.seq,
        nonce: entry.nonce,
        ciphertext: entry.ciphertext,
      }),
    })),
  }
}

export function presentReceipt(
  locale: Locale,
  organisation: { name: string; timezone: string },
  followUpUrl: string,
  /** Already grouped for display (1234 5678 9012 3456). */
  code: string | undefined,
  /** Unknown on the JavaScript page until the submission is answered. */
  receivedAt: number | undefined,
): ReceiptModel {
  return {
    organisationName: organisation.name,
    followUpUrl,
    receivedOn: receivedAt === undefined ? '' : formatDateTime(receivedAt, locale, organisation.timezone),
    code: code ?? '',
  }
}
