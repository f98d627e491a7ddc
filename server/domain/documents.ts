/**
 * The plaintext documents inside encrypted entries (protocol v1). Pure and browser-safe: the browser scripts
 * build and check the same shapes before encrypting, and the server checks them on the no-JavaScript path.
 */
export const LIMITS = Object.freeze({
  what: 20_000,
  field: 2_000,
  name: 200,
  contact: 500,
  message: 20_000,
  fileName: 255,
  fileType: 100,
  filesPerEntry: 10,
})

export const ongoingAnswers = ['yes', 'no', 'unknown'] as const
export type Ongoing = (typeof ongoingAnswers)[number]

/** A file's name, type and key travel only inside the encrypted entry; the server sees id and size. */
export type AttachmentRef = { id: string; name: string; type: string; size: number; key: string }

export type ReportFields = {
  what: string
  when: string
  where: string
  who: string
  how: string
  ongoing: Ongoing
  /** Optional and clearly separated on the form; encrypted like everything else. */
  identity?: { name: string; contact: string }
}

/**
 * The report as sealed. `locale` is the language of the page the reporter used: inside the ciphertext only (in a
 * small organisation a language can point to a person). `internalKeyCommitment` (base64url, crypto
 * `commitInternalKey`) lets a confidant's client prove the internal key once the report has proved the shared one.
 */
export type ReportDocument = ReportFields & {
  v: 1
  locale: string
  internalKeyCommitment: string
  attachments: AttachmentRef[]
}
/** An oral report's transcript (seq 0 like a report): the report's fields as the confidant wrote them down. */
export type TranscriptDocument = ReportFields & { v: 1; attachments: AttachmentRef[] }
export type MessageDocument = { v: 1; text: string; attachments: AttachmentRef[] }
export type MeetingRequestDocument = { v: 1; text: string }
export type EntryDocument = ReportDocument | TranscriptDocument | MessageDocument | MeetingRequestDocument

export type FieldProblem = {
  field: keyof ReportFields | 'name' | 'contact' | 'text'
  problem: 'required' | 'tooLong'
}

const clean = (value: unknown): string =>
  typeof value === 'string' ? value.replace(/\r\n/g, '\n').replaceAll('\0', '').trim() : ''

/** Checks and normalises the report form's fields. Only `what` is required: a reporter may know little. */
export function readReportFields(raw: Record<string, unknown>): {
  fields: ReportFields
  problems: FieldProblem[]
} {
  const problems: FieldProblem[] = []
  const text = (field: FieldProblem['field'], limit: number, required = false) => {
    const value = clean(raw[field])
    if (required && value === '') problems.push({ field, problem: 'required' })
    if ([...value].length > limit) problems.push({ field, problem: 'tooLong' })
    return value
  }
  const fields: ReportFields = {
    what: text('what', LIMITS.what, true),
    when: text('when', LIMITS.field),
    where: text('where', LIMITS.field),
    who: text('who', LIMITS.field),
    how: text('how', LIMITS.field),
    ongoing: (ongoingAnswers as readonly string[]).includes(clean(raw.ongoing))
      ? (clean(raw.ongoing) as Ongoing)
      : 'unknown',
  }
  const name = text('name', LIMITS.name)
  const contact = text('contact', LIMITS.contact)
  if (name !== '' || contact !== '') fields.identity = { name, contact }
  return { fields, problems }
}

export function readMessageText(
  raw: unknown,
  options: { required: boolean },
): { text: string; problems: FieldProblem[] } {
  const text = clean(raw)
  const problems: FieldProblem[] = []
  if (options.required && text === '') problems.push({ field: 'text', problem: 'required' })
  if ([...text].length > LIMITS.message) problems.push({ field: 'text', problem: 'tooLong' })
  return { text, problems }
}

/** A safe file name for display and download: no path, no control characters, bounded length. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = [...base]
    .filter((character) => character >= ' ' && character !== '\u007f' && character !== '"')
    .join('')
    .trim()
  return [...(cleaned || 'file')].slice(0, LIMITS.fileName).join('')
}

export function cleanFileType(type: string): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) && type.length <= LIMITS.fileType
    ? type
    : 'application/octet-stream'
}
