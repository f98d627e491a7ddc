import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { assignment, user } from '../schema.js'

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
