import { memzero, requireBytes } from './encoding.js'
import { KDF_CONTEXT, KDF_V1, type KdfParams, KEY_BYTES } from './params.js'
import { sodium } from './sodium.js'

/** Argon2id to a 32-byte master key. The caller wipes the result once subkeys are derived. */
export function stretch(secret: Uint8Array, salt: Uint8Array, params: KdfParams = KDF_V1): Uint8Array {
  const s = sodium()
  requireBytes(salt, s.crypto_pwhash_SALTBYTES, 'salt')
  return s.crypto_pwhash(
    KEY_BYTES,
    secret,
    salt,
    params.opsLimit,
    params.memLimit,
    s.crypto_pwhash_ALG_ARGON2ID13,
  )
}

export function subkey(master: Uint8Array, which: keyof typeof KDF_CONTEXT): Uint8Array {
  const { id, context } = KDF_CONTEXT[which]
  return sodium().crypto_kdf_derive_from_key(KEY_BYTES, id, context, master)
}

/** Runs `use` on a stretched master key, then wipes the key and `secret` (consumed), whatever happens. */
export function withMasterKey<T>(secret: Uint8Array, salt: Uint8Array, use: (master: Uint8Array) => T): T {
  const master = stretch(secret, salt)
  try {
    return use(master)
  } finally {
    memzero(master)
    memzero(secret)
  }
}
