import { readFileSync, writeFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { dammCheckDigit } from '../../crypto/case-code.js'
import { encryptEntryWithNonce } from '../../crypto/entries.js'
import {
  ATTACHMENT_CHUNK_SIZE,
  authVerifier,
  commitInternalKey,
  decryptAttachment,
  decryptBytes,
  deriveAccountSecrets,
  deriveReporterKeys,
  encryptAttachment,
  encryptedAttachmentSize,
  fromBase64Url,
  generateRecoveryKeyPair,
  KDF_V1,
  lookupVerifier,
  openEntry,
  openSealedKey,
  PROTOCOL_VERSION,
  paddedAttachmentSize,
  ready,
  recoveryKeyFromText,
  recoveryKeyToText,
  sealKeyFor,
  toBase64Url,
  unlockAccountSecretKey,
} from '../../crypto/index.js'
import { encryptBytesWithNonce } from '../../crypto/sealed-bytes.js'

// Fixed inputs → committed outputs in crypto/vectors.json. A failing test here means the stored format
// changed: either a bug, or a deliberate protocol change that needs a new version and migration.
// Regenerate (deliberately!) with: MELDPOOL_WRITE_VECTORS=1 npx vitest run tests/crypto/vectors.test.ts
const VECTORS = new URL('../../crypto/vectors.json', import.meta.url)
const WRITE = process.env.MELDPOOL_WRITE_VECTORS === '1'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const unhex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'))
const pattern = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 13 + seed) & 0xff)

const inputs = {
  caseCodePrefixes: ['000000000000000', '123456789012345', '999999999999999', '314159265358979'],
  code: `123456789012345${dammCheckDigit('123456789012345')}`,
  codeSalt: pattern(16, 1),
  password: 'correct horse \u2013 caf\u00e9 \u2713',
  accountSalt: pattern(16, 2),
  accountSecretKey: pattern(32, 3),
  accountNonce: pattern(24, 4),
  entryKey: pattern(32, 5),
  entryNonce: pattern(24, 6),
  entryContext: {
    caseId: 'Zm9vYmFyYmF6cXV4MTIzNA',
    entryId: 'ZW50cnktaWQtMDAwMDAwMQ',
    kind: 'report',
    author: 'reporter',
    seq: 0,
  },
  entryDocument: { v: 1, text: 'Grootboek klopt niet — zie bijlage.', attachments: [] as unknown[] },
  bytesKey: pattern(32, 7),
  bytesNonce: pattern(24, 8),
  bytesPlaintext: pattern(20, 9),
  bytesAssociatedData: 'v1|totp|user-1',
  caseKey: pattern(32, 10),
  holderSecretKey: pattern(32, 11),
  attachmentKey: pattern(32, 12),
  attachmentSize: ATTACHMENT_CHUNK_SIZE + 10,
  keyBinding: {
    caseId: 'Zm9vYmFyYmF6cXV4MTIzNA',
    holder: 'dXNlci0xLWNvbmZpZGFudA',
    kind: 'internal' as const,
  },
  reporterBinding: { caseId: 'Zm9vYmFyYmF6cXV4MTIzNA', holder: 'reporter', kind: 'shared' as const },
  paddingSizes: [0, 65535, 65536, 100_000, 1_000_000, 20 * 2 ** 20],
  recoverySecretKey: pattern(32, 13),
}

type Vectors = ReturnType<typeof generate>

