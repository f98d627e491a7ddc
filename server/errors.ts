import type { MoveRefusal } from './domain/case-workflow.js'

/**
 * Domain errors, named in the domain's words. The one error handler maps each to a status and a page;
 * messages here are for operators (CLI) and logs, never shown to a browser.
 */
export class DomainError extends Error {
  readonly status: number = 400
  constructor(message?: string) {
    super(message)
    this.name = new.target.name
  }
}

export class InvalidInput extends DomainError {
  override readonly status = 400
}
export class OrganisationNotFound extends DomainError {
  override readonly status = 404
  constructor(slug: string) {
    super(`no organisation with slug "${slug}"`)
  }
}
export class SlugTaken extends DomainError {
  override readonly status = 409
  constructor(slug: string) {
    super(`an organisation with slug "${slug}" already exists`)
  }
}
export class NoConfidantWithKeys extends DomainError {
  override readonly status = 409
  constructor(slug: string) {
    super(`"${slug}" cannot be activated: no confidant with keys is assigned (assign one first)`)
  }
}
export class UserNotFound extends DomainError {
  override readonly status = 404
  constructor(email: string) {
    super(`no user with e-mail address "${email}"`)
  }
}
export class EmailTaken extends DomainError {
  override readonly status = 409
  constructor(email: string) {
    super(`a user with e-mail address "${email}" already exists`)
  }
}
export class NotAConfidant extends DomainError {
  override readonly status = 409
  constructor(email: string) {
    super(`"${email}" is not a confidant`)
  }
}
export class SetupLinkInvalid extends DomainError {
  override readonly status = 404
  constructor() {
    super('setup link expired, used or unknown')
  }
}
export class AlreadySetUp extends DomainError {
  override readonly status = 409
  constructor() {
    super('an administrator already exists')
  }
}
export class TotpCodeWrong extends DomainError {
  override readonly status = 400
  constructor() {
    super('the one-time code is not correct')
  }
}
export class ServiceBusy extends DomainError {
  override readonly status = 503
  constructor(readonly retryAfterSeconds = 30) {
    super('too many key derivations waiting; try again shortly')
  }
}
/** Free space under the data directory is below the configured floor: new reports wait (nothing half-written). */
export class StorageLow extends DomainError {
  override readonly status = 503
  readonly retryAfterSeconds = 600
  constructor() {
    super('too little free disk space under the data directory to take new reports')
  }
}
/** More new reports for one organisation in a short time than any real workforce sends: a flood, slowed down. */
export class TooManyReports extends DomainError {
  override readonly status = 429
  constructor(readonly retryAfterMs: number) {
    super('too many new reports for this organisation just now')
  }
}

/** Unknown, draft and suspended organisations look the same to a visitor: nothing reveals which exist. */
export class ReportingPageNotFound extends DomainError {
  override readonly status = 404
  constructor() {
    super('no active organisation with this address')
  }
}
export class CaseCodeTypo extends DomainError {
  override readonly status = 400
  constructor() {
    super('the case code has a typo (check digit)')
  }
}
export class CaseCodeMalformed extends DomainError {
  override readonly status = 400
  constructor() {
    super('the case code must be 16 digits')
  }
}
/** Deliberately vague: a wrong code and a code of another organisation are the same to the visitor. */
export class CaseNotFound extends DomainError {
  override readonly status = 404
  constructor() {
    super('no case for this code')
  }
}
export class TooManyAttempts extends DomainError {
  override readonly status = 429
  constructor(readonly retryAfterMs: number) {
    super('too many failed attempts')
  }
}
export class NoJsFallbackOff extends DomainError {
  override readonly status = 403
  constructor() {
    super('reports without JavaScript are switched off on this server')
  }
}
export class SubmissionReplayed extends DomainError {
  override readonly status = 409
  constructor() {
    super('this submission was already received')
  }
}
export class SubmissionInvalid extends DomainError {
  override readonly status = 400
}
export class FileTooLarge extends DomainError {
  override readonly status = 413
  /** `announced`: the body's Content-Length alone was too large, so it was refused unread. */
  constructor(
    readonly limitBytes: number,
    readonly announced = false,
  ) {
    super(
      announced ? 'the announced body is larger than any allowed report' : 'a file is larger than allowed',
    )
  }
}
export class ReporterSessionExpired extends DomainError {
  override readonly status = 401
  constructor() {
    super('the follow-up session has expired')
  }
}
export class NotAssigned extends DomainError {
  override readonly status = 403
  constructor() {
    super('this confidant is not assigned to the organisation of this case')
  }
}
export class TooManyFiles extends DomainError {
  override readonly status = 400
  constructor(readonly limit: number) {
    super(`more than ${limit} files`)
  }
}
/** A reporter form posted from another site: refused before anything is read or changed. */
export class CrossSiteRequest extends DomainError {
  override readonly status = 403
  constructor() {
    super('cross-site request refused')
  }
}

/**
 * The case's key does not open its report, or is not the one sealed for this case with the case code: a
 * database writer may have replaced it. Nothing is shown or written under such a key.
 */
