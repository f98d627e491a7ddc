import type { FastifyInstance } from 'fastify'
import type { Locale } from '../../../views/i18n/index.js'
import { HomePage } from '../../../views/pages/staff/home.js'
import type { InboxModel } from '../../../views/pages/staff/inbox.js'
import { formatDate } from '../../domain/deadlines.js'
import { pickLocale } from '../../locale.js'
import { sendPage } from '../../render.js'
import { encodeBytes } from '../../services/accounts.js'
import type { Inbox } from '../../services/inbox.js'
import type { requireStaff } from './index.js'

/** The signed-in landing at /staff. */
export async function homeRoutes(
  app: FastifyInstance,
  options: { requireStaff: ReturnType<typeof requireStaff> },
): Promise<void> {
  const { workspace, instance, inbox, sharing } = app.services
  app.get<{ Querystring: InboxQuery }>('/', { preHandler: options.requireStaff }, async (request, reply) => {
    const staff = request.staff!
    const current = instance.current()
    const locale = pickLocale(request, current.defaultLocale)
    const csrfToken = reply.generateCsrf()
    return sendPage(
      reply,
      HomePage({
        locale,
        associationName: current.name,
        home: workspace.home(staff),
        inbox:
          staff.role === 'confidant'
            ? presentInbox(inbox.inbox(staff.userId, request.query), locale)
            : undefined,
        csrfToken,
        sharing: { locale, userId: staff.userId, csrfToken, pending: sharing.pending(staff) },
        tabKey: encodeBytes(staff.tabKey),
        publicKey: encodeBytes(staff.publicKey),
      }),
    )
  })
}

type InboxQuery = { status?: string; organisation?: string; page?: string }

/** The inbox in the page's language: each date in its organisation's time zone; links keep the filter. */
function presentInbox(inbox: Inbox, locale: Locale): InboxModel {
  const { filter } = inbox
  const pageHref = (page: number) => {
    const query = new URLSearchParams({ status: filter.status, lang: locale })
    if (filter.organisationId) query.set('organisation', filter.organisationId)
    if (page > 0) query.set('page', String(page))
    return `/staff?${query}`
  }
  return {
    locale,
    action: '/staff',
    filter: { status: filter.status, organisationId: filter.organisationId },
    organisations: inbox.organisations,
    counts: inbox.counts,
    rows: inbox.cases.map((item) => ({
      href: `/staff/cases/${item.id}`,
      // Enough of the random id to tell cases apart in conversation; the page shows the whole id.
      reference: item.id.slice(0, 8),
      organisationName: item.organisationName,
      received: formatDate(item.receivedAt, locale, item.timezone),
      status: item.status,
      due: item.badge && { ...item.badge, date: formatDate(item.badge.due, locale, item.timezone) },
      meetingRequested: item.meetingRequested,
      acknowledgedAutomatically: item.acknowledgedAutomatically,
    })),
    previousHref: filter.page > 0 ? pageHref(filter.page - 1) : undefined,
    nextHref: inbox.hasMore ? pageHref(filter.page + 1) : undefined,
  }
}
