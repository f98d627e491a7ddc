import { InvalidCryptoInput, MalformedEncoding } from './errors.js'
import { sodium } from './sodium.js'

const utf8Encoder = new TextEncoder()
// fatal: invalid UTF-8 inside an authenticated plaintext is a protocol violation, not something to paper over.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}

export function fromUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes)
}

export function toBase64Url(bytes: Uint8Array): string {
  const s = sodium()
  return s.to_base64(bytes, s.base64_variants.URLSAFE_NO_PADDING)
}

/** Strict: only the canonical unpadded form decodes, so one value never has two spellings (ids, lookups). */
export function fromBase64Url(text: string): Uint8Array {
  const s = sodium()
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new MalformedEncoding()
  let bytes: Uint8Array
  try {
    bytes = s.from_base64(text, s.base64_variants.URLSAFE_NO_PADDING)
  } catch {
    throw new MalformedEncoding()
  }
  if (s.to_base64(bytes, s.base64_variants.URLSAFE_NO_PADDING) !== text) throw new MalformedEncoding()
  return bytes
}

/** 128 random bits: unguessable ids for cases, entries and attachments (22 base64url characters). */
export function randomId(): string {
  return toBase64Url(sodium().randombytes_buf(16))
}

export function memzero(bytes: Uint8Array): void {
  sodium().memzero(bytes)
}

export function randomBytes(length: number): Uint8Array {
  return sodium().randombytes_buf(length)
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

export function requireBytes(value: unknown, length: number, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InvalidCryptoInput(`${what} must be a Uint8Array`)
  if (value.length !== length)
    throw new InvalidCryptoInput(`${what} must be ${length} bytes, got ${value.length}`)
}

/** BLAKE2b-256 over `tag || 0x00 || data`: one hash function, distinct domains that can never collide. */
export function domainHash(domain: string, data: Uint8Array): Uint8Array {
  if (domain.includes('\0')) throw new InvalidCryptoInput('domain must not contain NUL')
  return sodium().crypto_generichash(32, concatBytes(utf8(domain), new Uint8Array([0]), data), null)
}
