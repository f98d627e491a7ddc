import type { FastifyInstance } from 'fastify'
import { LandingPage } from '../../views/pages/landing.js'
import { languageHref, pickLocale } from '../locale.js'
import { sendPage } from '../render.js'

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    const instance = app.services.instance.current()
    const locale = pickLocale(request, instance.defaultLocale)
    return sendPage(
      reply,
      LandingPage({
        locale,
        associationName: instance.name,
        otherLanguageHref: languageHref(request, locale),
      }),
    )
  })

  app.get('/healthz', async () => app.services.health())
}
