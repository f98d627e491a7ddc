import { createHash } from 'node:crypto'
import { desc } from 'drizzle-orm'
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
    all(): AuditEventRow[] {
      return db.select().from(auditEvent).orderBy(auditEvent.id).all()
    },
  }
}
