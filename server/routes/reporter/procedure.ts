import type { FastifyInstance } from 'fastify'
import { procedureDocument } from '../../../views/pages/procedure/model.js'
import { ProcedurePage } from '../../../views/pages/reporter/procedure.js'
import { pickLocale } from '../../locale.js'
import { renderPage, sendRendered } from '../../render.js'
import { keptLayout, paths, SlugParams } from './context.js'

/**
 * The member's reporting procedure, public while the member is active (issue 11). Like the landing page it is
 * the same for every visitor: kept rendered per organisation and language until the database changes.
 */
export async function procedureRoutes(app: FastifyInstance): Promise<void> {
  const { procedures, pages, association } = app.services
  app.get<{ Params: SlugParams }>(
    '/:slug/procedure',
    { schema: { params: SlugParams }, config: { crypto: false } },
    async (request, reply) => {
      const { slug } = request.params
      const kept = pages.current()
      const procedure = kept.remember(`procedure|${slug}`, () => procedures.published(slug))
      const locale = pickLocale(request, procedure.locales[0] ?? 'nl', procedure.locales)
      return sendRendered(
        reply,
        kept.remember(`procedure|${slug}|${locale}`, () => {
          const links = paths(procedure.slug)
          return renderPage(
            ProcedurePage({
              ...keptLayout(links.procedure, locale, association.brand()),
              document: procedureDocument(locale, procedure.facts),
              landingHref: `${links.page}?lang=${locale}`,
            }),
          )
        }),
      )
    },
  )
}
