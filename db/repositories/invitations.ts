import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Db } from '../client.js'
import { invitation } from '../schema.js'

export type InvitationRow = typeof invitation.$inferSelect
export type NewInvitation = typeof invitation.$inferInsert

/** Invitation links by the hash of their token; the token itself is only in the link that was sent. */
export function invitationRepository(db: Db) {
  return {
    insert(row: NewInvitation): void {
      db.insert(invitation).values(row).run()
    },
    /** Unused and not expired at `now`, or nothing. */
    findUsable(tokenHash: Buffer, now: number): InvitationRow | undefined {
      return db
        .select()
        .from(invitation)
        .where(
          and(eq(invitation.tokenHash, tokenHash), isNull(invitation.usedAt), gt(invitation.expiresAt, now)),
        )
        .get()
    },
    setPendingTotpSecret(tokenHash: Buffer, sealed: Buffer): void {
      db.update(invitation)
        .set({ pendingTotpSecret: sealed })
        .where(eq(invitation.tokenHash, tokenHash))
        .run()
    },
    /** Marks the invitation used; false when another request used it first or it expired meanwhile. */
    consume(tokenHash: Buffer, now: number): boolean {
      const result = db
        .update(invitation)
        .set({ usedAt: now })
        .where(
          and(eq(invitation.tokenHash, tokenHash), isNull(invitation.usedAt), gt(invitation.expiresAt, now)),
        )
        .run()
      return result.changes === 1
    },
    /** Earlier open invitations for the same address stop working when a new one is sent. */
    revokeOpenFor(email: string, now: number): void {
      db.update(invitation)
        .set({ usedAt: now })
        .where(and(eq(invitation.email, email), isNull(invitation.usedAt)))
        .run()
    },
  }
}
