import type { FastifyInstance } from 'fastify'
import { StatisticsPage } from '../../../../views/pages/staff/admin/statistics.js'
import { pickLocale } from '../../../locale.js'
import { sendPage } from '../../../render.js'
import { statisticsCsv } from '../../../services/statistics.js'
import type { AdminRouteOptions } from './index.js'

type StatisticsQuery = { quarter?: string; organisation?: string; lang?: string }

/** Issue 11: statistics without content, as a page with server-drawn charts and as a CSV export. */
export async function statisticsRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { statistics, instance } = app.services
  const filter = (query: StatisticsQuery) => ({
    quarter: query.quarter || undefined,
    organisation: query.organisation || undefined,
  })

  app.get<{ Querystring: StatisticsQuery }>(
    '/statistics',
    { preHandler: options.requireAdmin },
    async (request, reply) => {
      const current = instance.current()
      const locale = pickLocale(request, current.defaultLocale)
      const report = statistics.report(filter(request.query))
      const csvQuery = new URLSearchParams({ quarter: report.quarter })
      if (report.organisation) csvQuery.set('organisation', report.organisation.slug)
      return sendPage(
        reply,
        StatisticsPage({
          locale,
          associationName: current.name,
          report,
          csvHref: `/staff/admin/statistics.csv?${csvQuery}`,
        }),
      )
    },
  )

  app.get<{ Querystring: StatisticsQuery }>(
    '/statistics.csv',
    { preHandler: options.requireAdmin },
    async (request, reply) => {
      const report = statistics.report(filter(request.query))
      const name = `meldpool-statistics-${report.quarter}${report.organisation ? `-${report.organisation.slug}` : ''}.csv`
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(statisticsCsv(report))
    },
  )
}
