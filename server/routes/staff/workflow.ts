import type { FastifyInstance, FastifyReply } from 'fastify'
import { type Static, Type } from 'typebox'
import { caseOutcomes } from '../../domain/case-workflow.js'
import { StatusMoveRefused } from '../../errors.js'
import type { requireStaff } from './index.js'

const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const CaseParams = Type.Object({ id: Id })
const b64 = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength })
const StatusRequest = Type.Object({
  to: Type.Union(['acknowledged', 'in_follow_up', 'feedback_given', 'received'].map((s) => Type.Literal(s))),
})
const CloseRequest = Type.Object({ outcome: Type.Union(caseOutcomes.map((o) => Type.Literal(o))) })
/** A message sealed in the confidant's browser that answers one of the reporter's meeting requests. */
const MeetingAnswerRequest = Type.Object({
  kind: Type.Literal('message'),
  answers: Id,
  entryId: b64(22),
  seq: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  nonce: b64(32),
  ciphertext: b64(400_000),
})

/**
 * Working a case (issue 9): status moves, closing with an outcome, answering a meeting request. The page
 * script calls these; a refused move answers 409 with the rule's name, which the page puts into words.
 */
export async function workflowRoutes(
  app: FastifyInstance,
  options: { requireStaff: ReturnType<typeof requireStaff> },
): Promise<void> {
  const { caseWorkflow, caseFile } = app.services
  const preHandler = options.requireStaff
  const api = { api: true }

  // The rule's name goes back with the 409, so the page can say which rule refused the move.
  const refused = (reply: FastifyReply, error: unknown) => {
    if (!(error instanceof StatusMoveRefused)) throw error
    return reply.status(409).send({ error: error.name, reason: error.reason })
  }

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof StatusRequest> }>(
    '/api/cases/:id/status',
    { schema: { params: CaseParams, body: StatusRequest }, preHandler, config: api },
    async (request, reply) => {
      try {
        caseWorkflow.moveStatus(request.staff!, request.params.id, request.body.to as never)
      } catch (error) {
        return refused(reply, error)
      }
      return { status: request.body.to }
    },
  )

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof CloseRequest> }>(
    '/api/cases/:id/close',
    { schema: { params: CaseParams, body: CloseRequest }, preHandler, config: api },
    async (request, reply) => {
      try {
        caseWorkflow.close(request.staff!, request.params.id, request.body.outcome)
      } catch (error) {
        return refused(reply, error)
      }
      return { status: 'closed' }
    },
  )

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof MeetingAnswerRequest> }>(
    '/api/cases/:id/meeting-answer',
    { schema: { params: CaseParams, body: MeetingAnswerRequest }, preHandler, config: api },
    async (request, reply) => {
      caseFile.addEntry(request.staff!, request.params.id, { ...request.body, kind: 'message' })
      return reply.status(201).send({ stored: true })
    },
  )
}
