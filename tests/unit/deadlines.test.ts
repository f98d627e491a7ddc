import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addCalendarDays,
  addCalendarMonths,
  deadlinesFor,
  formatDate,
  formatDateTime,
} from '../../server/domain/deadlines.js'
import { findProfile } from '../../server/domain/profiles.js'

const amsterdam = 'Europe/Amsterdam'
const hour = 3_600_000
const day = 24 * hour
const nl = findProfile('nl')!

describe('acknowledgement deadline: 7 calendar days in the organisation’s time zone', () => {
  it('keeps the wall-clock time across spring forward: 27 March 14:00 CET is due 3 April 14:00 CEST', () => {
    const received = Date.UTC(2026, 2, 27, 13) // 14:00 CET
    const { acknowledgeBy } = deadlinesFor({ receivedAt: received }, nl, amsterdam)
    expect(acknowledgeBy).toBe(Date.UTC(2026, 3, 3, 12)) // 14:00 CEST
    expect(acknowledgeBy - received).toBe(7 * day - hour)
    expect(formatDateTime(acknowledgeBy, 'en', amsterdam)).toBe('3 April 2026 at 14:00')
  })

  it('keeps the wall-clock time across fall back: 20 October 09:00 CEST is due 27 October 09:00 CET', () => {
    const received = Date.UTC(2026, 9, 20, 7) // 09:00 CEST
    const acknowledgeBy = addCalendarDays(received, 7, amsterdam)
    expect(acknowledgeBy).toBe(Date.UTC(2026, 9, 27, 8)) // 09:00 CET
    expect(acknowledgeBy - received).toBe(7 * day + hour)
  })

  it('moves a time that does not exist on the target day (02:30 on the spring-forward night) to 03:30', () => {
    const received = Date.UTC(2026, 2, 22, 1, 30) // Sunday 22 March 02:30 CET
    expect(addCalendarDays(received, 7, amsterdam)).toBe(Date.UTC(2026, 2, 29, 1, 30)) // 03:30 CEST
  })

  it('depends on the organisation’s zone: the same received instant is due at a different UTC instant elsewhere', () => {
    const received = Date.UTC(2026, 2, 27, 13)
    // Tokyo has no DST, so 7 days there are exactly 168 hours; Amsterdam loses an hour that week.
    expect(addCalendarDays(received, 7, 'Asia/Tokyo')).toBe(Date.UTC(2026, 3, 3, 13))
    expect(addCalendarDays(received, 7, amsterdam)).toBe(Date.UTC(2026, 3, 3, 12))
    // The US springs forward on 8 March 2026, three weeks before Europe.
    const early = Date.UTC(2026, 2, 6, 15)
    expect(addCalendarDays(early, 7, 'America/New_York')).toBe(Date.UTC(2026, 2, 13, 14))
    expect(addCalendarDays(early, 7, amsterdam)).toBe(Date.UTC(2026, 2, 13, 15))
  })

  it('refuses an unknown time zone instead of returning a NaN deadline', () => {
    expect(() => addCalendarDays(Date.UTC(2026, 0, 1), 7, 'Europe/Atlantis')).toThrow(RangeError)
    expect(() => deadlinesFor({ receivedAt: Number.NaN }, nl, amsterdam)).toThrow(RangeError)
  })
})

describe('feedback deadline: 3 calendar months', () => {
  const received = Date.UTC(2026, 2, 27, 13) // 27 March 2026 14:00 CET

  it('runs from the end of the 7 days when the case was never acknowledged', () => {
    const deadlines = deadlinesFor({ receivedAt: received, acknowledgedAt: null }, nl, amsterdam)
    expect(deadlines).toEqual({
      acknowledgeBy: Date.UTC(2026, 3, 3, 12), // 3 April 14:00 CEST
      feedbackBy: Date.UTC(2026, 6, 3, 12), // 3 July 14:00 CEST
    })
  })

  it('runs from the acknowledgement when one was sent', () => {
    const acknowledgedAt = Date.UTC(2026, 2, 30, 8) // 30 March 10:00 CEST
    const deadlines = deadlinesFor({ receivedAt: received, acknowledgedAt }, nl, amsterdam)
    expect(deadlines.acknowledgeBy).toBe(Date.UTC(2026, 3, 3, 12))
    expect(deadlines.feedbackBy).toBe(Date.UTC(2026, 5, 30, 8)) // 30 June 10:00 CEST
  })

  it('does not move when feedback is given', () => {
    const open = deadlinesFor({ receivedAt: received }, nl, amsterdam)
    const answered = deadlinesFor(
      { receivedAt: received, feedbackGivenAt: Date.UTC(2026, 4, 1) },
      nl,
      amsterdam,
    )
    expect(answered).toEqual(open)
  })

  it('clamps to the end of a shorter month, including leap years', () => {
    const at = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 11) // 12:00 CET / 13:00 CEST
    expect(addCalendarMonths(at(2026, 11, 30), 3, amsterdam)).toBe(at(2027, 2, 28))
    expect(addCalendarMonths(at(2027, 11, 30), 3, amsterdam)).toBe(at(2028, 2, 29))
    expect(addCalendarMonths(at(2028, 1, 31), 1, amsterdam)).toBe(at(2028, 2, 29))
    // 31 August 13:00 CEST + 1 month = 30 September 13:00 CEST.
    expect(addCalendarMonths(at(2026, 8, 31), 1, amsterdam)).toBe(at(2026, 9, 30))
  })

  it('clamps by the local date, not the UTC date', () => {
    // 30 November 2027 23:30 UTC is already 1 December in Amsterdam, but still 30 November in New York.
    const late = Date.UTC(2027, 10, 30, 23, 30)
    expect(formatDate(addCalendarMonths(late, 3, amsterdam), 'en', amsterdam)).toBe('1 March 2028')
    expect(formatDate(addCalendarMonths(late, 3, 'America/New_York'), 'en', 'America/New_York')).toBe(
      '29 February 2028',
    )
  })
})

