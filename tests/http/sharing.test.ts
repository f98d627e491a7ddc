import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromBase64Url, randomId, ready, sealKeyFor, toBase64Url } from '../../crypto/index.js'
import type { EntryDocument } from '../../server/domain/documents.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { caseIdsOf, openCaseKeyAs, openReportWith, storedCaseKeys } from '../helpers/confidant.js'
import { addBakeryAndGarage, reportWithoutScript } from '../helpers/seed.js'
import { type Browserish, postJson, type StaffAccount, seedStaff, signInEach } from '../helpers/staff.js'

// Issue 9 / DESIGN §4 "New confidants": a confidant who can read a case seals its keys to a newly assigned
// colleague. The server cannot open sealed boxes; it decides who may give, who may receive, and what is written.

const clock = Date.parse('2026-11-28T10:00:07Z')
let test: TestApp
let bakeryCases: string[]
let garageCase: string
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
function caseKeyCount(): number {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM case_key').get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** What the sharer's browser does: open its own copies, then seal them to the colleague for this case. */
function sealedFor(sharer: StaffAccount, colleague: StaffAccount, caseId: string, holder = colleague.id) {
  const mine = storedCaseKeys(test, caseId).filter((key) => key.holder === sharer.id)
  const seal = (kind: 'shared' | 'internal') => {
    const key = openCaseKeyAs(sharer, { ...mine.find((row) => row.kind === kind)!, caseId })
    return toBase64Url(sealKeyFor(key, colleague.keys.publicKey, { caseId, holder, kind }))
  }
  return { caseId, sharedKey: seal('shared'), internalKey: seal('internal') }
}

const share = (as: Browserish, colleagueId: string, body: unknown) =>
  postJson(test, `/staff/api/shares/${colleagueId}`, body, as)
const batch = (as: Browserish, colleagueId: string, after = '') =>
  test.app.inject({ url: `/staff/api/shares/${colleagueId}?after=${after}`, cookies: as.cookies })

beforeAll(async () => {
  await ready()
  test = await createTestApp({ now: () => clock })
  people.vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
  people.jan = await seedStaff(test, 'confidant', 'jan@example.org', 'J. Jansen')
  people.gert = await seedStaff(test, 'confidant', 'gert@example.org', 'Gert Garage')
  people.otto = await seedStaff(test, 'confidant', 'otto@example.org', 'Otto Onbekend')
  people.admin = await seedStaff(test, 'admin', 'ada@example.org')
  addBakeryAndGarage(test, { bakery: [people.vera], garage: [people.gert], autoAcknowledge: true })
  await reportWithoutScript(test, 'bakkerij', 'The flour is past its date')
  await reportWithoutScript(test, 'bakkerij', 'The oven door does not close')
  await reportWithoutScript(test, 'garage', 'Brake fluid is poured into the drain')
  bakeryCases = caseIdsOf(test, 'bakkerij').sort()
  garageCase = caseIdsOf(test, 'garage')[0]!
  // Jan joins the bakery after its cases were filed: he holds no key for them.
  test.app.services.organisations.assign(people.jan.email, 'bakkerij', 'test')
  sessions = await signInEach(test, people, clock)
})
afterAll(() => test.close())

describe('sharing cases with a newly assigned colleague', () => {
  it('lists what the sharer can give: their own sealed copies and each report, nothing for others', async () => {
    const answer = await batch(sessions.vera!, people.jan!.id)
    expect(answer.statusCode).toBe(200)
    expect(answer.headers['cache-control']).toBe('no-store')
    const { colleague, cases } = answer.json()
    expect(colleague).toEqual({
      id: people.jan!.id,
      name: 'J. Jansen',
      publicKey: toBase64Url(people.jan!.keys.publicKey),
    })
    expect(cases.map((item: { caseId: string }) => item.caseId)).toEqual(bakeryCases)
    const first = cases[0]
    expect(first.report.kind).toBe('report')
    // Vera's own copy opens with her key, and it opens the report: that is what her browser checks.
    const key = openCaseKeyAs(people.vera!, {
      sealedKey: fromBase64Url(first.sharedKey),
      caseId: first.caseId,
      holder: people.vera!.id,
      kind: 'shared',
    })
    expect((openReportWith(test, first.caseId, key) as EntryDocument & { what: string }).what).toMatch(/./)
    // Jan cannot give what he does not hold; outsiders learn nothing.
    expect((await batch(sessions.jan!, people.vera!.id)).json().cases).toEqual([])
    for (const who of ['gert', 'otto', 'admin']) {
      expect((await batch(sessions[who]!, people.jan!.id)).statusCode, who).toBe(403)
    }
  })

  it('refuses a colleague who is not an enabled confidant with keys of the case’s organisation', async () => {
    const before = caseKeyCount()
    for (const target of [
      people.otto!.id,
      people.gert!.id,
      people.admin!.id,
      'reporter',
      'recovery',
      randomId(),
    ]) {
      const refused = await share(sessions.vera!, target, {
        cases: [sealedFor(people.vera!, people.jan!, bakeryCases[0]!, target)],
      })
      expect(refused.statusCode, target).toBe(403)
      expect(refused.json()).toEqual({ error: 'ShareTargetInvalid' })
    }
    expect(caseKeyCount()).toBe(before)
  })

  it('refuses cases the sharer may not give, malformed keys, extra fields and a missing CSRF token', async () => {
    const before = caseKeyCount()
    const good = sealedFor(people.vera!, people.jan!, bakeryCases[0]!)
    const cases: Array<[string, Browserish, unknown, number]> = [
      ['another organisation’s case', sessions.vera!, { cases: [{ ...good, caseId: garageCase }] }, 404],
      ['an unknown case', sessions.vera!, { cases: [{ ...good, caseId: randomId() }] }, 404],
      [
        'one bad case spoils the batch',
        sessions.vera!,
        { cases: [good, { ...good, caseId: garageCase }] },
        404,
      ],
      ['a sharer of another organisation', sessions.gert!, { cases: [good] }, 404],
      ['a sharer who holds no key', sessions.jan!, { cases: [good] }, 404],
      ['an administrator', sessions.admin!, { cases: [good] }, 404],
      [
        'only the shared key',
        sessions.vera!,
        { cases: [{ caseId: good.caseId, sharedKey: good.sharedKey }] },
        400,
      ],
      [
        'a key of the wrong size',
        sessions.vera!,
        { cases: [{ ...good, internalKey: toBase64Url(new Uint8Array(80)) }] },
        400,
      ],
      ['the same case twice', sessions.vera!, { cases: [good, good] }, 400],
      ['an empty batch', sessions.vera!, { cases: [] }, 400],
    ]
    for (const [label, as, body, status] of cases) {
      const refused = await share(as, people.jan!.id, body)
      expect(refused.statusCode, label).toBe(status)
    }
    const noCsrf = await test.app.inject({
      method: 'POST',
      url: `/staff/api/shares/${people.jan!.id}`,
      cookies: sessions.vera!.cookies,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ cases: [good] }),
    })
    expect(noCsrf.statusCode).toBe(403)
    expect(caseKeyCount()).toBe(before)
    expect(auditEvents().some((event) => event.action.startsWith('case.shared'))).toBe(false)
  })

  it('stores exactly the colleague’s two keys per case, audited without content; a second share is 409', async () => {
    const before = caseKeyCount()
    const body = {
      cases: bakeryCases.map((caseId) => ({
        ...sealedFor(people.vera!, people.jan!, caseId),
        kind: 'x',
        holder: 'y',
      })),
    }
    const stored = await share(sessions.vera!, people.jan!.id, body)
    expect(stored.statusCode).toBe(201)
    expect(stored.json()).toEqual({ shared: 2 })
    expect(caseKeyCount()).toBe(before + 4)
    for (const caseId of bakeryCases) {
      const jans = storedCaseKeys(test, caseId).filter((key) => key.holder === people.jan!.id)
      expect(jans.map((key) => key.kind)).toEqual(['internal', 'shared'])
      // Jan opens them with his own key pair, bound to this case and to him, and the shared one opens the report.
      const sharedKey = openCaseKeyAs(people.jan!, { ...jans[1]!, caseId })
      expect(openReportWith(test, caseId, sharedKey).v).toBe(1)
      openCaseKeyAs(people.jan!, { ...jans[0]!, caseId })
    }
    expect(auditEvents().filter((event) => event.action.startsWith('case.shared'))).toEqual(
      bakeryCases.map((caseId) => ({
        actor: people.vera!.id,
        action: `case.shared:${people.jan!.id}`,
        subject: caseId,
      })),
    )
    const again = await share(sessions.vera!, people.jan!.id, {
      cases: [sealedFor(people.vera!, people.jan!, bakeryCases[0]!)],
    })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toEqual({ error: 'AlreadyShared' })
    expect(caseKeyCount()).toBe(before + 4)
    expect((await batch(sessions.vera!, people.jan!.id)).json().cases).toEqual([])
  })

  it('hands a signed-in tab only its own account’s locked key, for a second tab to unlock', async () => {
    const answer = await test.app.inject({ url: '/staff/api/locked-key', cookies: sessions.jan!.cookies })
    expect(answer.statusCode).toBe(200)
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.json()).toEqual({
      salt: toBase64Url(people.jan!.keys.salt),
      encryptedSecretKey: toBase64Url(people.jan!.keys.encryptedSecretKey),
    })
    const signedOut = await test.app.inject({ url: '/staff/api/locked-key' })
    expect(signedOut.statusCode).toBe(401)
  })
})
