import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  DecryptionFailed,
  decryptBytes,
  type EntryContext,
  EntryTampered,
  encryptBytes,
  encryptEntry,
  fromBase64Url,
  generateCaseKeys,
  generateRecoveryKeyPair,
  generateSecretKey,
  InvalidCryptoInput,
  KeyOpenFailed,
  MalformedEncoding,
  memzero,
  openEntry,
  openSealedKey,
  randomId,
  ready,
  SEALED_KEY_BYTES,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'

beforeAll(ready)

const bytes = (max = 256) => fc.uint8Array({ maxLength: max })
const idLike = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/)
const context = fc.record({
  caseId: idLike,
  entryId: idLike,
  kind: fc.constantFrom('report', 'message', 'note', 'acknowledgement', 'feedback', 'transcript'),
  author: fc.oneof(fc.constant('reporter'), fc.constant('system'), idLike),
  seq: fc.nat({ max: 1_000_000 }),
})
const document = fc.jsonValue()

function flipBit(data: Uint8Array, bit: number): Uint8Array {
  const copy = data.slice()
  copy[bit >> 3]! ^= 1 << (bit & 7)
  return copy
}

describe('encoding', () => {
  it('round-trips base64url and ids', () => {
    fc.assert(
      fc.property(bytes(), (data) => {
        expect(fromBase64Url(toBase64Url(data))).toEqual(data)
      }),
    )
    const id = randomId()
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(fromBase64Url(id)).toHaveLength(16)
    expect(randomId()).not.toBe(id)
  })

  it('refuses padded, non-canonical and foreign-alphabet text', () => {
    for (const bad of ['AA==', 'AB', '__9', 'a+b/', 'a b', 'A', 'AAA=', '\u00e9']) {
      expect(() => fromBase64Url(bad), bad).toThrow(MalformedEncoding)
    }
  })

  it('memzero wipes in place', () => {
    const secret = new Uint8Array([1, 2, 3])
    memzero(secret)
    expect([...secret]).toEqual([0, 0, 0])
  })
})

