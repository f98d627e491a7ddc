import type { FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'
import { LIMITS } from '../../domain/documents.js'
import { SubmissionInvalid } from '../../errors.js'
import type { FileSink, StagedFile, UploadService } from '../../services/uploads.js'
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
    /** Issue 10: the automatic acknowledgement sealed with the report (seq 1, author `system`). */
    acknowledgement: Type.Optional(
      Type.Object({ entryId: id, nonce: b64(32), ciphertext: b64(400_000) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
)

/** A reply or meeting request from the browser, authorised by `lookup`. */
export const BrowserMessage = Type.Object(
  {
    lookup: b64(43),
    entry: Type.Object({
      id,
      kind: Type.Union([
        Type.Literal('message'),
        Type.Literal('meeting_request'),
        Type.Literal('transcript_agreement'),
      ]),
      seq: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
      nonce: b64(32),
      ciphertext: b64(400_000),
    }),
    attachments: announcedFiles,
  },
  { additionalProperties: false },
)

type Envelope = typeof BrowserSubmission | typeof BrowserMessage

/**
 * Reads a multipart body of an `envelope` field (JSON, checked against the schema) and then encrypted files
 * whose file names are attachment ids, each stored as it arrives and exactly as announced. `admit` runs once
 * the envelope is known and before any file is stored (a follow-up checks its lookup there), so a stranger's
 * upload is refused before it is written.
 */
export async function readEnvelope<Schema extends Envelope>(
  request: FastifyRequest,
  schema: Schema,
  maxFileBytes: number,
  uploads: UploadService,
  admit: (envelope: Static<Schema>) => void = () => {},
): Promise<{ envelope: Static<Schema>; files: StagedFile[]; fields: Record<string, string> }> {
  const fields: Record<string, string> = {}
  let envelope: Static<Schema> | undefined
  const checked = (): Static<Schema> => {
    if (envelope) return envelope
    let parsed: unknown
    try {
      parsed = JSON.parse(fields.envelope ?? '')
    } catch {
      throw new SubmissionInvalid('envelope is not JSON')
    }
    if (!Value.Check(schema, parsed)) throw new SubmissionInvalid('envelope does not match the schema')
    envelope = parsed as Static<Schema>
    admit(envelope)
    return envelope
  }
  let sink: FileSink<StagedFile> | undefined
  const files = await readMultipart(
    request,
    { fileBytes: maxFileBytes, files: LIMITS.filesPerEntry },
    {
      open(meta) {
        if (fields.envelope === undefined)
          throw new SubmissionInvalid('the envelope must come before the files')
        sink ??= uploads.verbatim(new Map(checked().attachments.map((file) => [file.id, file.size])))
        return sink.open(meta)
      },
      discard: uploads.discard,
    },
    { fields },
  )
  return { envelope: checked(), files: files.files, fields }
}
