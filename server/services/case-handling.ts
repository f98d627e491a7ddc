import { fromBase64Url } from '../../crypto/index.js'
import { statusAfterEntry } from '../domain/case-workflow.js'
import { deadlinesFor } from '../domain/deadlines.js'
import { type JurisdictionProfile, profileOf } from '../domain/profiles.js'
import {
  CaseNotFound,
  FeedbackExtensionRefused,
  MeetingRequestNotOpen,
  NotAssigned,
  StatusMoveRefused,
  SubmissionInvalid,
  SubmissionReplayed,
  ThreadMoved,
} from '../errors.js'
import type { ServiceContext } from './context.js'

export type StaffEntryKind = 'acknowledgement' | 'message' | 'feedback' | 'note' | 'extension'

/**
 * Issue 10, extension: why the feedback period cannot be extended now, or undefined when it can. Once only,
 * where the profile gives an extension, and only while the feedback is still owed on an open case.
 */
export function extensionRefusal(
  row: { status: string; feedbackExtendedAt: number | null; feedbackGivenAt: number | null },
  profile: Pick<JurisdictionProfile, 'feedbackExtensionMonths'>,
): FeedbackExtensionRefused['reason'] | undefined {
  if (profile.feedbackExtensionMonths <= 0) return 'not_allowed'
  if (row.feedbackExtendedAt !== null) return 'already_extended'
  if (row.status === 'closed') return 'closed'
  if (row.feedbackGivenAt !== null) return 'feedback_given'
  return undefined
}

/**
 * What a confidant records on a case: the entry arrives encrypted from their browser. Giving the
 * acknowledgement or the feedback sets the statutory timestamps (Directive art. 9(1)(b),(f)).
 */
export function caseHandlingService({ repos, now }: ServiceContext) {
  return {
    addStaffEntry(input: {
      caseId: string
      userId: string
      kind: StaffEntryKind
      entryId: string
      /** The place in its thread the browser bound the entry to (notes count apart). */
      seq: number
      nonce: string
      ciphertext: string
      /** A message that answers this meeting request (its entry id): the inbox stops showing it as waiting. */
      answers?: string
    }): void {
      const row = repos.cases.findById(input.caseId)
      if (!row) throw new CaseNotFound()
      const assigned = repos.organisations
        .confidantsWithKeys(row.organisationId)
        .some((user) => user.id === input.userId)
      if (!assigned) throw new NotAssigned()
      if (!/^[A-Za-z0-9_-]{22}$/.test(input.entryId)) throw new SubmissionInvalid('entry id is not valid')
      // The statutory feedback follows the acknowledgement, never stands in for it (DESIGN §5).
      if (input.kind === 'feedback' && row.acknowledgedAt === null)
        throw new StatusMoveRefused('acknowledge_first')
      if (input.answers !== undefined && input.kind !== 'message')
        throw new SubmissionInvalid('only a message answers')
      const at = now()
      repos.durableTransaction(() => {
        if (repos.cases.entryIdTaken(input.entryId)) throw new SubmissionReplayed()
        if (
          input.answers !== undefined &&
          !repos.cases.unansweredMeetingRequests(row.id).some((request) => request.id === input.answers)
        )
          throw new MeetingRequestNotOpen()
        // Read again inside the transaction: a status changed meanwhile (closed) must not be overwritten.
        const current = repos.cases.findById(row.id)!
        const thread = input.kind === 'note' ? 'internal' : 'shared'
        if (input.seq !== repos.cases.nextSeq(row.id, thread)) throw new ThreadMoved()
        const organisation = repos.organisations.findById(row.organisationId)!
        const profile = profileOf(organisation)
        if (input.kind === 'extension') {
          const refusal = extensionRefusal(current, profile)
          if (refusal) throw new FeedbackExtensionRefused(refusal)
        }
        repos.cases.insertEntry({
          id: input.entryId,
          caseId: row.id,
          kind: input.kind,
          author: input.userId,
          seq: input.seq,
          createdAt: at,
          nonce: Buffer.from(fromBase64Url(input.nonce)),
          ciphertext: Buffer.from(fromBase64Url(input.ciphertext)),
          answers: input.answers ?? null,
        })
        if (input.kind === 'acknowledgement' && current.acknowledgedAt === null) {
          // The feedback deadline runs from the acknowledgement from now on (Directive art. 9(1)(f)).
          const { feedbackBy } = deadlinesFor(
            {
              receivedAt: row.receivedAt,
              acknowledgedAt: at,
              feedbackExtendedAt: current.feedbackExtendedAt,
            },
            profile,
            organisation.timezone,
          )
          repos.cases.updateCase(row.id, {
            acknowledgedAt: at,
            feedbackBy,
            status: statusAfterEntry(current.status, input.kind),
          })
        }
        // The first feedback sets the statutory date; a closed case stays closed (case-workflow.ts).
        if (input.kind === 'feedback')
          repos.cases.updateCase(row.id, {
            feedbackGivenAt: current.feedbackGivenAt ?? at,
            status: statusAfterEntry(current.status, input.kind),
          })
        if (input.kind === 'extension') {
          // Issue 10: the server knows an extension happened from the entry's kind; its reason stays sealed.
          const { feedbackBy } = deadlinesFor(
            { ...current, feedbackExtendedAt: at },
            profile,
            organisation.timezone,
          )
          repos.cases.updateCase(row.id, { feedbackExtendedAt: at, feedbackBy })
        }
        repos.audit.append({
          at,
          actor: input.userId,
          action:
            input.answers !== undefined
              ? 'case.meeting-answer'
              : input.kind === 'extension'
                ? 'case.feedback_extended'
                : `case.${input.kind}`,
          subject: row.id,
        })
      })
    },
  }
}
export type CaseHandlingService = ReturnType<typeof caseHandlingService>
