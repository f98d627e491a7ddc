import { canonicalCaseCode } from './case-code.js'
import { domainHash, memzero, randomBytes, requireBytes, utf8 } from './encoding.js'
import { subkey, withMasterKey } from './kdf.js'
import { CODE_SALT_BYTES, HASH_DOMAIN, KEY_BYTES } from './params.js'
import { sodium } from './sodium.js'

/**
 * `keyProof` keys the tag on the reporter's sealed case key (see `sealKeyFor`): only someone who knows the code
 * can seal a key the reporter will accept. It never leaves the reporter's side.
 */
export type ReporterKeys = {
  lookup: Uint8Array
  publicKey: Uint8Array
  secretKey: Uint8Array
  keyProof: Uint8Array
}

/** Per-organisation salt: the same code at two organisations yields unrelated keys. */
export function generateCodeSalt(): Uint8Array {
  return randomBytes(CODE_SALT_BYTES)
}

/**
 * Everything a reporter's case code unlocks. `lookup` finds the case (the server keeps only its hash);
 * the X25519 key pair opens the case's shared key. Throws CaseCodeInvalid for a code that fails its check.
 */
export function deriveReporterKeys(code: string, codeSalt: Uint8Array): ReporterKeys {
  requireBytes(codeSalt, CODE_SALT_BYTES, 'codeSalt')
  const canonical = canonicalCaseCode(code)
  return withMasterKey(utf8(canonical), codeSalt, (master) => {
    const lookup = subkey(master, 'lookup')
    const seed = subkey(master, 'reporter')
    const keyProof = subkey(master, 'keyProof')
    try {
      const pair = sodium().crypto_box_seed_keypair(seed)
      return { lookup, publicKey: pair.publicKey, secretKey: pair.privateKey, keyProof }
    } finally {
      memzero(seed)
    }
  })
}

/** What the server stores and looks cases up by: a hash, so a database copy does not hand out `lookup`. */
export function lookupVerifier(lookup: Uint8Array): Uint8Array {
  requireBytes(lookup, KEY_BYTES, 'lookup')
  return domainHash(HASH_DOMAIN.lookupVerifier, lookup)
}
