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
export type MessageDocument = { v: 1; text: string; attachments: AttachmentRef[] }
export type MeetingRequestDocument = { v: 1; text: string }
export type EntryDocument =
  | ReportDocument
  | MessageDocument
  | MeetingRequestDocument
  | TranscriptDocument
  | TranscriptAgreementDocument

// --- Oral reports (Directive art. 18): the confidant's record, and the reporter's agreement to it. ---

export const oralChannels = ['phone', 'meeting', 'voice_message'] as const
export type OralChannel = (typeof oralChannels)[number]

/**
 * A report received orally, written down by the confidant: the complete transcript or minutes, how it came in
 * and the real time of receipt (UTC ms; the case's deadlines run from it). The first entry of its case.
 */
export type TranscriptDocument = {
  v: 1
  text: string
  channel: OralChannel
  receivedAt: number
  attachments: AttachmentRef[]
}

/** The reporter's agreement that the transcript (named by its entry id) is a correct record. */
export type TranscriptAgreementDocument = { v: 1; agreed: true; transcriptId: string }

/** Checks and normalises the oral report form's fields (the confidant's browser). */
export function readTranscriptFields(raw: Record<string, unknown>): {
  text: string
  channel: OralChannel | undefined
  problems: Array<'required' | 'tooLong'>
} {
  const text = clean(raw.text)
  const problems: Array<'required' | 'tooLong'> = []
  if (text === '') problems.push('required')
  if ([...text].length > LIMITS.what) problems.push('tooLong')
  const channel = (oralChannels as readonly string[]).includes(clean(raw.channel))
    ? (clean(raw.channel) as OralChannel)
    : undefined
  return { text, channel, problems }
}

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
