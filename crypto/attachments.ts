import { concatBytes, requireBytes } from './encoding.js'
import { AttachmentTampered, InvalidCryptoInput } from './errors.js'
import { releaseStreamState, sodium } from './sodium.js'

// Format: header (24 bytes) || one secretstream chunk per 64 KiB of plaintext (each +17 bytes), the last
// one tagged FINAL. The stream's internal counter and FINAL tag are what make truncation, reordering,
// splicing between files and trailing data fail, not just bit flips.
export const ATTACHMENT_CHUNK_SIZE = 65536
export const ATTACHMENT_HEADER_BYTES = 24
export const ATTACHMENT_CHUNK_OVERHEAD = 17
const SEALED_CHUNK_SIZE = ATTACHMENT_CHUNK_SIZE + ATTACHMENT_CHUNK_OVERHEAD

export function generateAttachmentKey(): Uint8Array {
  return sodium().crypto_secretstream_xchacha20poly1305_keygen()
}

/** Size of `encryptAttachment`'s output for a file of `plaintextSize` bytes (for quotas and progress). */
export function encryptedAttachmentSize(plaintextSize: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextSize / ATTACHMENT_CHUNK_SIZE))
  return ATTACHMENT_HEADER_BYTES + plaintextSize + chunks * ATTACHMENT_CHUNK_OVERHEAD
}

export type AttachmentEncryptor = { header: Uint8Array; push(chunk: Uint8Array, last: boolean): Uint8Array }

/**
 * Incremental encryption (large files, progress bars). Push exactly ATTACHMENT_CHUNK_SIZE bytes per call
 * and at most that for the last one (which may be empty), so the output matches `encryptAttachment`.
 */
export function createAttachmentEncryptor(key: Uint8Array): AttachmentEncryptor {
  const s = sodium()
  requireBytes(key, s.crypto_secretstream_xchacha20poly1305_KEYBYTES, 'attachment key')
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key)
  let finished = false
  return {
    header,
    push(chunk, last) {
      if (finished) throw new InvalidCryptoInput('attachment already finished')
      if (!(chunk instanceof Uint8Array)) throw new InvalidCryptoInput('chunk must be a Uint8Array')
      if (last ? chunk.length > ATTACHMENT_CHUNK_SIZE : chunk.length !== ATTACHMENT_CHUNK_SIZE) {
        throw new InvalidCryptoInput(
          `chunks are exactly ${ATTACHMENT_CHUNK_SIZE} bytes, the last at most that`,
        )
      }
      const tag = last
        ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
      const sealed = s.crypto_secretstream_xchacha20poly1305_push(state, chunk, null, tag)
      if (last) {
        finished = true
        releaseStreamState(state)
      }
      return sealed
    },
  }
}

export function encryptAttachment(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new InvalidCryptoInput('attachment data must be a Uint8Array')
  const encryptor = createAttachmentEncryptor(key)
  const out = new Uint8Array(encryptedAttachmentSize(data.length))
  out.set(encryptor.header, 0)
  let written = ATTACHMENT_HEADER_BYTES
  let offset = 0
  do {
    const end = Math.min(offset + ATTACHMENT_CHUNK_SIZE, data.length)
    const sealed = encryptor.push(data.subarray(offset, end), end === data.length)
    out.set(sealed, written)
    written += sealed.length
    offset = end
  } while (offset < data.length)
  return out
}

export type AttachmentDecryptor = {
  /** Opens the next sealed chunk; `last` says whether it was the FINAL one. */
  pull(sealedChunk: Uint8Array): { plaintext: Uint8Array; last: boolean }
  /** Throws AttachmentTampered unless the FINAL chunk has been seen: call it at end of input. */
  finish(): void
}

export function createAttachmentDecryptor(key: Uint8Array, header: Uint8Array): AttachmentDecryptor {
  const s = sodium()
  requireBytes(key, s.crypto_secretstream_xchacha20poly1305_KEYBYTES, 'attachment key')
  if (!(header instanceof Uint8Array) || header.length !== ATTACHMENT_HEADER_BYTES) {
    throw new AttachmentTampered('attachment header is missing or malformed')
  }
  let state: ReturnType<typeof s.crypto_secretstream_xchacha20poly1305_init_pull>
  try {
    state = s.crypto_secretstream_xchacha20poly1305_init_pull(header, key)
  } catch {
    throw new AttachmentTampered()
  }
  let finished = false
  let failed = false
  const fail = (detail?: string): never => {
    if (!failed) releaseStreamState(state)
    failed = true
    throw new AttachmentTampered(detail)
  }
  return {
    pull(sealedChunk) {
      if (failed) fail()
      if (finished) fail('data after the final chunk')
      if (!(sealedChunk instanceof Uint8Array) || sealedChunk.length < ATTACHMENT_CHUNK_OVERHEAD) fail()
      if (sealedChunk.length > SEALED_CHUNK_SIZE) fail('oversized chunk')
      let opened: { message: Uint8Array; tag: number } | false
      try {
        opened = s.crypto_secretstream_xchacha20poly1305_pull(state, sealedChunk, null)
      } catch {
        opened = false
      }
      if (!opened) return fail()
      const last = opened.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
      if (!last && opened.tag !== s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) fail('unexpected tag')
      // Only the last chunk may be short: a short chunk that is not FINAL means chunks were re-cut.
      if (!last && sealedChunk.length !== SEALED_CHUNK_SIZE) fail('short chunk before the end')
      if (last) {
        finished = true
        releaseStreamState(state)
      }
      return { plaintext: opened.message, last }
    },
    finish() {
      if (!finished) fail('attachment is truncated (no final chunk)')
    },
  }
}

/** Throws AttachmentTampered on truncation, reordering, splicing, a swapped header, trailing data or any flip. */
export function decryptAttachment(key: Uint8Array, encrypted: Uint8Array): Uint8Array {
  if (
    !(encrypted instanceof Uint8Array) ||
    encrypted.length < ATTACHMENT_HEADER_BYTES + ATTACHMENT_CHUNK_OVERHEAD
  ) {
    throw new AttachmentTampered('attachment is truncated')
  }
  const decryptor = createAttachmentDecryptor(key, encrypted.subarray(0, ATTACHMENT_HEADER_BYTES))
  const parts: Uint8Array[] = []
  let offset = ATTACHMENT_HEADER_BYTES
  while (offset < encrypted.length) {
    const end = Math.min(offset + SEALED_CHUNK_SIZE, encrypted.length)
    const { plaintext, last } = decryptor.pull(encrypted.subarray(offset, end))
    parts.push(plaintext)
    offset = end
    if (last && offset < encrypted.length) throw new AttachmentTampered('data after the final chunk')
  }
  decryptor.finish()
  return concatBytes(...parts)
}
