import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { outbox } from '../schema.js'

export type OutboxRow = typeof outbox.$inferSelect

export function outboxRepository(db: Db) {
  // Prepared once: a reminder burst writes thousands of mails, and building and preparing each insert anew cost
  // more than the insert itself.
  const insert = db
    .insert(outbox)
    .values({
      recipient: sql.placeholder('recipient'),
      subject: sql.placeholder('subject'),
      body: sql.placeholder('body'),
      createdAt: sql.placeholder('createdAt'),
      nextAttemptAt: sql.placeholder('createdAt'),
    })
    .prepare()
  return {
    /** Call inside the transaction of the event that causes the mail: both commit, or neither. */
    enqueue(mail: { recipient: string; subject: string; body: string; createdAt: number }): void {
      insert.run(mail)
    },
    due(now: number, limit: number): OutboxRow[] {
      return db
        .select()
        .from(outbox)
        .where(and(isNull(outbox.sentAt), lte(outbox.nextAttemptAt, now)))
        .orderBy(asc(outbox.id))
        .limit(limit)
        .all()
    },
    markSent(id: number, now: number, note: string | null = null): void {
      db.update(outbox).set({ sentAt: now, lastError: note }).where(eq(outbox.id, id)).run()
    },
    markFailed(id: number, error: string, nextAttemptAt: number): void {
      db.update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error, nextAttemptAt })
        .where(eq(outbox.id, id))
        .run()
    },
    all(): OutboxRow[] {
      return db.select().from(outbox).orderBy(asc(outbox.id)).all()
    },
  }
}
