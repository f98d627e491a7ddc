import { or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { caseNextDue, caseTombstone, organisation, reportCase } from '../schema.js'

/** A statutory step of one report, at the time asked about: not due yet, due and missed, or met. */
export const Step = { NotDue: 0, Missed: 1, Met: 2 } as const
export type Step = (typeof Step)[keyof typeof Step]

/** Open now: no (closed or purged), yes, or yes and past the deadline running now. */
export const OpenNow = { No: 0, Yes: 1, Overdue: 2 } as const
export type OpenNow = (typeof OpenNow)[keyof typeof OpenNow]

/**
 * One report as statistics read it, as a plain array (read by the thousand): its organisation, dates and outcome, never content. Live cases and the tombstones of purged ones
 * alike, so statistics survive the purge.
 */
export type ReportDates = [
  organisationId: string,
  receivedAt: number,
  /** Milliseconds from receipt to the acknowledgement, and to the feedback; null when not given. */
  toAcknowledgement: number | null,
  toFeedback: number | null,
  closedAt: number | null,
  outcome: string | null,
  acknowledgement: Step,
  feedback: Step,
  open: OpenNow,
]

/** Statistics without content (issue 11): dates, deadlines and outcomes only. */
export function statisticsRepository(db: Db) {
  const now = sql.placeholder('now')
  /** A step given at `done` (or a tombstone's `met` flag) against its date `by`. */
  const step = (done: SQL, by: SQL) =>
    sql<Step>`case when ${done} is not null then ${Step.Missed} + ${done} when ${by} <= ${now} then ${Step.Missed} else ${Step.NotDue} end`
  /** The same columns from a live case and from a tombstone; only whether each step was met, and open, differ. */
  const datesOf = (
    table: typeof reportCase | typeof caseTombstone,
    met: { acknowledgement: SQL; feedback: SQL },
    open: SQL<OpenNow>,
  ) =>
    db
      .select({
        organisationId: table.organisationId,
        receivedAt: table.receivedAt,
        toAcknowledgement: sql<number | null>`${table.acknowledgedAt} - ${table.receivedAt}`.as(
          'to_acknowledgement',
        ),
        toFeedback: sql<number | null>`${table.feedbackGivenAt} - ${table.receivedAt}`.as('to_feedback'),
        closedAt: table.closedAt,
        outcome: table.outcome,
        acknowledgement: step(met.acknowledgement, sql`${table.acknowledgeBy}`).as('acknowledgement'),
        feedback: step(met.feedback, sql`${table.feedbackBy}`).as('feedback'),
        open: open.as('open'),
      })
      .from(table)
  const inWindow = (table: typeof reportCase | typeof caseTombstone) => [
    sql`${table.receivedAt} >= ${sql.placeholder('receivedFrom')}`,
    sql`${table.closedAt} >= ${sql.placeholder('closedFrom')}`,
  ]
  const live = datesOf(
    reportCase,
    {
      acknowledgement: sql`(${reportCase.acknowledgedAt} <= ${reportCase.acknowledgeBy})`,
      feedback: sql`(${reportCase.feedbackGivenAt} <= ${reportCase.feedbackBy})`,
    },
    sql<OpenNow>`case when ${reportCase.status} = 'closed' then ${OpenNow.No} when ${caseNextDue(reportCase)} < ${now} then ${OpenNow.Overdue} else ${OpenNow.Yes} end`,
  ).where(or(...inWindow(reportCase), sql`${reportCase.status} <> 'closed'`))
  // A tombstone keeps the flags taken at purge time; a purged case is closed.
  const purged = datesOf(
    caseTombstone,
    {
      acknowledgement: sql`${caseTombstone.acknowledgementMet}`,
      feedback: sql`${caseTombstone.feedbackMet}`,
    },
    sql<OpenNow>`${OpenNow.No}`,
  ).where(or(...inWindow(caseTombstone)))
  // Read as one JSON text built by SQLite and parsed at once: handing 10 000 rows × 9 values to JavaScript
  // one by one cost twice as much (the same numbers: integers below 2^53 and null survive JSON exactly).
  const dates = live.unionAll(purged).as('dates')
  const reportDates = db
    .select({
      rows: sql<string>`json_group_array(json_array(${sql.join(
        [
          dates.organisationId,
          dates.receivedAt,
          dates.toAcknowledgement,
          dates.toFeedback,
          dates.closedAt,
          dates.outcome,
          dates.acknowledgement,
          dates.feedback,
          dates.open,
        ],
        sql`, `,
      )}))`,
    })
    .from(dates)
    .prepare()
  const members = db
    .select({
      id: organisation.id,
      slug: organisation.slug,
      name: organisation.name,
      timezone: organisation.timezone,
    })
    .from(organisation)
    .orderBy(organisation.name, organisation.slug)
    .prepare()

  return {
    /**
     * Every report received at or after `receivedFrom`, closed at or after `closedFrom`, or open now: all a
     * page of statistics needs, in one read, counted by the service in one pass. (SQL aggregates cost a scan
     * each, per quarter, time zone and median, and turned out slower than this one read.)
     */
    reportDates(query: { receivedFrom: number; closedFrom: number; now: number }): ReportDates[] {
      return JSON.parse(reportDates.get(query)?.rows ?? '[]') as ReportDates[]
    },

    /** Every member organisation, by name: the rows of the tables (a member without reports shows zeros). */
    members(): Array<{ id: string; slug: string; name: string; timezone: string }> {
      return members.all()
    },
  }
}
