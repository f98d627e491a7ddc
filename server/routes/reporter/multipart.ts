import type { FastifyRequest } from 'fastify'
import { FileTooLarge, SubmissionInvalid, TooManyFiles } from '../../errors.js'

export type ReceivedFile = { field: string; name: string; type: string; data: Buffer }
export type MultipartForm = { fields: Record<string, string>; files: ReceivedFile[] }

/**
 * Reads a multipart form entirely into memory. Nothing is written to a temporary file: on the no-JS path the
 * files are plaintext until the report service seals them. Text fields must come before the files in the form,
 * so a too-large file still leaves the typed text available to re-show.
 */
export async function readMultipart(
  request: FastifyRequest,
  limits: { fileBytes: number; files: number },
  partial?: { fields: Record<string, string> },
): Promise<MultipartForm> {
  if (!request.isMultipart()) throw new SubmissionInvalid('expected a multipart form')
  const fields = partial?.fields ?? {}
  const files: ReceivedFile[] = []
  try {
    const parts = request.parts({
      limits: { fileSize: limits.fileBytes, files: limits.files, fields: 40, fieldSize: 1024 * 1024 },
    })
    for await (const part of parts) {
      if (part.type === 'field') {
        const value = String(part.value)
        if (part.valueTruncated) throw new SubmissionInvalid('a field is too long')
        // busboy replaces invalid UTF-8 with U+FFFD: a well-formed browser form never produces it.
        if (value.includes('\uFFFD')) throw new SubmissionInvalid('a field is not valid UTF-8')
        fields[part.fieldname] = value
      } else {
        const data = await part.toBuffer()
        // An empty file input still sends an empty part without a name.
        if (part.filename === '' && data.length === 0) continue
        files.push({ field: part.fieldname, name: part.filename, type: part.mimetype, data })
      }
    }
  } catch (error) {
    for (const file of files) file.data.fill(0)
    const code = (error as { code?: string }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLarge(limits.fileBytes)
    if (code === 'FST_FILES_LIMIT') throw new TooManyFiles(limits.files)
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new SubmissionInvalid('too many fields')
    if (error instanceof FileTooLarge || error instanceof SubmissionInvalid || error instanceof TooManyFiles)
      throw error
    // Everything else raised while parsing (no boundary, truncated body, bad part headers) is malformed input.
    throw new SubmissionInvalid(`malformed multipart body: ${(error as Error).message}`)
  }
  return { fields, files }
}
