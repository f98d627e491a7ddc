import { type Static, type TSchema, Type } from 'typebox'
import { Value } from 'typebox/value'
import { openEntry } from '../../crypto/index.js'
import {
  type AttachmentRef,
  type EntryDocument,
  LIMITS,
  ongoingAnswers,
  type TranscriptAgreementDocument,
  type TranscriptDocument,
} from './documents.js'

/**
 * Opening a case thread as the reporter (browser and no-JS alike). Nothing the server sends is trusted until
 * the case key opens it: the report entry proves the key belongs to this case, each entry's `seq` (in its
 * associated data) gives the authenticated order, and files are listed from the references inside entries.
 */

const Text = (maxLength: number) => Type.String({ maxLength })
const AttachmentRefSchema = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }),
  name: Text(LIMITS.fileName),
  type: Text(LIMITS.fileType),
  size: Type.Integer({ minimum: 0 }),
  key: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
})
const Attachments = Type.Array(AttachmentRefSchema, { maxItems: LIMITS.filesPerEntry })
/** A report carries the reporter's language and the internal key's commitment (documents.ts). */
const ReportSchema = Type.Object({
  v: Type.Literal(1),
  what: Text(4 * LIMITS.what),
  when: Text(4 * LIMITS.field),
  where: Text(4 * LIMITS.field),
  who: Text(4 * LIMITS.field),
  how: Text(4 * LIMITS.field),
  ongoing: Type.Union(ongoingAnswers.map((answer) => Type.Literal(answer))),
  identity: Type.Optional(Type.Object({ name: Text(4 * LIMITS.name), contact: Text(4 * LIMITS.contact) })),
  attachments: Attachments,
  locale: Type.String({ pattern: '^[a-z]{2}$' }),
  internalKeyCommitment: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
})
const MessageSchema = Type.Object({
  v: Type.Literal(1),
  text: Text(4 * LIMITS.message),
  attachments: Attachments,
})
const MeetingRequestSchema = Type.Object({ v: Type.Literal(1), text: Text(4 * LIMITS.message) })
const TranscriptSchema = Type.Object({
  v: Type.Literal(1),
  text: Text(4 * LIMITS.what),
  channel: Type.Union([Type.Literal('phone'), Type.Literal('meeting'), Type.Literal('voice_message')]),
  receivedAt: Type.Integer({ minimum: 0 }),
  attachments: Attachments,
})
const TranscriptAgreementSchema = Type.Object({
  v: Type.Literal(1),
  agreed: Type.Literal(true),
  transcriptId: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }),
})
/** What a confidant writes: text, files optional. */
const StaffTextSchema = Type.Object({
  v: Type.Literal(1),
  text: Text(4 * LIMITS.message),
  attachments: Type.Optional(Attachments),
})

const schemaOfKind: Record<string, TSchema> = {
  report: ReportSchema,
  transcript: TranscriptSchema,
  transcript_agreement: TranscriptAgreementSchema,
  message: MessageSchema,
  acknowledgement: StaffTextSchema,
  feedback: StaffTextSchema,
  note: StaffTextSchema,
  meeting_request: MeetingRequestSchema,
  // Issue 10: the reason for extending the feedback period, written like a confidant's message.
  extension: StaffTextSchema,
}

// The TypeScript types in documents.ts and these schemas must agree (a compile error otherwise).
type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const agree: [
  Agrees<Static<typeof AttachmentRefSchema>, AttachmentRef>,
  Agrees<Static<typeof MeetingRequestSchema>, { v: 1; text: string }>,
  Agrees<Static<typeof TranscriptSchema>, TranscriptDocument>,
  Agrees<Static<typeof TranscriptAgreementSchema>, TranscriptAgreementDocument>,
] = [true, true, true, true]
void agree

/** A decrypted document of the shape its kind requires, or undefined: the wrong shape is unreadable. */
export function readDocument(kind: string, value: unknown): EntryDocument | undefined {
  const schema = schemaOfKind[kind]
  return schema && Value.Check(schema, value) ? (value as EntryDocument) : undefined
}

/** One entry as the server stores it (bytes already decoded). */
export type SealedThreadEntry = {
  id: string
  kind: string
  author: string
  seq: number
  nonce: Uint8Array
  ciphertext: Uint8Array
}

