import { concatBytes, domainHash, memzero, requireBytes, utf8 } from './encoding.js'
import { InvalidCryptoInput, KeyOpenFailed } from './errors.js'
import { HASH_DOMAIN, KEY_BYTES, PROTOCOL_VERSION } from './params.js'
import { sodium } from './sodium.js'

/** `shared`: reporter and confidants. `internal`: confidants only (internal notes). */
export type CaseKeys = { shared: Uint8Array; internal: Uint8Array }

/** Where a sealed key belongs: it opens only for the case, holder and kind it was sealed for. */
export type KeyBinding = { caseId: string; holder: string; kind: 'shared' | 'internal' }

const BINDING_BYTES = 32
/** A sealed case key: box_seal(key ‖ binding tag): 32 + 32 + 48 bytes. */
export const SEALED_KEY_BYTES = KEY_BYTES + BINDING_BYTES + 48

export function generateCaseKeys(): CaseKeys {
  const s = sodium()
  return {
    shared: s.crypto_aead_xchacha20poly1305_ietf_keygen(),
    internal: s.crypto_aead_xchacha20poly1305_ietf_keygen(),
  }
}

/**
 * BLAKE2b-256 over `domain ‖ 0 ‖ v1|caseId|holder|kind ‖ 0 ‖ key`, keyed with `proofKey` when given. Unkeyed, it
 * stops a sealed key being moved to another case, holder or kind. Keyed with the reporter's `keyProof` (derived
 * from the case code), it also proves the key was sealed by someone who knew the code: a database writer, who
 * holds every public key, can seal a key of their own to the reporter but cannot make this tag.
 */
function bindingTag(binding: KeyBinding, key: Uint8Array, proofKey?: Uint8Array): Uint8Array {
  const fields = [binding.caseId, binding.holder, binding.kind]
  for (const field of fields) {
    if (typeof field !== 'string' || field.length === 0 || field.includes('|')) {
      throw new InvalidCryptoInput('key binding fields must be non-empty strings without "|"')
    }
  }
  if (binding.kind !== 'shared' && binding.kind !== 'internal')
    throw new InvalidCryptoInput('unknown key kind')
  if (proofKey !== undefined) requireBytes(proofKey, KEY_BYTES, 'proofKey')
  const message = concatBytes(
    utf8(HASH_DOMAIN.sealedKeyBinding),
    new Uint8Array([0]),
    utf8(`v${PROTOCOL_VERSION}|${fields.join('|')}`),
    new Uint8Array([0]),
    key,
  )
  return sodium().crypto_generichash(BINDING_BYTES, message, proofKey ?? null)
}

/**
 * Seals a case key to one holder (anonymous sealed box), bound to its case, holder and kind. Anyone holding a
 * public key can seal to it, so only a `proofKey` tag (the reporter's) says who sealed it; staff clients check
 * that the key opens the case's report entry before trusting it.
 */
export function sealKeyFor(
  key: Uint8Array,
  recipientPublicKey: Uint8Array,
  binding: KeyBinding,
  proofKey?: Uint8Array,
): Uint8Array {
  const s = sodium()
  requireBytes(key, KEY_BYTES, 'key')
  requireBytes(recipientPublicKey, s.crypto_box_PUBLICKEYBYTES, 'recipientPublicKey')
  const plaintext = concatBytes(key, bindingTag(binding, key, proofKey))
  try {
    return s.crypto_box_seal(plaintext, recipientPublicKey)
  } finally {
    memzero(plaintext)
  }
}

/** Throws KeyOpenFailed for a wrong key pair, any change, or a key sealed for another case, holder or kind. */
export function openSealedKey(
  sealed: Uint8Array,
  publicKey: Uint8Array,
  secretKey: Uint8Array,
  binding: KeyBinding,
  proofKey?: Uint8Array,
): Uint8Array {
  const s = sodium()
  requireBytes(publicKey, s.crypto_box_PUBLICKEYBYTES, 'publicKey')
  requireBytes(secretKey, s.crypto_box_SECRETKEYBYTES, 'secretKey')
  if (!(sealed instanceof Uint8Array) || sealed.length !== SEALED_KEY_BYTES) throw new KeyOpenFailed()
  let plaintext: Uint8Array
  try {
    plaintext = s.crypto_box_seal_open(sealed, publicKey, secretKey)
  } catch {
    throw new KeyOpenFailed()
  }
  const key = plaintext.slice(0, KEY_BYTES)
  const tag = plaintext.subarray(KEY_BYTES)
  const bound = s.memcmp(tag, bindingTag(binding, key, proofKey))
  memzero(plaintext)
  if (!bound) {
    memzero(key)
    throw new KeyOpenFailed()
  }
  return key
}

/**
 * BLAKE2b-256 over `domain ‖ 0 ‖ v1|caseId ‖ 0 ‖ internalKey`, carried inside the report document. The report
 * proves the shared key (only the real key opens it); this commitment, authenticated under that key, proves the
 * internal key too, so a database writer who seals an internal key of their own to a confidant is refused.
 */
export function commitInternalKey(caseId: string, internalKey: Uint8Array): Uint8Array {
  if (typeof caseId !== 'string' || caseId.length === 0 || caseId.includes('|'))
    throw new InvalidCryptoInput('caseId must be a non-empty string without "|"')
  requireBytes(internalKey, KEY_BYTES, 'internalKey')
  return domainHash(
    HASH_DOMAIN.internalKeyCommitment,
    concatBytes(utf8(`v${PROTOCOL_VERSION}|${caseId}`), new Uint8Array([0]), internalKey),
  )
}

/** Constant-time check of an internal key against the commitment in the case's report. */
export function internalKeyMatches(caseId: string, internalKey: Uint8Array, commitment: Uint8Array): boolean {
  if (!(commitment instanceof Uint8Array) || commitment.length !== 32) return false
  return sodium().memcmp(commitInternalKey(caseId, internalKey), commitment)
}
