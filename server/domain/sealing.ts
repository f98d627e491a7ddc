import {
  commitInternalKey,
  encryptAttachment,
  encryptEntry,
  encryptedAttachmentSize,
  fromBase64Url,
  generateAttachmentKey,
  generateCaseKeys,
  InvalidCryptoInput,
  memzero,
  openSealedKey,
  randomId,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'
import type { BrowserMessage } from '../services/follow-up.js'
import type { Recipient } from '../services/reporter-cases.js'
import type { BrowserSubmission } from '../services/reports.js'
import { AUTO_ACKNOWLEDGEMENT_AUTHOR } from './auto-acknowledgement.js'
import {
  type AttachmentRef,
  cleanFileName,
  cleanFileType,
  type ReportDocument,
  type ReportFields,
  type TranscriptAgreementDocument,
  type TranscriptDocument,
} from './documents.js'

export type PlainFile = { name: string; type: string; data: Uint8Array }
export type EncryptedFile = { id: string; ciphertext: Uint8Array }

/**
 * Sealing a report or a message exactly as protocol v1 stores it (DESIGN §4). Pure and isomorphic: the page
 * scripts run it in the browser, the no-JavaScript fallback runs it on the server, so both produce the same
 * stored format by construction; tests and the benchmark use it too.
 *
 * Files in memory (the browser): each under a fresh key; the plaintext bytes are wiped once sealed. The server
 * encrypts uploads as they arrive instead (server/services/uploads.ts) and hands only the references on.
 */
function sealFiles(files: PlainFile[]): { refs: AttachmentRef[]; encrypted: EncryptedFile[] } {
  const refs: AttachmentRef[] = []
  const encrypted: EncryptedFile[] = []
  for (const file of files) {
    const key = generateAttachmentKey()
    const id = randomId()
    encrypted.push({ id, ciphertext: encryptAttachment(key, file.data) })
    refs.push({
      id,
      name: cleanFileName(file.name),
      type: cleanFileType(file.type),
      size: file.data.length,
      key: toBase64Url(key),
    })
    memzero(key)
    file.data.fill(0)
  }
  return { refs, encrypted }
}

/**
 * A new report, sealed to the reporter (by the keys derived from their code) and to every recipient. Every
 * sealed key is bound to case, holder and kind; the reporter's also carries a tag only the code can make.
 */
export function sealReport(
  reporter: { lookup: Uint8Array; publicKey: Uint8Array; keyProof: Uint8Array },
  recipients: Recipient[],
  fields: ReportFields,
  files: PlainFile[],
  locale: string,
  /** The organisation's automatic acknowledgement in `locale`, when it has that on (auto-acknowledgement.ts). */
  acknowledgement?: string,
): { envelope: BrowserSubmission; files: EncryptedFile[] } {
  const { refs, encrypted } = sealFiles(files)
  return {
    envelope: sealReportEntry(reporter, recipients, fields, refs, locale, acknowledgement),
    files: encrypted,
  }
}

/** `sealReport` for files already encrypted (the server's uploads): only their references go in the report. */
export function sealReportEntry(
  reporter: { lookup: Uint8Array; publicKey: Uint8Array; keyProof: Uint8Array },
  recipients: Recipient[],
  fields: ReportFields,
  refs: AttachmentRef[],
  /** The language of the page the reporter used: sealed inside the report, never stored in the clear. */
  locale: string,
  /** The automatic acknowledgement's text, sealed as the thread's entry at seq 1 (auto-acknowledgement.ts). */
  acknowledgement?: string,
): BrowserSubmission {
  // The commitment binds the internal key this case gets in sealNewCase to the report that proves the shared one.
  const document = (caseId: string, internalKey: Uint8Array): ReportDocument => ({
    v: 1,
    ...fields,
    attachments: refs,
    locale,
    internalKeyCommitment: toBase64Url(commitInternalKey(caseId, internalKey)),
  })
  return sealNewCase(
    reporter,
    recipients,
    { kind: 'report', author: 'reporter', document, refs },
    acknowledgement,
  )
}

/**
 * An oral report recorded by a confidant (Directive art. 18), sealed in their browser exactly as a reporter's
 * browser seals a new report: a new case whose first entry is the `transcript`, authored by the confidant, with
 * the shared key sealed to the reporter (by the keys derived from a code the confidant hands over) and both keys
 * to every recipient.
 */
export function sealTranscript(
  reporter: { lookup: Uint8Array; publicKey: Uint8Array; keyProof: Uint8Array },
  recipients: Recipient[],
  authorId: string,
  transcript: Omit<TranscriptDocument, 'v' | 'attachments'>,
): BrowserSubmission {
  const document = (): TranscriptDocument => ({ v: 1, ...transcript, attachments: [] })
  return sealNewCase(reporter, recipients, { kind: 'transcript', author: authorId, document, refs: [] })
}

function sealNewCase(
  reporter: { lookup: Uint8Array; publicKey: Uint8Array; keyProof: Uint8Array },
  recipients: Recipient[],
  first: {
    kind: 'report' | 'transcript'
    author: string
    document: (caseId: string, internalKey: Uint8Array) => ReportDocument | TranscriptDocument
    refs: AttachmentRef[]
  },
  acknowledgement?: string,
): BrowserSubmission {
  const caseKeys = generateCaseKeys()
  const caseId = randomId()
  const entryId = randomId()
  try {
    const entry = encryptEntry(
      caseKeys.shared,
      { caseId, entryId, kind: first.kind, author: first.author, seq: 0 },
      first.document(caseId, caseKeys.internal),
    )
    // The automatic acknowledgement: the thread's next place after the report, under the same shared key, in
    // the shape a confidant's acknowledgement has (StaffText), authored by `system` (the associated data says so).
    const acknowledgementEntry =
      acknowledgement === undefined
        ? undefined
        : sealAcknowledgement(caseKeys.shared, caseId, acknowledgement)
    const seal = (key: Uint8Array, publicKey: Uint8Array, holder: string, kind: 'shared' | 'internal') =>
      toBase64Url(sealKeyFor(key, publicKey, { caseId, holder, kind }))
    return {
      caseId,
      entryId,
      lookup: toBase64Url(reporter.lookup),
      reporterPublicKey: toBase64Url(reporter.publicKey),
      keys: [
        {
          holder: 'reporter',
          kind: 'shared',
          sealedKey: toBase64Url(
            sealKeyFor(
              caseKeys.shared,
              reporter.publicKey,
              { caseId, holder: 'reporter', kind: 'shared' },
              reporter.keyProof,
            ),
          ),
        },
        ...recipients.flatMap(({ holder, publicKey }) => [
          {
            holder,
            kind: 'shared' as const,
            sealedKey: seal(caseKeys.shared, fromBase64Url(publicKey), holder, 'shared'),
          },
          {
            holder,
            kind: 'internal' as const,
            sealedKey: seal(caseKeys.internal, fromBase64Url(publicKey), holder, 'internal'),
          },
        ]),
      ],
      entry: { nonce: toBase64Url(entry.nonce), ciphertext: toBase64Url(entry.ciphertext) },
      attachments: announced(first.refs),
      ...(acknowledgementEntry ? { acknowledgement: acknowledgementEntry } : {}),
    }
  } finally {
    memzero(caseKeys.shared)
    memzero(caseKeys.internal)
  }
}

function sealAcknowledgement(
  sharedKey: Uint8Array,
  caseId: string,
  text: string,
): NonNullable<BrowserSubmission['acknowledgement']> {
  const entryId = randomId()
  const entry = encryptEntry(
    sharedKey,
    { caseId, entryId, kind: 'acknowledgement', author: AUTO_ACKNOWLEDGEMENT_AUTHOR, seq: 1 },
    { v: 1, text },
  )
  return { entryId, nonce: toBase64Url(entry.nonce), ciphertext: toBase64Url(entry.ciphertext) }
}

/**
 * The reporter's shared key of a case, or KeyOpenFailed: it must be sealed for this case, to the reporter, as
 * the shared key, with the tag only the case code can make. Then `openThread` checks it opens the report.
 */
export function openReporterSharedKey(
  sealed: Uint8Array,
  caseId: string,
  reporter: { publicKey: Uint8Array; secretKey: Uint8Array; keyProof: Uint8Array },
): Uint8Array {
  return openSealedKey(
    sealed,
    reporter.publicKey,
    reporter.secretKey,
    { caseId, holder: 'reporter', kind: 'shared' },
    reporter.keyProof,
  )
}

/**
 * A reply (with files) or a meeting request in an open case, under its shared key, at place `seq` of the
 * thread. The browser adds its `lookup` to make a BrowserMessage; the no-JS path hands it to the follow-up
 * service directly.
 */
export function sealMessage(
  opened: { caseId: string; sharedKey: Uint8Array; seq: number },
  kind: 'message' | 'meeting_request',
  text: string,
  files: PlainFile[],
): { message: Omit<BrowserMessage, 'lookup'>; files: EncryptedFile[] } {
  const { refs, encrypted } = sealFiles(files)
  return { message: sealMessageEntry(opened, kind, text, refs), files: encrypted }
}

/** `sealMessage` for files already encrypted (the server's uploads). */
export function sealMessageEntry(
  opened: { caseId: string; sharedKey: Uint8Array; seq: number },
  kind: 'message' | 'meeting_request',
  text: string,
  refs: AttachmentRef[],
): Omit<BrowserMessage, 'lookup'> {
  if (kind === 'meeting_request' && refs.length > 0)
    throw new InvalidCryptoInput('a meeting request has no files')
  const entryId = randomId()
  const document = kind === 'message' ? { v: 1, text, attachments: refs } : { v: 1, text }
  const entry = encryptEntry(
    opened.sharedKey,
    { caseId: opened.caseId, entryId, kind, author: 'reporter', seq: opened.seq },
    document,
  )
  return {
    entry: {
      id: entryId,
      kind,
      seq: opened.seq,
      nonce: toBase64Url(entry.nonce),
      ciphertext: toBase64Url(entry.ciphertext),
    },
    attachments: announced(refs),
  }
}

/**
 * The reporter's agreement to the transcript that opens their case (Directive art. 18(4)): an entry of its own
 * in the thread, under the shared key like their messages, naming the transcript entry it agrees to.
 */
export function sealTranscriptAgreement(
  opened: { caseId: string; sharedKey: Uint8Array; seq: number },
  transcriptId: string,
): Omit<BrowserMessage, 'lookup'> {
  const entryId = randomId()
  const document: TranscriptAgreementDocument = { v: 1, agreed: true, transcriptId }
  const entry = encryptEntry(
    opened.sharedKey,
    { caseId: opened.caseId, entryId, kind: 'transcript_agreement', author: 'reporter', seq: opened.seq },
    document,
  )
  return {
    entry: {
      id: entryId,
      kind: 'transcript_agreement',
      seq: opened.seq,
      nonce: toBase64Url(entry.nonce),
      ciphertext: toBase64Url(entry.ciphertext),
    },
    attachments: [],
  }
}

/** What the envelope announces for each file: its id and its ciphertext's size, which follows from the file's. */
function announced(refs: AttachmentRef[]): Array<{ id: string; size: number }> {
  return refs.map((ref) => ({ id: ref.id, size: encryptedAttachmentSize(ref.size) }))
}

/** The multipart body: fields first (the server reads in order), then files named by attachment id. */
export function envelopeForm(envelope: unknown, files: EncryptedFile[], lang?: string): FormData {
  const form = new FormData()
  if (lang) form.append('lang', lang)
  form.append('envelope', JSON.stringify(envelope))
  for (const file of files) form.append('file', new Blob([file.ciphertext as BlobPart]), file.id)
  return form
}
