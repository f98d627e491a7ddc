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
 * The reports statistics read, never content: their organisation, dates and outcome, one array per column (the
 * i-th element of each is the i-th report). Live cases and the tombstones of purged ones alike, so statistics
 * survive the purge.
 */
export type ReportDates = {
  organisationId: string[]
  receivedAt: number[]
  /** Milliseconds from receipt to the acknowledgement, and to the feedback; null when not given. */
  toAcknowledgement: Array<number | null>
  toFeedback: Array<number | null>
  closedAt: Array<number | null>
  outcome: Array<string | null>
  acknowledgement: Step[]
  feedback: Step[]
  open: OpenNow[]
}

/**
 * A small integer written into the SQL text. better-sqlite3 binds a JavaScript number as a REAL, and so a sum
 * with it is one too, which JSON then spells as a float ("2.0"): formatting those cost a fifth of the read.
 */
const literal = (value: number) => sql.raw(String(Math.trunc(value)))

/** Statistics without content (issue 11): dates, deadlines and outcomes only. */
export function statisticsRepository(db: Db) {
  const now = sql.placeholder('now')
  /** A step given at `done` (or a tombstone's `met` flag) against its date `by`. */
  const step = (done: SQL, by: SQL) =>
    sql<Step>`case when ${done} is not null then ${literal(Step.Missed)} + ${done} when ${by} <= ${now} then ${literal(Step.Missed)} else ${literal(Step.NotDue)} end`
  /**
   * The columns of `ReportDates` from a live case or a tombstone (only whether each step was met, and open,
   * differ), each read as one JSON array built by SQLite and parsed at once. Handing 10 000 rows × 9 values to
   * JavaScript one by one cost twice as much; a column of numbers parses into one compact array instead of
   * 10 000 small ones; aggregating each table directly, not a union of both, is a little faster again.
   * Integers below 2^53 and null survive JSON exactly.
   */
  const datesOf = (
    table: typeof reportCase | typeof caseTombstone,
    met: { acknowledgement: SQL; feedback: SQL },
    open: SQL<OpenNow>,
    where: SQL | undefined,
  ) => {
    const columns: Record<keyof ReportDates, SQL> = {
      organisationId: sql`${table.organisationId}`,
      receivedAt: sql`${table.receivedAt}`,
      toAcknowledgement: sql`${table.acknowledgedAt} - ${table.receivedAt}`,
      toFeedback: sql`${table.feedbackGivenAt} - ${table.receivedAt}`,
      closedAt: sql`${table.closedAt}`,
      outcome: sql`${table.outcome}`,
      acknowledgement: step(met.acknowledgement, sql`${table.acknowledgeBy}`),
      feedback: step(met.feedback, sql`${table.feedbackBy}`),
      open,
    }
    const read = db
      .select(
        Object.fromEntries(
          Object.entries(columns).map(([name, value]) => [name, sql<string>`json_group_array(${value})`]),
        ) as Record<keyof ReportDates, SQL<string>>,
      )
      .from(table)
      .where(where)
      .prepare()
    return (query: Record<string, number>): ReportDates => {
      const json = read.get(query)!
      return Object.fromEntries(
        Object.entries(json).map(([name, text]) => [name, JSON.parse(text)]),
      ) as ReportDates
    }
  }
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
    sql<OpenNow>`case when ${reportCase.status} = 'closed' then ${literal(OpenNow.No)} when ${caseNextDue(reportCase)} < ${now} then ${literal(OpenNow.Overdue)} else ${literal(OpenNow.Yes)} end`,
    or(...inWindow(reportCase), sql`${reportCase.status} <> 'closed'`),
  )
  // A tombstone keeps the flags taken at purge time; a purged case is closed.
  const purged = datesOf(
    caseTombstone,
    {
      acknowledgement: sql`${caseTombstone.acknowledgementMet}`,
      feedback: sql`${caseTombstone.feedbackMet}`,
    },
    sql<OpenNow>`${literal(OpenNow.No)}`,
    or(...inWindow(caseTombstone)),
  )
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
     * page of statistics needs, live cases and tombstones, in two reads counted by the service in one pass.
     * (SQL aggregates cost a scan each, per quarter, time zone and median, and turned out slower.)
     */
    reportDates(query: {
      receivedFrom: number
      closedFrom: number
      now: number
    }): [ReportDates, ReportDates] {
      return [live(query), purged(query)]
    },

    /** Every member organisation, by name: the rows of the tables (a member without reports shows zeros). */
    members(): Array<{ id: string; slug: string; name: string; timezone: string }> {
      return members.all()
    },
  }
}
