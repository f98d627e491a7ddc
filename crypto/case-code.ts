import { CaseCodeInvalid } from './errors.js'
import { sodium } from './sodium.js'

// 15 random digits (10^15 ≈ 2^49.8) plus a Damm check digit. The check digit only catches typos before
// a lookup is spent; the secrecy comes from Argon2id per guess and the server's rate limits.
const RANDOM_DIGITS = 15
export const CASE_CODE_LENGTH = RANDOM_DIGITS + 1

// Damm's totally anti-symmetric quasigroup of order 10: catches every single-digit error and every
// adjacent transposition, including those that involve the check digit.
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
]

/** Damm interim digit of a digit string; appending it yields a string whose interim is 0. */
export function dammCheckDigit(digits: string): number {
  let interim = 0
  for (const char of digits) interim = DAMM[interim]![char.charCodeAt(0) - 48]!
  return interim
}

export function generateCaseCode(): string {
  const s = sodium()
  let digits = ''
  // randombytes_uniform rejects out-of-range draws internally: no modulo bias.
  for (let i = 0; i < RANDOM_DIGITS; i++) digits += String(s.randombytes_uniform(10))
  return digits + String(dammCheckDigit(digits))
}

export function formatCaseCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ')
}

export type ParsedCaseCode = { ok: true; code: string } | { ok: false; reason: 'malformed' | 'typo' }

// Generous enough for any spacing a human or a mail client adds; bounds the work on hostile input.
const MAX_INPUT_LENGTH = 64
// Spaces of every kind, zero-width characters that ride along in copy-paste, and the dashes word
// processors substitute for '-'.
const SEPARATORS = /[\s\u200b-\u200d\u2060\ufeff\u2010-\u2015\u2212-]/g

export function parseCaseCode(input: string): ParsedCaseCode {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'malformed' }
  const digits = input.replace(SEPARATORS, '')
  if (!/^[0-9]{16}$/.test(digits)) return { ok: false, reason: 'malformed' }
  if (dammCheckDigit(digits) !== 0) return { ok: false, reason: 'typo' }
  return { ok: true, code: digits }
}

/** Canonical digits of a code, or CaseCodeInvalid: derivations never run on a code that cannot be right. */
export function canonicalCaseCode(input: string): string {
  const parsed = parseCaseCode(input)
  if (!parsed.ok) throw new CaseCodeInvalid()
  return parsed.code
}
