import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PurgeNotCompacted } from '../../server/errors.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { addConfidantEntry, caseIdsOf } from '../helpers/confidant.js'
import { type MultipartPart, multipart } from '../helpers/forms.js'
import { addBakery } from '../helpers/seed.js'
import { type Browserish, type StaffAccount, seedStaff, signIn } from '../helpers/staff.js'

// Issue 10, retention and purge: a closed case past its retention is deleted, entries, files and keys, down to
// the bytes in the database file and its WAL; a tombstone keeps what statistics need; nothing else is touched.

const CANARY = 'Canary 7f3a: the night shift falsifies the cold-store temperature log'
const FILE = Buffer.from(`attachment canary ${'9c1e'.repeat(3000)}`)
let clock = Date.parse('2026-03-02T09:00:00Z')
let test: TestApp
let vera: StaffAccount
let session: Browserish
const dbFile = () => join(test.dataDir, 'meldpool.sqlite')

function read<T>(query: (db: Database.Database) => T): T {
  const db = new Database(dbFile(), { readonly: true })
  try {
    return query(db)
  } finally {
    db.close()
  }
}
type Row = Record<string, number | string | Buffer | null>
const rows = <T = Row>(sql: string, ...params: unknown[]) =>
  read((db) => db.prepare(sql).all(...params)) as T[]
const count = (sql: string, ...params: unknown[]) => rows<{ n: number }>(sql, ...params)[0]!.n
const reportCiphertext = (caseId: string) =>
  rows<{ ciphertext: Buffer }>(
    "SELECT ciphertext FROM entry WHERE case_id = ? AND kind = 'report'",
    caseId,
  )[0]!.ciphertext
const TABLES = [
  'case',
  'entry',
  'attachment',
  'attachment_chunk',
  'case_key',
  'case_tombstone',
  'audit_event',
] as const
const counts = () =>
  Object.fromEntries(TABLES.map((table) => [table, count(`SELECT count(*) AS n FROM "${table}"`)])) as Record<
    (typeof TABLES)[number],
    number
  >

async function at(iso: string) {
  clock = Date.parse(iso)
  const signedIn = await signIn(test, vera, clock)
  expect(signedIn.response.statusCode).toBe(200)
  session = signedIn.browser
}
function post(caseId: string, path: string, body: unknown) {
  return test.app.inject({
    method: 'POST',
    url: `/staff/api/cases/${caseId}/${path}`,
    cookies: session.cookies,
    headers: { 'content-type': 'application/json', 'csrf-token': session.csrf },
    payload: JSON.stringify(body),
  })
}

/** A report through the no-JavaScript route: the server encrypts, as for a reporter without a script. */
async function report(text: string, file?: Buffer): Promise<string> {
  const before = new Set(caseIdsOf(test, 'bakkerij'))
  const body = await multipart([
    ['lang', 'en'],
    ['what', text],
    ...(file
      ? [['files', { name: 'log.txt', data: new Uint8Array(file), type: 'text/plain' }] as const]
      : []),
  ] as Array<[string, MultipartPart]>)
  const made = await test.app.inject({ method: 'POST', url: '/r/bakkerij/report', ...body })
  expect(made.statusCode).toBe(200)
  return caseIdsOf(test, 'bakkerij').find((id) => !before.has(id))!
}

/** Acknowledged, feedback given and closed by the case's confidant through the workspace API. */
async function workThrough(caseId: string, closeAt: string) {
  addConfidantEntry(test, vera, caseId, 'acknowledgement', 'Received, thank you.')
  addConfidantEntry(test, vera, caseId, 'feedback', 'We have acted on it.')
  await at(closeAt)
  expect((await post(caseId, 'close', { outcome: 'substantiated' })).statusCode).toBe(200)
}

