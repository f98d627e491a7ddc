import type { QuarterBounds } from '../../db/index.js'
import { type CaseOutcome, caseOutcomes, isCaseOutcome } from '../domain/case-workflow.js'
import {
  noOutcomes,
  type OutcomeCounts,
  type OutcomeTable,
  parseQuarter,
  percentage,
  type Quarter,
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

/**
 * Statistics without any content (issue 11): counts, deadlines met and outcomes per member organisation and
 * for the association, per quarter in each organisation's time zone, over live cases and purged ones'
 * tombstones alike. Computed by SQL aggregates; no case row is loaded here.
 */
export function statisticsService({ repos, now }: ServiceContext) {
  const stats = repos.statistics

  function boundsFor(quarters: Quarter[], timezones: string[]): QuarterBounds[] {
    return quarters.flatMap((q) =>
      timezones.map((timezone) => ({ quarter: quarterLabel(q), timezone, ...quarterBounds(q, timezone) })),
    )
  }

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
      const timezones = [...new Set(members.map((m) => m.timezone))]

      const trendQuarters = Array.from({ length: TREND_QUARTERS }, (_, i) =>
        shiftQuarter(quarter, i - TREND_QUARTERS + 1),
      )
      const aggregates = stats.deadlines(boundsFor(trendQuarters, timezones), at)
      const selected = boundsFor([quarter], timezones)
      const { acknowledgement: toAcknowledgement, feedback: toFeedback } = stats.medians(selected)
      const openNow = new Map(stats.openNow(at).map((row) => [row.organisationId, row]))

      const days = (ms: number | undefined) => (ms === undefined ? undefined : ms / DAY_MS)
      const figures = (rows: typeof aggregates, open: { open: number; overdue: number }) => {
        const sum = (pick: (row: (typeof aggregates)[number]) => number) =>
          rows.reduce((total, row) => total + pick(row), 0)
        const acknowledgementDue = sum((r) => r.acknowledgementDue)
        const feedbackDue = sum((r) => r.feedbackDue)
        return {
          received: sum((r) => r.received),
          acknowledgedInTimePct: percentage(
            sum((r) => r.acknowledgedInTime),
            acknowledgementDue,
          ),
          acknowledgementDue,
          feedbackInTimePct: percentage(
            sum((r) => r.feedbackInTime),
            feedbackDue,
          ),
          feedbackDue,
          open: open.open,
          overdue: open.overdue,
        }
      }
      const ofQuarter = aggregates.filter((row) => row.quarter === label)
      const byMember = new Map<string, typeof ofQuarter>()
      for (const row of ofQuarter)
        byMember.set(row.organisationId, [...(byMember.get(row.organisationId) ?? []), row])
      const rows: MemberFigures[] = members.map((member) => ({
        slug: member.slug,
        name: member.name,
        ...figures(byMember.get(member.id) ?? [], openNow.get(member.id) ?? { open: 0, overdue: 0 }),
        medianDaysToAcknowledgement: days(toAcknowledgement.get(member.id)),
        medianDaysToFeedback: days(toFeedback.get(member.id)),
      }))
      const allOpen = [...openNow.values()].reduce(
        (total, row) => ({ open: total.open + row.open, overdue: total.overdue + row.overdue }),
        { open: 0, overdue: 0 },
      )
      const association: DeadlineFigures = {
        ...figures(ofQuarter, allOpen),
        medianDaysToAcknowledgement: days(toAcknowledgement.get('')),
        medianDaysToFeedback: days(toFeedback.get('')),
      }

      const trend = trendQuarters.map((q) => {
        const inQuarter = aggregates.filter(
          (row) => row.quarter === quarterLabel(q) && (!chosen || row.organisationId === chosen.id),
        )
        const { received, acknowledgedInTimePct, feedbackInTimePct } = figures(inQuarter, allOpen)
        return { quarter: quarterLabel(q), received, acknowledgedInTimePct, feedbackInTimePct }
      })

      // Suppression runs over every member, whatever is asked for: one member's page shows exactly its row of
      // the whole table, so comparing filtered and unfiltered pages reveals nothing more.
      const counts = new Map<string, OutcomeCounts>()
      for (const row of stats.outcomes(selected)) {
        if (!isCaseOutcome(row.outcome)) continue
        const cells = counts.get(row.organisationId) ?? noOutcomes()
        cells[row.outcome as CaseOutcome] += row.cases
        counts.set(row.organisationId, cells)
      }
      const slugOf = new Map(members.map((m) => [m.id, m.slug]))
      const table = suppressOutcomes(
        [...counts].map(([id, outcomes]) => ({ row: slugOf.get(id) ?? id, outcomes })),
      )
      const order = new Map(members.map((m, i) => [m.slug, i]))
      table.rows.sort((a, b) => (order.get(a.row) ?? 0) - (order.get(b.row) ?? 0))

      return {
        quarter: label,
        quarters: Array.from({ length: QUARTERS_OFFERED }, (_, i) => quarterLabel(shiftQuarter(current, -i))),
        members: members.map(({ slug, name }) => ({ slug, name })),
        organisation: chosen && { slug: chosen.slug, name: chosen.name },
        association,
        rows: chosen ? rows.filter((row) => row.slug === chosen.slug) : rows,
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
