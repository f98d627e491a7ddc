import { beforeAll, describe, expect, it } from 'vitest'
import { encryptEntry, generateCaseKeys, openEntry, ready } from '../../crypto/index.js'

beforeAll(() => ready())

const context = {
  caseId: 'c'.repeat(22),
  entryId: 'e'.repeat(22),
  kind: 'report',
  author: 'reporter',
  seq: 0,
}

describe('entry padding', () => {
  it('hides the exact length of a report: short and longer texts in one block give equal ciphertext lengths', () => {
    const { shared } = generateCaseKeys()
    const short = encryptEntry(shared, context, { v: 1, text: 'a' })
    const longer = encryptEntry(shared, context, { v: 1, text: 'a'.repeat(400) })
    expect(short.ciphertext.length).toBe(longer.ciphertext.length)
    expect(short.ciphertext.length % 512).toBe(16)
    expect(openEntry(shared, context, longer)).toEqual({ v: 1, text: 'a'.repeat(400) })
  })

  it('grows in whole blocks', () => {
    const { shared } = generateCaseKeys()
    const sizes = [1, 600, 1200].map(
      (n) => encryptEntry(shared, context, { v: 1, text: 'x'.repeat(n) }).ciphertext.length,
    )
    expect(sizes).toEqual([512 + 16, 1024 + 16, 1536 + 16])
  })
})
