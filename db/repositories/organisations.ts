import { and, asc, eq, getTableColumns, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { assignment, organisation, reportCase, user } from '../schema.js'

export type OrganisationRow = typeof organisation.$inferSelect
export type NewOrganisation = typeof organisation.$inferInsert
export type OrganisationChanges = Partial<
  Pick<
    OrganisationRow,
    | 'name'
    | 'profile'
    | 'timezone'
    | 'locales'
    | 'procedureMarkdown'
    | 'retentionDays'
    | 'displayName'
    | 'autoAcknowledge'
    | 'acknowledgementText'
  >
>

/** Who is assigned where, for the administration's lists (issue 11). */
export type AssignmentRow = {
  organisationId: string
  slug: string
  userId: string
  displayName: string
  email: string
  hasKeys: boolean
  disabled: boolean
}

/**
 * The name a member goes by (issue 11): its display name where it set one, else its registered name. Its
 * reporter pages and the mails about it (new report, reminders, the administrators' digest) use it.
 */
export function shownName(row: Pick<OrganisationRow, 'name' | 'displayName'>): string {
  return row.displayName ?? row.name
}
/** shownName in SQL, for queries that name organisations. */
export const shownNameSql = sql<string>`coalesce(${organisation.displayName}, ${organisation.name})`

export type ConfidantKey = { id: string; email: string; displayName: string; publicKey: Buffer }

export function organisationRepository(db: Db) {
  // Prepared once: these run on every reporter page view.
  const bySlug = db
    .select()
    .from(organisation)
    .where(eq(organisation.slug, sql.placeholder('slug')))
    .prepare()
  const confidantsOf = db
    .select({ id: user.id, email: user.email, displayName: user.displayName, publicKey: user.publicKey })
    .from(assignment)
    .innerJoin(user, eq(user.id, assignment.userId))
    .where(
      and(
        eq(assignment.organisationId, sql.placeholder('organisationId')),
        eq(user.role, 'confidant'),
        isNotNull(user.publicKey),
        isNull(user.disabledAt),
      ),
    )
    .orderBy(asc(user.displayName))
    .prepare()

  return {
    insert(row: NewOrganisation): void {
      db.insert(organisation).values(row).run()
    },
    findBySlug(slug: string): OrganisationRow | undefined {
      return bySlug.get({ slug })
    },
    findById(id: string): OrganisationRow | undefined {
      return db.select().from(organisation).where(eq(organisation.id, id)).get()
    },
    list(): Array<OrganisationRow & { confidants: number }> {
      return db
        .select({
          ...getTableColumns(organisation),
          confidants: sql<number>`(select count(*) from ${assignment} where ${assignment.organisationId} = ${organisation.id})`,
        })
        .from(organisation)
        .orderBy(asc(organisation.slug))
        .all()
    },
    /** The organisations in a confidant's pool, each with its number of cases not yet closed. */
    assignedTo(userId: string): Array<{ id: string; slug: string; name: string; openCases: number }> {
      return db
        .select({
          id: organisation.id,
          slug: organisation.slug,
          name: organisation.name,
          openCases: sql<number>`(select count(*) from ${reportCase} where ${reportCase.organisationId} = ${organisation.id} and ${reportCase.status} != 'closed')`,
        })
        .from(assignment)
        .innerJoin(organisation, eq(organisation.id, assignment.organisationId))
        .where(eq(assignment.userId, userId))
        .orderBy(asc(organisation.name))
        .all()
    },
    update(id: string, changes: OrganisationChanges): void {
      db.update(organisation).set(changes).where(eq(organisation.id, id)).run()
    },
    setStatus(id: string, status: OrganisationRow['status']): void {
      db.update(organisation).set({ status }).where(eq(organisation.id, id)).run()
    },
    /** Every assignment with the confidant's state, for the administration (few rows: one per pool member). */
    assignments(): AssignmentRow[] {
      return db
        .select({
          organisationId: organisation.id,
          slug: organisation.slug,
          userId: user.id,
          displayName: user.displayName,
          email: user.email,
          hasKeys: sql<number>`${user.publicKey} is not null`,
          disabled: sql<number>`${user.disabledAt} is not null`,
        })
        .from(assignment)
        .innerJoin(organisation, eq(organisation.id, assignment.organisationId))
        .innerJoin(user, eq(user.id, assignment.userId))
        .orderBy(asc(user.displayName))
        .all()
        .map((row) => ({ ...row, hasKeys: row.hasKeys === 1, disabled: row.disabled === 1 }))
    },
    /** Assigned, enabled confidants whose key pair exists: only they can open a new report. */
    confidantsWithKeys(organisationId: string): ConfidantKey[] {
      return confidantsOf.all({ organisationId }) as ConfidantKey[]
    },
    // Issue 10, automatic acknowledgement: whether it is on, and the member's own text per language (JSON).
    setAcknowledgement(
      id: string,
      settings: Partial<Pick<OrganisationRow, 'autoAcknowledge' | 'acknowledgementText'>>,
    ): void {
      db.update(organisation).set(settings).where(eq(organisation.id, id)).run()
    },
  }
}
