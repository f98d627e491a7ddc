import { describe, expect, it } from 'vitest'
import {
  allowedMoves,
  type CaseStatus,
  caseOutcomes,
  checkStatusMove,
  isCaseOutcome,
  statusAfterEntry,
} from '../../server/domain/case-workflow.js'

// DESIGN §5: received → acknowledged → in_follow_up → feedback_given → closed. The statutory steps are
// entries the reporter sees; a move by hand never stands in for them, and nothing leaves closed.

const moves: Array<[from: CaseStatus, feedbackGiven: boolean, to: CaseStatus, refusal: string | undefined]> =
  [
    ['received', false, 'received', 'unchanged'],
    ['received', false, 'acknowledged', 'use_acknowledgement'],
    ['received', false, 'in_follow_up', 'acknowledge_first'],
    ['received', false, 'feedback_given', 'acknowledge_first'],
    ['received', false, 'closed', 'acknowledge_first'],
    ['acknowledged', false, 'received', 'no_going_back'],
    ['acknowledged', false, 'in_follow_up', undefined],
    ['acknowledged', false, 'feedback_given', 'use_feedback'],
    ['acknowledged', false, 'closed', 'feedback_first'],
    ['in_follow_up', false, 'acknowledged', 'no_going_back'],
    ['in_follow_up', false, 'in_follow_up', 'unchanged'],
    ['in_follow_up', false, 'feedback_given', 'use_feedback'],
    ['in_follow_up', false, 'closed', 'feedback_first'],
    // Follow-up may resume after the feedback, and a case with feedback given may then be closed.
    ['in_follow_up', true, 'closed', undefined],
    ['feedback_given', true, 'in_follow_up', undefined],
    ['feedback_given', true, 'acknowledged', 'no_going_back'],
    ['feedback_given', true, 'closed', undefined],
    ['closed', true, 'in_follow_up', 'closed'],
    ['closed', true, 'feedback_given', 'closed'],
    ['closed', true, 'received', 'closed'],
    ['closed', true, 'closed', 'closed'],
  ]

describe('status moves by hand', () => {
  it.each(moves)('%s (feedback given: %s) → %s: %s', (from, feedbackGiven, to, refusal) => {
    expect(checkStatusMove({ status: from, feedbackGiven }, to)).toBe(refusal)
  })

  it('offers exactly the moves the rules allow', () => {
    expect(allowedMoves({ status: 'received', feedbackGiven: false })).toEqual([])
    expect(allowedMoves({ status: 'acknowledged', feedbackGiven: false })).toEqual(['in_follow_up'])
    expect(allowedMoves({ status: 'feedback_given', feedbackGiven: true })).toEqual([
      'in_follow_up',
      'closed',
    ])
    expect(allowedMoves({ status: 'closed', feedbackGiven: true })).toEqual([])
  })
})

describe('status after an entry', () => {
  it.each([
    ['received', 'acknowledgement', 'acknowledged'],
    ['acknowledged', 'acknowledgement', 'acknowledged'],
    ['acknowledged', 'feedback', 'feedback_given'],
    ['in_follow_up', 'feedback', 'feedback_given'],
    // Feedback before the acknowledgement is refused by the service; it never skips the acknowledgement.
    ['received', 'feedback', 'received'],
    ['in_follow_up', 'message', 'in_follow_up'],
    ['closed', 'feedback', 'closed'],
    ['closed', 'acknowledgement', 'closed'],
  ] as const)('%s + %s → %s', (status, kind, after) => {
    expect(statusAfterEntry(status, kind)).toBe(after)
  })
})

describe('outcomes', () => {
  it('is a fixed list, and nothing else is an outcome', () => {
    expect(caseOutcomes).toContain('not_substantiated')
    for (const outcome of caseOutcomes) expect(isCaseOutcome(outcome)).toBe(true)
    for (const other of ['', 'closed', 'Substantiated', undefined, 1])
      expect(isCaseOutcome(other)).toBe(false)
  })
})
