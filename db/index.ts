import { type Database, withDurableCommit } from './client.js'
import { attachmentRepository } from './repositories/attachments.js'
import { auditRepository } from './repositories/audit.js'
import { caseRepository } from './repositories/cases.js'
import { digestRepository } from './repositories/digest.js'
import { inboxRepository } from './repositories/inbox.js'
import { instanceRepository } from './repositories/instance.js'
import { invitationRepository } from './repositories/invitations.js'
import { organisationRepository } from './repositories/organisations.js'
import { outboxRepository } from './repositories/outbox.js'
// Recovery key (issue 11)
import { recoveryRepository } from './repositories/recovery.js'
import { reminderRepository } from './repositories/reminders.js'
// Retention and purge (issue 10)
import { retentionRepository } from './repositories/retention.js'
import { sessionRepository } from './repositories/sessions.js'
import { sharingRepository } from './repositories/sharing.js'
// Statistics (issue 11)
import { statisticsRepository } from './repositories/statistics.js'
import { userRepository } from './repositories/users.js'

export { backupDatabase, type Database, openDatabase, withDurableCommit } from './client.js'
export type { AuditEventRow } from './repositories/audit.js'
export type { CaseRow, EntryWithAttachments } from './repositories/cases.js'
// Weekly digest (issue 10/11)
export type { DigestCounts, DigestRecipient } from './repositories/digest.js'
export type { CaseStatus, InboxRow } from './repositories/inbox.js'
export type { InstanceRow } from './repositories/instance.js'
export type { InvitationRow } from './repositories/invitations.js'
export type {
  AssignmentRow,
  ConfidantKey,
  OrganisationChanges,
  OrganisationRow,
} from './repositories/organisations.js'
export { shownName } from './repositories/organisations.js'
export type { OutboxRow } from './repositories/outbox.js'
// Recovery key (issue 11)
export type { RecoverySealedCase } from './repositories/recovery.js'
export {
  type DayBoundaries,
  type ReminderCandidate,
  type ReminderCursor,
  type ReminderRecipient,
  START_OF_INDEX,
} from './repositories/reminders.js'
export type { CaseTombstoneRow, PurgeCandidate } from './repositories/retention.js'
export type { SessionRow } from './repositories/sessions.js'
export { OpenNow, type ReportDates, Step } from './repositories/statistics.js'
export type { UserRow } from './repositories/users.js'

export function createRepositories(database: Database) {
  const { db } = database
  return {
    instance: instanceRepository(db),
    organisations: organisationRepository(db),
    users: userRepository(db),
    audit: auditRepository(db),
    cases: caseRepository(db),
    attachments: attachmentRepository(db),
    inbox: inboxRepository(db),
    outbox: outboxRepository(db),
    sessions: sessionRepository(db),
    invitations: invitationRepository(db),
    sharing: sharingRepository(db),
    // Issue 10: reminders.
    reminders: reminderRepository(db),
    // Retention and purge (issue 10)
    retention: retentionRepository(db),
    // Weekly digest (issue 10/11)
    digest: digestRepository(db),
    // Recovery key (issue 11)
    recovery: recoveryRepository(db),
    // Statistics (issue 11)
    statistics: statisticsRepository(db),
    /** Runs `work` atomically; repositories used inside join the transaction (better-sqlite3 is synchronous). */
    transaction<T>(work: () => T): T {
      return database.sqlite.transaction(work)()
    },
    /** Like `transaction`, but takes the write lock at BEGIN: a second process waits instead of failing. */
    immediateTransaction<T>(work: () => T): T {
      return database.sqlite.transaction(work).immediate()
    },
    /** Like `transaction`, committed with synchronous=FULL: for what a reporter is told has been received. */
    durableTransaction<T>(work: () => T): T {
      return withDurableCommit(database, work)
    },
  }
}
export type Repositories = ReturnType<typeof createRepositories>
