import { OpenNow, type ReportDates, Step } from '../../db/index.js'
import { caseOutcomes, isCaseOutcome } from '../domain/case-workflow.js'
import {
  noOutcomes,
  type OutcomeCounts,
  type OutcomeTable,
  parseQuarter,
  percentage,
  quarterBounds,
  quarterLabel,
  quarterOf,
  shiftQuarter,
  suppressOutcomes,
} from '../domain/statistics.js'
import { InvalidInput, OrganisationNotFound } from '../errors.js'
import type { ServiceContext } from './context.js'

const DAY_MS = 24 * 60 * 60 * 1000
/** Quarters offered in the picker, the current one first. */
const QUARTERS_OFFERED = 8
/** Quarters in the trend charts, ending with the one asked for. */
const TREND_QUARTERS = 4
/** The quarter asked for: the trend's last. */
const SELECTED = TREND_QUARTERS - 1

/** One row of the deadline table: a member, or the association as a whole. Percentages and days are undefined when there is nothing to measure. */
export type DeadlineFigures = {
  received: number
  acknowledgedInTimePct: number | undefined
  acknowledgementDue: number
  feedbackInTimePct: number | undefined
  feedbackDue: number
  medianDaysToAcknowledgement: number | undefined
  medianDaysToFeedback: number | undefined
  /** Now, whatever the quarter. */
  open: number
  overdue: number
}

export type MemberFigures = DeadlineFigures & { slug: string; name: string }

export type StatisticsReport = {
  quarter: string
  quarters: string[]
  members: Array<{ slug: string; name: string }>
  /** The member asked for (?organisation=slug); the tables then show only its row besides the association's. */
  organisation: { slug: string; name: string } | undefined
  association: DeadlineFigures
  rows: MemberFigures[]
  /** Reports received and deadlines met over the last quarters, for the member asked for or the association. */
  trend: Array<{
    quarter: string
    received: number
    acknowledgedInTimePct?: number
    feedbackInTimePct?: number
  }>
  /** Cases closed in the quarter by outcome, k-anonymised (domain/statistics.ts `suppressOutcomes`). */
  outcomes: OutcomeTable<string> & { names: Record<string, string> }
}

/** A member's (or the association's) counts for one quarter. */
type Tally = {
  received: number
  acknowledgedInTime: number
  acknowledgementDue: number
  feedbackInTime: number
  feedbackDue: number
}

const noTally = (): Tally => ({
  received: 0,
  acknowledgedInTime: 0,
  acknowledgementDue: 0,
  feedbackInTime: 0,
  feedbackDue: 0,
})

function addTally(total: Tally, more: Tally): Tally {
  total.received += more.received
  total.acknowledgedInTime += more.acknowledgedInTime
  total.acknowledgementDue += more.acknowledgementDue
  total.feedbackInTime += more.feedbackInTime
  total.feedbackDue += more.feedbackDue
  return total
}

/** One member's counts while reading: per trend quarter, and for the quarter asked for (the last). */
type MemberTally = {
  /** The trend quarters' [starts, ends) in the member's own time zone. */
  bounds: Array<{ starts: number; ends: number }>
  quarters: Tally[]
  toAcknowledgement: number[]
  toFeedback: number[]
  outcomes: OutcomeCounts | undefined
  open: number
  overdue: number
}

/** Counts report `i` of `read` into its member's tally. */
function countReport(member: MemberTally, read: ReportDates, i: number): void {
  const receivedAt = read.receivedAt[i]!
  const k = member.bounds.findIndex((b) => receivedAt >= b.starts && receivedAt < b.ends)
  if (k >= 0) {
    const tally = member.quarters[k]!
    const acknowledgement = read.acknowledgement[i]
    const feedback = read.feedback[i]
    tally.received++
    if (acknowledgement !== Step.NotDue) tally.acknowledgementDue++
    if (acknowledgement === Step.Met) tally.acknowledgedInTime++
    if (feedback !== Step.NotDue) tally.feedbackDue++
    if (feedback === Step.Met) tally.feedbackInTime++
    if (k === SELECTED) {
      const toAcknowledgement = read.toAcknowledgement[i] ?? null
      const toFeedback = read.toFeedback[i] ?? null
      if (toAcknowledgement !== null) member.toAcknowledgement.push(toAcknowledgement)
      if (toFeedback !== null) member.toFeedback.push(toFeedback)
    }
  }
  const selected = member.bounds[SELECTED]!
  const closedAt = read.closedAt[i] ?? null
  const outcome = read.outcome[i] ?? null
  if (
    closedAt !== null &&
    closedAt >= selected.starts &&
    closedAt < selected.ends &&
    isCaseOutcome(outcome)
  ) {
    member.outcomes ??= noOutcomes()
    member.outcomes[outcome]++
  }
  if (read.open[i] !== OpenNow.No) member.open++
  if (read.open[i] === OpenNow.Overdue) member.overdue++
}

