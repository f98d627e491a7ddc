import type { CaseStatus, InboxRow } from '../../db/index.js'
import { caseStatuses } from '../../db/schema.js'
import { calendarDaysBetween } from '../domain/deadlines.js'
import type { ServiceContext } from './context.js'

/**
 * The deadline a case is working towards: `daysLeft` in calendar days in its organisation's time zone (0: due
 * today, < 0: days overdue); `overdue` from the exact time, so a deadline at 14:05 is overdue at 15:00.
 */
export type DeadlineBadge = {
  kind: 'acknowledge' | 'feedback'
  due: number
  daysLeft: number
  overdue: boolean
}

export type InboxCase = Omit<InboxRow, 'nextDue' | 'acknowledgeBy' | 'feedbackBy'> & {
  badge: DeadlineBadge | undefined
  meetingRequested: boolean
  /** Issue 10: acknowledged at receipt by the organisation's automatic acknowledgement. */
  acknowledgedAutomatically: boolean
}

export type InboxFilter = { status: 'open' | CaseStatus; organisationId: string | undefined; page: number }

export type Inbox = {
  filter: InboxFilter
  cases: InboxCase[]
  hasMore: boolean
  organisations: Array<{ id: string; name: string; open: number }>
  /** Cases by status over the organisations in the filter ('open' is all but closed). */
  counts: Record<'open' | CaseStatus, number>
}

export const INBOX_PAGE_SIZE = 50

/**
 * One inbox for a confidant across every organisation assigned to them, sorted by the statutory deadline
 * running now (DESIGN §5): the pool in one place. Metadata only; every case stays sealed to its holders.
 */
export function inboxService({ repos, now }: ServiceContext) {
  /** Query values as typed by anyone: an unknown status or organisation is the unfiltered inbox. */
  function readFilter(
    query: { status?: string; organisation?: string; page?: string },
    organisations: Array<{ id: string }>,
  ): InboxFilter {
    const status = (caseStatuses as readonly string[]).includes(query.status ?? '')
      ? (query.status as CaseStatus)
      : 'open'
    const organisationId = organisations.some((item) => item.id === query.organisation)
      ? query.organisation
      : undefined
    const page = /^[0-9]{1,4}$/.test(query.page ?? '') ? Number(query.page) : 0
    return { status, organisationId, page }
  }

  return {
    inbox(userId: string, query: { status?: string; organisation?: string; page?: string }): Inbox {
      const organisations = repos.inbox.organisations(userId)
      const filter = readFilter(query, organisations)
      const rows = repos.inbox.page(userId, filter, INBOX_PAGE_SIZE + 1, filter.page * INBOX_PAGE_SIZE)
      const shown = rows.slice(0, INBOX_PAGE_SIZE)
      const meetings = repos.inbox.awaitingMeeting(shown.map((row) => row.id))
      const automatic = repos.inbox.acknowledgedAutomatically(shown.map((row) => row.id))
      const at = now()
      const counts = {
        open: 0,
        ...Object.fromEntries(caseStatuses.map((status) => [status, 0])),
      } as Inbox['counts']
      const open = new Map<string, number>()
      for (const { organisationId, status, cases } of repos.inbox.counts(userId)) {
        if (status !== 'closed') open.set(organisationId, (open.get(organisationId) ?? 0) + cases)
        if (filter.organisationId && organisationId !== filter.organisationId) continue
        counts[status] += cases
        if (status !== 'closed') counts.open += cases
      }
      return {
        filter,
        hasMore: rows.length > INBOX_PAGE_SIZE,
        organisations: organisations.map((item) => ({ ...item, open: open.get(item.id) ?? 0 })),
        counts,
        cases: shown.map(({ nextDue, acknowledgeBy, feedbackBy, ...row }) => ({
          ...row,
          meetingRequested: meetings.has(row.id),
          acknowledgedAutomatically: automatic.has(row.id),
          badge:
            nextDue === null
              ? undefined
              : {
                  kind: row.status === 'received' ? 'acknowledge' : 'feedback',
                  due: nextDue,
                  daysLeft: calendarDaysBetween(at, nextDue, row.timezone),
                  overdue: at > nextDue,
                },
        })),
      }
    },
  }
}
export type InboxService = ReturnType<typeof inboxService>
