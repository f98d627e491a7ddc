import { and, asc, eq, lte, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { caseNextDue, organisation, reminderSent, reportCase } from '../schema.js'

/** A case whose next statutory step falls due within the reminder window. */
export type ReminderCandidate = {
  caseId: string
  status: 'received' | 'acknowledged' | 'in_follow_up'
  acknowledgeBy: number
  feedbackBy: number
  organisationId: string
  organisationName: string
  timezone: string
  locales: string
}

export function reminderRepository(db: Db) {
  const nextDue = caseNextDue(reportCase)
  // Prepared once: a range read of the case_next_due index (the same expression), never a scan of all cases.
  // Closed and feedback-given cases sort at NO_DEADLINE, beyond any bound.
  const dueWithin = db
    .select({
      caseId: reportCase.id,
      status: reportCase.status,
      acknowledgeBy: reportCase.acknowledgeBy,
      feedbackBy: reportCase.feedbackBy,
      organisationId: organisation.id,
      organisationName: organisation.name,
      timezone: organisation.timezone,
      locales: organisation.locales,
    })
    .from(reportCase)
    .innerJoin(organisation, eq(organisation.id, reportCase.organisationId))
    .where(and(lte(nextDue, sql.placeholder('bound')), eq(organisation.status, 'active')))
    .orderBy(asc(nextDue))
    .prepare()
  const record = db
    .insert(reminderSent)
    .values({
      caseId: sql.placeholder('caseId'),
      kind: sql.placeholder('kind'),
      step: sql.placeholder('step'),
      dueBy: sql.placeholder('dueBy'),
      sentAt: sql.placeholder('sentAt'),
    })
    .onConflictDoNothing()
    .prepare()

  return {
    /** Open cases whose acknowledgement or feedback is due at or before `bound` (overdue ones included). */
    dueWithin(bound: number): ReminderCandidate[] {
      return dueWithin.all({ bound }) as ReminderCandidate[]
    },
    /** true if this reminder was not recorded before (then, and only then, its mail is written). */
    record(reminder: {
      caseId: string
      kind: 'ack' | 'feedback'
      step: string
      dueBy: number
      sentAt: number
    }): boolean {
      return record.run(reminder).changes === 1
    },
    all() {
      return db.select().from(reminderSent).orderBy(asc(reminderSent.sentAt)).all()
    },
  }
}