describe('entries', () => {
  it('round-trip any JSON document', () => {
    fc.assert(
      fc.property(context, document, (ctx, doc) => {
        const key = generateSecretKey()
        const sealed = encryptEntry(key, ctx, doc)
        expect(sealed.nonce).toHaveLength(24)
        expect(openEntry(key, ctx, sealed)).toEqual(JSON.parse(JSON.stringify(doc)))
      }),
      { numRuns: 200 },
    )
  })

  it('reject every single-bit flip in ciphertext and nonce', () => {
    fc.assert(
      fc.property(context, fc.string({ maxLength: 40 }), (ctx, text) => {
        const key = generateSecretKey()
        const sealed = encryptEntry(key, ctx, { text })
        for (let bit = 0; bit < sealed.ciphertext.length * 8; bit++) {
          const ciphertext = flipBit(sealed.ciphertext, bit)
          expect(() => openEntry(key, ctx, { nonce: sealed.nonce, ciphertext })).toThrow(EntryTampered)
        }
        for (let bit = 0; bit < sealed.nonce.length * 8; bit++) {
          const nonce = flipBit(sealed.nonce, bit)
          expect(() => openEntry(key, ctx, { nonce, ciphertext: sealed.ciphertext })).toThrow(EntryTampered)
        }
      }),
      { numRuns: 10 },
    )
  })

  it('reject every single-bit flip in caseId, entryId, kind and author', () => {
    fc.assert(
      fc.property(context, (ctx) => {
        const key = generateSecretKey()
        const sealed = encryptEntry(key, ctx, { text: 'bound to its place' })
        for (const field of ['caseId', 'entryId', 'kind', 'author'] as const) {
          const value = ctx[field]
          for (let i = 0; i < value.length; i++) {
            for (let bit = 0; bit < 16; bit++) {
              const changed =
                value.slice(0, i) + String.fromCharCode(value.charCodeAt(i) ^ (1 << bit)) + value.slice(i + 1)
              const moved: EntryContext = { ...ctx, [field]: changed }
              // Either refused as ambiguous ('|') or fails authentication: never opens.
              expect(() => openEntry(key, moved, sealed)).toThrow(/entry|context/)
            }
          }
        }
      }),
      { numRuns: 20 },
    )
  })

  it('cannot be moved between cases, swapped between entries or relabelled', () => {
    const key = generateSecretKey()
    const ctx = { caseId: 'case-a', entryId: 'entry-1', kind: 'message', author: 'reporter', seq: 3 }
    const sealed = encryptEntry(key, ctx, { text: 'hello' })
    for (const moved of [
      // Another place in the thread: a reorder or a dropped entry before it shows.
      { ...ctx, seq: 2 },
      { ...ctx, seq: 4 },
      { ...ctx, caseId: 'case-b' },
      { ...ctx, entryId: 'entry-2' },
      { ...ctx, kind: 'note' },
      { ...ctx, author: 'system' },
    ]) {
      expect(() => openEntry(key, moved, sealed)).toThrow(EntryTampered)
    }
    expect(() => openEntry(generateSecretKey(), ctx, sealed)).toThrow(EntryTampered)
    expect(() =>
      openEntry(key, ctx, { nonce: sealed.nonce, ciphertext: sealed.ciphertext.subarray(0, 10) }),
    ).toThrow(EntryTampered)
  })

  it('refuse contexts that could spell the same associated data twice', () => {
    const key = generateSecretKey()
    expect(() =>
      encryptEntry(key, { caseId: 'a|b', entryId: 'c', kind: 'note', author: 'x', seq: 0 }, {}),
    ).toThrow(InvalidCryptoInput)
    expect(() =>
      encryptEntry(key, { caseId: '', entryId: 'c', kind: 'note', author: 'x', seq: 0 }, {}),
    ).toThrow(InvalidCryptoInput)
    expect(() =>
      encryptEntry(key, { caseId: 'a', entryId: 'c', kind: 'note', author: 'x', seq: 0 }, undefined),
    ).toThrow(InvalidCryptoInput)
    for (const seq of [-1, 1.5, Number.NaN]) {
      expect(() =>
        encryptEntry(key, { caseId: 'a', entryId: 'c', kind: 'note', author: 'x', seq }, {}),
      ).toThrow(InvalidCryptoInput)
    }
  })

  it('treat authenticated content that is not JSON as tampering', async () => {
    const { aeadEncrypt } = await import('../../crypto/sealed-bytes.js')
    const { entryAssociatedData } = await import('../../crypto/entries.js')
    const key = generateSecretKey()
    const ctx = { caseId: 'c', entryId: 'e', kind: 'note', author: 'system', seq: 0 }
    const nonce = new Uint8Array(24)
    for (const plaintext of [new TextEncoder().encode('{not json'), new Uint8Array([0xff, 0xfe])]) {
      const ciphertext = aeadEncrypt(key, nonce, plaintext, entryAssociatedData(ctx))
      expect(() => openEntry(key, ctx, { nonce, ciphertext })).toThrow(EntryTampered)
    }
  })
})

