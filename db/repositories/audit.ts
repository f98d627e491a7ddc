import { createHash } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import type { Db } from '../client.js'
import { auditEvent } from '../schema.js'

export type AuditEventInput = { at: number; actor: string; action: string; subject?: string | null }
export type AuditEventRow = typeof auditEvent.$inferSelect

const GENESIS = Buffer.alloc(64)

/** BLAKE2b over the previous hash and this event's fields, so a changed or deleted row breaks the chain. */
export function auditHash(previousHash: Buffer, event: AuditEventInput): Buffer {
  const fields = JSON.stringify([event.at, event.actor, event.action, event.subject ?? null])
  return createHash('blake2b512').update(previousHash).update(fields).digest()
}

export function auditRepository(db: Db) {
  return {
    /** Call inside the transaction of the change it records. */
    append(event: AuditEventInput): void {
      const last = db
        .select({ hash: auditEvent.hash })
        .from(auditEvent)
        .orderBy(desc(auditEvent.id))
        .limit(1)
        .get()
      const previousHash = last?.hash ?? GENESIS
      db.insert(auditEvent)
        .values({
          ...event,
          subject: event.subject ?? null,
          previousHash,
          hash: auditHash(previousHash, event),
        })
        .run()
    },
    /** The events about one subject (a case's trail), oldest first, at most `limit` of the newest. */
    forSubject(subject: string, limit: number): Array<Pick<AuditEventRow, 'id' | 'at' | 'actor' | 'action'>> {
      return db
        .select({ id: auditEvent.id, at: auditEvent.at, actor: auditEvent.actor, action: auditEvent.action })
        .from(auditEvent)
        .where(eq(auditEvent.subject, subject))
        .orderBy(desc(auditEvent.id))
        .limit(limit)
        .all()
        .sort((a, b) => a.id - b.id)
    },
    all(): AuditEventRow[] {
      return db.select().from(auditEvent).orderBy(auditEvent.id).all()
    },
    /** The newest event's id and hash: the chain's head, anchored outside the database by the weekly digest. */
    head(): { id: number; hash: Buffer } | undefined {
      return db
        .select({ id: auditEvent.id, hash: auditEvent.hash })
        .from(auditEvent)
        .orderBy(desc(auditEvent.id))
        .limit(1)
        .get()
    },
  }
}
