import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { type DatedCase, seedDatedCases } from '../helpers/dated-cases.js'
import { type Browserish, type StaffAccount, seedStaff, signIn } from '../helpers/staff.js'

// Issue 11 statistics: figures without content per member and for the association, per quarter in each
// member's own time zone, over live cases and purged ones' tombstones, with outcome counts below 5 withheld.

const clock = Date.parse('2027-01-10T12:00:00Z')
let test: TestApp
let admin: Browserish
let confidant: Browserish

const day = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString()

/** The bakery (Amsterdam): five reports received in 2026-Q4, one of them since purged. */
const bakery: DatedCase[] = [
  // A: in time both ways, closed, purged: only its tombstone is left.
  {
    slug: 'bakkerij-jansen',
    receivedAt: '2026-10-01T08:00:00Z',
    acknowledgedAt: day('2026-10-01T08:00:00Z', 2),
    feedbackGivenAt: day('2026-10-01T08:00:00Z', 30),
    closedAt: '2026-11-15T10:00:00Z',
    outcome: 'substantiated',
    purgeAfter: '2026-12-01T00:00:00Z',
  },
  // B: acknowledged after 10 days (late: 7 in NL); feedback due 3 months later, not yet.
  {
    slug: 'bakkerij-jansen',
    receivedAt: '2026-10-05T08:00:00Z',
    acknowledgedAt: day('2026-10-05T08:00:00Z', 10),
  },
  // C: in time both ways, closed.
  {
    slug: 'bakkerij-jansen',
    receivedAt: '2026-11-01T08:00:00Z',
    acknowledgedAt: day('2026-11-01T08:00:00Z', 1),
    feedbackGivenAt: day('2026-11-01T08:00:00Z', 20),
    closedAt: '2026-12-01T10:00:00Z',
    outcome: 'not_substantiated',
  },
  // D: never acknowledged: overdue now.
  { slug: 'bakkerij-jansen', receivedAt: '2026-12-20T08:00:00Z' },
  // E: 1 October 01:30 in Amsterdam (still 30 September in UTC): Q4. Feedback was due on 5 January: overdue.
  { slug: 'bakkerij-jansen', receivedAt: '2026-09-30T23:30:00Z', acknowledgedAt: '2026-10-04T23:30:00Z' },
]

/** Tokyo: 1 January 2027 01:00 local is still 2026 in Amsterdam and in UTC. */
const tokyo: DatedCase[] = [
  { slug: 'sushi-tanaka', receivedAt: '2026-12-31T16:00:00Z' },
  { slug: 'sushi-tanaka', receivedAt: '2026-10-15T03:00:00Z', acknowledgedAt: '2026-10-16T03:00:00Z' },
]

/** Closed in 2026-Q4, received in Q3: `n` cases of one outcome. */
function closed(slug: string, outcome: DatedCase['outcome'], n: number): DatedCase[] {
  return Array.from({ length: n }, () => ({
    slug,
    receivedAt: '2026-08-03T08:00:00Z',
    acknowledgedAt: '2026-08-04T08:00:00Z',
    feedbackGivenAt: '2026-08-20T08:00:00Z',
    closedAt: '2026-11-10T08:00:00Z',
    outcome,
  }))
}

