import { and, asc, eq, inArray, max, ne, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { attachment, caseKey, entry, reportCase } from '../schema.js'

export type CaseRow = typeof reportCase.$inferSelect
export type NewCase = typeof reportCase.$inferInsert
export type EntryRow = typeof entry.$inferSelect
export type NewEntry = typeof entry.$inferInsert
export type NewCaseKey = typeof caseKey.$inferInsert
export type EntryWithAttachments = EntryRow & { attachments: Array<{ id: string; size: number }> }

export function caseRepository(db: Db) {
  return {
    /** A new case with its sealed keys and first entry. Call inside a durable transaction. */
    insertSubmission(submission: { case: NewCase; keys: NewCaseKey[]; entry: NewEntry }): void {
      db.insert(reportCase).values(submission.case).run()
      db.insert(caseKey).values(submission.keys).run()
      db.insert(entry).values(submission.entry).run()
    },

    insertEntry(row: NewEntry): void {
      db.insert(entry).values(row).run()
    },

    caseIdTaken(id: string): boolean {
      return (
        db.select({ id: reportCase.id }).from(reportCase).where(eq(reportCase.id, id)).get() !== undefined
      )
    },

    entryIdTaken(id: string): boolean {
      return db.select({ id: entry.id }).from(entry).where(eq(entry.id, id)).get() !== undefined
    },

    lookupTaken(lookupVerifier: Buffer): boolean {
      return (
        db
          .select({ id: reportCase.id })
          .from(reportCase)
          .where(eq(reportCase.lookupVerifier, lookupVerifier))
          .get() !== undefined
      )
    },

    findByLookup(organisationId: string, lookupVerifier: Buffer): CaseRow | undefined {
      return db
        .select()
        .from(reportCase)
        .where(
          and(eq(reportCase.organisationId, organisationId), eq(reportCase.lookupVerifier, lookupVerifier)),
        )
        .get()
    },

    findById(id: string): CaseRow | undefined {
      return db.select().from(reportCase).where(eq(reportCase.id, id)).get()
    },

    sealedKey(caseId: string, holder: string, kind: 'shared' | 'internal'): Buffer | undefined {
      return db
        .select({ sealedKey: caseKey.sealedKey })
        .from(caseKey)
        .where(and(eq(caseKey.caseId, caseId), eq(caseKey.holder, holder), eq(caseKey.kind, kind)))
        .get()?.sealedKey
    },

    /**
     * The `seq` a new entry takes in its thread: notes count apart from the thread the reporter sees. Read and
     * insert in one transaction, so two writers never get the same place.
     */
    nextSeq(caseId: string, thread: 'shared' | 'internal'): number {
      const kind = thread === 'internal' ? eq(entry.kind, 'note') : ne(entry.kind, 'note')
      const found = db
        .select({ last: max(entry.seq) })
        .from(entry)
        .where(and(eq(entry.caseId, caseId), kind))
        .get()
      return found?.last === null || found?.last === undefined ? 0 : found.last + 1
    },

    /** The thread as stored. `includeNotes` is false for the reporter: internal notes are never sent there. */
    entries(caseId: string, options: { includeNotes: boolean }): EntryWithAttachments[] {
      const where = options.includeNotes
        ? eq(entry.caseId, caseId)
        : and(eq(entry.caseId, caseId), ne(entry.kind, 'note'))
      const rows = db
        .select()
        .from(entry)
        .where(where)
        .orderBy(asc(entry.seq), asc(entry.createdAt), asc(entry.id))
        .all()
      if (rows.length === 0) return []
      const files = db
        .select({ id: attachment.id, entryId: attachment.entryId, size: attachment.size })
        .from(attachment)
        .where(
          inArray(
            attachment.entryId,
            rows.map((row) => row.id),
          ),
        )
        .all()
      return rows.map((row) => ({
        ...row,
        attachments: files.filter((file) => file.entryId === row.id).map(({ id, size }) => ({ id, size })),
      }))
    },

    /** A stored file, only if it belongs to an entry of that case (and not to an internal note). */
    attachmentOf(caseId: string, attachmentId: string, options: { includeNotes: boolean }) {
      const found = db
        .select({ id: attachment.id, size: attachment.size, entryId: entry.id, kind: entry.kind })
        .from(attachment)
        .innerJoin(entry, eq(entry.id, attachment.entryId))
        .where(and(eq(attachment.id, attachmentId), eq(entry.caseId, caseId)))
        .get()
      if (!found || (!options.includeNotes && found.kind === 'note')) return undefined
      return found
    },

    updateCase(
      id: string,
      changes: Partial<
        Pick<
          CaseRow,
          | 'status'
          | 'acknowledgedAt'
          | 'feedbackBy'
          | 'feedbackGivenAt'
          | 'feedbackExtendedAt'
          | 'closedAt'
          | 'outcome'
          | 'purgeAfter'
        >
      >,
    ): void {
      db.update(reportCase).set(changes).where(eq(reportCase.id, id)).run()
    },

    /** The case's meeting requests that no confidant's message has answered yet (by reference, no content). */
    unansweredMeetingRequests(caseId: string): Array<{ id: string; createdAt: number }> {
      return db
        .select({ id: entry.id, createdAt: entry.createdAt })
        .from(entry)
        .where(
          and(
            eq(entry.caseId, caseId),
            eq(entry.kind, 'meeting_request'),
            sql`not exists (select 1 from ${entry} as answer where answer.answers = ${entry.id})`,
          ),
        )
        .orderBy(asc(entry.seq))
        .all()
    },
  }
}
