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
 * One report as statistics read it, as a plain array (read by the thousand, arrays cost a fraction of
 * objects): its organisation, dates and outcome, never content. Live cases and the tombstones of purged ones
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
  const live = db
    .select({
      organisationId: reportCase.organisationId,
      receivedAt: reportCase.receivedAt,
      toAcknowledgement: sql<number | null>`${reportCase.acknowledgedAt} - ${reportCase.receivedAt}`,
      toFeedback: sql<number | null>`${reportCase.feedbackGivenAt} - ${reportCase.receivedAt}`,
      closedAt: reportCase.closedAt,
      outcome: reportCase.outcome,
      acknowledgement: step(
        sql`(${reportCase.acknowledgedAt} <= ${reportCase.acknowledgeBy})`,
        sql`${reportCase.acknowledgeBy}`,
      ),
      feedback: step(
        sql`(${reportCase.feedbackGivenAt} <= ${reportCase.feedbackBy})`,
        sql`${reportCase.feedbackBy}`,
      ),
      open: sql<OpenNow>`case when ${reportCase.status} = 'closed' then ${OpenNow.No} when ${caseNextDue(reportCase)} < ${now} then ${OpenNow.Overdue} else ${OpenNow.Yes} end`,
    })
    .from(reportCase)
    .where(
      or(
        sql`${reportCase.receivedAt} >= ${sql.placeholder('receivedFrom')}`,
        sql`${reportCase.closedAt} >= ${sql.placeholder('closedFrom')}`,
        sql`${reportCase.status} <> 'closed'`,
      ),
    )
  const purged = db
    .select({
      organisationId: caseTombstone.organisationId,
      receivedAt: caseTombstone.receivedAt,
      toAcknowledgement: sql<number | null>`${caseTombstone.acknowledgedAt} - ${caseTombstone.receivedAt}`,
      toFeedback: sql<number | null>`${caseTombstone.feedbackGivenAt} - ${caseTombstone.receivedAt}`,
      closedAt: caseTombstone.closedAt,
      outcome: caseTombstone.outcome,
      // The flags taken at purge time.
      acknowledgement: step(sql`${caseTombstone.acknowledgementMet}`, sql`${caseTombstone.acknowledgeBy}`),
      feedback: step(sql`${caseTombstone.feedbackMet}`, sql`${caseTombstone.feedbackBy}`),
      open: sql<OpenNow>`${OpenNow.No}`,
    })
    .from(caseTombstone)
    .where(
      or(
        sql`${caseTombstone.receivedAt} >= ${sql.placeholder('receivedFrom')}`,
        sql`${caseTombstone.closedAt} >= ${sql.placeholder('closedFrom')}`,
      ),
    )
  const reportDates = live.unionAll(purged).prepare()
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
      return reportDates.values(query) as ReportDates[]
    },

    /** Every member organisation, by name: the rows of the tables (a member without reports shows zeros). */
    members(): Array<{ id: string; slug: string; name: string; timezone: string }> {
      return members.all()
    },
  }
}
