import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encryptEntry, randomId, ready, toBase64Url } from '../../crypto/index.js'
import { formatDate } from '../../server/domain/deadlines.js'
import { catalogue } from '../../views/i18n/index.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { addConfidantEntry, caseIdsOf, openCaseKeyAs, storedCaseKeys } from '../helpers/confidant.js'
import { cookiesOf, multipart, receiptCode } from '../helpers/forms.js'
import { type Browserish, type StaffAccount, seedStaff, signIn } from '../helpers/staff.js'

// Issue 10, extension: Spain counts feedback 3 months from receipt and allows one extension by 3 more months,
// with a reason the reporter reads (Ley 2/2023 art. 9.2.d). The reason is sealed; the server knows only the kind.

const e = catalogue('en').feedbackExtension
/** The staff pages here are in Dutch (no language asked for). */
const offer = catalogue('nl').feedbackExtension.label(3)
const clock = Date.parse('2026-11-02T10:00:00Z') // 11:00 in Madrid
let test: TestApp
const people: Record<string, StaffAccount> = {}
const sessions: Record<string, Browserish> = {}
const cases: Record<string, { id: string; code: string }> = {}
const reason = 'We need statements from two more witnesses abroad.'

function read<T>(query: (db: Database.Database) => T): T {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return query(db)
  } finally {
    db.close()
  }
}
const stored = (caseId: string) =>
  read(
    (db) =>
      db.prepare('SELECT feedback_by, feedback_extended_at FROM "case" WHERE id = ?').get(caseId) as {
        feedback_by: number
        feedback_extended_at: number | null
      },
  )
const audit = (caseId: string) =>
  read(
    (db) =>
      db
        .prepare(
          "SELECT actor, action FROM audit_event WHERE subject = ? AND action != 'case.read' ORDER BY id",
        )
        .all(caseId) as Array<{ actor: string; action: string }>,
  )
const entryKinds = (caseId: string) =>
  read((db) =>
    (
      db.prepare('SELECT kind FROM entry WHERE case_id = ? ORDER BY seq').all(caseId) as Array<{
        kind: string
      }>
    ).map((row) => row.kind),
  )

/** What the confidant's browser sends: the reason sealed under the case's shared key, at the thread's next place. */
function extend(slug: string, as: Browserish, text = reason, headers: Record<string, string> = {}) {
  const caseId = cases[slug]!.id
  // Sealed with the key of the case's own confidant, whoever sends it.
  const owner = people[slug === 'taller' ? 'gert' : 'vera']!
  const key = openCaseKeyAs(owner, {
    ...storedCaseKeys(test, caseId).find((k) => k.holder === owner.id && k.kind === 'shared')!,
    caseId,
  })
  const seq = entryKinds(caseId).length
  const entryId = randomId()
  const sealed = encryptEntry(
    key,
    { caseId, entryId, kind: 'extension', author: owner.id, seq },
    { v: 1, text, attachments: [] },
  )
  return test.app.inject({
    method: 'POST',
    url: `/staff/api/cases/${caseId}/entries`,
    cookies: as.cookies,
    headers: { 'content-type': 'application/json', 'csrf-token': as.csrf, ...headers },
    payload: JSON.stringify({
      kind: 'extension',
      entryId,
      seq,
      nonce: toBase64Url(sealed.nonce),
      ciphertext: toBase64Url(sealed.ciphertext),
    }),
  })
}

async function report(slug: string) {
  const body = await multipart([
    ['lang', 'en'],
    ['what', `Something to look into at ${slug}`],
  ])
  const made = await test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body })
  expect(made.statusCode).toBe(200)
  cases[slug] = { id: caseIdsOf(test, slug)[0]!, code: receiptCode(made.body) }
}

/** The reporter's follow-up without JavaScript: signs in with the code, returns the thread page. */
async function reporterPage(slug: string) {
  const opened = await test.app.inject({
    method: 'POST',
    url: `/r/${slug}/follow-up`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `code=${encodeURIComponent(cases[slug]!.code)}&lang=en`,
  })
  return test.app.inject({ url: `/r/${slug}/follow-up/case?lang=en`, cookies: cookiesOf(opened) })
}