describe('sealed case keys', () => {
  const binding = { caseId: 'case-a', holder: 'confidant-1', kind: 'shared' as const }

  it('round-trip to the holder and open for nobody else', () => {
    const holder = generateRecoveryKeyPair()
    const stranger = generateRecoveryKeyPair()
    const { shared, internal } = generateCaseKeys()
    expect(shared).toHaveLength(32)
    expect(internal).not.toEqual(shared)
    for (const key of [shared, internal]) {
      const sealed = sealKeyFor(key, holder.publicKey, binding)
      expect(sealed).toHaveLength(SEALED_KEY_BYTES)
      expect(openSealedKey(sealed, holder.publicKey, holder.secretKey, binding)).toEqual(key)
      expect(() => openSealedKey(sealed, stranger.publicKey, stranger.secretKey, binding)).toThrow(
        KeyOpenFailed,
      )
    }
  })

  it('open only for the case, holder and kind they were sealed for', () => {
    const holder = generateRecoveryKeyPair()
    const sealed = sealKeyFor(generateSecretKey(), holder.publicKey, binding)
    for (const moved of [
      { ...binding, caseId: 'case-b' },
      { ...binding, holder: 'someone-else' },
      { ...binding, kind: 'internal' as const },
    ]) {
      expect(() => openSealedKey(sealed, holder.publicKey, holder.secretKey, moved)).toThrow(KeyOpenFailed)
    }
  })

  it("with the reporter's proof key, refuse a key sealed by anyone who lacks it (a database writer)", () => {
    const reporter = generateRecoveryKeyPair()
    const proof = generateSecretKey()
    const reporterBinding = { ...binding, holder: 'reporter' }
    const genuine = sealKeyFor(generateSecretKey(), reporter.publicKey, reporterBinding, proof)
    expect(
      openSealedKey(genuine, reporter.publicKey, reporter.secretKey, reporterBinding, proof),
    ).toHaveLength(32)
    // The writer holds the reporter's public key and seals a key of their own, bound correctly but unproven.
    const planted = sealKeyFor(generateSecretKey(), reporter.publicKey, reporterBinding)
    expect(() =>
      openSealedKey(planted, reporter.publicKey, reporter.secretKey, reporterBinding, proof),
    ).toThrow(KeyOpenFailed)
    const wrongProof = sealKeyFor(
      generateSecretKey(),
      reporter.publicKey,
      reporterBinding,
      generateSecretKey(),
    )
    expect(() =>
      openSealedKey(wrongProof, reporter.publicKey, reporter.secretKey, reporterBinding, proof),
    ).toThrow(KeyOpenFailed)
  })

  it('reject every single-bit flip', () => {
    const holder = generateRecoveryKeyPair()
    const sealed = sealKeyFor(generateSecretKey(), holder.publicKey, binding)
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      expect(() => openSealedKey(flipBit(sealed, bit), holder.publicKey, holder.secretKey, binding)).toThrow(
        KeyOpenFailed,
      )
    }
    expect(() => openSealedKey(sealed.subarray(1), holder.publicKey, holder.secretKey, binding)).toThrow(
      KeyOpenFailed,
    )
  })
})

describe('encryptBytes', () => {
  it('round-trips and is bound to its associated data', () => {
    fc.assert(
      fc.property(bytes(), fc.string(), fc.string(), (plaintext, ad, otherAd) => {
        const key = generateSecretKey()
        const sealed = encryptBytes(key, plaintext, ad)
        expect(sealed).toHaveLength(24 + plaintext.length + 16)
        expect(decryptBytes(key, sealed, ad)).toEqual(plaintext)
        if (otherAd !== ad) expect(() => decryptBytes(key, sealed, otherAd)).toThrow(DecryptionFailed)
      }),
      { numRuns: 200 },
    )
  })

  it('rejects every single-bit flip, truncation and a wrong key', () => {
    const key = generateSecretKey()
    const sealed = encryptBytes(key, new TextEncoder().encode('totp secret'), 'v1|totp|user-1')
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      expect(() => decryptBytes(key, flipBit(sealed, bit), 'v1|totp|user-1')).toThrow(DecryptionFailed)
    }
    for (const cut of [0, 10, 39, sealed.length - 1]) {
      expect(() => decryptBytes(key, sealed.subarray(0, cut), 'v1|totp|user-1')).toThrow(DecryptionFailed)
    }
    expect(() => decryptBytes(generateSecretKey(), sealed, 'v1|totp|user-1')).toThrow(DecryptionFailed)
  })

  it('refuses keys of the wrong length (caller bug, not tampering)', () => {
    expect(() => encryptBytes(new Uint8Array(16), new Uint8Array(1), 'x')).toThrow(InvalidCryptoInput)
  })
})