export class CaseUnverifiable extends DomainError {
  override readonly status = 409
  constructor() {
    super('the case could not be verified: its key does not open its report')
  }
}
/** An entry was written for a place in the thread that another entry took first: reload and send again. */
export class ThreadMoved extends DomainError {
  override readonly status = 409
  constructor() {
    super('the thread changed while this entry was written')
  }
}
/** The report was not sealed to exactly the organisation's current recipients (they changed meanwhile). */
export class RecipientsChanged extends DomainError {
  override readonly status = 409
  constructor() {
    super('the report must be sealed to exactly the current confidants and recovery key')
  }
}

/** E-mail, password or one-time code wrong: deliberately one error, so nothing tells which part was wrong. */
export class LoginFailed extends DomainError {
  override readonly status = 401
  constructor() {
    super('sign-in failed')
  }
}
/** Too many failed sign-ins for one account: refused until `until`, whatever is typed. */
export class AccountLocked extends DomainError {
  override readonly status = 429
  constructor(
    readonly until: number,
    readonly retryAfterMs: number,
  ) {
    super('the account is locked after repeated failed sign-ins')
  }
}
/** No staff session, or one past its idle or absolute expiry. */
export class SessionExpired extends DomainError {
  override readonly status = 401
  constructor() {
    super('not signed in, or the session has expired')
  }
}
export class InvitationInvalid extends DomainError {
  override readonly status = 404
  constructor() {
    super('invitation link expired, used or unknown')
  }
}

// Working a case (issue 9, workflow).
/** A status move the rules do not allow (server/domain/case-workflow.ts); `reason` names which rule. */
export class StatusMoveRefused extends DomainError {
  override readonly status = 409
  constructor(readonly reason: MoveRefusal) {
    super(`status move refused: ${reason}`)
  }
}
/** An answer to a meeting request that is not (or no longer) waiting in this case. */
export class MeetingRequestNotOpen extends DomainError {
  override readonly status = 409
  constructor() {
    super('no open meeting request with this id in this case')
  }
}

/** An oral report's time of receipt in the future (or absurdly far back): deadlines would run from a wrong time. */
export class ReceiptTimeInvalid extends DomainError {
  override readonly status = 400
  constructor() {
    super('the time of receipt is in the future or too far back')
  }
}

// Sharing case keys with a colleague (issue 9).
/** The colleague is not an enabled confidant with keys assigned to the case's organisation. */
export class ShareTargetInvalid extends DomainError {
  override readonly status = 403
  constructor() {
    super('the colleague cannot receive keys for this case')
  }
}
/** The colleague already holds keys for this case: nothing is written twice. */
export class AlreadyShared extends DomainError {
  override readonly status = 409
  constructor() {
    super('the colleague already holds keys for this case')
  }
}

// Extending the feedback period (issue 10, extension).
/**
 * The profile gives no extension, the case was extended already, is closed, or its feedback was given: the
 * period is extended at most once, and only while the feedback is still owed (Ley 2/2023 art. 9.2.d).
 */
export class FeedbackExtensionRefused extends DomainError {
  override readonly status = 409
  constructor(readonly reason: 'not_allowed' | 'already_extended' | 'closed' | 'feedback_given') {
    super(`feedback extension refused: ${reason}`)
  }
}

// --- Retention and purge (issue 10) ---
export class PurgeNotCompacted extends DomainError {
  override readonly status = 503
  constructor() {
    super(
      'cases were purged, but the write-ahead log could not be truncated while another connection was reading; run purge again',
    )
  }
}

// --- Association administration (issue 11) ---
/** A staff page for administrators only, asked for by a confidant. */
export class AdministratorsOnly extends DomainError {
  override readonly status = 403
  constructor() {
    super('this page is for administrators')
  }
}

// --- Recovery key (issue 11) ---
/** A recovery key is set already: replacing it must be asked for (cases received before keep the old one). */
export class RecoveryKeyExists extends DomainError {
  override readonly status = 409
  constructor() {
    super(
      'a recovery key is already set; replacing it needs --replace (cases received before keep the old key)',
    )
  }
}

// --- Automatic acknowledgement (issue 10) ---
/**
 * A browser's new report carried an automatic acknowledgement where its organisation has that off, or lacked
 * one where it is on (switched since the page loaded): nothing is stored; the page reads the setting again.
 */
export class AcknowledgementChanged extends DomainError {
  override readonly status = 409
  constructor() {
    super('the report must carry the automatic acknowledgement exactly when its organisation has it on')
  }
}

/** A form field the administration refused; `field` names which, so the page can say so in its language. */
export class InvalidField extends InvalidInput {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}
// --- Statistics and audit (issue 11) ---
/** `audit verify` found a row that breaks the hash chain, or the anchor it was given is gone. */
export class AuditChainBroken extends DomainError {
  override readonly status = 409
  constructor(
    readonly badRowId: number | undefined,
    reason: string,
  ) {
    super(
      badRowId === undefined
        ? `audit log does not extend the anchor: ${reason}`
        : `audit log broken at row #${badRowId}: ${reason}`,
    )
  }
}
