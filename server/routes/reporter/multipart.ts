import type { FastifyRequest } from 'fastify'
import { DomainError, FileTooLarge, SubmissionInvalid, TooManyFiles } from '../../errors.js'
import type { FileSink, FileWriter } from '../../services/uploads.js'

export type MultipartForm<T> = { fields: Record<string, string>; files: T[] }

export type MultipartLimits = { fileBytes: number; files: number }

/**
 * Reads a multipart form: text fields into `partial.fields` (so a caller can re-show them whatever fails),
 * each file's bytes into `sink` as they arrive (no file is ever held whole, nothing goes to a temporary file).
 * Without a sink, files flow past unread (to re-show a refused form). A file over the limit is let flow past
 * and reading goes on, so the fields after it (name, contact) are still there to re-show; then FileTooLarge
 * is thrown. On any failure, whatever the sink stored for this form is discarded before the error is thrown.
 */
export async function readMultipart<T>(
  request: FastifyRequest,
  limits: MultipartLimits,
  sink: FileSink<T> | undefined,
  partial: { fields: Record<string, string> } = { fields: {} },
): Promise<MultipartForm<T>> {
  if (!request.isMultipart()) throw new SubmissionInvalid('expected a multipart form')
  const { fields } = partial
  const files: T[] = []
  let open: FileWriter<T> | undefined
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
      // A hand-made part may carry no file name or type at all (busboy then gives undefined): treat as empty.
      const meta = { field: part.fieldname, name: part.filename ?? '', type: part.mimetype ?? '' }
      open = sink && !tooLarge ? sink.open(meta) : undefined
      let size = 0
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length
        open?.write(chunk)
      }
      const writer = open
      open = undefined
      if (!writer) continue
      if (part.file.truncated) {
        tooLarge = true
        writer.abort()
        sink?.discard(files.splice(0))
      } else if (meta.name === '' && size === 0) {
        // An empty file input still sends an empty part without a name.
        writer.abort()
      } else {
        files.push(writer.end())
      }
    }
  } catch (error) {
    open?.abort()
    sink?.discard(files.splice(0))
    const code = (error as { code?: string }).code
    if (code === 'FST_FILES_LIMIT') throw new TooManyFiles(limits.files)
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new SubmissionInvalid('too many fields')
    if (error instanceof DomainError) throw error
    // Everything else raised while parsing (no boundary, truncated body, bad part headers) is malformed input.
    throw new SubmissionInvalid(`malformed multipart body: ${(error as Error).message}`)
  }
  if (tooLarge) throw new FileTooLarge(limits.fileBytes)
  return { fields, files }
}