/** The middle value (the mean of the two middle ones for an even count); undefined for none. */
function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = Float64Array.from(values).sort()
  const half = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1]! + sorted[half]!) / 2
}

/**
 * Statistics without any content (issue 11): counts, deadlines met and outcomes per member organisation and
 * for the association, per quarter in each organisation's time zone, over live cases and purged ones'
 * tombstones alike. One read of dates and outcomes (never content) per table, counted in one pass.
 */
export function statisticsService({ repos, now }: ServiceContext) {
  const stats = repos.statistics

  return {
    report(query: { quarter?: string; organisation?: string } = {}): StatisticsReport {
      const at = now()
      const current = quarterOf(at, 'UTC')
      const quarter = query.quarter ? parseQuarter(query.quarter) : current
      if (!quarter) throw new InvalidInput(`quarter "${query.quarter}" is not like 2026-Q4`)
      const label = quarterLabel(quarter)
      const members = stats.members()
      const chosen = query.organisation ? members.find((m) => m.slug === query.organisation) : undefined
      if (query.organisation && !chosen) throw new OrganisationNotFound(query.organisation)

      // The trend's quarters end with the one asked for; each member's bounds are local midnights in its
      // own zone, worked out once per zone.
      const trendQuarters = Array.from({ length: TREND_QUARTERS }, (_, i) =>
        shiftQuarter(quarter, i - TREND_QUARTERS + 1),
      )
      const boundsOfZone = new Map<string, Array<{ starts: number; ends: number }>>()
      for (const { timezone } of members)
        if (!boundsOfZone.has(timezone))
          boundsOfZone.set(
            timezone,
            trendQuarters.map((q) => quarterBounds(q, timezone)),
          )
      const tallies = new Map(
        members.map((member): [string, MemberTally] => [
          member.id,
          {
            bounds: boundsOfZone.get(member.timezone)!,
            quarters: trendQuarters.map(noTally),
            toAcknowledgement: [],
            toFeedback: [],
            outcomes: undefined,
            open: 0,
            overdue: 0,
          },
        ]),
      )
      const earliest = (index: number) =>
        Math.min(...[...boundsOfZone.values()].map((bounds) => bounds[index]!.starts))

      const reads =
        members.length === 0
          ? []
          : stats.reportDates({ receivedFrom: earliest(0), closedFrom: earliest(SELECTED), now: at })
      for (const read of reads)
        read.organisationId.forEach((organisationId, i) => {
          const member = tallies.get(organisationId)
          if (member) countReport(member, read, i)
        })

      const days = (ms: number | undefined) => (ms === undefined ? undefined : ms / DAY_MS)
      const figures = (tally: Tally) => ({
        received: tally.received,
        acknowledgedInTimePct: percentage(tally.acknowledgedInTime, tally.acknowledgementDue),
        acknowledgementDue: tally.acknowledgementDue,
        feedbackInTimePct: percentage(tally.feedbackInTime, tally.feedbackDue),
        feedbackDue: tally.feedbackDue,
      })
      const memberRows: MemberFigures[] = members.map((member) => {
        const tally = tallies.get(member.id)!
        return {
          slug: member.slug,
          name: member.name,
          ...figures(tally.quarters[SELECTED]!),
          medianDaysToAcknowledgement: days(median(tally.toAcknowledgement)),
          medianDaysToFeedback: days(median(tally.toFeedback)),
          open: tally.open,
          overdue: tally.overdue,
        }
      })
      const all = [...tallies.values()]
      const association: DeadlineFigures = {
        ...figures(all.reduce((total, t) => addTally(total, t.quarters[SELECTED]!), noTally())),
        medianDaysToAcknowledgement: days(median(all.flatMap((t) => t.toAcknowledgement))),
        medianDaysToFeedback: days(median(all.flatMap((t) => t.toFeedback))),
        open: all.reduce((total, t) => total + t.open, 0),
        overdue: all.reduce((total, t) => total + t.overdue, 0),
      }

      const inTrend = chosen ? [tallies.get(chosen.id)!] : all
      const trend = trendQuarters.map((q, k) => {
        const { received, acknowledgedInTimePct, feedbackInTimePct } = figures(
          inTrend.reduce((total, t) => addTally(total, t.quarters[k]!), noTally()),
        )
        return { quarter: quarterLabel(q), received, acknowledgedInTimePct, feedbackInTimePct }
      })

      // Suppression runs over every member with a case closed in the quarter, whatever is asked for: one
      // member's page shows exactly its row of the whole table, so comparing filtered and unfiltered pages
      // reveals nothing more.
      const table = suppressOutcomes(
        members.flatMap((member) => {
          const outcomes = tallies.get(member.id)!.outcomes
          return outcomes ? [{ row: member.slug, outcomes }] : []
        }),
      )

      return {
        quarter: label,
        quarters: Array.from({ length: QUARTERS_OFFERED }, (_, i) => quarterLabel(shiftQuarter(current, -i))),
        members: members.map(({ slug, name }) => ({ slug, name })),
        organisation: chosen && { slug: chosen.slug, name: chosen.name },
        association,
        rows: chosen ? memberRows.filter((row) => row.slug === chosen.slug) : memberRows,
        trend,
        outcomes: {
          rows: chosen ? table.rows.filter((row) => row.row === chosen.slug) : table.rows,
          total: table.total,
          names: Object.fromEntries(members.map((m) => [m.slug, m.name])),
        },
      }
    },
  }
}
export type StatisticsService = ReturnType<typeof statisticsService>