function generate() {
  const reporter = deriveReporterKeys(inputs.code, inputs.codeSalt)
  const account = deriveAccountSecrets(inputs.password, inputs.accountSalt)
  const accountPublicKey = recoveryKeyFromText(recoveryKeyToText(inputs.accountSecretKey)).publicKey
  const holderPublicKey = recoveryKeyFromText(recoveryKeyToText(inputs.holderSecretKey)).publicKey
  const entry = encryptEntryWithNonce(
    inputs.entryKey,
    inputs.entryNonce,
    inputs.entryContext,
    inputs.entryDocument,
  )
  return {
    protocol: PROTOCOL_VERSION,
    regenerate: 'MELDPOOL_WRITE_VECTORS=1 npx vitest run tests/crypto/vectors.test.ts',
    kdf: { ...KDF_V1 },
    caseCode: {
      checkDigits: Object.fromEntries(
        inputs.caseCodePrefixes.map((digits) => [digits, dammCheckDigit(digits)]),
      ),
    },
    reporter: {
      code: inputs.code,
      codeSalt: hex(inputs.codeSalt),
      lookup: hex(reporter.lookup),
      lookupVerifier: hex(lookupVerifier(reporter.lookup)),
      publicKey: hex(reporter.publicKey),
      secretKey: hex(reporter.secretKey),
      keyProof: hex(reporter.keyProof),
    },
    account: {
      password: inputs.password,
      salt: hex(inputs.accountSalt),
      kek: hex(account.kek),
      auth: hex(account.auth),
      authVerifier: hex(authVerifier(account.auth)),
      secretKey: hex(inputs.accountSecretKey),
      publicKey: hex(accountPublicKey),
      nonce: hex(inputs.accountNonce),
      encryptedSecretKey: hex(
        encryptBytesWithNonce(
          account.kek,
          inputs.accountNonce,
          inputs.accountSecretKey,
          'v1|account-secret-key',
        ),
      ),
    },
    entry: {
      key: hex(inputs.entryKey),
      nonce: hex(inputs.entryNonce),
      context: inputs.entryContext,
      document: inputs.entryDocument,
      ciphertext: hex(entry.ciphertext),
    },
    bytes: {
      key: hex(inputs.bytesKey),
      nonce: hex(inputs.bytesNonce),
      plaintext: hex(inputs.bytesPlaintext),
      associatedData: inputs.bytesAssociatedData,
      sealed: hex(
        encryptBytesWithNonce(
          inputs.bytesKey,
          inputs.bytesNonce,
          inputs.bytesPlaintext,
          inputs.bytesAssociatedData,
        ),
      ),
    },
    recoveryKey: {
      secretKey: hex(inputs.recoverySecretKey),
      text: recoveryKeyToText(inputs.recoverySecretKey),
    },
    // Sealed boxes and secretstream headers are randomised by design: these are open-only vectors.
    sealedKey: {
      holderSecretKey: hex(inputs.holderSecretKey),
      holderPublicKey: hex(holderPublicKey),
      key: hex(inputs.caseKey),
      binding: inputs.keyBinding,
      sealed: hex(sealKeyFor(inputs.caseKey, holderPublicKey, inputs.keyBinding)),
      // The reporter's copy: tagged with keyProof, so it opens only with the code's keys.
      reporterBinding: inputs.reporterBinding,
      reporterSealed: hex(
        sealKeyFor(inputs.caseKey, reporter.publicKey, inputs.reporterBinding, reporter.keyProof),
      ),
    },
    internalKeyCommitment: {
      caseId: inputs.keyBinding.caseId,
      key: hex(inputs.caseKey),
      commitment: hex(commitInternalKey(inputs.keyBinding.caseId, inputs.caseKey)),
    },
    attachmentPadding: Object.fromEntries(
      inputs.paddingSizes.map((size) => [size, [paddedAttachmentSize(size), encryptedAttachmentSize(size)]]),
    ),
    attachment: {
      key: hex(inputs.attachmentKey),
      plaintext: `pattern(${inputs.attachmentSize}, 14): byte i = (i * 13 + 14) & 0xff`,
      encryptedBase64Url: toBase64Url(
        encryptAttachment(inputs.attachmentKey, pattern(inputs.attachmentSize, 14)),
      ),
    },
  }
}

let vectors: Vectors

beforeAll(async () => {
  await ready()
  if (WRITE) writeFileSync(VECTORS, `${JSON.stringify(generate(), null, 2)}\n`)
  vectors = JSON.parse(readFileSync(VECTORS, 'utf8'))
})

