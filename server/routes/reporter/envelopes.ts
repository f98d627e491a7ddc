import type { FastifyRequest } from 'fastify'
import { type Static, type TSchema, Type } from 'typebox'
import { Value } from 'typebox/value'
import { LIMITS } from '../../domain/documents.js'
import { SubmissionInvalid } from '../../errors.js'
import { readMultipart } from './multipart.js'

const id = Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' })
const b64 = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength })
const announcedFiles = Type.Array(Type.Object({ id, size: Type.Integer({ minimum: 0 }) }), {
  maxItems: LIMITS.filesPerEntry,
})

/** A new report from the browser: ciphertext, sealed keys and public values only. */
export const BrowserSubmission = Type.Object(
  {
    caseId: id,
    entryId: id,
    lookup: b64(43),
    reporterPublicKey: b64(43),
    keys: Type.Array(
      Type.Object({
        holder: Type.String({ maxLength: 32 }),
        kind: Type.Union([Type.Literal('shared'), Type.Literal('internal')]),
        sealedKey: b64(150), // SEALED_KEY_BYTES (112) in base64url
      }),
      { maxItems: 200 },
    ),
    entry: Type.Object({ nonce: b64(32), ciphertext: b64(400_000) }),
    attachments: announcedFiles,
  },
  { additionalProperties: false },
)

/** A reply or meeting request from the browser, authorised by `lookup`. */
export const BrowserMessage = Type.Object(
  {
    lookup: b64(43),
    entry: Type.Object({
      id,
      kind: Type.Union([Type.Literal('message'), Type.Literal('meeting_request')]),
      seq: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
      nonce: b64(32),
      ciphertext: b64(400_000),
    }),
    attachments: announcedFiles,
  },
  { additionalProperties: false },
)

/**
 * Reads a multipart body of an `envelope` field (JSON, checked against the schema) and encrypted files whose
 * file names are attachment ids.
 */
export async function readEnvelope<Schema extends TSchema>(
  request: FastifyRequest,
  schema: Schema,
  maxFileBytes: number,
): Promise<{ envelope: Static<Schema>; files: Map<string, Buffer>; fields: Record<string, string> }> {
  const form = await readMultipart(request, { fileBytes: maxFileBytes, files: LIMITS.filesPerEntry })
  let envelope: unknown
  try {
    envelope = JSON.parse(form.fields.envelope ?? '')
  } catch {
    throw new SubmissionInvalid('envelope is not JSON')
  }
  if (!Value.Check(schema, envelope)) throw new SubmissionInvalid('envelope does not match the schema')
  const files = new Map(form.files.map((file) => [file.name, file.data]))
  if (files.size !== form.files.length) throw new SubmissionInvalid('duplicate file names')
  return { envelope: envelope as Static<Schema>, files, fields: form.fields }
}
