import { and, eq, lte, or } from 'drizzle-orm'
import type { Db } from '../client.js'
import { session } from '../schema.js'

export type SessionRow = typeof session.$inferSelect

/** Staff sessions by the hash of their token; the token itself is only ever in the browser's cookie. */
export function sessionRepository(db: Db) {
  return {
    insert(row: SessionRow): void {
      db.insert(session).values(row).run()
    },
    find(tokenHash: Buffer): SessionRow | undefined {
      return db.select().from(session).where(eq(session.tokenHash, tokenHash)).get()
    },
    touch(tokenHash: Buffer, at: number): void {
      db.update(session).set({ lastSeenAt: at }).where(eq(session.tokenHash, tokenHash)).run()
    },
    delete(tokenHash: Buffer): boolean {
      return db.delete(session).where(eq(session.tokenHash, tokenHash)).run().changes === 1
    },
    /** Sessions past their absolute expiry or idle since `idleBefore`. */
    deleteExpired(now: number, idleBefore: number): number {
      return db
        .delete(session)
        .where(or(lte(session.expiresAt, now), lte(session.lastSeenAt, idleBefore)))
        .run().changes
    },
    deleteOfUser(userId: string): void {
      db.delete(session)
        .where(and(eq(session.userId, userId)))
        .run()
    },
  }
}