beforeAll(async () => {
  await ready()
  test = await createTestApp({ now: () => clock })
  const { organisations } = test.app.services
  people.vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
  people.gert = await seedStaff(test, 'confidant', 'gert@example.org', 'Gert Garage')
  const org = (slug: string, profile: string, who: string) => {
    organisations.add(
      { slug, name: `${slug} S.L.`, locales: 'en', profile, timezone: 'Europe/Madrid' },
      'test',
    )
    organisations.assign(people[who]!.email, slug, 'test')
    organisations.activate(slug, 'test')
  }
  org('panaderia', 'es', 'vera')
  org('bakkerij', 'nl', 'vera')
  org('taller', 'es', 'gert')
  for (const slug of ['panaderia', 'bakkerij', 'taller']) {
    await report(slug)
    addConfidantEntry(
      test,
      people[slug === 'taller' ? 'gert' : 'vera']!,
      cases[slug]!.id,
      'acknowledgement',
      'Received.',
    )
  }
  for (const who of ['vera', 'gert']) sessions[who] = (await signIn(test, people[who]!, clock)).browser
})
afterAll(() => test.close())

describe('extending the feedback period (Spain)', () => {
  it('offers the extension on the case page of an ES case only', async () => {
    const page = (slug: string) =>
      test.app.inject({
        url: `/staff/cases/${cases[slug]!.id}`,
        cookies: sessions.vera!.cookies,
      })
    expect((await page('panaderia')).body).toContain(offer)
    expect((await page('bakkerij')).body).not.toContain(offer)
  })

  it("refuses without CSRF (403) and for another organisation's confidant (404); nothing changes", async () => {
    const { id } = cases.panaderia!
    const before = stored(id)
    expect((await extend('panaderia', sessions.vera!, reason, { 'csrf-token': '' })).statusCode).toBe(403)
    const other = await extend('panaderia', sessions.gert!)
    expect(other.statusCode).toBe(404)
    expect(other.json()).toEqual({ error: 'CaseNotFound' })
    expect(stored(id)).toEqual(before)
    expect(before.feedback_extended_at).toBeNull()
    // 3 months from receipt, same wall-clock time in Madrid (11:00 CET).
    expect(before.feedback_by).toBe(Date.parse('2027-02-02T10:00:00Z'))
    expect(entryKinds(id)).not.toContain('extension')
  })

  it('extends once: feedback due 6 months after receipt, audited, the reason sealed', async () => {
    const { id } = cases.panaderia!
    const extended = await extend('panaderia', sessions.vera!)
    expect(extended.statusCode).toBe(201)
    // 2 May 2027, 11:00 CEST in Madrid: receipt + 6 months.
    expect(stored(id)).toEqual({
      feedback_by: Date.parse('2027-05-02T09:00:00Z'),
      feedback_extended_at: clock,
    })
    expect(audit(id).at(-1)).toEqual({ actor: people.vera!.id, action: 'case.feedback_extended' })
    const ciphertexts = read((db) =>
      (
        db.prepare('SELECT ciphertext FROM entry WHERE case_id = ?').all(id) as Array<{ ciphertext: Buffer }>
      ).map((row) => row.ciphertext.toString('latin1')),
    )
    expect(ciphertexts.some((text) => text.includes('witnesses'))).toBe(false)
  })

  it('refuses a second extension with 409; the date stays', async () => {
    const { id } = cases.panaderia!
    const before = stored(id)
    const again = await extend('panaderia', sessions.vera!, 'And once more.')
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ error: 'FeedbackExtensionRefused' })
    expect(stored(id)).toEqual(before)
    expect(entryKinds(id).filter((kind) => kind === 'extension')).toHaveLength(1)
    expect(audit(id).filter((event) => event.action === 'case.feedback_extended')).toHaveLength(1)
    const page = await test.app.inject({ url: `/staff/cases/${id}`, cookies: sessions.vera!.cookies })
    expect(page.body).toContain('id="timeline-feedback"')
    expect(page.body).not.toContain(offer)
  })

  it('refuses an extension the profile does not give (NL) with 409', async () => {
    const { id } = cases.bakkerij!
    const before = stored(id)
    const refused = await extend('bakkerij', sessions.vera!)
    expect(refused.statusCode).toBe(409)
    expect(stored(id)).toEqual(before)
    expect(audit(id).some((event) => event.action === 'case.feedback_extended')).toBe(false)
  })

  it('shows the reporter without JavaScript the extension, its reason and the new date', async () => {
    const page = await reporterPage('panaderia')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(catalogue('en').reporter.kinds.extension)
    expect(page.body).toContain(reason)
    expect(page.body).toContain(e.extendedOn)
    expect(page.body).toContain(formatDate(Date.parse('2027-05-02T09:00:00Z'), 'en', 'Europe/Madrid'))
  })
})
