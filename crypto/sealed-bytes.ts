import { concatBytes, randomBytes, requireBytes, utf8 } from './encoding.js'
import { DecryptionFailed, InvalidCryptoInput } from './errors.js'
import { KEY_BYTES } from './params.js'
import { sodium } from './sodium.js'

// XChaCha20-Poly1305: 192-bit nonces are safe to draw at random for any number of messages per key.
export const NONCE_BYTES = 24
export const TAG_BYTES = 16

export function generateSecretKey(): Uint8Array {
  return sodium().crypto_aead_xchacha20poly1305_ietf_keygen()
}

export function aeadEncrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  associatedData: Uint8Array,
): Uint8Array {
  requireBytes(key, KEY_BYTES, 'key')
  requireBytes(nonce, NONCE_BYTES, 'nonce')
  if (!(plaintext instanceof Uint8Array)) throw new InvalidCryptoInput('plaintext must be a Uint8Array')
  return sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData, null, nonce, key)
}

/** Returns null on any authentication failure; callers throw the error named for their domain. */
export function aeadDecrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  associatedData: Uint8Array,
): Uint8Array | null {
  requireBytes(key, KEY_BYTES, 'key')
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE_BYTES) return null
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < TAG_BYTES) return null
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, associatedData, nonce, key)
  } catch {
    return null
  }
}

export function encryptBytesWithNonce(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  associatedData: string,
): Uint8Array {
  return concatBytes(nonce, aeadEncrypt(key, nonce, plaintext, utf8(associatedData)))
}

/**
 * Seals bytes as `nonce || ciphertext`. `associatedData` names what the bytes are for (e.g.
 * 'v1|totp|<userId>') so a sealed value cannot be replayed into another column or row.
 */
export function encryptBytes(key: Uint8Array, plaintext: Uint8Array, associatedData: string): Uint8Array {
  return encryptBytesWithNonce(key, randomBytes(NONCE_BYTES), plaintext, associatedData)
}

export function decryptBytes(key: Uint8Array, sealed: Uint8Array, associatedData: string): Uint8Array {
  if (!(sealed instanceof Uint8Array) || sealed.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionFailed()
  const plaintext = aeadDecrypt(
    key,
    sealed.subarray(0, NONCE_BYTES),
    sealed.subarray(NONCE_BYTES),
    utf8(associatedData),
  )
  if (!plaintext) throw new DecryptionFailed()
  return plaintext
}