/** Pieces of the stored ciphertext, so that a part left behind in a page is found as well as the whole. */
function piecesOf(ciphertext: Buffer): Buffer[] {
  const pieces: Buffer[] = []
  for (let offset = 0; offset + 32 <= ciphertext.length; offset += 512)
    pieces.push(ciphertext.subarray(offset, offset + 32))
  return pieces
}
function filesOnDisk(): Array<{ name: string; data: Buffer }> {
  return ['', '-wal'].flatMap((suffix) => {
    try {
      return [{ name: `meldpool.sqlite${suffix}`, data: readFileSync(`${dbFile()}${suffix}`) }]
    } catch {
      return []
    }
  })
}
const foundIn = (pieces: Buffer[]) =>
  filesOnDisk()
    .filter(({ data }) => pieces.some((piece) => data.includes(piece)))
    .map(({ name }) => name)

let due: string
let notYetDue: string
let open: string
let duePieces: Buffer[]
let keptCiphertext: Buffer
let dueDeadlines: { acknowledge_by: number; feedback_by: number }

beforeAll(async () => {
  test = await createTestApp({ now: () => clock })
  vera = await seedStaff(test, 'confidant', 'vera@example.org')
  // The manual acknowledgement is what these tests are about; new members acknowledge automatically (issue 10).
  addBakery(test, { confidants: [vera], autoAcknowledge: false })
  test.app.services.organisations.edit('bakkerij', { retentionDays: 30 }, 'test')
  due = await report(CANARY, FILE)
  notYetDue = await report('A second report, closed a week later')
  open = await report('A third report, never closed')
  await at('2026-03-03T09:00:00Z')
  addConfidantEntry(test, vera, open, 'acknowledgement', 'Received.')
  await workThrough(due, '2026-03-20T10:00:00Z')
  await workThrough(notYetDue, '2026-03-27T10:00:00Z')

  const stored = rows<{ bytes: Buffer }>(
    `SELECT e.ciphertext AS bytes FROM entry e WHERE e.case_id = ?
     UNION ALL SELECT c.bytes FROM attachment_chunk c JOIN attachment a ON a.id = c.attachment_id
       JOIN entry e ON e.id = a.entry_id WHERE e.case_id = ?`,
    due,
    due,
  )
  expect(
    count(
      'SELECT count(*) AS n FROM attachment a JOIN entry e ON e.id = a.entry_id WHERE e.case_id = ?',
      due,
    ),
  ).toBe(1)
  duePieces = stored.flatMap(({ bytes }) => piecesOf(bytes))
  keptCiphertext = reportCiphertext(notYetDue)
  dueDeadlines = rows<{ acknowledge_by: number; feedback_by: number }>(
    'SELECT acknowledge_by, feedback_by FROM "case" WHERE id = ?',
    due,
  )[0]!
})
afterAll(() => test.close())

