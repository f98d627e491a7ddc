import { statfsSync } from 'node:fs'
import { createRepositories, type Database } from '../../db/index.js'
import type { Config } from '../config.js'
import { createCodeAttemptGuard } from '../domain/throttle.js'
import { createKdfPool, type KdfPool } from '../kdf/pool.js'
import { accountService } from './accounts.js'
// ---- Issue 11: association administration (members, confidant pool, settings) ----
import { associationService } from './association.js'
// Statistics and audit (issue 11): audit.ts, statistics.ts
import { auditService } from './audit.js'
import { backupService } from './backup.js'
import { caseFileService } from './case-file.js'
import { caseHandlingService } from './case-handling.js'
import { caseWorkflowService } from './case-workflow.js'
import { confidantPoolService } from './confidant-pool.js'
import { digestService } from './digest.js'
import { followUpService } from './follow-up.js'
import { inboxService } from './inbox.js'
import { instanceService } from './instance.js'
import { invitationService } from './invitations.js'
import { type MailLog, type MailTransport, mailService, smtpTransport } from './mail.js'
import { organisationService } from './organisations.js'
import { pageCache } from './page-cache.js'
// Reporting procedures and posters (issue 11)
import { procedureService } from './procedures.js'
// Retention and purge (issue 10)
import { purgeService } from './purge.js'
// Recovery key (issue 11)
import { recoveryService } from './recovery.js'
import { reminderService } from './reminders.js'
import { reporterCases } from './reporter-cases.js'
import { reporterSessionStore } from './reporter-sessions.js'
import { type FreeBytes, reportService } from './reports.js'
import { schedulerService } from './scheduler.js'
import { setupService } from './setup.js'
import { sharingService } from './sharing.js'
import { staffSessionService } from './staff-sessions.js'
import { statisticsService } from './statistics.js'
import { tabUnlockService } from './tab-unlock.js'
import { uploadService } from './uploads.js'
import { workspaceService } from './workspace.js'

export type ServiceOptions = {
  config: Config
  database: Database
  log: MailLog
  kdf?: KdfPool
  /** Defaults to SMTP from config.smtpUrl; none means mail is logged as not sent. */
  mailTransport?: MailTransport
  now?: () => number
  /** Free space under a path; defaults to statfs (tests inject a full disk). */
  freeBytes?: FreeBytes
}

const statfsFreeBytes: FreeBytes = (path) => {
  const stats = statfsSync(path)
  return stats.bavail * stats.bsize
}

/** Builds every domain service over one database. Used by the HTTP app and by the CLI alike. */
export function createServices(options: ServiceOptions) {
  const context = {
    config: options.config,
    database: options.database,
    repos: createRepositories(options.database),
    // A pool handed in (tests share one) is closed by its owner.
    kdf: options.kdf ?? createKdfPool(),
    now: options.now ?? Date.now,
  }
  const instance = instanceService(context)
  const accounts = accountService(context, instance)
  const transport =
    options.mailTransport ?? (options.config.smtpUrl ? smtpTransport(options.config.smtpUrl) : undefined)
  const mail = mailService(context, transport, options.log)
  const cases = reporterCases(context, instance)
  // SECURITY.md "Online guessing": 5 wrong codes per visitor and organisation in 15 minutes; 60 per
  // organisation per hour from everyone together, then one attempt per 30 s (keys are hashes, never IPs).
  const codeAttempts = createCodeAttemptGuard({
    perVisitor: { maxFailures: 5, windowMs: 15 * 60 * 1000 },
    perOrganisation: { maxFailures: 60, windowMs: 60 * 60 * 1000 },
    pacedIntervalMs: 30 * 1000,
    now: context.now,
  })
  const reporterSessions = reporterSessionStore(context.now)
  const uploads = uploadService(context)
  const staffSessions = staffSessionService(context, instance, accounts)
  const caseHandling = caseHandlingService(context)
  const reminders = reminderService(context, mail, options.log)
  // ---- Weekly digest and scheduled purge (issue 10/11): their own scheduler, started with the server. ----
  const digest = digestService(context, instance, mail, options.log)
  const scheduler = schedulerService(context, { digest, purge: purgeService(context) }, options.log)
  const invitations = invitationService(context, instance, accounts, staffSessions, mail)
  return {
    config: options.config,
    instance,
    accounts,
    organisations: organisationService(context),
    setup: setupService(context, instance, accounts),
    backup: backupService(context),
    reports: reportService(context, cases, instance, mail, uploads, options.freeBytes ?? statfsFreeBytes),
    followUp: followUpService(context, cases, codeAttempts, reporterSessions, uploads),
    caseHandling,
    caseFile: caseFileService(context, caseHandling),
    caseWorkflow: caseWorkflowService(context),
    inbox: inboxService(context),
    uploads,
    staffSessions,
    invitations,
    workspace: workspaceService(context),
    sharing: sharingService(context),
    tabUnlock: tabUnlockService(context),
    mail,
    // ---- Issue 10: the reminder scheduler (started with the server, after mail). ----
    reminders,
    // Retention and purge (issue 10): `purge.run()` is what the scheduler calls.
    purge: purgeService(context),
    // Recovery key (issue 11): the instance key's public half, and re-sharing with it.
    recovery: recoveryService(context, instance),
    /**
     * Called by the report and follow-up forms: without JavaScript the next step derives keys on the server,
     * so a worker starts now instead of after the reporter presses send (workers end when idle).
     */
    prewarmKeyDerivation(): void {
      if (options.config.noJsFallback) context.kdf.prewarm()
    },
    pages: pageCache(options.database),
    // ---- Issue 11: each member's reporting procedure and poster. ----
    procedures: procedureService(context, instance),
    // ---- Issue 11: association administration ----
    association: associationService(context, instance, accounts),
    confidantPool: confidantPoolService(context, invitations),
    // ---- Issue 11: statistics and the audit log ----
    statistics: statisticsService(context),
    audit: auditService(context),
    /** For /healthz: the database answers. */
    health(): { status: 'ok' } {
      options.database.ping()
      return { status: 'ok' }
    },
    /** Stops mail delivery and ends the worker threads we started; the database is closed by whoever opened it. */
    close: async () => {
      reporterSessions.close()
      await reminders.stop()
      await scheduler.stop()
      await mail.stop()
      if (!options.kdf) await context.kdf.close()
    },
    // ---- Weekly digest and scheduled purge (issue 10/11) ----
    digest,
    scheduler,
  }
}
export type Services = ReturnType<typeof createServices>
