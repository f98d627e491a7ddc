import { type SQLWrapper, sql } from 'drizzle-orm'
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

// Timestamps are UTC milliseconds since the epoch; deadlines are computed in the organisation's time zone.
const timestamp = (name: string) => integer(name, { mode: 'number' })
const bytes = (name: string) => blob(name, { mode: 'buffer' })

/** The single row describing this installation (the association). */
export const instance = sqliteTable('instance', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  contactEmail: text('contact_email'),
  defaultLocale: text('default_locale', { enum: ['nl', 'en'] }).notNull(),
  defaultProfile: text('default_profile').notNull(),
  recoveryPublicKey: bytes('recovery_public_key'),
  /** The association's logo on every reporter page (issue 11): PNG or JPEG bytes and their media type. */
  logo: bytes('logo'),
  logoType: text('logo_type', { enum: ['image/png', 'image/jpeg'] }),
  // Server secret: cookie signing and sealing of TOTP secrets. Generated on first start, never configured.
  serverSecret: bytes('server_secret').notNull(),
  createdAt: timestamp('created_at').notNull(),
})

/** One-time link that lets the first administrator be created from the browser. */
export const setupToken = sqliteTable('setup_token', {
  tokenHash: bytes('token_hash').primaryKey(),
  createdAt: timestamp('created_at').notNull(),
  expiresAt: timestamp('expires_at').notNull(),
  usedAt: timestamp('used_at'),
  // TOTP secret offered during enrolment, sealed under the server secret, so a reload shows the same QR code.
  pendingTotpSecret: bytes('pending_totp_secret'),
})

export const organisationStatuses = ['draft', 'active', 'suspended'] as const

/** A member organisation (tenant) with its own reporting page, procedure and deadlines. */
export const organisation = sqliteTable('organisation', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** The member's own name on its reporting pages (issue 11); `name` when null. */
  displayName: text('display_name'),
  profile: text('profile').notNull(),
  timezone: text('timezone').notNull(),
  locales: text('locales').notNull(),
  procedureMarkdown: text('procedure_markdown').notNull().default(''),
  retentionDays: integer('retention_days').notNull(),
  /** Issue 10: the acknowledgement is sealed at receipt and counts as the statutory one. On by default. */
  autoAcknowledge: integer('auto_acknowledge', { mode: 'boolean' }).notNull().default(true),
  /** JSON { nl?: string, en?: string }: the member's own acknowledgement text; the standard text where absent. */
  acknowledgementText: text('acknowledgement_text'),
  codeSalt: bytes('code_salt').notNull(),
  status: text('status', { enum: organisationStatuses }).notNull().default('draft'),
  createdAt: timestamp('created_at').notNull(),
})

export const userRoles = ['admin', 'confidant'] as const

/** Staff accounts. The server never sees a password: it stores a hash of the Argon2id-derived auth key. */
export const user = sqliteTable('user', {
  id: text('id').primaryKey(),
  role: text('role', { enum: userRoles }).notNull(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** The language of this person's mails (reminders, digest); the organisation's or instance's when null. */
  locale: text('locale', { enum: ['nl', 'en'] }),
  authVerifier: bytes('auth_verifier'),
  kdfSalt: bytes('kdf_salt'),
  kdfOpsLimit: integer('kdf_ops_limit'),
  kdfMemLimit: integer('kdf_mem_limit'),
  publicKey: bytes('public_key'),
  encryptedSecretKey: bytes('encrypted_secret_key'),
  totpSecret: bytes('totp_secret'),
  // Last TOTP time step accepted at sign-in: a code of that step or an earlier one is refused (replay).
  totpLastStep: integer('totp_last_step'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until'),
  disabledAt: timestamp('disabled_at'),
  createdAt: timestamp('created_at').notNull(),
})

/** The pool: which confidant handles which member organisation. */
export const assignment = sqliteTable(
  'assignment',
  {
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisation.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.organisationId] })],
)

/** Later than any deadline (the largest time a JavaScript Date holds): "no deadline running". */
export const NO_DEADLINE = 8_640_000_000_000_000

export const caseStatuses = ['received', 'acknowledged', 'in_follow_up', 'feedback_given', 'closed'] as const

/**
 * The statutory deadline a case is working towards (DESIGN §5): the acknowledgement, then the feedback; cases
 * past both (feedback given, closed) sort after all others. An indexed expression, never out of step; queries
 * must use this same expression to read the index.
 */
