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

export type AttachmentEncryptor = {
  header: Uint8Array
  push(chunk: Uint8Array, last: boolean): Uint8Array
  /** The last push, lazily: the sealed chunks of the tail and its padding one at a time (a large file's padding is never held at once). */
  pushLast(chunk: Uint8Array): Generator<Uint8Array>
}

/**
 * Incremental encryption (large files, progress bars). Push exactly ATTACHMENT_CHUNK_SIZE bytes per call
 * and at most that for the last one (which may be empty), so the output matches `encryptAttachment`. The
 * last push also seals the padding (up to a quarter of the file): `pushLast` yields it chunk by chunk.
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
  const check = (chunk: Uint8Array, last: boolean) => {
    if (finished) throw new InvalidCryptoInput('attachment already finished')
    if (!(chunk instanceof Uint8Array)) throw new InvalidCryptoInput('chunk must be a Uint8Array')
    if (last ? chunk.length > ATTACHMENT_CHUNK_SIZE : chunk.length !== ATTACHMENT_CHUNK_SIZE) {
      throw new InvalidCryptoInput(`chunks are exactly ${ATTACHMENT_CHUNK_SIZE} bytes, the last at most that`)
    }
  }
  // The tail: this chunk, 0x80, zeros up to the bucket; sealed in whole chunks, the last one FINAL.
  function* sealTail(chunk: Uint8Array): Generator<Uint8Array> {
    const tailSize = paddedAttachmentSize(fileSize + chunk.length) - fileSize
    finished = true
    const piece = new Uint8Array(Math.min(ATTACHMENT_CHUNK_SIZE, tailSize))
    try {
      for (let offset = 0; offset < tailSize; offset += ATTACHMENT_CHUNK_SIZE) {
        const end = Math.min(offset + ATTACHMENT_CHUNK_SIZE, tailSize)
        const plaintext = piece.subarray(0, end - offset)
        plaintext.fill(0)
        // The chunk is at most one chunk long, so only the first piece carries file bytes.
        if (offset === 0) plaintext.set(chunk)
        if (chunk.length >= offset && chunk.length < end) plaintext[chunk.length - offset] = 0x80
        yield seal(plaintext, end === tailSize)
      }
    } finally {
      piece.fill(0)
      releaseStreamState(state)
    }
  }
  return {
    header,
    push(chunk, last) {
      check(chunk, last)
      if (last) return concatBytes(...sealTail(chunk))
      fileSize += chunk.length
      return seal(chunk, false)
    },
    pushLast(chunk) {
      check(chunk, true)
      return sealTail(chunk)
    },
  }
}

/**
 * Encryption of a file that arrives in pieces of any size (an upload): `write` returns the chunks it could
 * seal so far, `end` yields the rest. Its output is the same format as `encryptAttachment`, header first.
 */
export type AttachmentSealer = {
  header: Uint8Array
  write(bytes: Uint8Array): Uint8Array[]
  end(): Generator<Uint8Array>
  /** Plaintext bytes written so far. */
  readonly fileSize: number
  /** Drops the buffered plaintext when an upload is abandoned. */
  abort(): void
}

export function createAttachmentSealer(key: Uint8Array): AttachmentSealer {
  const encryptor = createAttachmentEncryptor(key)
  const buffer = new Uint8Array(ATTACHMENT_CHUNK_SIZE)
  let filled = 0
  let fileSize = 0
  return {
    header: encryptor.header,
    get fileSize() {
      return fileSize
    },
    write(bytes) {
      const sealed: Uint8Array[] = []
      let offset = 0
      fileSize += bytes.length
      while (offset < bytes.length) {
        // A full buffer is sealed only once more bytes arrive: the last chunk must go through pushLast.
        if (filled === ATTACHMENT_CHUNK_SIZE) {
          sealed.push(encryptor.push(buffer, false))
          filled = 0
        }
        const take = Math.min(ATTACHMENT_CHUNK_SIZE - filled, bytes.length - offset)
        buffer.set(bytes.subarray(offset, offset + take), filled)
        filled += take
        offset += take
      }
      return sealed
    },
    *end() {
      try {
        yield* encryptor.pushLast(buffer.subarray(0, filled))
      } finally {
        buffer.fill(0)
      }
    },
    abort() {
      buffer.fill(0)
      filled = 0
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

/**
 * Opens a stored attachment piece by piece, however its bytes are cut (`encrypted` yields them in order), and
 * yields the file's bytes: `fileSize` from the authenticated reference in its entry. The padding is checked and
 * dropped. Throws AttachmentTampered on anything `decryptAttachment` refuses; bytes already yielded were
 * authentic, so a consumer that stops at the error has shown nothing false.
 */
export function* openAttachmentStream(
  key: Uint8Array,
  fileSize: number,
  encrypted: Iterable<Uint8Array>,
): Generator<Uint8Array> {
  const padded = paddedAttachmentSize(fileSize)
  let pending: Uint8Array = new Uint8Array(0)
  let decryptor: AttachmentDecryptor | undefined
  let opened = 0
  let finished = false
  const take = (length: number) => {
    const piece = pending.subarray(0, length)
    pending = pending.subarray(length)
    return piece
  }
  // The file's bytes of one opened chunk; past the file, the padding must be 0x80 and then zeros.
  function* emit(plaintext: Uint8Array): Generator<Uint8Array> {
    const start = opened
    opened += plaintext.length
    if (opened > padded) throw new AttachmentTampered('attachment is longer than its size')
    if (start < fileSize) yield plaintext.subarray(0, Math.min(plaintext.length, fileSize - start))
    for (let position = Math.max(start, fileSize); position < opened; position++) {
      const expected = position === fileSize ? 0x80 : 0
      if (plaintext[position - start] !== expected)
        throw new AttachmentTampered('attachment padding is malformed')
    }
  }
  for (const piece of encrypted) {
    pending = pending.length === 0 ? piece : concatBytes(pending, piece)
    if (!decryptor) {
      if (pending.length < ATTACHMENT_HEADER_BYTES) continue
      decryptor = createAttachmentDecryptor(key, take(ATTACHMENT_HEADER_BYTES))
    }
    // Keep the last full-size chunk until the input ends or more follows: whether it is last decides its check.
    while (pending.length > SEALED_CHUNK_SIZE) {
      if (finished) throw new AttachmentTampered('data after the final chunk')
      const { plaintext, last } = decryptor.pull(take(SEALED_CHUNK_SIZE))
      finished = last
      yield* emit(plaintext)
    }
  }
  if (!decryptor) throw new AttachmentTampered('attachment is truncated')
  if (pending.length > 0) {
    if (finished) throw new AttachmentTampered('data after the final chunk')
    const { plaintext, last } = decryptor.pull(take(pending.length))
    finished = last
    yield* emit(plaintext)
  }
  decryptor.finish()
  if (opened !== padded) throw new AttachmentTampered('attachment padding is malformed')
}
