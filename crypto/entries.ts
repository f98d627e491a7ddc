import { fromUtf8, randomBytes, utf8 } from './encoding.js'
import { EntryTampered, InvalidCryptoInput } from './errors.js'
import { ENTRY_PADDING_BLOCK, PROTOCOL_VERSION } from './params.js'
import { aeadDecrypt, aeadEncrypt, NONCE_BYTES } from './sealed-bytes.js'
import { sodium } from './sodium.js'

/**
 * `seq` is the entry's place in its thread (0 for the report; notes, under the internal key, count apart), so
 * the order of a thread and any gap in it are authenticated, not taken from the server's rows.
 */
export type EntryContext = { caseId: string; entryId: string; kind: string; author: string; seq: number }
export type SealedEntry = { nonce: Uint8Array; ciphertext: Uint8Array }

/**
 * `v1|caseId|entryId|kind|author|seq`: binds an entry to its place so the server cannot move it to another
 * case, relabel its kind or author, reorder the thread or drop an entry from its middle unnoticed. A field
 * containing '|' (or nothing) could make two contexts spell the same string, so it is refused.
 */
export function entryAssociatedData(context: EntryContext): Uint8Array {
  const fields = [context.caseId, context.entryId, context.kind, context.author]
  for (const field of fields) {
    if (typeof field !== 'string' || field.length === 0 || field.includes('|')) {
      throw new InvalidCryptoInput('entry context fields must be non-empty strings without "|"')
    }
  }
  if (!Number.isSafeInteger(context.seq) || context.seq < 0) {
    throw new InvalidCryptoInput('entry seq must be a non-negative integer')
  }
  return utf8(`v${PROTOCOL_VERSION}|${fields.join('|')}|${context.seq}`)
}

/**
 * JSON, padded (ISO/IEC 7816-4, libsodium's sodium_pad) to a multiple of ENTRY_PADDING_BLOCK: the server and a
 * disk thief see a report's length only to the nearest block, not to the character.
 */
function serialise(document: unknown): Uint8Array {
  const json = JSON.stringify(document)
  if (json === undefined) throw new InvalidCryptoInput('entry document is not JSON-serialisable')
  return sodium().pad(utf8(json), ENTRY_PADDING_BLOCK)
}

function deserialise(padded: Uint8Array): unknown {
  return JSON.parse(fromUtf8(sodium().unpad(padded, ENTRY_PADDING_BLOCK)))
}

/** Deterministic form for test vectors only; production code never chooses a nonce. */
export function encryptEntryWithNonce(
  key: Uint8Array,
  nonce: Uint8Array,
  context: EntryContext,
  document: unknown,
): SealedEntry {
  const ciphertext = aeadEncrypt(key, nonce, serialise(document), entryAssociatedData(context))
  return { nonce: nonce.slice(), ciphertext }
}

export function encryptEntry(key: Uint8Array, context: EntryContext, document: unknown): SealedEntry {
  return encryptEntryWithNonce(key, randomBytes(NONCE_BYTES), context, document)
}

export function openEntry<T = unknown>(key: Uint8Array, context: EntryContext, sealed: SealedEntry): T {
  const plaintext = aeadDecrypt(key, sealed?.nonce, sealed?.ciphertext, entryAssociatedData(context))
  if (!plaintext) throw new EntryTampered()
  try {
    return deserialise(plaintext) as T
  } catch {
    throw new EntryTampered()
  }
}
