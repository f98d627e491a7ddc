import { concatBytes, requireBytes } from './encoding.js'
import { AttachmentTampered, InvalidCryptoInput } from './errors.js'
import { ATTACHMENT_PADDING } from './params.js'
import { releaseStreamState, sodium } from './sodium.js'

// Format: header (24 bytes) || one secretstream chunk per 64 KiB of padded plaintext (each +17 bytes), the
// last one tagged FINAL. The stream's internal counter and FINAL tag are what make truncation, reordering,
// splicing between files and trailing data fail, not just bit flips. The plaintext is the file, then 0x80,
// then zeros up to its size bucket (ATTACHMENT_PADDING), so the stored size shows the bucket only.
export const ATTACHMENT_CHUNK_SIZE = 65536
export const ATTACHMENT_HEADER_BYTES = 24
export const ATTACHMENT_CHUNK_OVERHEAD = 17
const SEALED_CHUNK_SIZE = ATTACHMENT_CHUNK_SIZE + ATTACHMENT_CHUNK_OVERHEAD

export function generateAttachmentKey(): Uint8Array {
  return sodium().crypto_secretstream_xchacha20poly1305_keygen()
}

function nextBucket(bucket: number): number {
  const { growth, round } = ATTACHMENT_PADDING
  return Math.ceil(Math.ceil(bucket * growth) / round) * round
}

/** The padded plaintext size for a file of `fileSize` bytes: the smallest bucket that holds it and the 0x80. */
export function paddedAttachmentSize(fileSize: number): number {
  if (!Number.isSafeInteger(fileSize) || fileSize < 0) throw new InvalidCryptoInput('file size must be >= 0')
  let bucket: number = ATTACHMENT_PADDING.floor
  while (bucket < fileSize + 1) bucket = nextBucket(bucket)
  return bucket
}

function sealedSize(paddedSize: number): number {
  const chunks = Math.max(1, Math.ceil(paddedSize / ATTACHMENT_CHUNK_SIZE))
  return ATTACHMENT_HEADER_BYTES + paddedSize + chunks * ATTACHMENT_CHUNK_OVERHEAD
}

/** Size of `encryptAttachment`'s output for a file of `fileSize` bytes (for quotas and progress). */
export function encryptedAttachmentSize(fileSize: number): number {
  return sealedSize(paddedAttachmentSize(fileSize))
}

/** Whether `size` is what some file's encryption has: a server refuses other sizes (they would leak more). */
export function isEncryptedAttachmentSize(size: number): boolean {
  if (!Number.isSafeInteger(size)) return false
  for (
    let bucket: number = ATTACHMENT_PADDING.floor;
    sealedSize(bucket) <= size;
    bucket = nextBucket(bucket)
  ) {
    if (sealedSize(bucket) === size) return true
  }
  return false
}

export type AttachmentEncryptor = { header: Uint8Array; push(chunk: Uint8Array, last: boolean): Uint8Array }

/**
 * Incremental encryption (large files, progress bars). Push exactly ATTACHMENT_CHUNK_SIZE bytes per call
 * and at most that for the last one (which may be empty), so the output matches `encryptAttachment`. The
 * last push also seals the padding, so it returns the remaining chunks (up to a quarter of the file) at once.
 */
export function createAttachmentEncryptor(key: Uint8Array): AttachmentEncryptor {
  const s = sodium()
  requireBytes(key, s.crypto_secretstream_xchacha20poly1305_KEYBYTES, 'attachment key')
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key)
  let finished = false
  let fileSize = 0
  const seal = (plaintext: Uint8Array, final: boolean) =>
    s.crypto_secretstream_xchacha20poly1305_push(
      state,
      plaintext,
      null,
      final
        ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
    )
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
      if (!last) {
        fileSize += chunk.length
        return seal(chunk, false)
      }
      // The tail: this chunk, 0x80, zeros up to the bucket; sealed in whole chunks, the last one FINAL.
      const tail = new Uint8Array(paddedAttachmentSize(fileSize + chunk.length) - fileSize)
      tail.set(chunk)
      tail[chunk.length] = 0x80
      const pieces: Uint8Array[] = []
      for (let offset = 0; offset < tail.length; offset += ATTACHMENT_CHUNK_SIZE) {
        const end = Math.min(offset + ATTACHMENT_CHUNK_SIZE, tail.length)
        pieces.push(seal(tail.subarray(offset, end), end === tail.length))
      }
      tail.fill(0)
      finished = true
      releaseStreamState(state)
      return concatBytes(...pieces)
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
  // Whole chunks first; the last push takes the remainder (possibly empty) and the padding.
  while (data.length - offset > ATTACHMENT_CHUNK_SIZE) {
    const sealed = encryptor.push(data.subarray(offset, offset + ATTACHMENT_CHUNK_SIZE), false)
    out.set(sealed, written)
    written += sealed.length
    offset += ATTACHMENT_CHUNK_SIZE
  }
  out.set(encryptor.push(data.subarray(offset), true), written)
  return out
}

export type AttachmentDecryptor = {
  /**
   * Opens the next sealed chunk; `last` says whether it was the FINAL one. The plaintext is the padded stream:
   * strip the padding with `unpadAttachment` (whole file) or stop at the size in the entry's reference.
   */
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
  return unpadAttachment(concatBytes(...parts))
}

/** The file inside a padded plaintext: throws AttachmentTampered unless the padding is exactly canonical. */
export function unpadAttachment(padded: Uint8Array): Uint8Array {
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end--
  if (end < 0 || padded[end] !== 0x80 || paddedAttachmentSize(end) !== padded.length) {
    throw new AttachmentTampered('attachment padding is malformed')
  }
  return padded.subarray(0, end)
}
