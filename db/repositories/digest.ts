import { and, asc, eq, gte, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { caseTombstone, digestSent, organisation, reportCase, user } from '../schema.js'
import { shownNameSql } from './organisations.js'

/** One organisation's line in the weekly digest: counts only, never a case, a code or content. */
export type DigestCounts = {
  organisationId: string
  organisationName: string
  status: 'draft' | 'active' | 'suspended'
  open: number
  awaitingAcknowledgement: number
  overdueAcknowledgement: number
  feedbackDueSoon: number
  overdueFeedback: number
  receivedInWeek: number
  closedInWeek: number
}

export type DigestRecipient = { id: string; email: string; locale: 'nl' | 'en' | null }

/** The weekly digest to administrators (issue 10/11): who gets it, what it counts, and which were written. */
export function digestRepository(db: Db) {
  const count = (condition: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${condition}), 0)`
  const following = inArray(reportCase.status, ['acknowledged', 'in_follow_up'])
  return {
    /**
     * Enabled administrators who were administrators at `dueAt` and have not had the digest of `week`: a week's
     * digest goes to those who held the role when it fell due; someone added mid-week gets the next one.
     */
    pending(week: string, dueAt: number): DigestRecipient[] {
      const sent = db.select({ userId: digestSent.userId }).from(digestSent).where(eq(digestSent.week, week))
      return db
        .select({ id: user.id, email: user.email, locale: user.locale })
        .from(user)
        .where(
          and(
            eq(user.role, 'admin'),
            isNull(user.disabledAt),
            lte(user.createdAt, dueAt),
            notInArray(user.id, sent),
          ),
        )
        .orderBy(asc(user.email))
        .all()
    },

    /**
     * Per organisation: the state of its cases at `at`, and what was received and closed in [from, to) (purged
     * cases included, through their tombstones). Feedback "due soon" means within `soonMs` after `at`.
     */
    countsPerOrganisation(window: { at: number; from: number; to: number; soonMs: number }): DigestCounts[] {
      const { at, from, to, soonMs } = window
      const cases = db
        .select({
          organisationId: reportCase.organisationId,
          open: count(sql`${reportCase.status} != 'closed'`),
          awaitingAcknowledgement: count(
            sql`${reportCase.status} = 'received' and ${reportCase.acknowledgeBy} >= ${at}`,
          ),
          overdueAcknowledgement: count(
            sql`${reportCase.status} = 'received' and ${reportCase.acknowledgeBy} < ${at}`,
          ),
          feedbackDueSoon: count(
            sql`${following} and ${reportCase.feedbackBy} >= ${at} and ${reportCase.feedbackBy} < ${at + soonMs}`,
          ),
          overdueFeedback: count(sql`${following} and ${reportCase.feedbackBy} < ${at}`),
          receivedInWeek: count(
            sql`${reportCase.receivedAt} >= ${from} and ${reportCase.receivedAt} < ${to}`,
          ),
          closedInWeek: count(sql`${reportCase.closedAt} >= ${from} and ${reportCase.closedAt} < ${to}`),
        })
        .from(reportCase)
        .groupBy(reportCase.organisationId)
        .all()
      const purged = db
        .select({
          organisationId: caseTombstone.organisationId,
          receivedInWeek: count(
            sql`${caseTombstone.receivedAt} >= ${from} and ${caseTombstone.receivedAt} < ${to}`,
          ),
          closedInWeek: count(
            sql`${caseTombstone.closedAt} >= ${from} and ${caseTombstone.closedAt} < ${to}`,
          ),
        })
        .from(caseTombstone)
        .where(gte(caseTombstone.purgedAt, from))
        .groupBy(caseTombstone.organisationId)
        .all()
      const byOrganisation = new Map(cases.map((row) => [row.organisationId, row]))
      const purgedBy = new Map(purged.map((row) => [row.organisationId, row]))
      return db
        .select({ id: organisation.id, name: shownNameSql, status: organisation.status })
        .from(organisation)
        .orderBy(asc(shownNameSql), asc(organisation.id))
        .all()
        .map(({ id, name, status }) => {
          const live = byOrganisation.get(id)
          const gone = purgedBy.get(id)
          return {
            organisationId: id,
            organisationName: name,
            status,
            open: live?.open ?? 0,
            awaitingAcknowledgement: live?.awaitingAcknowledgement ?? 0,
            overdueAcknowledgement: live?.overdueAcknowledgement ?? 0,
            feedbackDueSoon: live?.feedbackDueSoon ?? 0,
            overdueFeedback: live?.overdueFeedback ?? 0,
            receivedInWeek: (live?.receivedInWeek ?? 0) + (gone?.receivedInWeek ?? 0),
            closedInWeek: (live?.closedInWeek ?? 0) + (gone?.closedInWeek ?? 0),
          }
        })
    },

    /** true if this week's digest to this administrator was not recorded before (then, and only then, it is written). */
    record(sent: { week: string; userId: string; sentAt: number }): boolean {
      return db.insert(digestSent).values(sent).onConflictDoNothing().run().changes === 1
    },

    /** Which digests were written (weeks and recipients; for operators and tests). */
    sent(): Array<typeof digestSent.$inferSelect> {
      return db.select().from(digestSent).orderBy(asc(digestSent.sentAt), asc(digestSent.userId)).all()
    },
  }
}
