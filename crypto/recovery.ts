import { concatBytes, domainHash, memzero, requireBytes } from './encoding.js'
import { RecoveryKeyInvalid } from './errors.js'
import { HASH_DOMAIN } from './params.js'
import { sodium } from './sodium.js'

// The offline recovery key: an X25519 key pair whose secret lives only on paper. Text form:
// 'MPR1-' + 14 groups of 4 Crockford base32 characters encoding secretKey (32 bytes) || checksum (3 bytes),
// checksum = first 3 bytes of BLAKE2b-256 over the secret key. Crockford's alphabet has no I, L, O, U, so
// a handwritten copy reads back unambiguously; the checksum catches a mistyped character (odds of a miss:
// 1 in 16.7 million) before anyone tries it on real cases.
const PREFIX = 'MPR1'
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CHECKSUM_BYTES = 3
const SECRET_BYTES = 32
const BODY_CHARS = ((SECRET_BYTES + CHECKSUM_BYTES) * 8) / 5 // 56: the bits fill the characters exactly
const GROUP = 4

export type RecoveryKeyPair = { publicKey: Uint8Array; secretKey: Uint8Array }

export function generateRecoveryKeyPair(): RecoveryKeyPair {
  const pair = sodium().crypto_box_keypair()
  return { publicKey: pair.publicKey, secretKey: pair.privateKey }
}

function checksum(secretKey: Uint8Array): Uint8Array {
  return domainHash(HASH_DOMAIN.recoveryChecksum, secretKey).slice(0, CHECKSUM_BYTES)
}

function encodeBase32(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(buffer >> bits) & 31]
    }
    buffer &= (1 << bits) - 1
  }
  return out
}

// Reading is forgiving where it is safe: O→0, I/L→1 (Crockford's rule).
const DECODE = new Map<string, number>([...ALPHABET].map((char, value) => [char, value]))
for (const [alias, value] of [
  ['O', 0],
  ['I', 1],
  ['L', 1],
] as const)
  DECODE.set(alias, value)

function decodeBase32(text: string): Uint8Array {
  const out = new Uint8Array((text.length * 5) >> 3)
  let buffer = 0
  let bits = 0
  let index = 0
  for (const char of text) {
    const value = DECODE.get(char)
    if (value === undefined)
      throw new RecoveryKeyInvalid(`recovery key contains '${char}', which it never uses`)
    buffer = ((buffer << 5) | value) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out[index++] = (buffer >> bits) & 0xff
    }
  }
  return out
}

export function recoveryKeyToText(secretKey: Uint8Array): string {
  requireBytes(secretKey, SECRET_BYTES, 'recovery secret key')
  const payload = concatBytes(secretKey, checksum(secretKey))
  const body = encodeBase32(payload)
  memzero(payload)
  const groups = body.match(new RegExp(`.{${GROUP}}`, 'g')) ?? []
  return [PREFIX, ...groups].join('-')
}

/** Tolerates case, spaces, dashes and a missing prefix; throws RecoveryKeyInvalid on anything else. */
export function recoveryKeyFromText(text: string): RecoveryKeyPair {
  if (typeof text !== 'string' || text.length > 200) throw new RecoveryKeyInvalid()
  let compact = text.toUpperCase().replace(/[\s\u2010-\u2015\u2212-]/g, '')
  if (compact.length === PREFIX.length + BODY_CHARS && compact.startsWith(PREFIX)) {
    compact = compact.slice(PREFIX.length)
  }
  if (compact.length !== BODY_CHARS) {
    throw new RecoveryKeyInvalid(
      `recovery key has ${compact.length} characters after the prefix, not ${BODY_CHARS}`,
    )
  }
  const payload = decodeBase32(compact)
  const secretKey = payload.slice(0, SECRET_BYTES)
  const expected = checksum(secretKey)
  const matches = sodium().memcmp(expected, payload.subarray(SECRET_BYTES))
  memzero(payload)
  if (!matches) {
    memzero(secretKey)
    throw new RecoveryKeyInvalid('recovery key checksum does not match: check for a mistyped character')
  }
  return { publicKey: sodium().crypto_scalarmult_base(secretKey), secretKey }
}

const FINGERPRINT_BYTES = 10 // 80 bits: 16 characters, 4 groups of 4

/**
 * A short name for the recovery PUBLIC key, the same on the admin page, in the browser that generated the key
 * and in the CLI: 'ABCD-EFGH-JKMN-PQRS', Crockford base32 of the first 10 bytes of BLAKE2b-256 over the public
 * key. 80 bits: no one can make a second key pair with the same fingerprint. It names the key; it opens nothing.
 */
export function recoveryKeyFingerprint(publicKey: Uint8Array): string {
  requireBytes(publicKey, SECRET_BYTES, 'recovery public key')
  const body = encodeBase32(
    domainHash(HASH_DOMAIN.recoveryFingerprint, publicKey).slice(0, FINGERPRINT_BYTES),
  )
  return (body.match(new RegExp(`.{${GROUP}}`, 'g')) ?? []).join('-')
}
