import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { assignment, caseKey, session, user } from '../schema.js'

export type UserRow = typeof user.$inferSelect
export type NewUser = typeof user.$inferInsert

export function userRepository(db: Db) {
  return {
    insert(row: NewUser): void {
      db.insert(user).values(row).run()
    },
    findByEmail(email: string): UserRow | undefined {
      return db.select().from(user).where(eq(user.email, email)).get()
    },
    findById(id: string): UserRow | undefined {
      return db.select().from(user).where(eq(user.id, id)).get()
    },
    /** Counted before the password is checked, so parallel guesses cannot outrun the lockout. */
    setLoginFailures(id: string, failedLogins: number, lockedUntil: number | null): void {
      db.update(user).set({ failedLogins, lockedUntil }).where(eq(user.id, id)).run()
    },
    /** A successful sign-in: failures forgotten, the TOTP step used is remembered against replay. */
    recordLogin(id: string, totpStep: number): void {
      db.update(user)
        .set({ failedLogins: 0, lockedUntil: null, totpLastStep: totpStep })
        .where(eq(user.id, id))
        .run()
    },
    /** Every staff account, for the administration's list (issue 11). */
    list(): UserRow[] {
      return db.select().from(user).orderBy(user.displayName).all()
    },
    /** A disabled account cannot sign in (staff-sessions checks disabledAt); its sessions end here. */
    disable(id: string, at: number): boolean {
      const changed = db
        .update(user)
        .set({ disabledAt: at })
        .where(and(eq(user.id, id), isNull(user.disabledAt)))
        .run()
      db.delete(session).where(eq(session.userId, id)).run()
      return changed.changes === 1
    },
    setLocale(id: string, locale: UserRow['locale']): void {
      db.update(user).set({ locale }).where(eq(user.id, id)).run()
    },
    /**
     * A lost password: the key pair it protected is gone, so the account's key material, its TOTP secret,
     * its sessions and every case key sealed to it are deleted (they can never be opened again).
     * Returns how many case keys were deleted.
     */
    forgetKeys(id: string): number {
      db.update(user)
        .set({
          authVerifier: null,
          kdfSalt: null,
          kdfOpsLimit: null,
          kdfMemLimit: null,
          publicKey: null,
          encryptedSecretKey: null,
          totpSecret: null,
          totpLastStep: null,
          failedLogins: 0,
          lockedUntil: null,
        })
        .where(eq(user.id, id))
        .run()
      db.delete(session).where(eq(session.userId, id)).run()
      return db.delete(caseKey).where(eq(caseKey.holder, id)).run().changes
    },
    /** Enrolment again after a reset: new key material and TOTP secret for the same account. */
    setKeys(
      id: string,
      keys: Pick<
        UserRow,
        | 'authVerifier'
        | 'kdfSalt'
        | 'kdfOpsLimit'
        | 'kdfMemLimit'
        | 'publicKey'
        | 'encryptedSecretKey'
        | 'totpSecret'
      >,
    ): void {
      db.update(user).set(keys).where(eq(user.id, id)).run()
    },
    rename(id: string, displayName: string): void {
      db.update(user).set({ displayName }).where(eq(user.id, id)).run()
    },
    countAdmins(): number {
      return db.select({ count: sql<number>`count(*)` }).from(user).where(eq(user.role, 'admin')).get()!.count
    },
    assign(userId: string, organisationId: string, now: number): boolean {
      const result = db
        .insert(assignment)
        .values({ userId, organisationId, createdAt: now })
        .onConflictDoNothing()
        .run()
      return result.changes === 1
    },
    unassign(userId: string, organisationId: string): boolean {
      const result = db
        .delete(assignment)
        .where(and(eq(assignment.userId, userId), eq(assignment.organisationId, organisationId)))
        .run()
      return result.changes === 1
    },
  }
}
