import { createHash } from 'node:crypto'
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { auditEvent, user } from '../schema.js'

export type AuditEventInput = { at: number; actor: string; action: string; subject?: string | null }
export type AuditEventRow = typeof auditEvent.$inferSelect
/** One event as the audit page lists it: the actor's name where the actor is a staff account. */
export type AuditListing = Pick<AuditEventRow, 'id' | 'at' | 'actor' | 'action' | 'subject'> & {
  actorName: string | null
}

/** The previous hash of the first event. */
export const GENESIS = Buffer.alloc(64)

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
    /**
     * Newest first, `limit` events older than `before` (an id; keyset paging), optionally of one action or
     * actor. Statistics and audit (issue 11).
     */
    page(filter: { action?: string; actor?: string; before?: number }, limit: number): AuditListing[] {
      return db
        .select({
          id: auditEvent.id,
          at: auditEvent.at,
          actor: auditEvent.actor,
          action: auditEvent.action,
          subject: auditEvent.subject,
          actorName: user.displayName,
        })
        .from(auditEvent)
        .leftJoin(user, eq(user.id, auditEvent.actor))
        .where(
          and(
            filter.before === undefined ? undefined : lt(auditEvent.id, filter.before),
            filter.action === undefined ? undefined : eq(auditEvent.action, filter.action),
            filter.actor === undefined ? undefined : eq(auditEvent.actor, filter.actor),
          ),
        )
        .orderBy(desc(auditEvent.id))
        .limit(limit)
        .all()
    },
    /** Every action and every actor on record (with names), for the page's filters. */
    filters(): { actions: string[]; actors: Array<{ actor: string; name: string | null }> } {
      const actions = db
        .selectDistinct({ action: auditEvent.action })
        .from(auditEvent)
        .orderBy(auditEvent.action)
      const actors = db
        .selectDistinct({ actor: auditEvent.actor, name: user.displayName })
        .from(auditEvent)
        .leftJoin(user, eq(user.id, auditEvent.actor))
        .orderBy(sql`coalesce(${user.displayName}, ${auditEvent.actor})`)
      return { actions: actions.all().map((row) => row.action), actors: actors.all() }
    },
    /**
     * The chain in id order, `limit` rows after `afterId` (from the very first without one: a row forged with
     * a negative id must be read too): verification reads the log in pieces.
     */
    chainAfter(afterId: number | undefined, limit: number): AuditEventRow[] {
      return db
        .select()
        .from(auditEvent)
        .where(afterId === undefined ? undefined : gt(auditEvent.id, afterId))
        .orderBy(asc(auditEvent.id))
        .limit(limit)
        .all()
    },
    /** The id of the event whose hash is `hash` (an anchor kept outside the database), if it is still there. */
    idOfHash(hash: Buffer): number | undefined {
      return db.select({ id: auditEvent.id }).from(auditEvent).where(eq(auditEvent.hash, hash)).get()?.id
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
    /** When the newest event of `action` happened; read from the newest backwards, so a recent one is cheap. */
    lastAt(action: string): number | undefined {
      return db
        .select({ at: auditEvent.at })
        .from(auditEvent)
        .where(eq(auditEvent.action, action))
        .orderBy(desc(auditEvent.id))
        .limit(1)
        .get()?.at
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
