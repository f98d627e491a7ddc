import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { caseNextDue, reportCase } from '../schema.js'

/** Each time zone's bounds of one quarter: [starts, ends) in UTC milliseconds. */
export type QuarterBounds = { quarter: string; timezone: string; starts: number; ends: number }

export type DeadlineAggregate = {
  quarter: string
  organisationId: string
  received: number
  acknowledgedInTime: number
  /** Cases whose acknowledgement was given or is past due: the base of the percentage. */
  acknowledgementDue: number
  feedbackInTime: number
  feedbackDue: number
}

/**
 * Live cases and the tombstones of purged ones as one set of rows: statistics survive the purge. A tombstone
 * keeps its own deadline-met flags (taken at purge time); for a live case they are worked out the same way.
 */
const reports = sql`reports as (
  select organisation_id as org, received_at, acknowledge_by, feedback_by, acknowledged_at, feedback_given_at,
    closed_at, outcome,
    case when acknowledged_at is null then null else acknowledged_at <= acknowledge_by end as ack_met,
    case when feedback_given_at is null then null else feedback_given_at <= feedback_by end as fb_met
  from "case"
  union all
  select organisation_id, received_at, acknowledge_by, feedback_by, acknowledged_at, feedback_given_at,
    closed_at, outcome, acknowledgement_met, feedback_met
  from case_tombstone
)`

function boundsTable(bounds: QuarterBounds[]): SQL {
  const rows = bounds.map((b) => sql`(${b.quarter}, ${b.timezone}, ${b.starts}, ${b.ends})`)
  return sql`bounds(quarter, timezone, starts, ends) as (values ${sql.join(rows, sql`, `)})`
}

/**
 * Reports whose `column` falls in the quarter, read in each organisation's own time zone. CROSS JOIN fixes
 * the order (SQLite never reorders it): one pass over the reports, each finding its organisation by key.
 * Left to itself the planner put organisation outside and scanned every report for each of them.
 */
const inQuarter = (column: string) =>
  sql`from reports r cross join organisation o on o.id = r.org
    cross join bounds b on b.timezone = o.timezone and r.${sql.raw(column)} >= b.starts and r.${sql.raw(column)} < b.ends`

const nextDue = caseNextDue(reportCase)

/** Statistics without content (issue 11): aggregates over dates, deadlines and outcomes only, in SQL. */
export function statisticsRepository(db: Db) {
  return {
    /** Per quarter and organisation: reports received, and deadlines met among those due. */
    deadlines(bounds: QuarterBounds[], now: number): DeadlineAggregate[] {
      if (bounds.length === 0) return []
      return db.all<DeadlineAggregate>(sql`with ${reports}, ${boundsTable(bounds)}
        select b.quarter as quarter, r.org as organisationId, count(*) as received,
          coalesce(sum(r.ack_met = 1), 0) as acknowledgedInTime,
          coalesce(sum(r.ack_met is not null or r.acknowledge_by <= ${now}), 0) as acknowledgementDue,
          coalesce(sum(r.fb_met = 1), 0) as feedbackInTime,
          coalesce(sum(r.fb_met is not null or r.feedback_by <= ${now}), 0) as feedbackDue
        ${inQuarter('received_at')}
        group by b.quarter, r.org`)
    },

    /**
     * The median times in milliseconds from receipt to the acknowledgement and to the feedback, of the
     * reports received in the quarter, per organisation (and '' for all of them together). One pass over the
     * reports; window functions rank the quarter's rows in SQL and only one row per group comes back. NULLS
     * LAST with count(column) keeps cases without the step out of its median.
     */
    medians(bounds: QuarterBounds[]): {
      acknowledgement: Map<string, number>
      feedback: Map<string, number>
    } {
      const found = { acknowledgement: new Map<string, number>(), feedback: new Map<string, number>() }
      if (bounds.length === 0) return found
      const middle = (rank: string, n: string, value: string) =>
        sql.raw(`avg(case when ${rank} in ((${n} + 1) / 2, (${n} + 2) / 2) then ${value} end)`)
      const rows = db.all<{
        org: string
        a: number | null
        f: number | null
      }>(sql`with ${reports}, ${boundsTable(bounds)},
        steps as materialized (select r.org as org, r.acknowledged_at - r.received_at as a,
          r.feedback_given_at - r.received_at as f ${inQuarter('received_at')}),
        ranked as materialized (select org, a, f,
          row_number() over (partition by org order by a nulls last) as ra, count(a) over (partition by org) as na,
          row_number() over (partition by org order by f nulls last) as rf, count(f) over (partition by org) as nf,
          row_number() over (order by a nulls last) as rat, count(a) over () as nat,
          row_number() over (order by f nulls last) as rft, count(f) over () as nft
          from steps)
        select org, ${middle('ra', 'na', 'a')} as a, ${middle('rf', 'nf', 'f')} as f from ranked group by org
        union all
        select '', ${middle('rat', 'nat', 'a')}, ${middle('rft', 'nft', 'f')} from ranked`)
      for (const row of rows) {
        // No step in a group: avg() over nothing is null.
        if (row.a !== null) found.acknowledgement.set(row.org, row.a)
        if (row.f !== null) found.feedback.set(row.org, row.f)
      }
      return found
    },

    /** Cases closed in the quarter, by organisation and outcome (cases closed without one are left out). */
    outcomes(bounds: QuarterBounds[]): Array<{ organisationId: string; outcome: string; cases: number }> {
      if (bounds.length === 0) return []
      return db.all(sql`with ${reports}, ${boundsTable(bounds)}
        select r.org as organisationId, r.outcome as outcome, count(*) as cases
        ${inQuarter('closed_at')}
        where r.outcome is not null
        group by r.org, r.outcome`)
    },

    /** Open cases now (purged cases are always closed), and those past their running deadline. */
    openNow(now: number): Array<{ organisationId: string; open: number; overdue: number }> {
      return db.all(sql`select organisation_id as organisationId, count(*) as open,
          coalesce(sum(${nextDue} < ${now}), 0) as overdue
        from "case" where status <> 'closed' group by organisation_id`)
    },

    /** Every member organisation, by name: the rows of the tables (a member without reports shows zeros). */
    members(): Array<{ id: string; slug: string; name: string; timezone: string }> {
      return db.all(sql`select id, slug, name, timezone from organisation order by name, slug`)
    },

    /** The first receipt on record, to offer quarters back to it. */
    firstReceivedAt(): number | undefined {
      const row = db.get<{ at: number | null }>(sql`select min(at) as at from (
          select min(received_at) as at from "case" union all select min(received_at) from case_tombstone)`)
      return row?.at ?? undefined
    },
  }
}
