import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  authVerifier,
  createAccountKeys,
  deriveAccountSecrets,
  deriveReporterKeys,
  formatCaseCode,
  generateAccountSalt,
  generateCaseCode,
  generateCaseKeys,
  generateCodeSalt,
  generateRecoveryKeyPair,
  InvalidCryptoInput,
  KDF_V1,
  lookupVerifier,
  openSealedKey,
  RecoveryKeyInvalid,
  ready,
  recoveryKeyFromText,
  recoveryKeyToText,
  rewrapAccountSecretKey,
  sealKeyFor,
  unlockAccountSecretKey,
  verifyAuth,
  WrongPassword,
} from '../../crypto/index.js'
import { argon2idBudget } from '../helpers/budgets.js'

beforeAll(ready)

// Argon2id costs 0.2–0.6 s per call: these properties run a handful of times, not a hundred.
const ARGON_RUNS = 3

describe('KDF parameters', () => {
  it('are Argon2id with 4 passes over 64 MiB, pinned', () => {
    expect(KDF_V1).toEqual({ opsLimit: 4, memLimit: 64 * 1024 * 1024, alg: 'argon2id13' })
    expect(Object.isFrozen(KDF_V1)).toBe(true)
  })
})

// Per test: ARGON_RUNS runs of at most four derivations each.
describe('reporter keys', { timeout: argon2idBudget(4 * ARGON_RUNS) }, () => {
  it('are a function of code and salt, whatever the spacing of the code', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const code = generateCaseCode()
        const salt = generateCodeSalt()
        const keys = deriveReporterKeys(code, salt)
        const again = deriveReporterKeys(` ${formatCaseCode(code).replaceAll(' ', '-')} `, salt)
        expect(again).toEqual(keys)
        expect(keys.lookup).toHaveLength(32)
        expect(keys.publicKey).toHaveLength(32)
        expect(keys.secretKey).toHaveLength(32)
        expect(keys.lookup).not.toEqual(keys.secretKey)
      }),
      { numRuns: ARGON_RUNS },
    )
  })

  it('differ for another organisation (salt) or another code', () => {
    const code = generateCaseCode()
    const salt = generateCodeSalt()
    const keys = deriveReporterKeys(code, salt)
    const otherSalt = deriveReporterKeys(code, generateCodeSalt())
    const otherCode = deriveReporterKeys(generateCaseCode(), salt)
    for (const other of [otherSalt, otherCode]) {
      expect(other.lookup).not.toEqual(keys.lookup)
      expect(other.publicKey).not.toEqual(keys.publicKey)
    }
  })

  it('open the case key sealed to the reporter', () => {
    const keys = deriveReporterKeys(generateCaseCode(), generateCodeSalt())
    const { shared } = generateCaseKeys()
    const binding = { caseId: 'case-a', holder: 'reporter', kind: 'shared' as const }
    const sealed = sealKeyFor(shared, keys.publicKey, binding, keys.keyProof)
    expect(openSealedKey(sealed, keys.publicKey, keys.secretKey, binding, keys.keyProof)).toEqual(shared)
  })

  it('store only a domain-separated hash of lookup', () => {
    const lookup = new Uint8Array(32).fill(7)
    const verifier = lookupVerifier(lookup)
    expect(verifier).toHaveLength(32)
    expect(verifier).not.toEqual(authVerifier(lookup))
    expect(() => lookupVerifier(new Uint8Array(31))).toThrow(InvalidCryptoInput)
    expect(() => deriveReporterKeys(generateCaseCode(), new Uint8Array(8))).toThrow(InvalidCryptoInput)
  })
})

