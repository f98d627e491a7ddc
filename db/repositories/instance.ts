import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Db } from '../client.js'
import { instance, setupToken } from '../schema.js'

export type InstanceRow = typeof instance.$inferSelect
export type SetupTokenRow = typeof setupToken.$inferSelect

export function instanceRepository(db: Db) {
  return {
    get(): InstanceRow | undefined {
      return db.select().from(instance).where(eq(instance.id, 1)).get()
    },
    /** Creates the single instance row if absent; returns the row that is there. */
    ensure(values: Omit<typeof instance.$inferInsert, 'id'>): InstanceRow {
      db.insert(instance)
        .values({ ...values, id: 1 })
        .onConflictDoNothing()
        .run()
      return this.get()!
    },
    update(
      values: Partial<Pick<InstanceRow, 'name' | 'contactEmail' | 'defaultLocale' | 'logo' | 'logoType'>>,
    ): void {
      db.update(instance).set(values).where(eq(instance.id, 1)).run()
    },
    insertSetupToken(row: typeof setupToken.$inferInsert): void {
      db.insert(setupToken).values(row).run()
    },
    findUsableSetupToken(tokenHash: Buffer, now: number): SetupTokenRow | undefined {
      return db
        .select()
        .from(setupToken)
        .where(
          and(eq(setupToken.tokenHash, tokenHash), isNull(setupToken.usedAt), gt(setupToken.expiresAt, now)),
        )
        .get()
    },
    setPendingTotpSecret(tokenHash: Buffer, sealedSecret: Buffer): void {
      db.update(setupToken)
        .set({ pendingTotpSecret: sealedSecret })
        .where(eq(setupToken.tokenHash, tokenHash))
        .run()
    },
    /** Returns false when the token was already used (single use, even under concurrent requests). */
    consumeSetupToken(tokenHash: Buffer, now: number): boolean {
      const result = db
        .update(setupToken)
        .set({ usedAt: now })
        .where(
          and(eq(setupToken.tokenHash, tokenHash), isNull(setupToken.usedAt), gt(setupToken.expiresAt, now)),
        )
        .run()
      return result.changes === 1
    },
    /** Unused links become worthless once an administrator exists or a new link is issued. */
    revokeSetupTokens(now: number): void {
      db.update(setupToken).set({ usedAt: now }).where(isNull(setupToken.usedAt)).run()
    },
  }
}
