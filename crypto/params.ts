// Every constant that shapes stored data. Changing any of them is a protocol change: bump the version,
// keep the old constants for reading existing data, and regenerate crypto/vectors.json.

export const PROTOCOL_VERSION = 1

/**
 * Argon2id for case codes and account passwords: 4 passes over 64 MiB, twice libsodium's INTERACTIVE, chosen by
 * measurement (crypto/README.md "Argon2id cost"): under 1 s on a throttled phone-class Chromium, 64 MiB fits
 * mobile memory, and a no-JS submission stays far faster than GlobaLeaks'. Spelled out rather than read from
 * libsodium so a library upgrade can never silently change them.
 */
export const KDF_V1 = Object.freeze({
  opsLimit: 4,
  memLimit: 64 * 1024 * 1024,
  alg: 'argon2id13',
} as const) satisfies { opsLimit: number; memLimit: number; alg: 'argon2id13' }

export type KdfParams = typeof KDF_V1

/** crypto_kdf contexts: exactly 8 bytes each, distinct per derived key. */
export const KDF_CONTEXT = Object.freeze({
  lookup: { id: 1, context: 'lookup__' },
  reporter: { id: 2, context: 'reporter' },
  keyProof: { id: 3, context: 'keyproof' },
  kek: { id: 1, context: 'kek_____' },
  auth: { id: 2, context: 'auth____' },
} as const)

/** Domains for BLAKE2b hashes (see `domainHash`). */
export const HASH_DOMAIN = Object.freeze({
  lookupVerifier: 'meldpool/v1/lookup-verifier',
  authVerifier: 'meldpool/v1/auth-verifier',
  recoveryChecksum: 'meldpool/v1/recovery-key-checksum',
  recoveryFingerprint: 'meldpool/v1/recovery-key-fingerprint',
  sealedKeyBinding: 'meldpool/v1/sealed-key-binding',
  internalKeyCommitment: 'meldpool/v1/internal-key-commitment',
} as const)

export const CODE_SALT_BYTES = 16
export const ACCOUNT_SALT_BYTES = 16
export const KEY_BYTES = 32
/** Entry plaintexts are padded to a multiple of this many bytes, hiding their exact length. */
export const ENTRY_PADDING_BLOCK = 512
/**
 * Attachment plaintexts are padded (0x80, then zeros) to the next bucket: 64 KiB at least, then each bucket
 * 1.25× the previous, rounded up to 4 KiB. The stored size shows only the bucket, never the exact file size.
 */
export const ATTACHMENT_PADDING = Object.freeze({ floor: 65536, growth: 1.25, round: 4096 })
export const ACCOUNT_SECRET_KEY_AD = 'v1|account-secret-key'
