import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  AttachmentTampered,
  ATTACHMENT_CHUNK_SIZE as CHUNK,
  createAttachmentDecryptor,
  createAttachmentEncryptor,
  createAttachmentSealer,
  decryptAttachment,
  encryptAttachment,
  encryptedAttachmentSize,
  generateAttachmentKey,
  InvalidCryptoInput,
  isEncryptedAttachmentSize,
  openAttachmentStream,
  paddedAttachmentSize,
  ready,
} from '../../crypto/index.js'

beforeAll(ready)

const HEADER = 24
const SEALED_CHUNK = CHUNK + 17

function file(size: number, seed = 1): Uint8Array {
  const data = new Uint8Array(size)
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed * 7) & 0xff
  return data
}

/** Splits an encrypted attachment into its header and sealed chunks. */
function parts(encrypted: Uint8Array): { header: Uint8Array; chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = []
  for (let offset = HEADER; offset < encrypted.length; offset += SEALED_CHUNK) {
    chunks.push(encrypted.slice(offset, offset + SEALED_CHUNK))
  }
  return { header: encrypted.slice(0, HEADER), chunks }
}

function join(header: Uint8Array, chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(header.length + chunks.reduce((sum, chunk) => sum + chunk.length, 0))
  out.set(header)
  let offset = header.length
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

describe('attachments round-trip', () => {
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5]) {
    it(`${size} bytes`, () => {
      const key = generateAttachmentKey()
      const data = file(size)
      const encrypted = encryptAttachment(key, data)
      // Padded to its size bucket (64 KiB at least), so the stored size shows only the bucket.
      const padded = paddedAttachmentSize(size)
      expect(padded).toBeGreaterThan(size)
      expect(padded).toBeGreaterThanOrEqual(CHUNK)
      expect(encrypted).toHaveLength(HEADER + padded + Math.ceil(padded / CHUNK) * 17)
      expect(encrypted).toHaveLength(encryptedAttachmentSize(size))
      expect(isEncryptedAttachmentSize(encrypted.length)).toBe(true)
      expect(isEncryptedAttachmentSize(encrypted.length - 1)).toBe(false)
      expect(decryptAttachment(key, encrypted)).toEqual(data)
    })
  }

  it('any small file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        const key = generateAttachmentKey()
        expect(decryptAttachment(key, encryptAttachment(key, data))).toEqual(data)
      }),
      { numRuns: 100 },
    )
  })

  it('incremental encryption produces the same format', () => {
    const key = generateAttachmentKey()
    const data = file(2 * CHUNK + 100)
    const encryptor = createAttachmentEncryptor(key)
    const pieces = [
      encryptor.push(data.subarray(0, CHUNK), false),
      encryptor.push(data.subarray(CHUNK, 2 * CHUNK), false),
      encryptor.push(data.subarray(2 * CHUNK), true),
    ]
    expect(decryptAttachment(key, join(encryptor.header, pieces))).toEqual(data)
    expect(() => encryptor.push(new Uint8Array(0), true)).toThrow(InvalidCryptoInput)
  })

  it('incremental encryption refuses chunks that would break the format', () => {
    const encryptor = createAttachmentEncryptor(generateAttachmentKey())
    expect(() => encryptor.push(new Uint8Array(CHUNK - 1), false)).toThrow(InvalidCryptoInput)
    expect(() => encryptor.push(new Uint8Array(CHUNK + 1), true)).toThrow(InvalidCryptoInput)
  })

  it('incremental decryption reports the final chunk and insists on it', () => {
    const key = generateAttachmentKey()
    const { header, chunks } = parts(encryptAttachment(key, file(CHUNK + 3)))
    const decryptor = createAttachmentDecryptor(key, header)
    expect(decryptor.pull(chunks[0]!).last).toBe(false)
    expect(decryptor.pull(chunks[1]!)).toMatchObject({ last: true })
    expect(() => decryptor.finish()).not.toThrow()

    const cutShort = createAttachmentDecryptor(key, header)
    cutShort.pull(chunks[0]!)
    expect(() => cutShort.finish()).toThrow(AttachmentTampered)
    // Once it has failed, it stays failed: no partial plaintext after an error.
    expect(() => cutShort.pull(chunks[1]!)).toThrow(AttachmentTampered)
  })
})

