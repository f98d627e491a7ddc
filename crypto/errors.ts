/** Base of every error this library throws, so callers can map the family to one 4xx/5xx page. */
export class MeldpoolCryptoError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** A function was called before `await ready()`: libsodium's WASM is not loaded yet. */
export class CryptoNotReady extends MeldpoolCryptoError {
  constructor() {
    super('crypto used before `await ready()`')
  }
}

/** Wrong length, wrong type or a value that would make associated data ambiguous. A caller bug, not an attack. */
export class InvalidCryptoInput extends MeldpoolCryptoError {}

/** A case code that is not 16 digits with a valid check digit was given to a derivation. */
export class CaseCodeInvalid extends MeldpoolCryptoError {
  constructor() {
    super('case code is malformed or fails its check digit')
  }
}

/** A sealed case key does not open with this key pair: not ours, or altered. */
export class KeyOpenFailed extends MeldpoolCryptoError {
  constructor() {
    super('sealed key does not open with this key pair')
  }
}

/** An entry's ciphertext, nonce or context (case, entry, kind, author) was changed, or its content is not JSON. */
export class EntryTampered extends MeldpoolCryptoError {
  constructor() {
    super('entry failed authentication')
  }
}

/** An attachment was truncated, reordered, spliced, extended or altered. */
export class AttachmentTampered extends MeldpoolCryptoError {
  constructor(detail = 'attachment failed authentication') {
    super(detail)
  }
}

/** Generic sealed bytes did not authenticate under this key and associated data. */
export class DecryptionFailed extends MeldpoolCryptoError {
  constructor() {
    super('sealed bytes failed authentication')
  }
}

/** The password-derived key does not open the account's private key. */
export class WrongPassword extends MeldpoolCryptoError {
  constructor() {
    super('wrong password')
  }
}

/** Recovery key text is malformed or its checksum does not match (a typo, most likely). */
export class RecoveryKeyInvalid extends MeldpoolCryptoError {
  constructor(detail = 'recovery key is malformed or mistyped') {
    super(detail)
  }
}

/** Text that should be unpadded base64url is not (or not in its one canonical form). */
export class MalformedEncoding extends MeldpoolCryptoError {
  constructor() {
    super('not canonical unpadded base64url')
  }
}
