import { beforeAll, describe, expect, it } from 'vitest'
import {
  createAttachmentEncryptor,
  decryptAttachment,
  decryptBytes,
  encryptAttachment,
  encryptBytes,
  encryptEntry,
  generateAttachmentKey,
  generateSecretKey,
  openEntry,
  ready,
} from '../../crypto/index.js'

beforeAll(ready)

// The SecureDrop check: the plaintext must be absent from what the server stores, in every spelling an
// investigator would grep for, before we decrypt and see that it was really there.
const CANARY = 'MELDPOOL-CANARY-7b1e0c5a-fraud-at-the-warehouse'
const utf8 = (text: string) => new TextEncoder().encode(text)
const spellings = [
  utf8(CANARY),
  utf8(Buffer.from(CANARY).toString('base64')),
  utf8(Buffer.from(CANARY).toString('base64url')),
  utf8(Buffer.from(CANARY).toString('hex')),
  utf8(Buffer.from(CANARY).toString('hex').toUpperCase()),
  new Uint8Array(Buffer.from(CANARY, 'utf16le')),
  // A 16-byte window is enough to give the plaintext away even if the whole string does not appear.
  utf8(CANARY.slice(9, 25)),
]

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const view = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return view(haystack).includes(view(needle))
}

function expectNoCanary(stored: Uint8Array): void {
  for (const spelling of spellings) expect(contains(stored, spelling)).toBe(false)
}

describe('no plaintext in ciphertext', () => {
  it('entries', () => {
    const key = generateSecretKey()
    const ctx = { caseId: 'case', entryId: 'entry', kind: 'report', author: 'reporter', seq: 0 }
    const document = { text: `${CANARY} ${CANARY}`, canary: CANARY }
    const sealed = encryptEntry(key, ctx, document)
    expectNoCanary(sealed.ciphertext)
    expectNoCanary(sealed.nonce)
    expect(openEntry(key, ctx, sealed)).toEqual(document)
  })

  it('attachments, whole and incremental', () => {
    const key = generateAttachmentKey()
    const data = utf8(CANARY.repeat(5000))
    const encrypted = encryptAttachment(key, data)
    expectNoCanary(encrypted)
    expect(contains(decryptAttachment(key, encrypted), utf8(CANARY))).toBe(true)
    const encryptor = createAttachmentEncryptor(key)
    expectNoCanary(encryptor.push(utf8(CANARY), true))
  })

  it('encryptBytes', () => {
    const key = generateSecretKey()
    const sealed = encryptBytes(key, utf8(CANARY), CANARY.slice(0, 5))
    expectNoCanary(sealed)
    expect(new TextDecoder().decode(decryptBytes(key, sealed, CANARY.slice(0, 5)))).toBe(CANARY)
  })

  it('the check itself finds a canary that is there', () => {
    expect(() => expectNoCanary(utf8(`xx${CANARY}xx`))).toThrow()
    expect(() => expectNoCanary(utf8(Buffer.from(CANARY).toString('hex')))).toThrow()
  })
})
