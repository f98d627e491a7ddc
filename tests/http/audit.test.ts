import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { type Browserish, type StaffAccount, seedStaff, signIn } from '../helpers/staff.js'

// Issue 11: the audit log as an administrator browses it (who by name, what, when, subject; no content),
// with the hash chain verified on every visit.

const clock = Date.parse('2026-12-01T09:00:00Z')
let test: TestApp
let ada: StaffAccount
let admin: Browserish
let confidant: Browserish

beforeAll(async () => {
  test = await createTestApp({ now: () => clock })
  ada = await seedStaff(test, 'admin', 'ada@example.org', 'Ada Admin')
  const vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
  // 60 organisations added by Ada: more than one page of events.
  for (let i = 0; i < 60; i++)
    test.app.services.organisations.add(
      { slug: `lid-${String(i).padStart(2, '0')}`, name: `Lid ${i}` },
      ada.id,
    )
  admin = (await signIn(test, ada, clock)).browser
  confidant = (await signIn(test, vera, clock)).browser
})

afterAll(async () => {
  await test?.close()
})

const get = (url: string, as: Browserish = admin) => test.app.inject({ url, cookies: as.cookies })

/** The audit table's rows as [id, when, who, what, subject]. */
function events(html: string): string[][] {
  const table = html.match(/<table[^>]*id="audit-events"[\s\S]*?<\/table>/)?.[0] ?? ''
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!))
}

describe('audit log page', () => {
  it('lists events newest first, by name, in pages, and says the chain verifies up to its head', async () => {
    const page = await get('/staff/admin/audit?lang=en')
    expect(page.statusCode).toBe(200)
    const rows = events(page.body)
    expect(rows).toHaveLength(50)
    const ids = rows.map((row) => Number(row[0]))
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    // The newest: Ada's sign-ins and Vera's, then the organisations Ada added, named by her display name.
    const added = rows.find((row) => row[3] === 'organisation.add')!
    expect(added[2]).toBe('Ada Admin')
    expect(added[4]).toBe('lid-59')
    const head = test.app.services.audit.verify()
    expect(head.ok && head.head?.id).toBe(ids[0])
    expect(page.body).toContain(`up to #${ids[0]}; head ${head.ok ? head.head?.hash : ''}`)

    const older = page.body.match(/href="([^"]*before=\d+[^"]*)"/)?.[1]?.replaceAll('&amp;', '&')
    expect(older).toBeDefined()
    const next = events((await get(older!)).body)
    expect(Number(next[0]![0])).toBe(ids[49]! - 1)
  })

  it('filters by action and by actor', async () => {
    const logins = events((await get('/staff/admin/audit?action=organisation.add&lang=en')).body)
    expect(new Set(logins.map((row) => row[3]))).toEqual(new Set(['organisation.add']))
    const byAda = events((await get(`/staff/admin/audit?actor=${ada.id}&lang=en`)).body)
    expect(byAda.length).toBeGreaterThan(0)
    expect(new Set(byAda.map((row) => row[2]))).toEqual(new Set(['Ada Admin']))
  })

  it('shows a broken chain naming the first bad row after a row is edited on disk', async () => {
    const file = join(test.dataDir, 'meldpool.sqlite')
    const db = new BetterSqlite3(file)
    try {
      db.prepare("UPDATE audit_event SET subject = 'lid-xx' WHERE id = 7").run()
    } finally {
      db.close()
    }
    const page = await get('/staff/admin/audit?lang=en')
    expect(page.body).toContain('The chain does NOT verify: row #7 does not match its own hash (edited)')
  })

  it('is for administrators only', async () => {
    expect((await get('/staff/admin/audit', confidant)).statusCode).toBe(403)
    const visitor = await test.app.inject({ url: '/staff/admin/audit' })
    expect(visitor.statusCode).toBe(303)
  })
})
