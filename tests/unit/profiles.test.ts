import { describe, expect, it } from 'vitest'
import { deadlinesFor, easterSunday, formatDateTime } from '../../server/domain/deadlines.js'
import { findProfile, profiles } from '../../server/domain/profiles.js'

const paris = 'Europe/Paris'
const madrid = 'Europe/Madrid'
const berlin = 'Europe/Berlin'
const fr = findProfile('fr')!
const es = findProfile('es')!
const de = findProfile('de')!
const nl = findProfile('nl')!

/** 10:00 local time in Paris, Madrid or Berlin on a date (they share CET/CEST). */
const tenOClock = (y: number, m: number, d: number) => {
  const summer = Date.UTC(y, m - 1, d, 8)
  // CEST (UTC+2) from the last Sunday of March to the last Sunday of October; else CET (UTC+1).
  return formatDateTime(summer, 'en', paris).endsWith('10:00') ? summer : Date.UTC(y, m - 1, d, 9)
}

describe('every member state a Dutch association’s members work in is a profile', () => {
  it.each(['nl', 'de', 'eu', 'fr', 'be', 'es', 'it', 'pl'])(
    '%s has its numbers, retention and authorities',
    (id) => {
      const profile = findProfile(id)!
      expect(profile.id).toBe(id)
      expect(profile.acknowledgeDays).toBe(7)
      expect(profile.feedbackMonths).toBe(3)
      expect(profile.retentionDays).toBeGreaterThan(0)
      expect(profile.retentionNote).not.toBe('')
      expect(profile.authorities.length).toBeGreaterThan(0)
    },
  )

  it('knows no other ids, and none from the prototype', () => {
    expect(Object.keys(profiles).sort()).toEqual(['be', 'de', 'es', 'eu', 'fr', 'it', 'nl', 'pl'])
    expect(findProfile('toString')).toBeUndefined()
    expect(findProfile('FR')).toBeUndefined()
  })
})

describe('Easter Sunday, from which France’s moveable holidays are counted', () => {
  it.each([
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2038, 4, 25], // the latest possible date
    [2285, 3, 22], // the earliest possible date
  ])('%i: %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ month, day })
  })
})

describe('France: acknowledge within 7 working days (Monday to Friday, public holidays excluded)', () => {
  // [what, received (local 10:00), due (local 10:00)]
  const weeks: Array<[string, [number, number, number], [number, number, number]]> = [
    ['an ordinary week: Monday → the Wednesday after next', [2026, 11, 30], [2026, 12, 9]],
    ['Christmas and New Year (Fri 25 Dec, Fri 1 Jan)', [2026, 12, 23], [2027, 1, 5]],
    ['Easter Monday (6 April 2026)', [2026, 4, 3], [2026, 4, 15]],
    ['1 May and 8 May (both Fridays in 2026)', [2026, 4, 30], [2026, 5, 13]],
    ['Ascension (Thursday 14 May 2026)', [2026, 5, 12], [2026, 5, 22]],
    ['Whit Monday (25 May 2026)', [2026, 5, 18], [2026, 5, 28]],
    ['14 July (a Tuesday in 2026)', [2026, 7, 10], [2026, 7, 22]],
    ['received on a Saturday, with 11 November in the week', [2026, 11, 7], [2026, 11, 18]],
  ]
  it.each(weeks)('%s', (_, received, due) => {
    const { acknowledgeBy } = deadlinesFor({ receivedAt: tenOClock(...received) }, fr, paris)
    expect(formatDateTime(acknowledgeBy, 'en', paris)).toBe(formatDateTime(tenOClock(...due), 'en', paris))
  })

  it('counts calendar days in the Netherlands for the same week (Christmas counts)', () => {
    const { acknowledgeBy } = deadlinesFor({ receivedAt: tenOClock(2026, 12, 23) }, nl, 'Europe/Amsterdam')
    expect(acknowledgeBy).toBe(tenOClock(2026, 12, 30))
  })

  it('gives feedback 3 months after the end of the 7 working days when never acknowledged', () => {
    const { feedbackBy } = deadlinesFor({ receivedAt: tenOClock(2026, 12, 23) }, fr, paris)
    expect(feedbackBy).toBe(tenOClock(2027, 4, 5))
  })
})

describe('Spain: feedback 3 months from receipt, extendable once by 3 months', () => {
  const receivedAt = tenOClock(2026, 11, 30)
  const acknowledgedAt = tenOClock(2026, 12, 3)

  it('counts from receipt, not from the acknowledgement (clamped to 28 February)', () => {
    expect(deadlinesFor({ receivedAt, acknowledgedAt }, es, madrid).feedbackBy).toBe(tenOClock(2027, 2, 28))
    // The Netherlands counts from the acknowledgement.
    expect(deadlinesFor({ receivedAt, acknowledgedAt }, nl, madrid).feedbackBy).toBe(tenOClock(2027, 3, 3))
  })

  it('moves to 6 months from receipt once extended', () => {
    const extended = deadlinesFor(
      { receivedAt, acknowledgedAt, feedbackExtendedAt: tenOClock(2027, 2, 1) },
      es,
      madrid,
    )
    expect(extended.feedbackBy).toBe(tenOClock(2027, 5, 30))
    expect(extended.acknowledgeBy).toBe(tenOClock(2026, 12, 7))
  })

  it('counts from the end of the 7 days when never acknowledged', () => {
    expect(deadlinesFor({ receivedAt }, es, madrid).feedbackBy).toBe(tenOClock(2027, 3, 7))
  })

  it('has no extension where the law gives none', () => {
    const extended = deadlinesFor(
      { receivedAt, acknowledgedAt, feedbackExtendedAt: acknowledgedAt },
      nl,
      madrid,
    )
    expect(extended.feedbackBy).toBe(tenOClock(2027, 3, 3))
  })
})

describe('Germany: "3 Monate und 7 Tage nach Eingang" without acknowledgement, read both ways, the earlier kept', () => {
  it('days first is earlier: received 24 Nov → 1 Dec + 3 months = 1 Mar (not 24 Feb + 7 days = 3 Mar)', () => {
    expect(deadlinesFor({ receivedAt: tenOClock(2026, 11, 24) }, de, berlin).feedbackBy).toBe(
      tenOClock(2027, 3, 1),
    )
  })

  it('months first is earlier: received 24 Apr → 24 Jul + 7 days = 31 Jul (not 1 May + 3 months = 1 Aug)', () => {
    expect(deadlinesFor({ receivedAt: tenOClock(2027, 4, 24) }, de, berlin).feedbackBy).toBe(
      tenOClock(2027, 7, 31),
    )
    // The Directive's reading, used in the Netherlands, is the later one.
    expect(deadlinesFor({ receivedAt: tenOClock(2027, 4, 24) }, nl, berlin).feedbackBy).toBe(
      tenOClock(2027, 8, 1),
    )
  })

  it('counts 3 months from the acknowledgement once there is one', () => {
    const dates = { receivedAt: tenOClock(2027, 4, 24), acknowledgedAt: tenOClock(2027, 4, 26) }
    expect(deadlinesFor(dates, de, berlin).feedbackBy).toBe(tenOClock(2027, 7, 26))
  })
})