export type OpenedThreadEntry<T extends SealedThreadEntry> = {
  entry: T
  /** Undefined when the entry does not open under the case key or has the wrong shape: shown as unreadable. */
  document: EntryDocument | undefined
  /** The files this entry's authenticated document refers to: the only list of files shown. */
  files: AttachmentRef[]
}

export type ThreadCheck<T extends SealedThreadEntry> = {
  /** The report entry (seq 0) opens under this key: the key belongs to this case. */
  verified: boolean
  /** In authenticated order (by seq); entries that fail to open keep the server's place at the end. */
  entries: Array<OpenedThreadEntry<T>>
  /** Something is missing from the thread or repeated (a seq skipped, or the same seq twice). */
  gap: boolean
  /** The server listed the entries in another order than the one they were written in. */
  reordered: boolean
}

/** The `seq` the next entry of the reporter-visible thread takes: after every entry the server holds. */
export function nextSeq(entries: Array<{ seq: number }>): number {
  return entries.reduce((next, entry) => Math.max(next, entry.seq + 1), 0)
}

/**
 * Opens the reporter-visible thread (every kind but notes) under the case's shared key. `verified` is false
 * unless the entry at seq 0 is the case's report, opens under this key and has the report's shape: a key a
 * database writer sealed to the reporter opens nothing of the real case, so nothing is shown or written under it.
 */
export function openThread<T extends SealedThreadEntry>(
  key: Uint8Array,
  caseId: string,
  sealed: T[],
): ThreadCheck<T> {
  const opened = openEach(key, caseId, sealed)
  const authentic = opened.filter((item) => item.document !== undefined)
  const report = authentic.find((item) => item.entry.seq === 0)
  const verified =
    report !== undefined &&
    (report.entry.kind === 'report' || report.entry.kind === 'transcript') &&
    authentic.filter((item) => item.entry.seq === 0).length === 1
  return { verified, ...inAuthenticatedOrder(opened) }
}

/**
 * Opens a case's internal notes under its internal key (the confidants' side; notes count from 0 apart from
 * the thread). The internal key is not proven by the report, so a note that does not open is shown as
 * unreadable, and gaps and reordering are flagged as in the thread.
 */
export function openNotes<T extends SealedThreadEntry>(
  key: Uint8Array,
  caseId: string,
  sealed: T[],
): Omit<ThreadCheck<T>, 'verified'> {
  return inAuthenticatedOrder(
    openEach(
      key,
      caseId,
      sealed.filter((entry) => entry.kind === 'note'),
    ),
  )
}

function openEach<T extends SealedThreadEntry>(
  key: Uint8Array,
  caseId: string,
  sealed: T[],
): Array<OpenedThreadEntry<T>> {
  return sealed.map((entry) => {
    let document: EntryDocument | undefined
    try {
      const plaintext = openEntry(
        key,
        { caseId, entryId: entry.id, kind: entry.kind, author: entry.author, seq: entry.seq },
        { nonce: entry.nonce, ciphertext: entry.ciphertext },
      )
      document = readDocument(entry.kind, plaintext)
    } catch {
      document = undefined
    }
    const files = document && 'attachments' in document ? (document.attachments ?? []) : []
    return { entry, document, files }
  })
}

/** Authentic entries by `seq`, unreadable ones after them; a skipped or repeated seq is a gap. */
function inAuthenticatedOrder<T extends SealedThreadEntry>(
  opened: Array<OpenedThreadEntry<T>>,
): Omit<ThreadCheck<T>, 'verified'> {
  const authentic = opened.filter((item) => item.document !== undefined)
  const seqs = authentic.map((item) => item.entry.seq)
  const inOrder = [...authentic].sort((a, b) => a.entry.seq - b.entry.seq)
  const gap =
    opened.length !== authentic.length ||
    new Set(seqs).size !== seqs.length ||
    inOrder.some((item, index) => item.entry.seq !== index)
  const reordered = seqs.some((seq, index) => index > 0 && seq < seqs[index - 1]!)
  const unreadable = opened.filter((item) => item.document === undefined)
  return { entries: [...inOrder, ...unreadable], gap, reordered }
}
