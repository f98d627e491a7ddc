import { TZDate } from '@date-fns/tz'
// The two functions, not date-fns' index: the index loads ~250 modules (3 MB, and 17 s at start on Node 24 here).
import { addDays } from 'date-fns/addDays'
import { addMonths } from 'date-fns/addMonths'
import type { HolidayCalendar, JurisdictionProfile } from './profiles.js'

/** UTC epoch milliseconds. */
export type CaseDates = {
  receivedAt: number
  acknowledgedAt?: number | null
  feedbackGivenAt?: number | null
  /** The once-only extension of the feedback period some profiles allow (Spain), recorded with a reason. */
  feedbackExtendedAt?: number | null
}
/** UTC epoch milliseconds. */
export type Deadlines = { acknowledgeBy: number; feedbackBy: number }

export type DeadlineRules = Pick<
  JurisdictionProfile,
  | 'acknowledgeDays'
  | 'acknowledgeCount'
  | 'holidays'
  | 'feedbackMonths'
  | 'feedbackFrom'
  | 'unacknowledgedFeedback'
  | 'feedbackExtensionMonths'
>

/**
 * Statutory deadlines of a case, by its organisation's profile (server/domain/profiles.ts cites each law): by
 * default (Directive 2019/1937 art. 9(1)(b),(f)) acknowledge within 7 days of receipt and give feedback within
 * 3 months of the acknowledgement or, if none was sent, of the end of those 7 days. The one function every
 * stored, shown and reminded deadline comes from. `feedbackGivenAt` never moves a deadline: whether a
 * deadline was met is the caller's comparison.
 */
export function deadlinesFor(dates: CaseDates, profile: DeadlineRules, timeZone: string): Deadlines {
  const acknowledgeBy =
    profile.acknowledgeCount === 'working'
      ? addWorkingDays(dates.receivedAt, profile.acknowledgeDays, profile.holidays, timeZone)
      : addCalendarDays(dates.receivedAt, profile.acknowledgeDays, timeZone)
  const months =
    profile.feedbackMonths + (dates.feedbackExtendedAt == null ? 0 : profile.feedbackExtensionMonths)
  let feedbackBy: number
  if (dates.acknowledgedAt != null) {
    const from = profile.feedbackFrom === 'receipt' ? dates.receivedAt : dates.acknowledgedAt
    feedbackBy = addCalendarMonths(from, months, timeZone)
  } else {
    // Never acknowledged: every profile counts from the end of the acknowledgement period.
    feedbackBy = addCalendarMonths(acknowledgeBy, months, timeZone)
    if (profile.unacknowledgedFeedback === 'earlier of both orders') {
      const daysLast = addCalendarDays(
        addCalendarMonths(dates.receivedAt, months, timeZone),
        profile.acknowledgeDays,
        timeZone,
      )
      feedbackBy = Math.min(feedbackBy, daysLast)
    }
  }
  return { acknowledgeBy, feedbackBy }
}

/**
 * The same wall-clock time on the `days`-th working day after `at` in `timeZone`: Monday to Friday, the
 * calendar's public holidays excluded (the day of receipt never counts, whatever its hour).
 */
export function addWorkingDays(
  at: number,
  days: number,
  holidays: HolidayCalendar | undefined,
  timeZone: string,
): number {
  assertWholeNumber(days, 'days')
  let date = inZone(at, timeZone)
  for (let counted = 0; counted < days; ) {
    date = addDays(date, 1)
    const weekday = date.getDay()
    if (weekday !== 0 && weekday !== 6 && !isHoliday(date, holidays)) counted++
  }
  return date.getTime()
}

function isHoliday(date: TZDate, calendar: HolidayCalendar | undefined): boolean {
  if (!calendar) return false
  const year = date.getFullYear()
  const month = date.getMonth() + 1
  const day = date.getDate()
  if (calendar.fixed.some(([m, d]) => m === month && d === day)) return true
  const easter = easterSunday(year)
  return calendar.fromEaster.some((offset) => {
    const feast = new Date(Date.UTC(year, easter.month - 1, easter.day + offset))
    return feast.getUTCMonth() + 1 === month && feast.getUTCDate() === day
  })
}

/**
 * Easter Sunday of the Gregorian calendar: the anonymous algorithm of 1876 (Meeus, "Astronomical
 * Algorithms", ch. 8), exact for every Gregorian year. Tested against published dates.
 */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const n = h + l - 7 * m + 114
  return { month: Math.floor(n / 31), day: (n % 31) + 1 }
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
