// meldpool's crypto core (protocol v1; see README.md). Call `await ready()` once at boot; everything
// else is synchronous, pure and isomorphic (Node and browser).

export {
  type AccountSecrets,
  authVerifier,
  createAccountKeys,
  deriveAccountSecrets,
  generateAccountSalt,
  holdSecretKeyForTab,
  type NewAccountKeys,
  publicKeyOfSecretKey,
  releaseSecretKeyHeldForTab,
  rewrapAccountSecretKey,
  unlockAccountSecretKey,
  verifyAuth,
} from './accounts.js'
export {
  ATTACHMENT_CHUNK_OVERHEAD,
  ATTACHMENT_CHUNK_SIZE,
  ATTACHMENT_HEADER_BYTES,
  type AttachmentDecryptor,
  type AttachmentEncryptor,
  type AttachmentSealer,
  createAttachmentDecryptor,
  createAttachmentEncryptor,
  createAttachmentSealer,
  decryptAttachment,
  encryptAttachment,
  encryptedAttachmentSize,
  generateAttachmentKey,
  isEncryptedAttachmentSize,
  openAttachmentStream,
  paddedAttachmentSize,
  unpadAttachment,
} from './attachments.js'
export {
  CASE_CODE_LENGTH,
  formatCaseCode,
  generateCaseCode,
  type ParsedCaseCode,
  parseCaseCode,
} from './case-code.js'
export {
  type CaseKeys,
  commitInternalKey,
  generateCaseKeys,
  internalKeyMatches,
  type KeyBinding,
  openSealedKey,
  SEALED_KEY_BYTES,
  sealKeyFor,
} from './case-keys.js'
export { fromBase64Url, memzero, randomId, toBase64Url } from './encoding.js'
export { type EntryContext, encryptEntry, openEntry, type SealedEntry } from './entries.js'
export {
  AttachmentTampered,
  CaseCodeInvalid,
  CryptoNotReady,
  DecryptionFailed,
  EntryTampered,
  InvalidCryptoInput,
  KeyOpenFailed,
  MalformedEncoding,
  MeldpoolCryptoError,
  RecoveryKeyInvalid,
  WrongPassword,
} from './errors.js'
export { KDF_V1, type KdfParams, PROTOCOL_VERSION } from './params.js'
export {
  generateRecoveryKeyPair,
  type RecoveryKeyPair,
  recoveryKeyFingerprint,
  recoveryKeyFromText,
  recoveryKeyToText,
} from './recovery.js'
export { deriveReporterKeys, generateCodeSalt, lookupVerifier, type ReporterKeys } from './reporter.js'
export { decryptBytes, encryptBytes, generateSecretKey } from './sealed-bytes.js'
export { ready } from './sodium.js'
