import type { CaseRow } from '../../db/index.js'
import {
  allowedMoves,
  type CaseOutcome,
  type CaseStatus,
  checkStatusMove,
  isCaseOutcome,
} from '../domain/case-workflow.js'
import { addCalendarDays, calendarDaysBetween, formatDate, formatDateTime } from '../domain/deadlines.js'
import { CaseNotFound, InvalidInput, StatusMoveRefused } from '../errors.js'
import type { ServiceContext } from './context.js'
import type { StaffSession } from './staff-sessions.js'

/** One statutory deadline as the case page shows it, in the organisation's calendar. */
export type DeadlineState =
  | { state: 'met'; on: string; late: number }
  | { state: 'due'; by: string; daysLeft: number }
  | { state: 'overdue'; by: string; days: number }

export type CaseTimeline = {
  received: string
  acknowledge: DeadlineState
  feedback: DeadlineState
  closed: { on: string; outcome: CaseOutcome | null } | null
  purgeAfter: string | null
}

/** One line of a case's audit trail: who (display name), what, when. Never content, never an address. */
export type AuditLine = {
  at: string
  who: { kind: 'staff'; name: string } | { kind: 'reporter' | 'system' }
  action: string
}

export type CaseWorkflow = {
  status: CaseStatus
  moves: CaseStatus[]
  canClose: boolean
  timeline: CaseTimeline
  /** The reporter's meeting requests that are still waiting for an answer (entry ids). */
  openMeetingRequests: string[]
  audit: AuditLine[]
  /** Issue 10: the acknowledgement was sealed at receipt by the organisation's automatic acknowledgement. */
  acknowledgedAutomatically: boolean
}

/** How many of a case's newest audit events the page lists. */
export const AUDIT_TRAIL_LIMIT = 200

/**
 * Working a case (issue 9): moving its status, closing it with an outcome, and what the case page shows of
 * its deadlines and audit trail. Only a confidant assigned to the case's organisation reaches it; anyone else
 * gets `CaseNotFound`, as for an unknown id. Every change is an audit event without content.
 */
export function caseWorkflowService({ repos, now }: ServiceContext) {
  function caseFor(session: StaffSession, caseId: string): CaseRow {
    const row = session.role === 'confidant' ? repos.cases.findById(caseId) : undefined
    if (!row) throw new CaseNotFound()
    const assigned = repos.organisations
      .assignedTo(session.userId)
      .some((organisation) => organisation.id === row.organisationId)
    if (!assigned) throw new CaseNotFound()
    return row
  }

  const progress = (row: CaseRow) => ({ status: row.status, feedbackGiven: row.feedbackGivenAt !== null })

  function deadline(
    due: number,
    doneAt: number | null,
    at: number,
    locale: 'nl' | 'en',
    timeZone: string,
  ): DeadlineState {
    if (doneAt !== null)
      return {
        state: 'met',
        on: formatDate(doneAt, locale, timeZone),
        late: Math.max(0, calendarDaysBetween(due, doneAt, timeZone)),
      }
    const by = formatDate(due, locale, timeZone)
    if (at > due) return { state: 'overdue', by, days: calendarDaysBetween(due, at, timeZone) }
    return { state: 'due', by, daysLeft: calendarDaysBetween(at, due, timeZone) }
  }

  function actorOf(actor: string): AuditLine['who'] {
    if (actor === 'reporter') return { kind: 'reporter' }
    const user = repos.users.findById(actor)
    return user ? { kind: 'staff', name: user.displayName } : { kind: 'system' }
  }

  return {
    /** What the case page shows of the workflow; read together with the case itself (audited there). */
    view(session: StaffSession, caseId: string, locale: 'nl' | 'en'): CaseWorkflow {
      const row = caseFor(session, caseId)
      const { timezone } = repos.organisations.findById(row.organisationId)!
      const at = now()
      const names = new Map<string, AuditLine['who']>()
      const audit = repos.audit.forSubject(row.id, AUDIT_TRAIL_LIMIT).map((event) => {
        if (!names.has(event.actor)) names.set(event.actor, actorOf(event.actor))
        // Reporter actions are stored by the day only (follow-up.ts): shown as a date, no invented time.
        const when =
          event.actor === 'reporter'
            ? formatDate(event.at, locale, timezone)
            : formatDateTime(event.at, locale, timezone)
        return { at: when, who: names.get(event.actor)!, action: event.action }
      })
      return {
        status: row.status,
        moves: allowedMoves(progress(row)).filter((to) => to !== 'closed'),
        canClose: checkStatusMove(progress(row), 'closed') === undefined,
        timeline: {
          received: formatDateTime(row.receivedAt, locale, timezone),
          acknowledge: deadline(row.acknowledgeBy, row.acknowledgedAt, at, locale, timezone),
          feedback: deadline(row.feedbackBy, row.feedbackGivenAt, at, locale, timezone),
          closed:
            row.closedAt === null
              ? null
              : {
                  on: formatDate(row.closedAt, locale, timezone),
                  outcome: isCaseOutcome(row.outcome) ? row.outcome : null,
                },
          purgeAfter: row.purgeAfter === null ? null : formatDate(row.purgeAfter, locale, timezone),
        },
        openMeetingRequests: repos.cases.unansweredMeetingRequests(row.id).map((request) => request.id),
        audit,
        acknowledgedAutomatically: repos.inbox.acknowledgedAutomatically([row.id]).has(row.id),
      }
    },

    /** A move by hand; the statutory steps (acknowledgement, feedback) are entries instead. */
    moveStatus(session: StaffSession, caseId: string, to: CaseStatus): void {
      if (to === 'closed') throw new InvalidInput('closing needs an outcome')
      repos.transaction(() => {
        const row = caseFor(session, caseId)
        const refused = checkStatusMove(progress(row), to)
        if (refused) throw new StatusMoveRefused(refused)
        repos.cases.updateCase(row.id, { status: to })
        repos.audit.append({
          at: now(),
          actor: session.userId,
          action: `case.status:${row.status}>${to}`,
          subject: row.id,
        })
      })
    },

    /**
     * Closes the case with an outcome from the fixed list. The retention clock starts now: purge_after is
     * the organisation's retention period after closing, in its calendar (the purge itself is issue 10).
     */
    close(session: StaffSession, caseId: string, outcome: string): void {
      if (!isCaseOutcome(outcome)) throw new InvalidInput('unknown outcome')
      repos.durableTransaction(() => {
        const row = caseFor(session, caseId)
        const refused = checkStatusMove(progress(row), 'closed')
        if (refused) throw new StatusMoveRefused(refused)
        const organisation = repos.organisations.findById(row.organisationId)!
        const at = now()
        repos.cases.updateCase(row.id, {
          status: 'closed',
          outcome,
          closedAt: at,
          purgeAfter: addCalendarDays(at, organisation.retentionDays, organisation.timezone),
        })
        // The classification is the confidant's assessment: kept on the case, not copied into the log.
        repos.audit.append({
          at,
          actor: session.userId,
          action: `case.status:${row.status}>closed`,
          subject: row.id,
        })
      })
    },
  }
}
export type CaseWorkflowService = ReturnType<typeof caseWorkflowService>
