import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { catalogue, type Locale } from '../../../../views/i18n/index.js'
import { type SettingsModel, SettingsPage } from '../../../../views/pages/staff/admin/settings.js'
import { InvalidField, InvalidInput } from '../../../errors.js'
import { pickLocale } from '../../../locale.js'
import { sendPage } from '../../../render.js'
import type { AdminRouteOptions } from './index.js'

const text = (maxLength: number) => Type.String({ maxLength, default: '' })
const SettingsForm = Type.Object({
  _csrf: Type.Optional(text(200)),
  lang: Type.Optional(text(2)),
  name: text(200),
  contactEmail: text(300),
})
const DoneQuery = Type.Object({ lang: Type.Optional(text(2)), done: Type.Optional(text(20)) })
const DONE = { saved: 'saved', logo: 'logoSaved', removed: 'logoRemoved' } as const

/** The upload form's body: its text fields, and the file's bytes (never written to disk). */
type LogoBody = { _csrf?: string; logo?: Buffer }
/** Larger than the logo limit, so an oversized logo gets the form back with a sentence, not a bare 413. */
const LOGO_BODY_LIMIT = 1024 * 1024

/** Issue 11: the association's name, contact address and logo, shown on every reporter page. */
export async function settingsRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { association, instance, config } = app.services
  const preHandler = options.requireAdmin

  // Parsed whole before the staff area's CSRF check, which reads `_csrf` from the parsed body. Only in this
  // plugin: no other staff route accepts multipart.
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: LOGO_BODY_LIMIT },
    async (request: FastifyRequest, body: Buffer): Promise<LogoBody> => {
      const form = await new Response(new Uint8Array(body), {
        headers: { 'content-type': String(request.headers['content-type']) },
      }).formData()
      const csrf = form.get('_csrf')
      const logo = form.get('logo')
      return {
        _csrf: typeof csrf === 'string' ? csrf : undefined,
        logo: logo instanceof Blob ? Buffer.from(await logo.arrayBuffer()) : undefined,
      }
    },
  )

  const localeOf = (request: FastifyRequest): Locale => pickLocale(request, instance.current().defaultLocale)

  function page(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Pick<SettingsModel, 'values' | 'done' | 'problem' | 'problemField'>> = {},
    status = 200,
  ) {
    const settings = association.settings()
    return sendPage(
      reply,
      SettingsPage({
        locale: localeOf(request),
        associationName: settings.name,
        csrfToken: reply.generateCsrf(),
        values: { name: settings.name, contactEmail: settings.contactEmail },
        logo: settings.logo,
        ...extra,
      }),
      status,
    )
  }

  const done = (request: FastifyRequest, reply: FastifyReply, what: keyof typeof DONE) =>
    reply.redirect(`${config.publicUrl}/staff/admin/settings?lang=${localeOf(request)}&done=${what}`, 303)

  function refused(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    values?: SettingsModel['values'],
  ) {
    if (!(error instanceof InvalidInput)) throw error
    const problems = catalogue(localeOf(request)).adminSettings.problems
    const field = error instanceof InvalidField ? error.field : 'logo'
    const problem = { problem: problems[field] ?? problems.logo, problemField: field }
    return page(request, reply, values ? { ...problem, values } : problem, 400)
  }

  app.get<{ Querystring: Static<typeof DoneQuery> }>(
    '/settings',
    { preHandler, schema: { querystring: DoneQuery } },
    (request, reply) => {
      const t = catalogue(localeOf(request)).adminSettings
      const key = request.query.done
      return page(request, reply, {
        done: key && key in DONE ? t[DONE[key as keyof typeof DONE]] : undefined,
      })
    },
  )

  app.post<{ Body: Static<typeof SettingsForm> }>(
    '/settings',
    { preHandler, schema: { body: SettingsForm } },
    (request, reply) => {
      const { name, contactEmail } = request.body
      try {
        association.update({ name, contactEmail }, request.staff!.userId)
      } catch (error) {
        return refused(request, reply, error, { name, contactEmail })
      }
      return done(request, reply, 'saved')
    },
  )

  app.post<{ Body: LogoBody }>('/settings/logo', { preHandler }, (request, reply) => {
    try {
      association.setLogo(request.body?.logo ?? Buffer.alloc(0), request.staff!.userId)
    } catch (error) {
      return refused(request, reply, error)
    }
    return done(request, reply, 'logo')
  })

  app.post('/settings/logo/remove', { preHandler }, (request, reply) => {
    association.removeLogo(request.staff!.userId)
    return done(request, reply, 'removed')
  })
}
