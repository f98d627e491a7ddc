import type { FastifyInstance } from 'fastify'
import { AuditPage } from '../../../../views/pages/staff/admin/audit.js'
import { pickLocale } from '../../../locale.js'
import { sendPage } from '../../../render.js'
import type { AdminRouteOptions } from './index.js'

type AuditQuery = { action?: string; actor?: string; before?: string }

/** Issue 11: the audit log, newest first, with the hash chain verified on every visit. */
export async function auditRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { audit, instance } = app.services
  app.get<{ Querystring: AuditQuery }>(
    '/audit',
    { preHandler: options.requireAdmin },
    async (request, reply) => {
      const current = instance.current()
      const locale = pickLocale(request, current.defaultLocale)
      const page = audit.browse(request.query)
      const href = (before: number | undefined) => {
        const query = new URLSearchParams({ lang: locale })
        if (page.filter.action) query.set('action', page.filter.action)
        if (page.filter.actor) query.set('actor', page.filter.actor)
        if (before !== undefined) query.set('before', String(before))
        return `/staff/admin/audit?${query}`
      }
      return sendPage(
        reply,
        AuditPage({
          locale,
          associationName: current.name,
          verification: audit.verify(),
          filter: page.filter,
          actions: page.actions,
          actors: page.actors,
          events: page.events,
          olderHref: page.nextBefore === undefined ? undefined : href(page.nextBefore),
          newestHref: page.filter.before === undefined ? undefined : href(undefined),
        }),
      )
    },
  )
}
