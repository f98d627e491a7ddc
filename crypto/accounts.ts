import { domainHash, memzero, randomBytes, requireBytes, utf8 } from './encoding.js'
import { DecryptionFailed, InvalidCryptoInput, WrongPassword } from './errors.js'
import { subkey, withMasterKey } from './kdf.js'
import { ACCOUNT_SALT_BYTES, ACCOUNT_SECRET_KEY_AD, HASH_DOMAIN, KEY_BYTES } from './params.js'
import { decryptBytes, encryptBytes } from './sealed-bytes.js'
import { sodium } from './sodium.js'

// Confidant and admin accounts. The browser stretches the password; the server only ever sees `auth`
// (and stores a hash of it) and the private key sealed under `kek`, which it cannot derive.

export function generateAccountSalt(): Uint8Array {
  return randomBytes(ACCOUNT_SALT_BYTES)
}

export type AccountSecrets = { kek: Uint8Array; auth: Uint8Array }

// NFC: the same password typed on macOS (decomposed accents) and elsewhere must give the same keys.
function passwordBytes(password: string): Uint8Array {
  if (typeof password !== 'string' || password.length === 0) throw new InvalidCryptoInput('password is empty')
  return utf8(password.normalize('NFC'))
}

export function deriveAccountSecrets(password: string, salt: Uint8Array): AccountSecrets {
  requireBytes(salt, ACCOUNT_SALT_BYTES, 'salt')
  return withMasterKey(passwordBytes(password), salt, (master) => ({
    kek: subkey(master, 'kek'),
    auth: subkey(master, 'auth'),
  }))
}

export type NewAccountKeys = {
  salt: Uint8Array
  auth: Uint8Array
  publicKey: Uint8Array
  encryptedSecretKey: Uint8Array
  secretKey: Uint8Array
}

function sealSecretKey(kek: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return encryptBytes(kek, secretKey, ACCOUNT_SECRET_KEY_AD)
}

/** On invitation acceptance / first setup (browser) and `meldpool user add` (CLI): same derivation. */
export function createAccountKeys(password: string): NewAccountKeys {
  const salt = generateAccountSalt()
  const { kek, auth } = deriveAccountSecrets(password, salt)
  try {
    const pair = sodium().crypto_box_keypair()
    return {
      salt,
      auth,
      publicKey: pair.publicKey,
      encryptedSecretKey: sealSecretKey(kek, pair.privateKey),
      secretKey: pair.privateKey,
    }
  } finally {
    memzero(kek)
  }
}

export function unlockAccountSecretKey(kek: Uint8Array, encryptedSecretKey: Uint8Array): Uint8Array {
  requireBytes(kek, KEY_BYTES, 'kek')
  try {
    const secretKey = decryptBytes(kek, encryptedSecretKey, ACCOUNT_SECRET_KEY_AD)
    if (secretKey.length !== sodium().crypto_box_SECRETKEYBYTES) throw new DecryptionFailed()
    return secretKey
  } catch (error) {
    if (error instanceof DecryptionFailed) throw new WrongPassword()
    throw error
  }
}

/** Password change: same key pair, new salt, new `auth`, private key re-sealed under the new `kek`. */
export function rewrapAccountSecretKey(
  oldPassword: string,
  oldSalt: Uint8Array,
  encryptedSecretKey: Uint8Array,
  newPassword: string,
): { salt: Uint8Array; auth: Uint8Array; encryptedSecretKey: Uint8Array } {
  const old = deriveAccountSecrets(oldPassword, oldSalt)
  memzero(old.auth)
  let secretKey: Uint8Array
  try {
    secretKey = unlockAccountSecretKey(old.kek, encryptedSecretKey)
  } finally {
    memzero(old.kek)
  }
  try {
    const salt = generateAccountSalt()
    const fresh = deriveAccountSecrets(newPassword, salt)
    try {
      return { salt, auth: fresh.auth, encryptedSecretKey: sealSecretKey(fresh.kek, secretKey) }
    } finally {
      memzero(fresh.kek)
    }
  } finally {
    memzero(secretKey)
  }
}

/**
 * What the server stores for login. `auth` already costs an Argon2id per password guess, so a fast hash
 * suffices here (DESIGN §4) and logins cost the server no Argon2id.
 */
export function authVerifier(auth: Uint8Array): Uint8Array {
  requireBytes(auth, KEY_BYTES, 'auth')
  return domainHash(HASH_DOMAIN.authVerifier, auth)
}

/** Constant time, and false (not a throw) for any malformed input from the network. */
export function verifyAuth(auth: Uint8Array, verifier: Uint8Array): boolean {
  if (!(auth instanceof Uint8Array) || auth.length !== KEY_BYTES) return false
  if (!(verifier instanceof Uint8Array) || verifier.length !== 32) return false
  return sodium().memcmp(authVerifier(auth), verifier)
}

const TAB_HELD_SECRET_KEY_AD = 'v1|tab-held-secret-key'

/**
 * After sign-in the page keeps the unlocked private key in the tab's sessionStorage, sealed under a key the
 * server derives from the session (never stored): navigation between pages needs no password, and the copy is
 * useless once the session ends, even if the browser wrote its storage to disk.
 */
export function holdSecretKeyForTab(tabKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  requireBytes(tabKey, KEY_BYTES, 'tab key')
  return encryptBytes(tabKey, secretKey, TAB_HELD_SECRET_KEY_AD)
}

/** Throws DecryptionFailed for a copy held under another session's key or changed. */
export function releaseSecretKeyHeldForTab(tabKey: Uint8Array, held: Uint8Array): Uint8Array {
  requireBytes(tabKey, KEY_BYTES, 'tab key')
  return decryptBytes(tabKey, held, TAB_HELD_SECRET_KEY_AD)
}

/** The X25519 public key of a secret key: the page checks an unlocked key against the account's public key. */
export function publicKeyOfSecretKey(secretKey: Uint8Array): Uint8Array {
  requireBytes(secretKey, KEY_BYTES, 'secret key')
  return sodium().crypto_scalarmult_base(secretKey)
}
