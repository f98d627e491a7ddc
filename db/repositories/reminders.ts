import { and, asc, eq, gte, isNotNull, isNull, lt, notExists, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { assignment, caseNextDue, organisation, reminderSent, reportCase, user } from '../schema.js'
import { shownNameSql } from './organisations.js'

/** A case owed a reminder today that has not had it yet, with the step already classified in SQL. */
export type ReminderCandidate = {
  caseId: string
  kind: 'ack' | 'feedback'
  /** '0', '-2' (acknowledgement), '-3', '-14' (feedback) or 'overdue:<local date>'. */
  step: string
  dueBy: number
  receivedAt: number
  organisationId: string
  organisationName: string
  locales: string
}

/**
 * The local calendar days of one time zone as UTC instants, computed once per pass: `today` is the start of
 * today, `inN` the start of the day N days ahead. A deadline's step is the day range it falls in, so SQL can
 * classify every case with comparisons instead of formatting each date.
 */
export type DayBoundaries = {
  timezone: string
  today: number
  in1: number
  in3: number
  in4: number
  in15: number
  /** The step key of today's overdue reminder: 'overdue:2026-12-07'. */
  overdueStep: string
}

/** Where the previous batch ended, in the order of the case_next_due index. */
export type ReminderCursor = { nextDue: number; receivedAt: number; caseId: string }
export const START_OF_INDEX: ReminderCursor = { nextDue: Number.MIN_SAFE_INTEGER, receivedAt: 0, caseId: '' }

export type ReminderRecipient = { email: string; locale: 'nl' | 'en' | null }

export function reminderRepository(db: Db) {
  const ph = sql.placeholder
  const nextDue = caseNextDue(reportCase)
  const kind = sql<
    'ack' | 'feedback'
  >`(case ${reportCase.status} when 'received' then 'ack' else 'feedback' end)`
  // The reminder owed today (issue 10): acknowledgement 2 days before and on the day, feedback 14 and 3 days
  // before, both daily while overdue; null when none. A server that was down on a reminder day sends that step
  // late, never an earlier step as well (the nearest step wins).
  const step = sql<string | null>`(case
    when ${nextDue} < ${ph('today')} then ${ph('overdueStep')}
    when ${reportCase.status} = 'received' then
      (case when ${nextDue} < ${ph('in1')} then '0' when ${nextDue} < ${ph('in3')} then '-2' end)
    else (case when ${nextDue} < ${ph('in4')} then '-3' when ${nextDue} < ${ph('in15')} then '-14' end)
  end)`
  // Prepared once. A range read of the case_next_due index (the same expression) up to the end of the window,
  // resumed after the previous batch's last row; cases already reminded today drop out through the primary key
  // of reminder_sent (anti-join), so a second pass on the same day reads them but writes nothing. Closed and
  // feedback-given cases sort at NO_DEADLINE, beyond any bound.
  const owedToday = db
    .select({
      caseId: reportCase.id,
      kind,
      step,
      dueBy: sql<number>`${nextDue}`,
      receivedAt: reportCase.receivedAt,
      organisationId: organisation.id,
      organisationName: shownNameSql,
      locales: organisation.locales,
    })
    .from(reportCase)
    .innerJoin(organisation, eq(organisation.id, reportCase.organisationId))
    .where(
      and(
        gte(nextDue, ph('afterDue')),
        lt(nextDue, ph('in15')),
        sql`(${nextDue}, ${reportCase.receivedAt}, ${reportCase.id}) > (${ph('afterDue')}, ${ph('afterReceived')}, ${ph('afterId')})`,
        eq(organisation.status, 'active'),
        eq(organisation.timezone, ph('timezone')),
        sql`${step} is not null`,
        notExists(
          db
            .select({ one: sql`1` })
            .from(reminderSent)
            .where(
              and(
                eq(reminderSent.caseId, reportCase.id),
                eq(reminderSent.kind, kind),
                eq(reminderSent.step, step),
                eq(reminderSent.dueBy, nextDue),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(nextDue), asc(reportCase.receivedAt), asc(reportCase.id))
    .limit(ph('limit'))
    .prepare()
  const timezones = db
    .selectDistinct({ timezone: organisation.timezone })
    .from(organisation)
    .where(eq(organisation.status, 'active'))
    .prepare()
  // The same people as organisations.confidantsWithKeys (those who can open a new report), with their language.
  const recipients = db
    .select({ email: user.email, locale: user.locale })
    .from(assignment)
    .innerJoin(user, eq(user.id, assignment.userId))
    .where(
      and(
        eq(assignment.organisationId, ph('organisationId')),
        eq(user.role, 'confidant'),
        isNotNull(user.publicKey),
        isNull(user.disabledAt),
      ),
    )
    .orderBy(asc(user.displayName))
    .prepare()
  const record = db
    .insert(reminderSent)
    .values({
      caseId: ph('caseId'),
      kind: ph('kind'),
      step: ph('step'),
      dueBy: ph('dueBy'),
      sentAt: ph('sentAt'),
    })
    .onConflictDoNothing()
    .prepare()

  return {
    /** The time zones of active organisations: one set of day boundaries each per pass. */
    activeTimezones(): string[] {
      return timezones.all().map((row) => row.timezone)
    },
    /**
     * Up to `limit` open cases of organisations in `days.timezone`, after `after` in index order, that are owed
     * a reminder today and have not had it. Read inside the write transaction, so what is read is current.
     */
    owedToday(days: DayBoundaries, after: ReminderCursor, limit: number): ReminderCandidate[] {
      return owedToday.all({
        ...days,
        afterDue: after.nextDue,
        afterReceived: after.receivedAt,
        afterId: after.caseId,
        limit,
      }) as ReminderCandidate[]
    },
    recipientsOf(organisationId: string): ReminderRecipient[] {
      return recipients.all({ organisationId })
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