beforeAll(async () => {
  test = await createTestApp({ now: () => clock })
  const { organisations } = test.app.services
  organisations.add({ slug: 'bakkerij-jansen', name: 'Bakkerij Jansen B.V.' }, 'test')
  organisations.add({ slug: 'sushi-tanaka', name: 'Sushi Tanaka', timezone: 'Asia/Tokyo' }, 'test')
  organisations.add({ slug: 'groot-bedrijf', name: 'Groot Bedrijf N.V.' }, 'test')
  organisations.add({ slug: 'ander-bedrijf', name: 'Ander Bedrijf N.V.' }, 'test')
  organisations.add({ slug: 'formule', name: '=HYPERLINK("http://evil.example","x")' }, 'test')
  seedDatedCases(test.config.databaseFile, test.config.migrationsFolder, [
    ...bakery,
    ...tokyo,
    // Groot: 8 substantiated, 6 not substantiated, 3 outside the scope. Ander: 7 and 5.
    ...closed('groot-bedrijf', 'substantiated', 8),
    ...closed('groot-bedrijf', 'not_substantiated', 6),
    ...closed('groot-bedrijf', 'outside_scope', 3),
    ...closed('ander-bedrijf', 'substantiated', 7),
    ...closed('ander-bedrijf', 'not_substantiated', 5),
  ])
  const purged = test.app.services.purge.run()
  expect(purged.cases).toHaveLength(1)
  const ada: StaffAccount = await seedStaff(test, 'admin', 'ada@example.org')
  const vera: StaffAccount = await seedStaff(test, 'confidant', 'vera@example.org')
  admin = (await signIn(test, ada, clock)).browser
  confidant = (await signIn(test, vera, clock)).browser
})

afterAll(async () => {
  await test?.close()
})

function get(url: string, as: Browserish = admin) {
  return test.app.inject({ url, cookies: as.cookies })
}

/** The cells of the row headed `name` in the table with this id, as text. */
function row(html: string, tableId: string, name: string): string[] {
  const table = html.match(new RegExp(`<table[^>]*id="${tableId}"[\\s\\S]*?</table>`))?.[0] ?? ''
  const rows = table.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []
  const found = rows.find((tr) => tr.includes(`<th scope="row">${name}</th>`))
  if (!found) throw new Error(`no row ${name} in #${tableId}`)
  return [...found.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!)
}

