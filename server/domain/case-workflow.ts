import type { caseStatuses } from '../../db/schema.js'

export type CaseStatus = (typeof caseStatuses)[number]

/**
 * How a case may be closed (issue 9). Data, not code: the list a confidant picks from, stored in
 * `case.outcome`. The Dutch labels follow the Wbk's "vermoeden van een misstand" wording (views/i18n).
 */
export const caseOutcomes = [
  'substantiated',
  'partly_substantiated',
  'not_substantiated',
  'outside_scope',
  'referred_to_authority',
  'withdrawn_or_no_information',
] as const
export type CaseOutcome = (typeof caseOutcomes)[number]

export function isCaseOutcome(value: unknown): value is CaseOutcome {
  return typeof value === 'string' && (caseOutcomes as readonly string[]).includes(value)
}

/** Why a move is refused, in words the page turns into a sentence (views/i18n `workflow.refused`). */
export type MoveRefusal =
  | 'unchanged'
  | 'closed'
  | 'no_going_back'
  | 'acknowledge_first'
  | 'use_acknowledgement'
  | 'use_feedback'
  | 'feedback_first'

export type CaseProgress = { status: CaseStatus; feedbackGiven: boolean }

const order: Record<CaseStatus, number> = {
  received: 0,
  acknowledged: 1,
  in_follow_up: 2,
  feedback_given: 3,
  closed: 4,
}

/**
 * A status move a confidant makes by hand (DESIGN §5: received → acknowledged → in_follow_up →
 * feedback_given → closed). The two statutory steps are entries the reporter sees, so a bare move never
 * stands in for them: acknowledged only through the acknowledgement (art. 9(1)(b)), feedback_given only
 * through the feedback (art. 9(1)(f)), and closing needs both. Follow-up may resume after feedback; nothing
 * leaves closed (the record must show the case as it was concluded).
 */
export function checkStatusMove(current: CaseProgress, to: CaseStatus): MoveRefusal | undefined {
  const from = current.status
  if (from === 'closed') return 'closed'
  if (to === from) return 'unchanged'
  if (from === 'received') return to === 'acknowledged' ? 'use_acknowledgement' : 'acknowledge_first'
  if (to === 'acknowledged' || to === 'received') return 'no_going_back'
  if (to === 'feedback_given') return 'use_feedback'
  if (to === 'closed' && !current.feedbackGiven) return 'feedback_first'
  return undefined
}

/** The moves to offer on the page: every status the rules allow from here. */
export function allowedMoves(current: CaseProgress): CaseStatus[] {
  return (Object.keys(order) as CaseStatus[]).filter((to) => checkStatusMove(current, to) === undefined)
}

/**
 * The status an entry leaves behind: giving the acknowledgement or the feedback moves it (they set the
 * statutory timestamps); a closed case stays closed whatever is written after.
 */
export function statusAfterEntry(
  status: CaseStatus,
  kind: 'acknowledgement' | 'feedback' | 'message' | 'note' | 'extension',
): CaseStatus {
  if (status === 'closed') return status
  if (kind === 'acknowledgement' && status === 'received') return 'acknowledged'
  if (kind === 'feedback' && status !== 'received') return 'feedback_given'
  return status
}
