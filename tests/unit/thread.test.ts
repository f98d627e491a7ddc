import { beforeAll, describe, expect, it } from 'vitest'
import {
  commitInternalKey,
  encryptEntry,
  generateCaseKeys,
  internalKeyMatches,
  randomId,
  ready,
  toBase64Url,
} from '../../crypto/index.js'
import { openNotes, openThread } from '../../server/domain/thread.js'

// The confidant's page opens the thread and the internal notes with the same code the reporter runs
// (server/domain/thread.ts): order comes from the authenticated seq, never from the rows' order.

const caseId = 'case-under-test-000001'
let keys: ReturnType<typeof generateCaseKeys>
beforeAll(async () => {
  await ready()
  keys = generateCaseKeys()
})

function sealed(key: Uint8Array, kind: string, seq: number, document: object) {
  const id = randomId()
  const entry = encryptEntry(key, { caseId, entryId: id, kind, author: 'user-1', seq }, document)
  return { id, kind, author: 'user-1', seq, nonce: entry.nonce, ciphertext: entry.ciphertext }
}
const note = (seq: number, text = `note ${seq}`) => sealed(keys.internal, 'note', seq, { v: 1, text })

describe('internal notes', () => {
  it('open in their own order from 0, apart from the thread, under the internal key', () => {
    const report = sealed(keys.shared, 'report', 0, {
      v: 1,
      what: 'w',
      when: '',
      where: '',
      who: '',
      how: '',
      ongoing: 'no',
      attachments: [],
      locale: 'nl',
      internalKeyCommitment: toBase64Url(commitInternalKey(caseId, keys.internal)),
    })
    const notes = [note(1), note(0)]
    const thread = openThread(keys.shared, caseId, [report, ...notes])
    expect(thread.verified).toBe(true)
    // Notes are not the reporter's thread: under the shared key they open nothing.
    expect(thread.entries.filter((item) => item.document).map((item) => item.entry.kind)).toEqual(['report'])
    const opened = openNotes(keys.internal, caseId, [report, ...notes])
    expect(opened.entries.map((item) => (item.document as { text: string }).text)).toEqual([
      'note 0',
      'note 1',
    ])
    expect(opened).toMatchObject({ gap: false, reordered: true })
  })

  it('show a gap when a note is missing or does not open, and keep the unreadable one last', () => {
    expect(openNotes(keys.internal, caseId, [note(0), note(2)]).gap).toBe(true)
    const forged = sealed(generateCaseKeys().internal, 'note', 1, { v: 1, text: 'forged' })
    const opened = openNotes(keys.internal, caseId, [note(0), forged])
    expect(opened.gap).toBe(true)
    expect(opened.entries.map((item) => item.document === undefined)).toEqual([false, true])
  })
})

describe('the report document (protocol v1)', () => {
  const fields = { v: 1, what: 'w', when: '', where: '', who: '', how: '', ongoing: 'no', attachments: [] }

  it('verifies only with the reporter’s language and the internal key’s commitment inside', () => {
    const commitment = toBase64Url(commitInternalKey(caseId, keys.internal))
    const complete = { ...fields, locale: 'en', internalKeyCommitment: commitment }
    expect(openThread(keys.shared, caseId, [sealed(keys.shared, 'report', 0, complete)]).verified).toBe(true)
    for (const missing of ['locale', 'internalKeyCommitment']) {
      const { [missing]: _left, ...partial } = complete as Record<string, unknown>
      expect(
        openThread(keys.shared, caseId, [sealed(keys.shared, 'report', 0, partial)]).verified,
        missing,
      ).toBe(false)
    }
  })

  it('commits to exactly this case’s internal key', () => {
    const commitment = commitInternalKey(caseId, keys.internal)
    expect(internalKeyMatches(caseId, keys.internal, commitment)).toBe(true)
    expect(internalKeyMatches(caseId, generateCaseKeys().internal, commitment)).toBe(false)
    expect(internalKeyMatches('another-case-0000000001', keys.internal, commitment)).toBe(false)
    expect(internalKeyMatches(caseId, keys.internal, commitment.subarray(0, 16))).toBe(false)
  })
})