describe('attachments reject tampering', () => {
  let attachmentKey: Uint8Array
  let encrypted: Uint8Array
  const key = () => attachmentKey

  beforeAll(() => {
    attachmentKey = generateAttachmentKey()
    encrypted = encryptAttachment(attachmentKey, file(3 * CHUNK + 5))
  })

  const rejects = (tampered: Uint8Array) =>
    expect(() => decryptAttachment(key(), tampered)).toThrow(AttachmentTampered)

  it('truncation: a whole final chunk removed, a cut mid-chunk, header only, nothing', () => {
    const { header, chunks } = parts(encrypted)
    rejects(join(header, chunks.slice(0, -1)))
    rejects(join(header, chunks.slice(0, 1)))
    rejects(encrypted.subarray(0, encrypted.length - 1))
    rejects(encrypted.subarray(0, HEADER + SEALED_CHUNK + 100))
    rejects(encrypted.subarray(0, HEADER + 16))
    rejects(encrypted.subarray(0, HEADER))
    rejects(new Uint8Array(0))
  })

  it('chunk reorder and duplication', () => {
    const { header, chunks } = parts(encrypted)
    const [a, b, c, d] = chunks as [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
    rejects(join(header, [b, a, c, d]))
    rejects(join(header, [a, c, b, d]))
    rejects(join(header, [a, a, c, d]))
    rejects(join(header, [a, b, c, c, d]))
  })

  it('chunk swap between two files under the same key and under different keys', () => {
    const { header, chunks } = parts(encrypted)
    for (const otherKey of [key(), generateAttachmentKey()]) {
      const other = parts(encryptAttachment(otherKey, file(3 * CHUNK + 5, 2)))
      rejects(join(header, [chunks[0]!, other.chunks[1]!, chunks[2]!, chunks[3]!]))
      rejects(join(header, [chunks[0]!, chunks[1]!, chunks[2]!, other.chunks[3]!]))
    }
  })

  it('header swap between two files under the same key', () => {
    const other = parts(encryptAttachment(key(), file(3 * CHUNK + 5, 3)))
    rejects(join(other.header, parts(encrypted).chunks))
  })

  it('data appended after the final chunk: bytes, or a whole valid chunk', () => {
    const { header, chunks } = parts(encrypted)
    rejects(join(encrypted, [new Uint8Array([0])]))
    rejects(join(encrypted, [new Uint8Array(17)]))
    rejects(join(encrypted, [new Uint8Array(SEALED_CHUNK)]))
    rejects(join(header, [...chunks, chunks[3]!]))
    // A file whose size is an exact multiple of the chunk size ends on a full FINAL chunk.
    const exact = encryptAttachment(key(), file(CHUNK))
    rejects(join(exact, [new Uint8Array(17)]))
  })

  it('bit flips in header, every chunk body and every tag', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: encrypted.length * 8 - 1 }), (bit) => {
        const flipped = encrypted.slice()
        flipped[bit >> 3]! ^= 1 << (bit & 7)
        rejects(flipped)
      }),
      { numRuns: 60 },
    )
    // A small file is one padded 64 KiB chunk: every bit of the header, of the chunk's start (its tag byte and
    // the file) and of its end (the MAC); the padding in between is covered by the random flips above.
    const small = encryptAttachment(key(), file(40))
    const edges = [
      ...Array(HEADER + 64).keys(),
      ...Array.from({ length: 32 }, (_, i) => small.length - 32 + i),
    ]
    for (const byte of edges) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = small.slice()
        flipped[byte]! ^= 1 << bit
        rejects(flipped)
      }
    }
  })

  it('a wrong key', () => {
    expect(() => decryptAttachment(generateAttachmentKey(), encrypted)).toThrow(AttachmentTampered)
  })
})

