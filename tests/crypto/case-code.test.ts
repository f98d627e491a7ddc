import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { dammCheckDigit } from '../../crypto/case-code.js'
import {
  CaseCodeInvalid,
  deriveReporterKeys,
  formatCaseCode,
  generateCaseCode,
  generateCodeSalt,
  parseCaseCode,
  ready,
} from '../../crypto/index.js'

beforeAll(ready)

const digit = fc.integer({ min: 0, max: 9 }).map(String)
const fifteenDigits = fc.array(digit, { minLength: 15, maxLength: 15 }).map((digits) => digits.join(''))
const validCode = fifteenDigits.map((digits) => digits + String(dammCheckDigit(digits)))

describe('case code generation', () => {
  it('is 16 ASCII digits whose Damm check passes', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCaseCode()
      expect(code).toMatch(/^[0-9]{16}$/)
      expect(parseCaseCode(code)).toEqual({ ok: true, code })
    }
  })

  // CPU-bound: 450 000 draws take seconds on a loaded machine, so it gets a budget of its own.
  it('draws each random digit uniformly (no modulo bias)', { timeout: 120_000 }, () => {
    // A `byte % 10` draw makes 0–5 each 26/256 likely and 6–9 25/256. Over 450 000 digits that bias gives a
    // chi-square (9 degrees of freedom) of about 175 (standard deviation about 26), far above 45, which a fair
    // draw exceeds with p < 1e-6. So a fair draw fails, or the biased control passes, under once in a million.
    const counts = new Array(10).fill(0)
    const codes = 30_000
    for (let i = 0; i < codes; i++) for (const char of generateCaseCode().slice(0, 15)) counts[Number(char)]++
    const expected = (codes * 15) / 10
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
    expect(chiSquare).toBeLessThan(45)
    // The control: the same statistic over a biased draw of the same size.
    const biased = new Array(10).fill(0)
    const bytes = new Uint8Array(codes * 15)
    crypto.getRandomValues(bytes.subarray(0, 65536))
    for (let offset = 65536; offset < bytes.length; offset += 65536)
      crypto.getRandomValues(bytes.subarray(offset, Math.min(bytes.length, offset + 65536)))
    for (const byte of bytes) biased[byte % 10]++
    const biasedChiSquare = biased.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
    expect(biasedChiSquare).toBeGreaterThan(45)
  })

  it('matches the published Damm example (572 → 4)', () => {
    expect(dammCheckDigit('572')).toBe(4)
    expect(dammCheckDigit('5724')).toBe(0)
  })
})

describe('case code typos are caught by the check digit', () => {
  it('rejects every single-digit substitution as a typo', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        for (let position = 0; position < 16; position++) {
          for (let replacement = 0; replacement < 10; replacement++) {
            if (String(replacement) === code[position]) continue
            const mistyped = code.slice(0, position) + replacement + code.slice(position + 1)
            expect(parseCaseCode(mistyped)).toEqual({ ok: false, reason: 'typo' })
          }
        }
      }),
      { numRuns: 200 },
    )
  })

  it('rejects every adjacent transposition (check digit included) as a typo', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        for (let position = 0; position < 15; position++) {
          if (code[position] === code[position + 1]) continue
          const swapped =
            code.slice(0, position) + code[position + 1] + code[position] + code.slice(position + 2)
          expect(parseCaseCode(swapped)).toEqual({ ok: false, reason: 'typo' })
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('case code input', () => {
  const separator = fc.constantFrom('', ' ', '  ', '-', ' - ', '\u2013', '\u00a0', '\t', '\u200b')
  const padding = fc.constantFrom('', ' ', '\n', '\t ', ' \r\n')

  it('tolerates spaces, dashes and surrounding whitespace anywhere', () => {
    fc.assert(
      fc.property(
        validCode,
        fc.array(separator, { minLength: 15, maxLength: 15 }),
        padding,
        padding,
        (code, separators, before, after) => {
          const typed = before + [...code].map((char, i) => char + (separators[i] ?? '')).join('') + after
          expect(parseCaseCode(typed)).toEqual({ ok: true, code })
        },
      ),
      { numRuns: 300 },
    )
  })

  it('formats in groups of four and parses its own format back', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const formatted = formatCaseCode(code)
        expect(formatted).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/)
        expect(parseCaseCode(formatted)).toEqual({ ok: true, code })
      }),
    )
  })

  it('calls anything that is not 16 digits malformed', () => {
    const cases = ['', '123', '123456789012345', '12345678901234567', '1234 5678 9012 345x', 'abcd'.repeat(4)]
    cases.push('١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦', '1'.repeat(16) + ' '.repeat(100), '1234.5678.9012.3456')
    for (const input of cases) expect(parseCaseCode(input)).toEqual({ ok: false, reason: 'malformed' })
    fc.assert(
      fc.property(fc.string(), (input) => {
        const parsed = parseCaseCode(input)
        if (parsed.ok) expect(parsed.code).toMatch(/^[0-9]{16}$/)
      }),
    )
  })
})

describe('reporter key derivation refuses codes that cannot be right', () => {
  it('throws CaseCodeInvalid for a typo instead of spending Argon2id on it', () => {
    const code = generateCaseCode()
    const mistyped = code.slice(0, 15) + String((Number(code[15]) + 1) % 10)
    expect(() => deriveReporterKeys(mistyped, generateCodeSalt())).toThrow(CaseCodeInvalid)
  })
})
