import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { Locale } from '../../../../views/i18n/index.js'
import { procedureDocument } from '../../../../views/pages/procedure/model.js'
import { PosterPage } from '../../../../views/pages/staff/admin/poster.js'
import { AdminProcedurePage } from '../../../../views/pages/staff/admin/procedure.js'
import { pickLocale } from '../../../locale.js'
import { sendPage } from '../../../render.js'
import { MAX_PROCEDURE_ADDITIONS, type MemberProcedure } from '../../../services/procedures.js'
import type { AdminRouteOptions } from './index.js'

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) })
type SlugParams = Static<typeof SlugParams>
const PageQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 2 })),
  saved: Type.Optional(Type.String({ maxLength: 1 })),
})
const ProcedureForm = Type.Object({
  _csrf: Type.String({ maxLength: 200 }),
  lang: Type.Optional(Type.String({ maxLength: 2 })),
  // Line ends may arrive as CRLF: the service counts the text after normalising them.
  additions: Type.String({ maxLength: 2 * MAX_PROCEDURE_ADDITIONS }),
  intent: Type.Union([Type.Literal('preview'), Type.Literal('save')]),
})

/**
 * Each member's reporting procedure and poster (issue 11): the generated model text with the member's own
 * provisions, a preview before saving, and the A4 poster with the reporting address as a QR code.
 */
export async function procedureRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { procedures, instance } = app.services
  const preHandler = options.requireAdmin
  const base = (slug: string) => `/staff/admin/organisations/${slug}`

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    procedure: MemberProcedure,
    state: { saved: boolean; preview: boolean },
  ) {
    const locale = pickLocale(request, instance.current().defaultLocale)
    // The procedure in the page's language where the member offers it, else in the member's first.
    const documentLocale: Locale = procedure.locales.includes(locale)
      ? locale
      : (procedure.locales[0] ?? 'nl')
    const links = base(procedure.slug)
    return sendPage(
      reply,
      AdminProcedurePage({
        locale,
        associationName: procedure.facts.associationName,
        organisationName: procedure.facts.organisationName,
        published: procedure.status === 'active',
        document: procedureDocument(documentLocale, procedure.facts),
        documentLocale,
        languages: procedure.locales.map((language) => ({
          locale: language,
          href: `${links}/procedure?lang=${language}`,
        })),
        additions: procedure.facts.additions,
        maxAdditions: MAX_PROCEDURE_ADDITIONS,
        action: `${links}/procedure`,
        csrfToken: reply.generateCsrf(),
        publicHref: `/r/${procedure.slug}/procedure?lang=${documentLocale}`,
        posterHref: `${links}/poster?lang=${locale}`,
        ...state,
      }),
    )
  }

  app.get<{ Params: SlugParams; Querystring: Static<typeof PageQuery> }>(
    '/organisations/:slug/procedure',
    { schema: { params: SlugParams, querystring: PageQuery }, preHandler },
    async (request, reply) =>
      render(request, reply, procedures.forAdministrator(request.params.slug), {
        saved: request.query.saved === '1',
        preview: false,
      }),
  )

  /** One form, two buttons: preview shows the unsaved text in place; save stores it and shows the page again. */
  app.post<{ Params: SlugParams; Body: Static<typeof ProcedureForm> }>(
    '/organisations/:slug/procedure',
    { schema: { params: SlugParams, body: ProcedureForm }, preHandler },
    async (request, reply) => {
      const { slug } = request.params
      const { additions, intent } = request.body
      if (intent === 'preview') {
        return render(request, reply, procedures.forAdministrator(slug, additions), {
          saved: false,
          preview: true,
        })
      }
      procedures.saveAdditions(slug, additions, request.staff!.userId)
      const locale = pickLocale(request, instance.current().defaultLocale)
      return reply.redirect(
        `${app.services.config.publicUrl}${base(slug)}/procedure?lang=${locale}&saved=1`,
        303,
      )
    },
  )

  app.get<{ Params: SlugParams; Querystring: Static<typeof PageQuery> }>(
    '/organisations/:slug/poster',
    { schema: { params: SlugParams, querystring: PageQuery }, preHandler },
    async (request, reply) => {
      const poster = await procedures.poster(request.params.slug)
      const locale = pickLocale(request, instance.current().defaultLocale)
      return sendPage(
        reply,
        PosterPage({
          locale,
          associationName: instance.current().name,
          organisationName: poster.organisationName,
          languages: poster.locales,
          reportUrl: poster.reportUrl,
          qrSvg: poster.qrSvg,
          backHref: `${base(request.params.slug)}/procedure?lang=${locale}`,
        }),
      )
    },
  )
}
