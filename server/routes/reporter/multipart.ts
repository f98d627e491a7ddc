import type { FastifyRequest } from 'fastify'
import { FileTooLarge, SubmissionInvalid, TooManyFiles } from '../../errors.js'

export type ReceivedFile = { field: string; name: string; type: string; data: Buffer }
export type MultipartForm = { fields: Record<string, string>; files: ReceivedFile[] }

export type MultipartLimits = {
  fileBytes: number
  files: number
  /** false: read the text fields only and let files flow past (to re-show a refused form without keeping files). */
  keepFiles?: boolean
}

/**
 * Reads a multipart form into memory. Nothing is written to a temporary file: on the no-JS path the files are
 * plaintext until the report service seals them. A file over the limit is let flow past (busboy stops keeping it
 * at the limit) and reading goes on, so the fields after it (name, contact) are still there to re-show; then
 * FileTooLarge is thrown with every field in `partial`.
 */
export async function readMultipart(
  request: FastifyRequest,
  limits: MultipartLimits,
  partial?: { fields: Record<string, string> },
): Promise<MultipartForm> {
  if (!request.isMultipart()) throw new SubmissionInvalid('expected a multipart form')
  const fields = partial?.fields ?? {}
  const files: ReceivedFile[] = []
  const keepFiles = limits.keepFiles ?? true
  let tooLarge = false
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
        continue
      }
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        if (!keepFiles || tooLarge) continue
        chunks.push(chunk)
        size += chunk.length
      }
      if (part.file.truncated) tooLarge = true
      if (!keepFiles || tooLarge) {
        for (const chunk of chunks) chunk.fill(0)
        continue
      }
      // A hand-made part may carry no file name or type at all (busboy then gives undefined): treat as empty.
      const name = part.filename ?? ''
      // An empty file input still sends an empty part without a name.
      if (name === '' && size === 0) continue
      const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)
      if (chunks.length > 1) for (const chunk of chunks) chunk.fill(0)
      files.push({ field: part.fieldname, name, type: part.mimetype ?? '', data })
    }
  } catch (error) {
    wipe(files)
    const code = (error as { code?: string }).code
    if (code === 'FST_FILES_LIMIT') throw new TooManyFiles(limits.files)
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new SubmissionInvalid('too many fields')
    if (error instanceof SubmissionInvalid) throw error
    // Everything else raised while parsing (no boundary, truncated body, bad part headers) is malformed input.
    throw new SubmissionInvalid(`malformed multipart body: ${(error as Error).message}`)
  }
  if (tooLarge) {
    wipe(files)
    throw new FileTooLarge(limits.fileBytes)
  }
  return { fields, files }
}

function wipe(files: ReceivedFile[]): void {
  for (const file of files) file.data.fill(0)
  files.length = 0
}