/**
 * A spreadsheet cell. Text a spreadsheet would run as a formula (= + - @, or a tab or carriage return that
 * some read the same way) gets a leading apostrophe: a member's name is typed by an administrator and must
 * not become a formula in whoever opens the export. Quoted when it holds a comma, quote or line break.
 */
export function csvCell(value: string | number): string {
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The CSV text of a withheld outcome count: the same words as the page's English. */
export const WITHHELD = 'fewer than 5 or withheld'

/**
 * The report as CSV (one row per member, the association first): the same figures and the same withheld
 * cells as the page. A member with no case closed in the quarter reads as withheld too (0 is fewer than 5).
 */
export function statisticsCsv(report: StatisticsReport): string {
  return `${statisticsTable(report)
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')}\r\n`
}

/** The export's rows, header first: what the CSV and the CLI print. */
export function statisticsTable(report: StatisticsReport): Array<Array<string | number>> {
  const number = (value: number | undefined) =>
    value === undefined ? '' : String(Math.round(value * 10) / 10)
  const header = [
    'quarter',
    'member',
    'name',
    'received',
    'acknowledged_in_time_pct',
    'acknowledgement_due',
    'feedback_in_time_pct',
    'feedback_due',
    'median_days_to_acknowledgement',
    'median_days_to_feedback',
    'open_now',
    'overdue_now',
    ...caseOutcomes.map((outcome) => `closed_${outcome}`),
  ]
  const outcomesOf = new Map(report.outcomes.rows.map((row) => [row.row, row.cells]))
  const line = (
    slug: string,
    name: string,
    f: DeadlineFigures,
    cells: OutcomeTable<string>['total'] | undefined,
  ) => [
    report.quarter,
    slug,
    name,
    f.received,
    number(f.acknowledgedInTimePct),
    f.acknowledgementDue,
    number(f.feedbackInTimePct),
    f.feedbackDue,
    number(f.medianDaysToAcknowledgement),
    number(f.medianDaysToFeedback),
    f.open,
    f.overdue,
    ...caseOutcomes.map((outcome) => {
      const cell = cells?.[outcome]
      return cell?.shown ? cell.count : WITHHELD
    }),
  ]
  return [
    header,
    line('', 'association', report.association, report.outcomes.total),
    ...report.rows.map((row) => line(row.slug, row.name, row, outcomesOf.get(row.slug))),
  ]
}