describe('statistics page', () => {
  it('counts reports, deadlines met, medians and open cases per member, including purged cases', async () => {
    const page = await get('/staff/admin/statistics?quarter=2026-Q4&lang=en')
    expect(page.statusCode).toBe(200)
    // Received 5 (E by Amsterdam's calendar; A only as a tombstone). Acknowledged in time: A, C, E of all
    // 5 due. Feedback due: A, C (given in time) and E (due 5 January, not given). Median days to
    // acknowledgement of 1, 2, 4, 10 is 3; to feedback of 20 and 30 is 25. Open now B, D, E; overdue D, E.
    expect(row(page.body, 'deadlines', 'Bakkerij Jansen B.V.')).toEqual([
      '5',
      '60% of 5',
      '66.7% of 3',
      '3',
      '25',
      '3',
      '2',
    ])
    // Tokyo: only the October case is Q4 there (acknowledged after 1 day); its 1 January case is open and
    // was due to be acknowledged on 8 January.
    expect(row(page.body, 'deadlines', 'Sushi Tanaka')).toEqual([
      '1',
      '100% of 1',
      'nothing due yet',
      '1',
      '–',
      '2',
      '1',
    ])
    // The association: 6 received in Q4; open now also counts the Tokyo case of 2027.
    const association = row(page.body, 'deadlines', 'Association (all members)')
    expect(association[0]).toBe('6')
    expect(association[1]).toBe('66.7% of 6')
    expect(association.slice(5)).toEqual(['5', '3'])
  })

  it('reads quarter boundaries in each member’s own time zone', async () => {
    const tokyoQ1 = await get('/staff/admin/statistics?quarter=2027-Q1&organisation=sushi-tanaka&lang=en')
    expect(row(tokyoQ1.body, 'deadlines', 'Sushi Tanaka')[0]).toBe('1')
    const bakeryQ3 = await get('/staff/admin/statistics?quarter=2026-Q3&organisation=bakkerij-jansen&lang=en')
    expect(row(bakeryQ3.body, 'deadlines', 'Bakkerij Jansen B.V.')[0]).toBe('0')
    // Only the member asked for, besides the association.
    expect(bakeryQ3.body).not.toContain('Sushi Tanaka</th>')
  })

  it('shows an outcome count only from 5 reports, and withholds what the totals would give away', async () => {
    const page = await get('/staff/admin/statistics?quarter=2026-Q4&lang=en')
    const withheld = 'fewer than 5 or withheld'
    // Columns: substantiated, partly, not substantiated, outside scope, referred, withdrawn.
    // Groot's 3 "outside scope" are withheld, and so is its 6 (else 6 + 3 = its closed total gives the 3 away).
    expect(row(page.body, 'outcomes', 'Groot Bedrijf N.V.')).toEqual(['8', ...Array(5).fill(withheld)])
    // Ander's 7 substantiated: else 16 − 8 − 7 would show the bakery's single purged case.
    expect(row(page.body, 'outcomes', 'Ander Bedrijf N.V.')).toEqual([
      withheld,
      withheld,
      '5',
      withheld,
      withheld,
      withheld,
    ])
    expect(row(page.body, 'outcomes', 'Bakkerij Jansen B.V.')).toEqual(Array(6).fill(withheld))
    expect(row(page.body, 'outcomes', 'Association (all members)')).toEqual([
      '16',
      ...Array(5).fill(withheld),
    ])
  })

  it('draws the charts as accessible inline SVG with the same withheld cells', async () => {
    const page = await get('/staff/admin/statistics?quarter=2026-Q4&organisation=groot-bedrijf&lang=en')
    const svg = page.body.match(/<svg[^>]*id="chart-outcomes"[\s\S]*?<\/svg>/)?.[0] ?? ''
    expect(svg).toContain('role="img"')
    expect(svg).toMatch(
      /<title id="chart-outcomes-title">Outcomes of cases closed in 2026-Q4: Groot Bedrijf N\.V\.<\/title>/,
    )
    const bar = (label: string) =>
      svg.match(new RegExp(`<g class="chart-bar" data-label="${label}"[^>]*>[\\s\\S]*?</g>`))?.[0] ?? ''
    expect(bar('Substantiated')).toContain('data-shown="yes"')
    expect(bar('Substantiated')).toContain('>8</text>')
    const outside = bar('Outside the scope of the procedure \\(no suspected wrongdoing\\)')
    expect(outside).toContain('data-shown="no"')
    expect(outside).not.toContain('<rect')
    expect(outside).not.toMatch(/>3</)
    expect(page.body).toContain('id="chart-received"')
    expect(page.body).toContain('id="chart-deadlines"')
  })

  it('exports the same figures as CSV, an attachment, with formulas defused', async () => {
    const csv = await get('/staff/admin/statistics.csv?quarter=2026-Q4')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toBe('attachment; filename="meldpool-statistics-2026-Q4.csv"')
    const lines = csv.body.trim().split('\r\n')
    const line = (slug: string) => lines.find((l) => l.split(',')[1] === slug) ?? ''
    const withheld = 'fewer than 5 or withheld'
    expect(line('bakkerij-jansen')).toBe(
      `2026-Q4,bakkerij-jansen,Bakkerij Jansen B.V.,5,60,5,66.7,3,3,25,3,2,${Array(6).fill(withheld).join(',')}`,
    )
    expect(line('groot-bedrijf').split(',').slice(12)).toEqual(['8', ...Array(5).fill(withheld)])
    // A name typed as a formula arrives as text: apostrophe first, quoted for its comma and quotes.
    expect(line('formule')).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`)
    expect(csv.body).not.toMatch(/(^|,)"?=/m)
  })

  it('answers a bad quarter with 400 and an unknown member with 404', async () => {
    expect((await get('/staff/admin/statistics?quarter=2026-Q5')).statusCode).toBe(400)
    expect((await get('/staff/admin/statistics?organisation=nobody')).statusCode).toBe(404)
  })

  it('is for administrators only: a confidant gets 403, a visitor the sign-in page', async () => {
    expect((await get('/staff/admin/statistics', confidant)).statusCode).toBe(403)
    expect((await get('/staff/admin/statistics.csv', confidant)).statusCode).toBe(403)
    const visitor = await test.app.inject({ url: '/staff/admin/statistics.csv' })
    expect(visitor.statusCode).toBe(303)
    expect(visitor.headers.location).toContain('/staff/login')
  })
})
