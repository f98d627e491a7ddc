import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomId, ready, toBase64Url } from '../../crypto/index.js'
import { totpCodeAt } from '../../server/domain/totp.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { caseIdsOf, storedCaseKeys } from '../helpers/confidant.js'
import { decodeAttribute } from '../helpers/forms.js'
import { addBakeryAndGarage, reportWithoutScript } from '../helpers/seed.js'
import {
  type Browserish,
  openLoginPage,
  postJson,
  type StaffAccount,
  seedStaff,
  signInEach,
} from '../helpers/staff.js'

// Issue 9: a case opens only for a confidant assigned to its organisation; everyone else sees the same 404
// as for an id that does not exist, and no ciphertext.

let clock = Date.parse('2026-11-28T10:00:07Z')
let test: TestApp
let caseId: string
let entryCiphertext: string
const people: Record<string, StaffAccount> = {}
let sessions: Record<string, Browserish>

function auditEvents(): Array<{ actor: string; action: string; subject: string | null }> {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT actor, action, subject FROM audit_event ORDER BY id').all() as never
  } finally {
    db.close()
  }
}

function storedEntryCiphertext(id: string): string {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    const row = db.prepare("SELECT ciphertext FROM entry WHERE case_id = ? AND kind = 'report'").get(id) as {
      ciphertext: Buffer
    }
    return toBase64Url(new Uint8Array(row.ciphertext))
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  await ready()
  test = await createTestApp({ now: () => clock })
  people.assigned = await seedStaff(test, 'confidant', 'vera@example.org')
  people.otherOrganisation = await seedStaff(test, 'confidant', 'gert@example.org', 'Gert Garage')
  people.unassigned = await seedStaff(test, 'confidant', 'otto@example.org', 'Otto Onbekend')
  people.admin = await seedStaff(test, 'admin', 'ada@example.org')
  // The manual acknowledgement is what these tests are about; new members acknowledge automatically (issue 10).
  addBakeryAndGarage(test, {
    bakery: [people.assigned],
    garage: [people.otherOrganisation],
    bakeryLocales: 'nl,en',
    autoAcknowledge: false,
  })

  await reportWithoutScript(test, 'bakkerij', 'The flour is past its date')
  caseId = caseIdsOf(test, 'bakkerij')[0]!
  entryCiphertext = storedEntryCiphertext(caseId)
  sessions = await signInEach(test, people, clock)
})
afterAll(() => test.close())

const casePage = (url: string, as?: Browserish) =>
  test.app.inject({ url: `${url}?lang=en`, cookies: as?.cookies ?? {} })

function sealedEntry(seq: number) {
  return {
    kind: 'note',
    entryId: randomId(),
    seq,
    nonce: toBase64Url(randomBytes(24)),
    ciphertext: toBase64Url(randomBytes(600)),
  }
}

function postEntry(
  as: Browserish,
  entry: object,
  headers: Record<string, string> = { 'csrf-token': as.csrf },
) {
  return test.app.inject({
    method: 'POST',
    url: `/staff/api/cases/${caseId}/entries`,
    cookies: as.cookies,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(entry),
  })
}

