import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { catalogue, type Locale } from '../../../views/i18n/index.js'
import { SetupFormPage, SetupMessagePage } from '../../../views/pages/setup.js'
import { AlreadySetUp, InvalidInput, SetupLinkInvalid, TotpCodeWrong } from '../../errors.js'
import { pickLocale } from '../../locale.js'
import { sendPage } from '../../render.js'
import { decodeKeyMaterial } from '../../services/accounts.js'

const Params = Type.Object({ token: Type.String({ maxLength: 100 }) })
const field = (maxLength: number) => Type.String({ maxLength, default: '' })
const SetupForm = Type.Object({
  _csrf: Type.Optional(field(200)),
  lang: Type.Optional(field(2)),
  association: field(120),
  name: field(120),
  email: field(254),
  totp: field(12),
  auth: field(100),
  salt: field(100),
  publicKey: field(100),
  encryptedSecretKey: field(200),
})
type SetupFormBody = Static<typeof SetupForm>

/** First-run page that creates the first administrator (DESIGN §8). */
export async function setupRoutes(app: FastifyInstance): Promise<void> {
  const { setup, instance } = app.services

  app.get<{ Params: Static<typeof Params> }>(
    '/:token',
    { schema: { params: Params } },
    async (request, reply) => renderForm(request, reply, request.params.token),
  )

  app.post<{ Params: Static<typeof Params>; Body: SetupFormBody }>(
    '/:token',
    { schema: { params: Params, body: SetupForm } },
    async (request, reply) => {
      const { token } = request.params
      const form = request.body
      const locale = localeOf(request)
      const t = catalogue(locale).setup
      // Without our script the password fields (which have no name) send nothing: keys are made in the browser.
      if (!form.auth || !form.salt || !form.publicKey || !form.encryptedSecretKey) {
        return renderForm(request, reply, token, t.javascriptNeeded, 400)
      }
      try {
        const keys = decodeKeyMaterial(form)
        setup.complete(token, { ...form, keys })
      } catch (error) {
        if (error instanceof TotpCodeWrong) return renderForm(request, reply, token, t.wrongTotp, 400)
        if (error instanceof InvalidInput) return renderForm(request, reply, token, t.invalidInput, 400)
        throw error
      }
      return sendPage(
        reply,
        SetupMessagePage({
          locale,
          associationName: instance.current().name,
          heading: t.done,
          lines: [t.doneNext],
        }),
      )
    },
  )

  function localeOf(request: FastifyRequest): Locale {
    return pickLocale(request, instance.current().defaultLocale)
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    problem?: string,
    status = 200,
  ) {
    const locale = localeOf(request)
    const t = catalogue(locale).setup
    const body = (request.body ?? {}) as Partial<SetupFormBody>
    let enrolment: Awaited<ReturnType<typeof setup.enrolment>>
    try {
      enrolment = await setup.enrolment(token)
    } catch (error) {
      if (!(error instanceof SetupLinkInvalid || error instanceof AlreadySetUp)) throw error
      const line = error instanceof AlreadySetUp ? t.alreadyDone : t.linkInvalid
      const page = SetupMessagePage({
        locale,
        associationName: instance.current().name,
        heading: t.title,
        lines: [line],
      })
      return sendPage(reply, page, 404)
    }
    return sendPage(
      reply,
      SetupFormPage({
        locale,
        associationName: instance.current().name,
        action: `/staff/setup/${token}?lang=${locale}`,
        csrfToken: reply.generateCsrf(),
        totpQrDataUrl: enrolment.qrDataUrl,
        totpKey: enrolment.totpKey,
        values: { association: body.association ?? '', name: body.name ?? '', email: body.email ?? '' },
        problem,
      }),
      status,
    )
  }
}
