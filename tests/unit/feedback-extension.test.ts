import { describe, expect, it } from 'vitest'
import { profileOf } from '../../server/domain/profiles.js'
import { extensionRefusal } from '../../server/services/case-handling.js'

// Issue 10, extension: once, where the profile gives one, and only while the feedback is still owed.
const es = profileOf({ profile: 'es' })
const nl = profileOf({ profile: 'nl' })
const open = { status: 'acknowledged', feedbackExtendedAt: null, feedbackGivenAt: null }

describe('when the feedback period may be extended', () => {
  it.each([
    ['an open ES case', open, es, undefined],
    ['an NL case', open, nl, 'not_allowed'],
    ['an ES case extended before', { ...open, feedbackExtendedAt: 1 }, es, 'already_extended'],
    ['a closed ES case', { ...open, status: 'closed' }, es, 'closed'],
    ['an ES case whose feedback was given', { ...open, feedbackGivenAt: 1 }, es, 'feedback_given'],
  ])('%s', (_name, row, profile, refusal) => {
    expect(extensionRefusal(row, profile)).toBe(refusal)
  })
})
