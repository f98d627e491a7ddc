import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { RecoveryPage, ResharePage } from '../../../../views/pages/staff/admin/recovery.js'
import { pickLocale } from '../../../locale.js'
import { sendPage } from '../../../render.js'
// Exactly the confidant's two keys per case, as colleague sharing takes them: nothing else can be written.
import { BatchQuery, Id, ShareRequest } from '../sharing.js'
import type { AdminRouteOptions } from './index.js'

/** The public half only: 32 bytes in base64url are 43 characters. */
const SetKeyRequest = Type.Object(
  { publicKey: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }), replace: Type.Boolean() },
  { additionalProperties: false },
)
const BatchParams = Type.Object({ organisationId: Id, confidantId: Id })
const ConfidantParams = Type.Object({ confidantId: Id })

/** The instance recovery key (issue 11): its page, storing its public half, and re-sharing with it. */
export async function recoveryRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { recovery, instance } = app.services
  const preHandler = options.requireAdmin
  const api = { api: true }
  const layout = (request: FastifyRequest, reply: FastifyReply) => {
    const current = instance.current()
    return {
      locale: pickLocale(request, current.defaultLocale),
      associationName: current.name,
      csrfToken: reply.generateCsrf(),
    }
  }

  app.get('/recovery', { preHandler }, async (request, reply) =>
    sendPage(reply, RecoveryPage({ ...layout(request, reply), fingerprint: recovery.fingerprint() })),
  )

  app.get('/recovery/reshare', { preHandler }, async (request, reply) =>
    sendPage(
      reply.header('cache-control', 'no-store'),
      ResharePage({
        ...layout(request, reply),
        fingerprint: recovery.fingerprint(),
        publicKey: recovery.publicKey(),
        choices: recovery.choices(),
      }),
    ),
  )

  app.post<{ Body: Static<typeof SetKeyRequest> }>(
    '/api/recovery-key',
    { schema: { body: SetKeyRequest }, preHandler, config: api },
    async (request, reply) =>
      reply
        .status(201)
        .send(recovery.setPublicKey(request.body.publicKey, request.staff!.userId, request.body.replace)),
  )

  app.get<{ Params: Static<typeof BatchParams>; Querystring: Static<typeof BatchQuery> }>(
    '/api/recovery/:organisationId/:confidantId',
    { schema: { params: BatchParams, querystring: BatchQuery }, preHandler, config: api },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(
          recovery.batch(
            request.params.organisationId,
            request.params.confidantId,
            request.query.after ?? '',
          ),
        ),
  )

  app.post<{ Params: Static<typeof ConfidantParams>; Body: Static<typeof ShareRequest> }>(
    '/api/recovery/:confidantId',
    { schema: { params: ConfidantParams, body: ShareRequest }, preHandler, config: api },
    async (request, reply) =>
      reply
        .status(201)
        .send(recovery.share(request.staff!.userId, request.params.confidantId, request.body.cases)),
  )
}
