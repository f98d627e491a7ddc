import { and, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import {
  attachment,
  attachmentChunk,
  caseKey,
  caseTombstone,
  entry,
  organisation,
  reportCase,
} from '../schema.js'

/** A closed case whose retention period has passed, with what purging it removes (counts only). */
export type PurgeCandidate = {
  caseId: string
  organisationSlug: string
  closedAt: number | null
  purgeAfter: number
  entries: number
  attachments: number
  attachmentBytes: number
  keys: number
}

export type CaseTombstoneRow = typeof caseTombstone.$inferSelect

/** Retention and purge (issue 10): finding cases past their retention, and replacing them by a tombstone. */
export function retentionRepository(db: Db) {
  const count = (query: { get(): unknown }) => (query.get() as { n: number } | undefined)?.n ?? 0
  return {
    /** Closed cases whose purge_after is at or before `at`, oldest first. */
    due(at: number): PurgeCandidate[] {
      const rows = db
        .select({
          caseId: reportCase.id,
          organisationSlug: organisation.slug,
          closedAt: reportCase.closedAt,
          purgeAfter: reportCase.purgeAfter,
        })
        .from(reportCase)
        .innerJoin(organisation, eq(organisation.id, reportCase.organisationId))
        .where(
          and(
            eq(reportCase.status, 'closed'),
            isNotNull(reportCase.purgeAfter),
            lte(reportCase.purgeAfter, at),
          ),
        )
        .orderBy(reportCase.purgeAfter, reportCase.id)
        .all()
      return rows.map((row) => {
        const entryIds = db.select({ id: entry.id }).from(entry).where(eq(entry.caseId, row.caseId))
        const files = db
          .select({ n: sql<number>`count(*)`, size: sql<number>`coalesce(sum(${attachment.size}), 0)` })
          .from(attachment)
          .where(inArray(attachment.entryId, entryIds))
          .get()
        return {
          ...row,
          purgeAfter: row.purgeAfter as number,
          entries: count(
            db.select({ n: sql<number>`count(*)` }).from(entry).where(eq(entry.caseId, row.caseId)),
          ),
          attachments: files?.n ?? 0,
          attachmentBytes: files?.size ?? 0,
          keys: count(
            db.select({ n: sql<number>`count(*)` }).from(caseKey).where(eq(caseKey.caseId, row.caseId)),
          ),
        }
      })
    },

    /**
     * Replaces one case by its tombstone: every attachment chunk, attachment, entry and case key, then the case
     * row. Call inside a transaction (with the audit event). False when the case is gone or no longer due.
     */
    replaceByTombstone(caseId: string, at: number): boolean {
      const row = db.select().from(reportCase).where(eq(reportCase.id, caseId)).get()
      if (row?.status !== 'closed' || row.purgeAfter === null || row.purgeAfter > at) return false
      const met = (doneAt: number | null, due: number) => (doneAt === null ? null : doneAt <= due)
      db.insert(caseTombstone)
        .values({
          caseId: row.id,
          organisationId: row.organisationId,
          receivedAt: row.receivedAt,
          acknowledgeBy: row.acknowledgeBy,
          feedbackBy: row.feedbackBy,
          acknowledgedAt: row.acknowledgedAt,
          feedbackGivenAt: row.feedbackGivenAt,
          closedAt: row.closedAt,
          acknowledgementMet: met(row.acknowledgedAt, row.acknowledgeBy),
          feedbackMet: met(row.feedbackGivenAt, row.feedbackBy),
          status: row.status,
          outcome: row.outcome,
          submittedVia: row.submittedVia,
          purgedAt: at,
        })
        .run()
      // Explicit, child rows first, rather than relying on ON DELETE CASCADE: what is removed is visible here.
      const entryIds = db.select({ id: entry.id }).from(entry).where(eq(entry.caseId, caseId))
      const attachmentIds = db
        .select({ id: attachment.id })
        .from(attachment)
        .where(inArray(attachment.entryId, entryIds))
      db.delete(attachmentChunk).where(inArray(attachmentChunk.attachmentId, attachmentIds)).run()
      db.delete(attachment).where(inArray(attachment.entryId, entryIds)).run()
      db.delete(entry).where(eq(entry.caseId, caseId)).run()
      db.delete(caseKey).where(eq(caseKey.caseId, caseId)).run()
      db.delete(reportCase).where(eq(reportCase.id, caseId)).run()
      return true
    },

    tombstone(caseId: string): CaseTombstoneRow | undefined {
      return db.select().from(caseTombstone).where(eq(caseTombstone.caseId, caseId)).get()
    },
  }
}