describe('purging cases past their retention', () => {
  it('finds nothing before the date, and a dry run lists the due case and changes nothing', () => {
    const { purgeAfter } = rows<{ purgeAfter: number }>(
      'SELECT purge_after AS purgeAfter FROM "case" WHERE id = ?',
      due,
    )[0]!
    clock = purgeAfter - 1
    expect(test.app.services.purge.run({ dryRun: true }).cases).toEqual([])

    clock = purgeAfter + 60 * 60 * 1000
    const before = counts()
    const dry = test.app.services.purge.run({ dryRun: true })
    expect(dry.cases).toEqual([
      expect.objectContaining({
        caseId: due,
        organisationSlug: 'bakkerij',
        purgeAfter,
        entries: 3,
        attachments: 1,
        keys: expect.any(Number),
      }),
    ])
    expect(dry.totals.attachmentBytes).toBeGreaterThan(FILE.length)
    expect(counts()).toEqual(before)
    // The test would see the ciphertext if it were left behind: it is on disk now.
    expect(foundIn(duePieces).length).toBeGreaterThan(0)
  })

  it('deletes entries, files and keys, keeps a tombstone and an audit event, and leaves no ciphertext on disk', () => {
    const before = counts()
    const result = test.app.services.purge.run()
    expect(result.cases.map((c) => c.caseId)).toEqual([due])
    expect(result.vacuumed).toBe(true)

    for (const [table, column] of [
      ['case', 'id'],
      ['entry', 'case_id'],
      ['case_key', 'case_id'],
    ])
      expect(count(`SELECT count(*) AS n FROM "${table}" WHERE ${column} = ?`, due), table).toBe(0)
    const after = counts()
    expect(after.attachment).toBe(before.attachment - 1)
    expect(after.attachment_chunk).toBeLessThan(before.attachment_chunk)
    expect(after.entry).toBe(before.entry - 3)

    const tombstone = rows<Record<string, number | string | null>>(
      'SELECT * FROM case_tombstone WHERE case_id = ?',
      due,
    )[0]!
    expect(tombstone).toMatchObject({
      status: 'closed',
      outcome: 'substantiated',
      received_at: Date.parse('2026-03-02T09:00:00Z'),
      acknowledged_at: Date.parse('2026-03-03T09:00:00Z'),
      feedback_given_at: Date.parse('2026-03-03T09:00:00Z'),
      closed_at: Date.parse('2026-03-20T10:00:00Z'),
      acknowledgement_met: 1,
      feedback_met: 1,
      purged_at: clock,
    })
    expect(tombstone).toMatchObject(dueDeadlines)
    expect(Object.keys(tombstone)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/key|verifier|nonce|ciphertext/)]),
    )
    expect(
      rows('SELECT actor, action, at FROM audit_event WHERE subject = ? ORDER BY id DESC LIMIT 1', due),
    ).toEqual([{ actor: 'system', action: 'case.purged', at: clock }])

    // Neither the database file nor its WAL holds any piece of the purged ciphertext.
    expect(foundIn(duePieces)).toEqual([])
  })

  it('leaves a closed case not yet due and an open case untouched', () => {
    expect(rows('SELECT id, status FROM "case" ORDER BY received_at').map((c) => c.id)).toEqual([
      notYetDue,
      open,
    ])
    expect(count('SELECT count(*) AS n FROM entry WHERE case_id = ?', notYetDue)).toBe(3)
    expect(count('SELECT count(*) AS n FROM entry WHERE case_id = ?', open)).toBe(2)
    for (const id of [notYetDue, open])
      expect(count('SELECT count(*) AS n FROM case_key WHERE case_id = ?', id)).toBeGreaterThan(0)
    expect(reportCiphertext(notYetDue)).toEqual(keptCiphertext)
    expect(count('SELECT count(*) AS n FROM case_tombstone')).toBe(1)
  })

  it('purges while another connection reads; the WAL is truncated by the next run once the reader is done', async () => {
    const laterPieces = [...piecesOf(reportCiphertext(notYetDue)), ...piecesOf(reportCiphertext(open))]
    await at('2026-04-02T09:00:00Z')
    await workThrough(open, '2026-04-03T09:00:00Z')
    clock = Date.parse('2026-06-01T00:00:00Z')
    // A second process (a backup, the CLI) in a read transaction: the checkpoint cannot reset the WAL under it.
    const reader = new Database(dbFile(), { readonly: true })
    reader.pragma('busy_timeout = 0')
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM entry').get()
    try {
      expect(() => test.app.services.purge.run()).toThrow(PurgeNotCompacted)
    } finally {
      reader.exec('COMMIT')
      reader.close()
    }
    // The deletion itself was committed: both cases are tombstones, each with its audit event.
    expect(count('SELECT count(*) AS n FROM "case"')).toBe(0)
    expect(count("SELECT count(*) AS n FROM audit_event WHERE action = 'case.purged'")).toBe(3)
    const next = test.app.services.purge.run()
    expect(next.cases).toEqual([])
    expect(next.vacuumed).toBe(true)
    expect(foundIn([...laterPieces, ...duePieces])).toEqual([])
  })

  it('purges nothing twice: a second run finds nothing and writes no event', () => {
    const before = counts()
    expect(test.app.services.purge.run().cases).toEqual([])
    expect(counts()).toEqual(before)
  })
})