describe('accounts', { timeout: argon2idBudget(4 * ARGON_RUNS) }, () => {
  const password = fc.string({ minLength: 1, maxLength: 40 })

  it('unlock their private key with the password they were created with, and no other', () => {
    fc.assert(
      fc.property(password, password, (chosen, other) => {
        fc.pre(chosen.normalize('NFC') !== other.normalize('NFC'))
        const account = createAccountKeys(chosen)
        const login = deriveAccountSecrets(chosen, account.salt)
        expect(login.auth).toEqual(account.auth)
        expect(unlockAccountSecretKey(login.kek, account.encryptedSecretKey)).toEqual(account.secretKey)
        const wrong = deriveAccountSecrets(other, account.salt)
        expect(verifyAuth(wrong.auth, authVerifier(account.auth))).toBe(false)
        expect(() => unlockAccountSecretKey(wrong.kek, account.encryptedSecretKey)).toThrow(WrongPassword)
      }),
      { numRuns: ARGON_RUNS },
    )
  })

  it('give the same keys for a password typed composed or decomposed (NFC)', () => {
    const salt = generateAccountSalt()
    expect(deriveAccountSecrets('Caf\u00e9-wachtwoord', salt)).toEqual(
      deriveAccountSecrets('Cafe\u0301-wachtwoord', salt),
    )
  })

  it('verify auth in constant time and refuse malformed input without throwing', () => {
    const auth = new Uint8Array(32).fill(1)
    const verifier = authVerifier(auth)
    expect(verifyAuth(auth, verifier)).toBe(true)
    expect(verifyAuth(auth.with(0, 2), verifier)).toBe(false)
    expect(verifyAuth(auth, verifier.subarray(1))).toBe(false)
    expect(verifyAuth(new Uint8Array(3), verifier)).toBe(false)
  })

  it('keep the key pair across a password change; the old password stops working', () => {
    const account = createAccountKeys('old horse battery')
    const changed = rewrapAccountSecretKey(
      'old horse battery',
      account.salt,
      account.encryptedSecretKey,
      'new staple',
    )
    expect(changed.salt).not.toEqual(account.salt)
    const fresh = deriveAccountSecrets('new staple', changed.salt)
    expect(fresh.auth).toEqual(changed.auth)
    expect(unlockAccountSecretKey(fresh.kek, changed.encryptedSecretKey)).toEqual(account.secretKey)
    const stale = deriveAccountSecrets('old horse battery', changed.salt)
    expect(() => unlockAccountSecretKey(stale.kek, changed.encryptedSecretKey)).toThrow(WrongPassword)
    expect(() =>
      rewrapAccountSecretKey('not it', account.salt, account.encryptedSecretKey, 'new staple'),
    ).toThrow(WrongPassword)
  })

  it('refuse an empty password', () => {
    expect(() => createAccountKeys('')).toThrow(InvalidCryptoInput)
  })
})

describe('recovery key text', () => {
  it('round-trips through its printable form, however it is retyped', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom(' ', '', '-', '  '),
        fc.boolean(),
        (lower, separator, dropPrefix) => {
          const pair = generateRecoveryKeyPair()
          const text = recoveryKeyToText(pair.secretKey)
          expect(text).toMatch(/^MPR1(-[0-9A-HJKMNP-TV-Z]{4}){14}$/)
          let retyped = text.replaceAll('-', separator)
          if (dropPrefix) retyped = retyped.slice(4)
          if (lower) retyped = retyped.toLowerCase()
          expect(recoveryKeyFromText(`  ${retyped}\n`)).toEqual(pair)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('reads O as 0 and I or L as 1 (Crockford)', () => {
    const pair = generateRecoveryKeyPair()
    const text = recoveryKeyToText(pair.secretKey)
    const sloppy = text.slice(0, 5) + text.slice(5).replaceAll('0', 'O').replaceAll('1', 'l')
    expect(recoveryKeyFromText(sloppy)).toEqual(pair)
  })

  it('catches any single mistyped character and any adjacent swap by checksum', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
    fc.assert(
      fc.property(fc.nat(55), fc.nat(30), (position, shift) => {
        const body = recoveryKeyToText(generateRecoveryKeyPair().secretKey).slice(5).replaceAll('-', '')
        const original = body[position]!
        const replaced = alphabet[(alphabet.indexOf(original) + 1 + shift) % 32]!
        const mistyped = body.slice(0, position) + replaced + body.slice(position + 1)
        expect(() => recoveryKeyFromText(mistyped)).toThrow(RecoveryKeyInvalid)
        if (position < 55 && body[position] !== body[position + 1]) {
          const swapped =
            body.slice(0, position) + body[position + 1] + body[position] + body.slice(position + 2)
          expect(() => recoveryKeyFromText(swapped)).toThrow(RecoveryKeyInvalid)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('refuses wrong lengths and characters it never uses', () => {
    const text = recoveryKeyToText(generateRecoveryKeyPair().secretKey)
    for (const bad of [
      '',
      'MPR1',
      text.slice(0, -1),
      `${text}A`,
      `${text.slice(0, -1)}U`,
      `${text.slice(0, -1)}!`,
    ]) {
      expect(() => recoveryKeyFromText(bad)).toThrow(RecoveryKeyInvalid)
    }
  })

  it('opens case keys sealed to the recovery public key', () => {
    const pair = generateRecoveryKeyPair()
    const { internal } = generateCaseKeys()
    const binding = { caseId: 'case-a', holder: 'recovery', kind: 'internal' as const }
    const sealed = sealKeyFor(internal, pair.publicKey, binding)
    const restored = recoveryKeyFromText(recoveryKeyToText(pair.secretKey))
    expect(openSealedKey(sealed, restored.publicKey, restored.secretKey, binding)).toEqual(internal)
  })
})