export function caseNextDue(columns: {
  status: SQLWrapper
  acknowledgeBy: SQLWrapper
  feedbackBy: SQLWrapper
}) {
  const { status, acknowledgeBy, feedbackBy } = columns
  return sql<number>`(case ${status} when 'received' then ${acknowledgeBy} when 'acknowledged' then ${feedbackBy} when 'in_follow_up' then ${feedbackBy} else ${sql.raw(String(NO_DEADLINE))} end)`
}

export const reportCase = sqliteTable(
  'case',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisation.id),
    // Hash of the reporter's lookup key: the only way to find a case from a case code.
    lookupVerifier: bytes('lookup_verifier').notNull(),
    reporterPublicKey: bytes('reporter_public_key').notNull(),
    receivedAt: timestamp('received_at').notNull(),
    /** The statutory deadlines (DESIGN §5), kept with the case so an inbox of thousands sorts by them in SQL. */
    acknowledgeBy: timestamp('acknowledge_by').notNull(),
    /** Moves once, when the acknowledgement is given (3 months from then). */
    feedbackBy: timestamp('feedback_by').notNull(),
    acknowledgedAt: timestamp('acknowledged_at'),
    feedbackGivenAt: timestamp('feedback_given_at'),
    /** Issue 10, extension: when the feedback period was extended (ES allows it once); null when never. */
    feedbackExtendedAt: timestamp('feedback_extended_at'),
    closedAt: timestamp('closed_at'),
    status: text('status', { enum: caseStatuses }).notNull().default('received'),
    outcome: text('outcome'),
    purgeAfter: timestamp('purge_after'),
    submittedVia: text('submitted_via', { enum: ['browser', 'server'] }).notNull(),
  },
  (table) => [
    uniqueIndex('case_lookup_verifier').on(table.lookupVerifier),
    index('case_organisation').on(table.organisationId, table.status),
    // The inbox's order (db/repositories/inbox.ts): read in index order, it stops after one page.
    index('case_next_due').on(caseNextDue(table), table.receivedAt, table.id),
    // Retention and purge (issue 10): the purge finds closed cases past their date without a scan.
    index('case_purge_due').on(table.purgeAfter),
  ],
)

/** Case keys sealed to each holder: 'reporter', 'recovery', or a user id. */
export const caseKey = sqliteTable(
  'case_key',
  {
    caseId: text('case_id')
      .notNull()
      .references(() => reportCase.id, { onDelete: 'cascade' }),
    holder: text('holder').notNull(),
    kind: text('kind', { enum: ['shared', 'internal'] }).notNull(),
    sealedKey: bytes('sealed_key').notNull(),
  },
  (table) => [primaryKey({ columns: [table.caseId, table.holder, table.kind] })],
)

export const entryKinds = [
  'report',
  'message',
  'note',
  'acknowledgement',
  'feedback',
  'transcript',
  'meeting_request',
  // The reporter's agreement that an oral report's transcript is a correct record (Directive art. 18).
  'transcript_agreement',
  // Issue 10, extension: the confidant's sealed reason for extending the feedback period (ES), read by the reporter.
  'extension',
] as const

/** One encrypted item in a case thread. Kind, author and seq are bound into the AEAD associated data. */
export const entry = sqliteTable(
  'entry',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => reportCase.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: entryKinds }).notNull(),
    author: text('author').notNull(),
    /** Place in its thread (notes count apart), bound into the associated data: order is authenticated. */
    seq: integer('seq').notNull(),
    createdAt: timestamp('created_at').notNull(),
    nonce: bytes('nonce').notNull(),
    ciphertext: bytes('ciphertext').notNull(),
    /**
     * A confidant's message that answers a reporter's meeting request names that request here (issue 9), so
     * the inbox can tell "waiting" from "answered" without content. Not in the associated data: a database
     * writer could only move a badge, never what either side reads.
     */
    answers: text('answers'),
  },
  (table) => [index('entry_case').on(table.caseId, table.seq), index('entry_answers').on(table.answers)],
)

/**
 * Encrypted file (protocol v1's secretstream format), kept in SQLite so that one file is a complete backup.
 * Its ciphertext is in `attachment_chunk` rows, written as the upload arrives; until the entry that references
 * it is stored, `entry_id` is null (staged: removed if the upload fails, and at start-up after a crash).
 */
export const attachment = sqliteTable(
  'attachment',
  {
    id: text('id').primaryKey(),
    entryId: text('entry_id').references(() => entry.id, { onDelete: 'cascade' }),
    /** Ciphertext bytes: the sum of its chunks. */
    size: integer('size').notNull(),
  },
  (table) => [index('attachment_entry').on(table.entryId)],
)

