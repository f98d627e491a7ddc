import type { FastifyInstance } from 'fastify'
import { LandingPage } from '../../views/pages/landing.js'
import { languageHrefFor, pickLocale } from '../locale.js'
import { renderError } from '../plugins/errors.js'
import { renderPage, sendRendered } from '../render.js'
import { LOGO_PATH } from '../services/association.js'

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
            associationLogo: app.services.association.brand().logo,
            otherLanguageHref: languageHrefFor('/', locale),
          }),
        ),
      ),
    )
  })

  // Issue 11: the association's logo, by a content hash in its URL, so it is cached for a year.
  app.get<{ Params: { version: string } }>(
    `${LOGO_PATH}/:version`,
    { config: { crypto: false } },
    (request, reply) => {
      const logo = app.services.association.logo(request.params.version)
      if (!logo) return renderError(request, reply, 404)
      return reply
        .type(logo.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .send(logo.bytes)
    },
  )

  app.get('/healthz', { config: { crypto: false } }, async () => app.services.health())
}