describe('protocol v1 test vectors (crypto/vectors.json)', () => {
  it('pin the protocol version and Argon2id parameters', () => {
    expect(vectors.protocol).toBe(PROTOCOL_VERSION)
    expect(vectors.kdf).toEqual({ ...KDF_V1 })
  })

  it('case code check digits', () => {
    for (const [digits, check] of Object.entries(vectors.caseCode.checkDigits)) {
      expect(dammCheckDigit(digits)).toBe(check)
    }
  })

  it('reporter keys: lookup, lookup verifier and key pair from code + salt', () => {
    const { reporter } = vectors
    const keys = deriveReporterKeys(reporter.code, unhex(reporter.codeSalt))
    expect(hex(keys.lookup)).toBe(reporter.lookup)
    expect(hex(lookupVerifier(keys.lookup))).toBe(reporter.lookupVerifier)
    expect(hex(keys.publicKey)).toBe(reporter.publicKey)
    expect(hex(keys.secretKey)).toBe(reporter.secretKey)
  })

  it('account secrets, auth verifier and the sealed private key', () => {
    const { account } = vectors
    const secrets = deriveAccountSecrets(account.password, unhex(account.salt))
    expect(hex(secrets.kek)).toBe(account.kek)
    expect(hex(secrets.auth)).toBe(account.auth)
    expect(hex(authVerifier(secrets.auth))).toBe(account.authVerifier)
    const sealed = encryptBytesWithNonce(
      secrets.kek,
      unhex(account.nonce),
      unhex(account.secretKey),
      'v1|account-secret-key',
    )
    expect(hex(sealed)).toBe(account.encryptedSecretKey)
    expect(hex(unlockAccountSecretKey(secrets.kek, unhex(account.encryptedSecretKey)))).toBe(
      account.secretKey,
    )
    expect(hex(recoveryKeyFromText(recoveryKeyToText(unhex(account.secretKey))).publicKey)).toBe(
      account.publicKey,
    )
  })

  it('entry ciphertext for a fixed key and nonce', () => {
    const { entry } = vectors
    const sealed = encryptEntryWithNonce(unhex(entry.key), unhex(entry.nonce), entry.context, entry.document)
    expect(hex(sealed.ciphertext)).toBe(entry.ciphertext)
    const opened = openEntry(unhex(entry.key), entry.context, {
      nonce: unhex(entry.nonce),
      ciphertext: unhex(entry.ciphertext),
    })
    expect(opened).toEqual(entry.document)
  })

  it('encryptBytes layout: nonce || ciphertext', () => {
    const { bytes } = vectors
    const sealed = encryptBytesWithNonce(
      unhex(bytes.key),
      unhex(bytes.nonce),
      unhex(bytes.plaintext),
      bytes.associatedData,
    )
    expect(hex(sealed)).toBe(bytes.sealed)
    expect(hex(decryptBytes(unhex(bytes.key), unhex(bytes.sealed), bytes.associatedData))).toBe(
      bytes.plaintext,
    )
  })

  it('recovery key text', () => {
    const { recoveryKey } = vectors
    expect(recoveryKeyToText(unhex(recoveryKey.secretKey))).toBe(recoveryKey.text)
    expect(hex(recoveryKeyFromText(recoveryKey.text).secretKey)).toBe(recoveryKey.secretKey)
  })

  it('a committed sealed case key still opens', () => {
    const { sealedKey } = vectors
    const opened = openSealedKey(
      unhex(sealedKey.sealed),
      unhex(sealedKey.holderPublicKey),
      unhex(sealedKey.holderSecretKey),
      sealedKey.binding,
    )
    expect(hex(opened)).toBe(sealedKey.key)
    const { reporter } = vectors
    const asReporter = openSealedKey(
      unhex(sealedKey.reporterSealed),
      unhex(reporter.publicKey),
      unhex(reporter.secretKey),
      sealedKey.reporterBinding,
      unhex(reporter.keyProof),
    )
    expect(hex(asReporter)).toBe(sealedKey.key)
  })

  it('internal key commitment inside the report document', () => {
    const { internalKeyCommitment: vector } = vectors
    expect(hex(commitInternalKey(vector.caseId, unhex(vector.key)))).toBe(vector.commitment)
  })

  it('attachment size buckets', () => {
    for (const [size, sizes] of Object.entries(vectors.attachmentPadding)) {
      expect([paddedAttachmentSize(Number(size)), encryptedAttachmentSize(Number(size))]).toEqual(sizes)
    }
  })

  it('a committed two-chunk attachment still decrypts', () => {
    const { attachment } = vectors
    const plaintext = decryptAttachment(unhex(attachment.key), fromBase64Url(attachment.encryptedBase64Url))
    expect(plaintext).toEqual(pattern(inputs.attachmentSize, 14))
  })

  it('fresh randomness does not disturb the deterministic vectors', () => {
    // Guard against a generator that accidentally depends on randomness: two runs agree.
    const { sealedKey: _a, attachment: _b, ...deterministic } = generate()
    const { sealedKey: _c, attachment: _d, ...again } = generate()
    expect(again).toEqual(deterministic)
    expect(generateRecoveryKeyPair().publicKey).toHaveLength(32)
  })
})