describe('the case page', () => {
  it('opens for the assigned confidant, with their sealed keys and the sealed thread, and is audited', async () => {
    const response = await casePage(`/staff/cases/${caseId}`, sessions.assigned)
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('Bakkerij Jansen B.V.')
    expect(response.body).toContain(entryCiphertext)
    // The report's plaintext is never in the page: the browser decrypts it.
    expect(response.body).not.toContain('flour')
    const data = JSON.parse(decodeAttribute(response.body.match(/data-case="([^"]+)"/)![1]!))
    // Only this confidant's own sealed copies: never the reporter's or another holder's.
    const keys = storedCaseKeys(test, caseId).map((key) => ({ ...key, sealed: toBase64Url(key.sealedKey) }))
    const mine = keys.filter((key) => key.holder === people.assigned!.id)
    expect(mine.map((key) => key.kind).sort()).toEqual(['internal', 'shared'])
    expect(data.sharedKey).toBe(mine.find((key) => key.kind === 'shared')!.sealed)
    expect(data.internalKey).toBe(mine.find((key) => key.kind === 'internal')!.sealed)
    const others = keys.filter((key) => key.holder !== people.assigned!.id)
    expect(others.map((key) => key.holder)).toContain('reporter')
    for (const key of others) expect(response.body).not.toContain(key.sealed)
    expect(data.entries.map((entry: { kind: string }) => entry.kind)).toEqual(['report'])
    expect(auditEvents().filter((event) => event.action === 'case.read')).toEqual([
      { actor: people.assigned!.id, action: 'case.read', subject: caseId },
    ])
  })

  it.each([
    ['a confidant of another organisation', 'otherOrganisation'],
    ['a confidant assigned to no organisation', 'unassigned'],
    ['an administrator', 'admin'],
  ])('is the same 404 as an unknown case for %s, with no ciphertext', async (_label, who) => {
    const before = auditEvents().length
    const unknown = await casePage(`/staff/cases/${randomId()}`, sessions[who])
    const theCase = await casePage(`/staff/cases/${caseId}`, sessions[who])
    expect(unknown.statusCode).toBe(404)
    expect(theCase.statusCode).toBe(404)
    expect(theCase.body).toBe(unknown.body)
    expect(theCase.body).not.toContain(entryCiphertext)
    expect(auditEvents().length).toBe(before)
  })

  it('sends a signed-out visitor to sign in', async () => {
    const response = await casePage(`/staff/cases/${caseId}`)
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toMatch(
      new RegExp(`/staff/login\\?next=${encodeURIComponent(`/staff/cases/${caseId}`)}$`),
    )
    expect(response.body).not.toContain(entryCiphertext)
  })

  it('continues to that case after sign-in (the new-report mail links there), and to no other address', async () => {
    const login = await test.app.inject({ url: `/staff/login?lang=en&next=%2Fstaff%2Fcases%2F${caseId}` })
    expect(login.body).toContain(`data-next="/staff/cases/${caseId}"`)
    const answers: string[] = []
    for (const next of [
      `/staff/cases/${caseId}`,
      'https://elsewhere.example/staff/cases/x',
      '//elsewhere.example',
    ]) {
      clock += 60_000
      const browser = await openLoginPage(test)
      const account = people.assigned!
      const response = await postJson(
        test,
        '/staff/login',
        { email: account.email, auth: account.auth, totp: totpCodeAt(account.totpSecret, clock), next },
        browser,
      )
      expect(response.statusCode).toBe(200)
      answers.push(response.json().next)
    }
    expect(answers).toEqual([`/staff/cases/${caseId}`, '/staff', '/staff'])
  })
})

describe("a case's files and answers", () => {
  it('serves no file of the case to anyone but its confidant', async () => {
    for (const who of ['otherOrganisation', 'unassigned', 'admin']) {
      const response = await test.app.inject({
        url: `/staff/api/cases/${caseId}/files/${randomId()}`,
        cookies: sessions[who]!.cookies,
      })
      expect(response.statusCode, who).toBe(404)
    }
  })

  it('refuses an entry from anyone not assigned, stores the assigned confidant’s, and needs CSRF', async () => {
    for (const who of ['otherOrganisation', 'unassigned', 'admin']) {
      const refused = await postEntry(sessions[who]!, sealedEntry(0))
      expect(refused.statusCode, who).toBe(404)
      expect(refused.json()).toEqual({ error: 'CaseNotFound' })
    }
    const noCsrf = await postEntry(sessions.assigned!, sealedEntry(0), {})
    expect(noCsrf.statusCode).toBe(403)
    const stored = await postEntry(sessions.assigned!, sealedEntry(0))
    expect(stored.statusCode).toBe(201)
    // Bound to a place already taken: the browser reloads and seals again.
    const moved = await postEntry(sessions.assigned!, sealedEntry(0))
    expect(moved.statusCode).toBe(409)
    expect(moved.json()).toEqual({ error: 'ThreadMoved' })
    const signedOut = await test.app.inject({
      method: 'POST',
      url: `/staff/api/cases/${caseId}/entries`,
      headers: { 'content-type': 'application/json', 'csrf-token': sessions.assigned!.csrf },
      cookies: { ...sessions.assigned!.cookies, 'meldpool-session': 'x' },
      payload: JSON.stringify(sealedEntry(1)),
    })
    expect(signedOut.statusCode).toBe(401)
    expect(auditEvents().filter((event) => event.action === 'case.note')).toEqual([
      { actor: people.assigned!.id, action: 'case.note', subject: caseId },
    ])
  })
})
