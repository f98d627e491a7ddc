import type { FastifyInstance } from 'fastify'
import { LandingPage } from '../../views/pages/landing.js'
import { languageHrefFor, pickLocale } from '../locale.js'
import { renderPage, sendRendered } from '../render.js'

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { crypto: false } }, async (request, reply) => {
    const kept = app.services.pages.current()
    const instance = kept.remember('instance', () => app.services.instance.current())
    const locale = pickLocale(request, instance.defaultLocale)
    return sendRendered(
      reply,
      kept.remember(`home|${locale}`, () =>
        renderPage(
          LandingPage({
            locale,
            associationName: instance.name,
            otherLanguageHref: languageHrefFor('/', locale),
          }),
        ),
      ),
    )
  })

  app.get('/healthz', { config: { crypto: false } }, async () => app.services.health())
}