/** An attachment's ciphertext in order, in pieces as the upload arrived (any cut reads the same). */
export const attachmentChunk = sqliteTable(
  'attachment_chunk',
  {
    attachmentId: text('attachment_id')
      .notNull()
      .references(() => attachment.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    bytes: bytes('bytes').notNull(),
  },
  (table) => [primaryKey({ columns: [table.attachmentId, table.position] })],
)

/** Append-only, hash-chained record of who did what and when: never content, never an IP address. */
export const auditEvent = sqliteTable(
  'audit_event',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: timestamp('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject'),
    previousHash: bytes('previous_hash').notNull(),
    hash: bytes('hash').notNull(),
  },
  // A case page lists its own trail (issue 9) without reading the whole log.
  (table) => [index('audit_event_subject').on(table.subject, table.id)],
)

/** Server-side staff sessions; the cookie holds the token, the table only its hash. */
export const session = sqliteTable(
  'session',
  {
    tokenHash: bytes('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull(),
    lastSeenAt: timestamp('last_seen_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
  },
  (table) => [index('session_user').on(table.userId)],
)

/** A single-use link that lets an invited confidant or administrator create their own account and keys. */
export const invitation = sqliteTable('invitation', {
  tokenHash: bytes('token_hash').primaryKey(),
  email: text('email').notNull(),
  role: text('role', { enum: userRoles }).notNull(),
  displayName: text('display_name').notNull().default(''),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at').notNull(),
  expiresAt: timestamp('expires_at').notNull(),
  usedAt: timestamp('used_at'),
  // TOTP secret offered during enrolment, sealed under the server secret, so a reload shows the same QR code.
  pendingTotpSecret: bytes('pending_totp_secret'),
})

/** Mail to send, written in the same transaction as its cause; a worker sends it with retries. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at').notNull().default(sql`0`),
    sentAt: timestamp('sent_at'),
    lastError: text('last_error'),
  },
  (table) => [index('outbox_due').on(table.sentAt, table.nextAttemptAt)],
)

// ---- Reminders (issue 10, server/services/reminders.ts) ----

/**
 * Each reminder mail the scheduler wrote, by case, kind ('ack' | 'feedback'), step ('-2', '0', '-14', '-3',
 * 'overdue:2026-12-05') and the deadline it is about (a moved deadline, e.g. Spain's extension, reminds
 * afresh). Inserted in the transaction of its outbox rows, ON CONFLICT DO NOTHING: two processes or a
 * restart mid-pass never write a reminder twice. Deleted with its case.
 */
export const reminderSent = sqliteTable(
  'reminder_sent',
  {
    caseId: text('case_id')
      .notNull()
      .references(() => reportCase.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['ack', 'feedback'] }).notNull(),
    step: text('step').notNull(),
    dueBy: timestamp('due_by').notNull(),
    sentAt: timestamp('sent_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.caseId, table.kind, table.step, table.dueBy] })],
)

// --- Retention and purge (issue 10) ---

/**
 * What is left of a purged case, so that statistics survive: dates, statuses, outcome and whether each
 * statutory deadline was met. No keys, no lookup verifier, no reporter public key, no content. The id is the
 * former case id (random, never derived from a case code) so the case's audit events still have a subject.
 */
export const caseTombstone = sqliteTable(
  'case_tombstone',
  {
    caseId: text('case_id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisation.id),
    receivedAt: timestamp('received_at').notNull(),
    acknowledgeBy: timestamp('acknowledge_by').notNull(),
    feedbackBy: timestamp('feedback_by').notNull(),
    acknowledgedAt: timestamp('acknowledged_at'),
    feedbackGivenAt: timestamp('feedback_given_at'),
    closedAt: timestamp('closed_at'),
    /** Null when the step was never taken. */
    acknowledgementMet: integer('acknowledgement_met', { mode: 'boolean' }),
    feedbackMet: integer('feedback_met', { mode: 'boolean' }),
    status: text('status', { enum: caseStatuses }).notNull(),
    outcome: text('outcome'),
    submittedVia: text('submitted_via', { enum: ['browser', 'server'] }).notNull(),
    purgedAt: timestamp('purged_at').notNull(),
  },
  (table) => [index('case_tombstone_organisation').on(table.organisationId, table.closedAt)],
)

// ---- Weekly digest (issue 10/11, server/services/digest.ts) ----

/**
 * Each weekly digest written to the outbox, by ISO week ('2026-W49', in the association's time zone) and
 * administrator. Inserted in the transaction of its outbox row, ON CONFLICT DO NOTHING: a restart or a second
 * process never writes a week's digest twice. Deleted with its user.
 */
export const digestSent = sqliteTable(
  'digest_sent',
  {
    week: text('week').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    sentAt: timestamp('sent_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.week, table.userId] })],
)
