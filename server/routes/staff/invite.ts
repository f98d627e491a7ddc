import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { catalogue } from '../../../views/i18n/index.js'
import { SetupMessagePage } from '../../../views/pages/setup.js'
import { InvitePage } from '../../../views/pages/staff/invite.js'
import { InvalidInput, InvitationInvalid, TotpCodeWrong } from '../../errors.js'
import { pickLocale } from '../../locale.js'
import { sendPage } from '../../render.js'
import { decodeKeyMaterial, encodeBytes } from '../../services/accounts.js'
import type { sessionCookie } from './session.js'

const Params = Type.Object({ token: Type.String({ maxLength: 100 }) })
const AcceptRequest = Type.Object({
  name: Type.String({ maxLength: 120 }),
  totp: Type.String({ maxLength: 12 }),
  auth: Type.String({ maxLength: 100 }),
  salt: Type.String({ maxLength: 100 }),
  publicKey: Type.String({ maxLength: 100 }),
  encryptedSecretKey: Type.String({ maxLength: 200 }),
})

/** Accepting an invitation link; the page script posts the keys it made (views/browser/invite.ts). */
export async function inviteRoutes(
  app: FastifyInstance,
  options: { cookie: ReturnType<typeof sessionCookie> },
): Promise<void> {
  const { invitations, instance } = app.services

  app.get<{ Params: Static<typeof Params> }>(
    '/:token',
    { schema: { params: Params } },
    async (request, reply) => {
      const { token } = request.params
      const locale = pickLocale(request, instance.current().defaultLocale)
      let invitation: Awaited<ReturnType<typeof invitations.open>>
      try {
        invitation = await invitations.open(token)
      } catch (error) {
        if (error instanceof InvitationInvalid) return invalid(request, reply)
        throw error
      }
      return sendPage(
        reply,
        InvitePage({
          locale,
          associationName: instance.current().name,
          action: `/staff/invite/${token}`,
          csrfToken: reply.generateCsrf(),
          email: invitation.email,
          role: invitation.role,
          name: invitation.name,
          totpQrDataUrl: invitation.enrolment.qrDataUrl,
          totpKey: invitation.enrolment.totpKey,
        }),
      )
    },
  )

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof AcceptRequest> }>(
    '/:token',
    { schema: { params: Params, body: AcceptRequest }, config: { api: true } },
    async (request, reply) => {
      const { body } = request
      try {
        const signedIn = invitations.accept(request.params.token, {
          name: body.name,
          totp: body.totp,
          keys: decodeKeyMaterial(body),
        })
        options.cookie.set(reply, signedIn)
        return { tabKey: encodeBytes(signedIn.session.tabKey), next: '/staff' }
      } catch (error) {
        if (error instanceof TotpCodeWrong) return reply.status(400).send({ error: 'TotpCodeWrong' })
        if (error instanceof InvalidInput) return reply.status(400).send({ error: 'InvalidInput' })
        throw error
      }
    },
  )

  function invalid(request: FastifyRequest, reply: FastifyReply) {
    const locale = pickLocale(request, instance.current().defaultLocale)
    const t = catalogue(locale).staff
    const page = SetupMessagePage({
      locale,
      associationName: instance.current().name,
      heading: t.inviteTitle,
      lines: [t.inviteInvalid],
    })
    return sendPage(reply, page, 404)
  }
}
