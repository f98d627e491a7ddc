import { TZDate } from '@date-fns/tz'
// The two functions, not date-fns' index: the index loads ~250 modules (3 MB, and 17 s at start on Node 24 here).
import { addDays } from 'date-fns/addDays'
import { addMonths } from 'date-fns/addMonths'
import type { JurisdictionProfile } from './profiles.js'

/** UTC epoch milliseconds. */
export type CaseDates = {
  receivedAt: number
  acknowledgedAt?: number | null
  feedbackGivenAt?: number | null
}
/** UTC epoch milliseconds. */
export type Deadlines = { acknowledgeBy: number; feedbackBy: number }

/**
 * Statutory deadlines of a case (Directive 2019/1937 art. 9(1)(b),(f); Wbk; HinSchG §17):
 * acknowledge within 7 days of receipt; give feedback within 3 months of the acknowledgement or,
 * if none was sent, within 3 months of the end of those 7 days. `feedbackGivenAt` never moves a
 * deadline: whether a deadline was met is the caller's comparison.
 */
export function deadlinesFor(
  dates: CaseDates,
  profile: Pick<JurisdictionProfile, 'acknowledgeDays' | 'feedbackMonths'>,
  timeZone: string,
): Deadlines {
  const acknowledgeBy = addCalendarDays(dates.receivedAt, profile.acknowledgeDays, timeZone)
  const feedbackFrom = dates.acknowledgedAt ?? acknowledgeBy
  return { acknowledgeBy, feedbackBy: addCalendarMonths(feedbackFrom, profile.feedbackMonths, timeZone) }
}

/**
 * The same wall-clock time `days` calendar days later in `timeZone`, so a week across a DST change is
 * 6 days 23 hours (or 7 days 1 hour) of absolute time. A wall-clock time that does not exist on the
 * target day (spring forward) moves forward by the gap; an ambiguous one (fall back) takes the later.
 */
export function addCalendarDays(at: number, days: number, timeZone: string): number {
  assertWholeNumber(days, 'days')
  return addDays(inZone(at, timeZone), days).getTime()
}

/** The same wall-clock time `months` later in `timeZone`, clamped to the end of a shorter month (31 Aug + 1 = 30 Sep). */
export function addCalendarMonths(at: number, months: number, timeZone: string): number {
  assertWholeNumber(months, 'months')
  return addMonths(inZone(at, timeZone), months).getTime()
}

/** '5 December 2026' / '5 december 2026': the date in the organisation's time zone. */
export function formatDate(at: number, locale: 'nl' | 'en', timeZone: string): string {
  assertInstant(at)
  return formatter('date', locale, timeZone).format(at)
}

/** '5 December 2026 at 14:05' / '5 december 2026 om 14:05': date and 24-hour time in the organisation's time zone. */
export function formatDateTime(at: number, locale: 'nl' | 'en', timeZone: string): string {
  assertInstant(at)
  return formatter('dateTime', locale, timeZone).format(at)
}

// English as written in the EU (day before month), not en-US.
const intlLocale = { nl: 'nl-NL', en: 'en-GB' } as const

// Building an Intl.DateTimeFormat is slow; only valid zones get here (invalid ones throw), so the cache stays small.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(kind: 'date' | 'dateTime', locale: 'nl' | 'en', timeZone: string): Intl.DateTimeFormat {
  const cacheKey = `${kind} ${locale} ${timeZone}`
  let cached = formatters.get(cacheKey)
  if (!cached) {
    const time =
      kind === 'dateTime' ? ({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const) : {}
    cached = new Intl.DateTimeFormat(intlLocale[locale], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...time,
      timeZone,
    })
    formatters.set(cacheKey, cached)
  }
  return cached
}

// TZDate turns an unknown zone or a bad instant into NaN silently; a deadline must never be NaN.
function inZone(at: number, timeZone: string): TZDate {
  assertInstant(at)
  const date = new TZDate(at, timeZone)
  if (Number.isNaN(date.getTime())) throw new RangeError(`Unknown time zone: ${timeZone}`)
  return date
}

function assertInstant(at: number): void {
  if (!Number.isFinite(at)) throw new RangeError(`Not an instant: ${at}`)
}

function assertWholeNumber(value: number, name: string): void {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be a whole number, got ${value}`)
}

/**
 * Whole calendar days from `from` to `to` in `timeZone` (0 on the same local day, negative when `to` is
 * earlier): what "2 days left" and "overdue by 4 days" count, whatever the hour.
 */
export function calendarDaysBetween(from: number, to: number, timeZone: string): number {
  const day = (at: number) => Date.parse(localDate(at, timeZone))
  return Math.round((day(to) - day(from)) / (24 * 60 * 60 * 1000))
}

const isoDates = new Map<string, Intl.DateTimeFormat>()

/** '2026-12-03': the local date in `timeZone`. */
function localDate(at: number, timeZone: string): string {
  assertInstant(at)
  let cached = isoDates.get(timeZone)
  if (!cached) {
    // en-CA writes dates as YYYY-MM-DD.
    cached = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone })
    isoDates.set(timeZone, cached)
  }
  return cached.format(at)
}
