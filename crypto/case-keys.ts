import { requireBytes } from './encoding.js'
import { KeyOpenFailed } from './errors.js'
import { KEY_BYTES } from './params.js'
import { sodium } from './sodium.js'

/** `shared`: reporter and confidants. `internal`: confidants only (internal notes). */
export type CaseKeys = { shared: Uint8Array; internal: Uint8Array }

export function generateCaseKeys(): CaseKeys {
  const s = sodium()
  return {
    shared: s.crypto_aead_xchacha20poly1305_ietf_keygen(),
    internal: s.crypto_aead_xchacha20poly1305_ietf_keygen(),
  }
}

/**
 * Anonymous sealed box to one holder. Anyone holding a public key can seal to it, so an opened key proves
 * nothing about who sealed it: check it opens an existing entry before encrypting new ones under it.
 */
export function sealKeyFor(key: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  const s = sodium()
  requireBytes(key, KEY_BYTES, 'key')
  requireBytes(recipientPublicKey, s.crypto_box_PUBLICKEYBYTES, 'recipientPublicKey')
  return s.crypto_box_seal(key, recipientPublicKey)
}

export function openSealedKey(sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const s = sodium()
  requireBytes(publicKey, s.crypto_box_PUBLICKEYBYTES, 'publicKey')
  requireBytes(secretKey, s.crypto_box_SECRETKEYBYTES, 'secretKey')
  if (!(sealed instanceof Uint8Array) || sealed.length !== KEY_BYTES + s.crypto_box_SEALBYTES) {
    throw new KeyOpenFailed()
  }
  try {
    return s.crypto_box_seal_open(sealed, publicKey, secretKey)
  } catch {
    throw new KeyOpenFailed()
  }
}
