import type { FastifyInstance } from 'fastify'
import { type Static, Type } from 'typebox'
import { SHARE_BATCH } from '../../services/sharing.js'
import type { requireStaff } from './index.js'

export const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const ColleagueParams = Type.Object({ colleagueId: Id })
export const BatchQuery = Type.Object({
  after: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{0,64}$' })),
})
const Sealed = Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 200 })
/** Exactly the colleague's two keys per case, sealed in the sharer's browser: nothing else can be written. */
export const ShareRequest = Type.Object(
  {
    cases: Type.Array(
      Type.Object({ caseId: Id, sharedKey: Sealed, internalKey: Sealed }, { additionalProperties: false }),
      { minItems: 1, maxItems: SHARE_BATCH },
    ),
  },
  { additionalProperties: false },
)

/** Sharing cases with a newly assigned colleague, and unlocking the private key in a second tab (issue 9). */
export async function sharingRoutes(
  app: FastifyInstance,
  options: { requireStaff: ReturnType<typeof requireStaff> },
): Promise<void> {
  const { sharing, tabUnlock } = app.services
  const preHandler = options.requireStaff
  const api = { api: true }

  app.get<{ Params: Static<typeof ColleagueParams>; Querystring: Static<typeof BatchQuery> }>(
    '/api/shares/:colleagueId',
    { schema: { params: ColleagueParams, querystring: BatchQuery }, preHandler, config: api },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(sharing.batch(request.staff!, request.params.colleagueId, request.query.after ?? '')),
  )

  app.post<{ Params: Static<typeof ColleagueParams>; Body: Static<typeof ShareRequest> }>(
    '/api/shares/:colleagueId',
    { schema: { params: ColleagueParams, body: ShareRequest }, preHandler, config: api },
    async (request, reply) =>
      reply.status(201).send(sharing.share(request.staff!, request.params.colleagueId, request.body.cases)),
  )

  app.get('/api/locked-key', { preHandler, config: api }, async (request, reply) =>
    reply.header('cache-control', 'no-store').send(tabUnlock.lockedKey(request.staff!)),
  )
}
