import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import {
  assignment,
  caseNextDue,
  type caseStatuses,
  entry,
  NO_DEADLINE,
  organisation,
  reportCase,
} from '../schema.js'

export type CaseStatus = (typeof caseStatuses)[number]

export type InboxRow = {
  id: string
  organisationId: string
  organisationName: string
  timezone: string
  status: CaseStatus
  receivedAt: number
  acknowledgeBy: number
  feedbackBy: number
  /** The statutory deadline running now: acknowledgement, then feedback; null once feedback is given. */
  nextDue: number | null
}

const nextDue = caseNextDue(reportCase)

/** The confidant's inbox: the cases of every organisation assigned to them, never content. */
export function inboxRepository(db: Db) {
  const assignedTo = (userId: string) =>
    db.select({ id: assignment.organisationId }).from(assignment).where(eq(assignment.userId, userId))

  const countsBy = db
    .select({ organisationId: reportCase.organisationId, status: reportCase.status, cases: count() })
    .from(reportCase)
    .where(
      inArray(
        reportCase.organisationId,
        db
          .select({ id: assignment.organisationId })
          .from(assignment)
          .where(eq(assignment.userId, sql.placeholder('userId'))),
      ),
    )
    .groupBy(reportCase.organisationId, reportCase.status)
    .prepare()

  return {
    /**
     * One page of cases, the most urgent first: by the running deadline, cases without one after, then by
     * receipt. `status` 'open' is every status but closed.
     */
    page(
      userId: string,
      filter: { status: 'open' | CaseStatus; organisationId?: string },
      limit: number,
      offset: number,
    ): InboxRow[] {
      return db
        .select({
          id: reportCase.id,
          organisationId: reportCase.organisationId,
          organisationName: organisation.name,
          timezone: organisation.timezone,
          status: reportCase.status,
          receivedAt: reportCase.receivedAt,
          acknowledgeBy: reportCase.acknowledgeBy,
          feedbackBy: reportCase.feedbackBy,
          nextDue,
        })
        .from(reportCase)
        .innerJoin(organisation, eq(organisation.id, reportCase.organisationId))
        .where(
          and(
            // The unary + keeps SQLite from reading by organisation and sorting everything: it reads the
            // deadline index in order and stops after one page, whatever the size of the pool.
            inArray(sql`+${reportCase.organisationId}`, assignedTo(userId)),
            filter.organisationId ? eq(reportCase.organisationId, filter.organisationId) : undefined,
            filter.status === 'open' ? ne(reportCase.status, 'closed') : eq(reportCase.status, filter.status),
          ),
        )
        .orderBy(nextDue, asc(reportCase.receivedAt), asc(reportCase.id))
        .limit(limit)
        .offset(offset)
        .all()
        .map((row) => ({ ...row, nextDue: row.nextDue === NO_DEADLINE ? null : row.nextDue }))
    },

    /** Case counts by organisation and status, over everything assigned to the user (filters and badges). */
    counts(userId: string): Array<{ organisationId: string; status: CaseStatus; cases: number }> {
      // Read as plain arrays: up to organisations × statuses rows, mapped here at a fraction of the cost.
      const rows = countsBy.values({ userId }) as Array<[string, CaseStatus, number]>
      return rows.map(([organisationId, status, cases]) => ({ organisationId, status, cases }))
    },

    /** The organisations assigned to the user, by name. */
    organisations(userId: string): Array<{ id: string; name: string }> {
      return db
        .select({ id: organisation.id, name: organisation.name })
        .from(organisation)
        .where(inArray(organisation.id, assignedTo(userId)))
        .orderBy(asc(organisation.name))
        .all()
    },

    /** Of these cases, those with a meeting request no confidant has answered since (DESIGN §5). */
    awaitingMeeting(caseIds: string[]): Set<string> {
      if (caseIds.length === 0) return new Set()
      // Answered means a confidant's message names the request (entry.answers), not any later message.
      const answered = sql`exists (select 1 from ${entry} as answer where answer.answers = ${entry.id})`
      const rows = db
        .selectDistinct({ caseId: entry.caseId })
        .from(entry)
        .where(and(inArray(entry.caseId, caseIds), eq(entry.kind, 'meeting_request'), sql`not ${answered}`))
        .all()
      return new Set(rows.map((row) => row.caseId))
    },

    // Issue 10: of these cases, those whose acknowledgement was sealed at receipt (author `system`).
    acknowledgedAutomatically(caseIds: string[]): Set<string> {
      if (caseIds.length === 0) return new Set()
      const rows = db
        .select({ caseId: entry.caseId })
        .from(entry)
        .where(
          and(inArray(entry.caseId, caseIds), eq(entry.kind, 'acknowledgement'), eq(entry.author, 'system')),
        )
        .all()
      return new Set(rows.map((row) => row.caseId))
    },
  }
}
