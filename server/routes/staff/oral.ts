import type { FastifyInstance } from 'fastify'
import { type Static, Type } from 'typebox'
import { OralReportPage } from '../../../views/pages/staff/oral.js'
import { pickLocale } from '../../locale.js'
import { sendPage } from '../../render.js'
import { paths } from '../reporter/context.js'
import { BrowserSubmission } from '../reporter/envelopes.js'
import type { requireStaff } from './index.js'

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) })
/** An oral report sealed in the confidant's browser: the new case exactly as a reporter's browser sends it. */
const OralRequest = Type.Object(
  { receivedAt: Type.Integer({ minimum: 0 }), submission: BrowserSubmission },
  { additionalProperties: false },
)

/** Recording an oral report (Directive art. 18): the form, and the sealed case its page script sends. */
export async function oralRoutes(
  app: FastifyInstance,
  options: { requireStaff: ReturnType<typeof requireStaff> },
): Promise<void> {
  const { reports, instance, config } = app.services
  const preHandler = options.requireStaff

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/oral/:slug',
    { schema: { params: SlugParams }, preHandler },
    async (request, reply) => {
      const staff = request.staff!
      const current = instance.current()
      const locale = pickLocale(request, current.defaultLocale)
      const page = reports.oralPage(staff, request.params.slug)
      return sendPage(
        reply,
        OralReportPage({
          locale,
          associationName: current.name,
          organisation: page.organisation,
          encryption: page.encryption,
          userId: staff.userId,
          csrfToken: reply.generateCsrf(),
          api: `/staff/api/oral-reports/${page.organisation.slug}`,
          followUpUrl: `${config.publicUrl}${paths(page.organisation.slug).followUp}`,
        }),
      )
    },
  )

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof OralRequest> }>(
    '/api/oral-reports/:slug',
    { schema: { params: SlugParams, body: OralRequest }, preHandler, config: { api: true } },
    async (request, reply) => {
      const recorded = reports.recordOral(
        request.staff!,
        request.params.slug,
        request.body.submission,
        request.body.receivedAt,
      )
      return reply.status(201).send({ caseId: recorded.caseId })
    },
  )
}