/** Cuts bytes into pieces of the given sizes (the last takes the rest), as an upload or a database might. */
function cut(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = []
  let offset = 0
  for (const size of sizes) {
    if (offset >= bytes.length) break
    pieces.push(bytes.subarray(offset, offset + size))
    offset += size
  }
  if (offset < bytes.length) pieces.push(bytes.subarray(offset))
  return pieces
}

function concat(pieces: Uint8Array[]): Uint8Array {
  return join(new Uint8Array(0), pieces)
}

// Byte comparison without vitest's element-by-element diff, which is slow for large arrays.
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

describe('streaming (uploads written as they arrive, downloads read piece by piece)', () => {
  it('a file written in pieces of any size is the format decryptAttachment opens', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * CHUNK + 9 }),
        fc.array(fc.integer({ min: 1, max: 2 * CHUNK }), { maxLength: 12 }),
        (size, sizes) => {
          const key = generateAttachmentKey()
          const data = file(size, size)
          const sealer = createAttachmentSealer(key)
          const out = [sealer.header]
          for (const piece of cut(data, sizes)) out.push(...sealer.write(piece))
          out.push(...sealer.end())
          const encrypted = concat(out)
          expect(encrypted.length).toBe(encryptedAttachmentSize(size))
          expect(sealer.fileSize).toBe(size)
          expect(same(decryptAttachment(key, encrypted), data)).toBe(true)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('seals the padding one chunk at a time', () => {
    const encryptor = createAttachmentEncryptor(generateAttachmentKey())
    // A 1 MiB file ends in 256 KiB of padding: four sealed chunks, handed out one by one.
    for (let i = 0; i < 15; i++) encryptor.push(file(CHUNK), false)
    const tail = encryptor.pushLast(file(CHUNK))
    const first = tail.next()
    expect(first.done).toBe(false)
    expect(first.value).toHaveLength(SEALED_CHUNK)
    expect([...tail].length).toBe(paddedAttachmentSize(16 * CHUNK) / CHUNK - 16)
  })

  it('opens a stored file however it is cut into pieces, and yields exactly the file', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * CHUNK + 9 }),
        fc.array(fc.integer({ min: 1, max: 3 * CHUNK }), { maxLength: 12 }),
        (size, sizes) => {
          const key = generateAttachmentKey()
          const data = file(size, 3)
          const encrypted = encryptAttachment(key, data)
          const opened = concat([...openAttachmentStream(key, size, cut(encrypted, sizes))])
          expect(same(opened, data)).toBe(true)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('refuses, when streaming, what decryptAttachment refuses', () => {
    const key = generateAttachmentKey()
    const data = file(2 * CHUNK + 5)
    const encrypted = encryptAttachment(key, data)
    const open =
      (bytes: Uint8Array, size = data.length) =>
      () => [...openAttachmentStream(key, size, cut(bytes, [1000, 70_000]))]
    const flipped = encrypted.slice()
    flipped[HEADER + CHUNK + 40]! ^= 1
    expect(open(flipped)).toThrow(AttachmentTampered)
    expect(open(encrypted.subarray(0, encrypted.length - SEALED_CHUNK))).toThrow(AttachmentTampered)
    expect(open(join(encrypted, [new Uint8Array(3)]))).toThrow(AttachmentTampered)
    expect(open(encrypted.subarray(0, 10))).toThrow(AttachmentTampered)
    // A reference that claims another size than the file that was sealed.
    expect(open(encrypted, data.length - 1)).toThrow(AttachmentTampered)
    expect(open(encrypted, data.length + 1)).toThrow(AttachmentTampered)
    expect(() => [...openAttachmentStream(generateAttachmentKey(), data.length, [encrypted])]).toThrow(
      AttachmentTampered,
    )
  })
})
