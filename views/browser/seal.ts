import {
  encryptAttachment,
  encryptEntry,
  fromBase64Url,
  generateAttachmentKey,
  generateCaseKeys,
  memzero,
  randomId,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'
import {
  type AttachmentRef,
  cleanFileName,
  cleanFileType,
  type ReportDocument,
  type ReportFields,
} from '../../server/domain/documents.js'
import type { BrowserMessage } from '../../server/services/follow-up.js'
import type { Recipient } from '../../server/services/reporter-cases.js'
import type { BrowserSubmission } from '../../server/services/reports.js'

export type PlainFile = { name: string; type: string; data: Uint8Array }
export type EncryptedFile = { id: string; ciphertext: Uint8Array }

/**
 * What the browser sends in JavaScript mode (DESIGN §4), built without DOM or I/O so that the page scripts,
 * the tests and the benchmark all use this one implementation. Plaintext file bytes are wiped once sealed.
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

/** A new report, sealed to the reporter (by the keys derived from their code) and to every recipient. */
export function sealReport(
  reporter: { lookup: Uint8Array; publicKey: Uint8Array },
  recipients: Recipient[],
  fields: ReportFields,
  files: PlainFile[],
): { envelope: BrowserSubmission; files: EncryptedFile[] } {
  const caseKeys = generateCaseKeys()
  const caseId = randomId()
  const entryId = randomId()
  try {
    const { refs, encrypted } = sealFiles(files)
    const document: ReportDocument = { v: 1, ...fields, attachments: refs }
    const entry = encryptEntry(
      caseKeys.shared,
      { caseId, entryId, kind: 'report', author: 'reporter' },
      document,
    )
    const seal = (key: Uint8Array, publicKey: Uint8Array) => toBase64Url(sealKeyFor(key, publicKey))
    return {
      envelope: {
        caseId,
        entryId,
        lookup: toBase64Url(reporter.lookup),
        reporterPublicKey: toBase64Url(reporter.publicKey),
        keys: [
          { holder: 'reporter', kind: 'shared', sealedKey: seal(caseKeys.shared, reporter.publicKey) },
          ...recipients.flatMap(({ holder, publicKey }) => [
            { holder, kind: 'shared' as const, sealedKey: seal(caseKeys.shared, fromBase64Url(publicKey)) },
            {
              holder,
              kind: 'internal' as const,
              sealedKey: seal(caseKeys.internal, fromBase64Url(publicKey)),
            },
          ]),
        ],
        entry: { nonce: toBase64Url(entry.nonce), ciphertext: toBase64Url(entry.ciphertext) },
        attachments: encrypted.map(({ id, ciphertext }) => ({ id, size: ciphertext.length })),
      },
      files: encrypted,
    }
  } finally {
    memzero(caseKeys.shared)
    memzero(caseKeys.internal)
  }
}

/** A reply (with files) or a meeting request in an open case, under its shared key. */
export function sealMessage(
  opened: { caseId: string; lookup: string; sharedKey: Uint8Array },
  kind: 'message' | 'meeting_request',
  text: string,
  files: PlainFile[],
): { envelope: BrowserMessage; files: EncryptedFile[] } {
  const entryId = randomId()
  const { refs, encrypted } = kind === 'message' ? sealFiles(files) : { refs: [], encrypted: [] }
  const document = kind === 'message' ? { v: 1, text, attachments: refs } : { v: 1, text }
  const entry = encryptEntry(
    opened.sharedKey,
    { caseId: opened.caseId, entryId, kind, author: 'reporter' },
    document,
  )
  return {
    envelope: {
      lookup: opened.lookup,
      entry: {
        id: entryId,
        kind,
        nonce: toBase64Url(entry.nonce),
        ciphertext: toBase64Url(entry.ciphertext),
      },
      attachments: encrypted.map(({ id, ciphertext }) => ({ id, size: ciphertext.length })),
    },
    files: encrypted,
  }
}

/** The multipart body: fields first (the server reads in order), then files named by attachment id. */
export function envelopeForm(envelope: unknown, files: EncryptedFile[], lang?: string): FormData {
  const form = new FormData()
  if (lang) form.append('lang', lang)
  form.append('envelope', JSON.stringify(envelope))
  for (const file of files) form.append('file', new Blob([file.ciphertext as BlobPart]), file.id)
  return form
}
