import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { type Static, Type } from 'typebox'
import { CasePage } from '../../../views/pages/staff/case.js'
import { pickLocale } from '../../locale.js'
import { sendPage } from '../../render.js'
import { encodeBytes } from '../../services/accounts.js'
import type { StaffEntryKind } from '../../services/case-handling.js'
import type { requireStaff } from './index.js'

const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const CaseParams = Type.Object({ id: Id })
const FileParams = Type.Object({ id: Id, fileId: Id })
const b64 = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength })
/** A confidant's entry, sealed in their browser: ciphertext and its place only. */
const EntryRequest = Type.Object({
  kind: Type.Union(
    ['acknowledgement', 'message', 'feedback', 'note', 'extension'].map((kind) => Type.Literal(kind)),
  ),
  entryId: b64(22),
  seq: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  nonce: b64(32),
  ciphertext: b64(400_000),
})

/** One case, opened by a confidant of its organisation: the page, its files' ciphertext, and answers. */
export async function caseRoutes(
  app: FastifyInstance,
  options: { requireStaff: ReturnType<typeof requireStaff> },
): Promise<void> {
  const { caseFile, caseWorkflow, instance, sharing } = app.services
  const preHandler = options.requireStaff

  app.get<{ Params: Static<typeof CaseParams> }>(
    '/cases/:id',
    { schema: { params: CaseParams }, preHandler },
    async (request, reply) => {
      const staff = request.staff!
      const current = instance.current()
      const locale = pickLocale(request, current.defaultLocale)
      return sendPage(
        reply,
        CasePage({
          locale,
          associationName: current.name,
          caseFile: caseFile.open(staff, request.params.id, locale),
          workflow: caseWorkflow.view(staff, request.params.id, locale),
          userId: staff.userId,
          csrfToken: reply.generateCsrf(),
          tabKey: encodeBytes(staff.tabKey),
          publicKey: encodeBytes(staff.publicKey),
          shareWith: sharing.lacking(staff, request.params.id),
        }),
      )
    },
  )

  app.get<{ Params: Static<typeof FileParams> }>(
    '/api/cases/:id/files/:fileId',
    { schema: { params: FileParams }, preHandler, config: { api: true } },
    async (request, reply) => {
      const file = caseFile.encryptedAttachment(request.staff!, request.params.id, request.params.fileId)
      return reply
        .type('application/octet-stream')
        .header('content-length', String(file.size))
        .send(Readable.from(file.data))
    },
  )

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof EntryRequest> }>(
    '/api/cases/:id/entries',
    { schema: { params: CaseParams, body: EntryRequest }, preHandler, config: { api: true } },
    async (request, reply) => {
      const { kind, ...entry } = request.body
      caseFile.addEntry(request.staff!, request.params.id, {
        kind: kind as StaffEntryKind,
        ...entry,
      })
      return reply.status(201).send({ stored: true })
    },
  )
}