describe('formatting dates for reporters and confidants', () => {
  // 23:30 UTC on 4 December is already 5 December in Amsterdam.
  const at = Date.UTC(2026, 11, 4, 23, 30)

  it('shows the date in the organisation’s zone, in Dutch and English', () => {
    expect(formatDate(at, 'nl', amsterdam)).toBe('5 december 2026')
    expect(formatDate(at, 'en', amsterdam)).toBe('5 December 2026')
    expect(formatDate(at, 'en', 'UTC')).toBe('4 December 2026')
  })

  it('adds the 24-hour time in that zone', () => {
    expect(formatDateTime(at, 'nl', amsterdam)).toBe('5 december 2026 om 00:30')
    expect(formatDateTime(at, 'en', amsterdam)).toBe('5 December 2026 at 00:30')
    expect(formatDateTime(at, 'en', 'America/New_York')).toBe('4 December 2026 at 18:30')
  })
})

describe('calendar arithmetic properties', () => {
  const zones = [
    'Europe/Amsterdam',
    'Europe/Berlin',
    'America/New_York',
    'America/Sao_Paulo', // had DST changes at midnight until 2019
    'Asia/Tokyo',
    'Australia/Lord_Howe', // 30-minute DST shift
    'UTC',
  ]
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2037, 11, 31) })
  const zone = fc.constantFrom(...zones)

  it('7 days later is the same local wall-clock time, 7 local dates on, unless that time does not exist', () => {
    fc.assert(
      fc.property(instant, zone, (t, timeZone) => {
        const start = wallClock(t, timeZone)
        const end = wallClock(addCalendarDays(t, 7, timeZone), timeZone)
        const wanted = { ...shiftDate(start, 7), hour: start.hour, minute: start.minute }
        expect(dateOf(end)).toEqual(dateOf(wanted))
        if (wallClockExists(wanted, timeZone)) {
          expect([end.hour, end.minute]).toEqual([start.hour, start.minute])
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('n months later lands in exactly the intended local month, on the same day or that month’s last day', () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: 0, max: 36 }), (t, timeZone, months) => {
        const start = wallClock(t, timeZone)
        const end = wallClock(addCalendarMonths(t, months, timeZone), timeZone)
        const monthIndex = start.year * 12 + (start.month - 1) + months
        expect([end.year, end.month]).toEqual([Math.floor(monthIndex / 12), (monthIndex % 12) + 1])
        expect(end.day).toBe(Math.min(start.day, daysInMonth(end.year, end.month)))
      }),
      { numRuns: 2000 },
    )
  })
})

// An independent reading of local time through Intl, so the properties do not trust the code under test.
type WallClock = { year: number; month: number; day: number; hour: number; minute: number }

const readers = new Map<string, Intl.DateTimeFormat>()

function wallClock(at: number, timeZone: string): WallClock {
  let reader = readers.get(timeZone)
  if (!reader) {
    reader = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
    readers.set(timeZone, reader)
  }
  const parts = Object.fromEntries(reader.formatToParts(at).map((p) => [p.type, Number(p.value)]))
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! }
}

function dateOf({ year, month, day }: WallClock) {
  return { year, month, day }
}

function shiftDate(clock: WallClock, days: number): WallClock {
  const d = new Date(Date.UTC(clock.year, clock.month - 1, clock.day + days))
  return { ...clock, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function offsetAt(at: number, timeZone: string): number {
  const c = wallClock(at, timeZone)
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute) - Math.floor(at / 60_000) * 60_000
}

/** Whether some instant shows this local time: try the offsets in force a day either side. */
function wallClockExists(wanted: WallClock, timeZone: string): boolean {
  const naive = Date.UTC(wanted.year, wanted.month - 1, wanted.day, wanted.hour, wanted.minute)
  return [offsetAt(naive - day, timeZone), offsetAt(naive + day, timeZone)].some((offset) => {
    const shown = wallClock(naive - offset, timeZone)
    return shown.day === wanted.day && shown.hour === wanted.hour && shown.minute === wanted.minute
  })
}
