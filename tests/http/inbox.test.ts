import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { addConfidantEntry, caseIdsOf } from '../helpers/confidant.js'
import { cookiesOf, multipart, receiptCode } from '../helpers/forms.js'
import { seedActiveOrganisation, seedConfidant } from '../helpers/seed.js'
import { type StaffAccount, seedStaff, signIn } from '../helpers/staff.js'

// The confidant's inbox (issue 9): every case of every organisation assigned to them, the most urgent
// statutory deadline first, with the days left counted in the organisation's own calendar.

let clock = Date.parse('2026-11-01T09:00:00Z')
let test: TestApp
let pooled: StaffAccount
const ids: Record<string, string> = {}

async function reportAt(at: string, slug: string, what: string): Promise<string> {
  clock = Date.parse(at)
  const before = new Set(caseIdsOf(test, slug))
  const body = await multipart([
    ['lang', 'en'],
    ['what', what],
  ])
  const response = await test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body })
  expect(response.statusCode).toBe(200)
  const code = receiptCode(response.body)
  const id = caseIdsOf(test, slug).find((candidate) => !before.has(candidate))!
  ids[what] = id
  return code
}

beforeAll(async () => {
  test = await createTestApp({ now: () => clock })
  const bakery = await seedActiveOrganisation(test, { slug: 'bakkerij-jansen', name: 'Bakkerij Jansen B.V.' })
  const garage = await seedActiveOrganisation(test, { slug: 'garage-de-vries', name: 'Garage De Vries' })
  // Not this confidant's: never in their inbox.
  await seedActiveOrganisation(test, { slug: 'drukkerij-smit', name: 'Drukkerij Smit' })
  pooled = await seedStaff(test, 'confidant', 'pool@example.org', 'Pim Pool')
  test.app.services.organisations.assign(pooled.email, bakery.slug, 'test')
  test.app.services.organisations.assign(pooled.email, garage.slug, 'test')

  await reportAt('2026-11-01T09:00:00Z', 'bakkerij-jansen', 'answered')
  clock = Date.parse('2026-11-03T10:00:00Z')
  addConfidantEntry(test, pooled, ids.answered!, 'acknowledgement', 'Received, thank you.')
  clock = Date.parse('2026-11-20T10:00:00Z')
  addConfidantEntry(test, pooled, ids.answered!, 'feedback', 'We have acted on it.')

  await reportAt('2026-11-10T09:00:00Z', 'bakkerij-jansen', 'acknowledged')
  clock = Date.parse('2026-11-12T14:00:00Z')
  addConfidantEntry(test, pooled, ids.acknowledged!, 'acknowledgement', 'Received.')

  await reportAt('2026-11-20T13:05:00Z', 'bakkerij-jansen', 'late')
  const code = await reportAt('2026-11-25T09:00:00Z', 'garage-de-vries', 'fresh')
  await reportAt('2026-11-26T09:00:00Z', 'drukkerij-smit', 'elsewhere')

  // The reporter of the fresh case asks for a meeting in person (without JavaScript).
  const signIn = await test.app.inject({
    method: 'POST',
    url: '/r/garage-de-vries/follow-up',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `code=${encodeURIComponent(code)}&lang=en`,
  })
  const cookies = cookiesOf(signIn)
  const thread = await test.app.inject({ url: '/r/garage-de-vries/follow-up/case?lang=en', cookies })
  const token = thread.body.match(/name="_token" value="([^"]+)"/)![1]!
  const meeting = await test.app.inject({
    method: 'POST',
    url: '/r/garage-de-vries/follow-up/case/meeting',
    cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_token=${token}&lang=en&text=${encodeURIComponent('Any afternoon')}`,
  })
  expect(meeting.statusCode).toBe(303)
})
afterAll(() => test.close())

describe('the confidant inbox', () => {
  it('lists the cases of every organisation assigned to them, most urgent deadline first', () => {
    clock = Date.parse('2026-11-28T10:00:00Z')
    const inbox = test.app.services.inbox.inbox(pooled.id, {})
    expect(inbox.cases.map((item) => item.id)).toEqual([ids.late, ids.fresh, ids.acknowledged, ids.answered])
    const [late, fresh, acknowledged, answered] = inbox.cases
    // Received 20 Nov 14:05 in Amsterdam: acknowledge by 27 Nov 14:05, overdue by one calendar day.
    expect(late!.badge).toEqual({
      kind: 'acknowledge',
      due: Date.parse('2026-11-27T13:05:00Z'),
      daysLeft: -1,
      overdue: true,
    })
    expect(fresh!.badge).toMatchObject({ kind: 'acknowledge', daysLeft: 4, overdue: false })
    expect(fresh!.organisationName).toBe('Garage De Vries')
    expect(fresh!.meetingRequested).toBe(true)
    expect(late!.meetingRequested).toBe(false)
    // Acknowledged 12 Nov: feedback within three months of that day.
    expect(acknowledged!.badge).toMatchObject({ kind: 'feedback', due: Date.parse('2027-02-12T14:00:00Z') })
    expect(answered!.badge).toBeUndefined()
    expect(answered!.status).toBe('feedback_given')
    expect(inbox.counts).toMatchObject({
      open: 4,
      received: 2,
      acknowledged: 1,
      feedback_given: 1,
      closed: 0,
    })
    expect(inbox.organisations).toEqual([
      { id: expect.any(String), name: 'Bakkerij Jansen B.V.', open: 3 },
      { id: expect.any(String), name: 'Garage De Vries', open: 1 },
    ])
  })

  it('counts a deadline later today as today, and one at this very hour as overdue', () => {
    clock = Date.parse('2026-11-27T08:00:00Z')
    const early = test.app.services.inbox.inbox(pooled.id, {}).cases[0]!
    expect(early.badge).toMatchObject({ daysLeft: 0, overdue: false })
    clock = Date.parse('2026-11-27T13:06:00Z')
    const past = test.app.services.inbox.inbox(pooled.id, {}).cases[0]!
    expect(past.badge).toMatchObject({ daysLeft: 0, overdue: true })
  })

  it('filters by organisation and status, and ignores filters that are not theirs', () => {
    clock = Date.parse('2026-11-28T10:00:00Z')
    const { organisations } = test.app.services.inbox.inbox(pooled.id, {})
    const garage = organisations.find((item) => item.name === 'Garage De Vries')!
    const onlyGarage = test.app.services.inbox.inbox(pooled.id, { organisation: garage.id })
    expect(onlyGarage.cases.map((item) => item.id)).toEqual([ids.fresh])
    expect(onlyGarage.counts.open).toBe(1)
    const received = test.app.services.inbox.inbox(pooled.id, { status: 'received' })
    expect(received.cases.map((item) => item.id)).toEqual([ids.late, ids.fresh])
    // Another organisation's id, or a made-up status, is the whole inbox again: nothing of theirs leaks.
    const elsewhere = caseIdsOf(test, 'drukkerij-smit')
    const smuggled = test.app.services.inbox.inbox(pooled.id, { organisation: 'x', status: 'everything' })
    expect(smuggled.filter).toMatchObject({ status: 'open', organisationId: undefined })
    expect(smuggled.cases.map((item) => item.id)).not.toContain(elsewhere[0])
    expect(smuggled.cases).toHaveLength(4)
  })

  it('shows nothing to a confidant assigned to nothing', async () => {
    const nobody = await seedConfidant(test, 'nobody@example.org', 'Nora Niemand')
    const inbox = test.app.services.inbox.inbox(nobody.id, {})
    expect(inbox.cases).toEqual([])
    expect(inbox.organisations).toEqual([])
    expect(inbox.counts.open).toBe(0)
  })
})

describe('the inbox page', () => {
  it('shows a signed-in confidant their cases with deadlines in words, and links to each', async () => {
    clock = Date.parse('2026-11-28T10:00:00Z')
    const { browser } = await signIn(test, pooled, clock)
    const page = await test.app.inject({ url: '/staff?lang=en', cookies: browser.cookies })
    expect(page.statusCode).toBe(200)
    const links = [...page.body.matchAll(/href="\/staff\/cases\/([A-Za-z0-9_-]{22})"/g)].map((m) => m[1])
    expect(links).toEqual([ids.late, ids.fresh, ids.acknowledged, ids.answered])
    expect(page.body).toContain('Acknowledge by 27 November 2026 — overdue by 1 day')
    expect(page.body).toContain('Acknowledge by 2 December 2026 — 4 days left')
    expect(page.body).toContain('Feedback by 12 February 2027 — 76 days left')
    expect(page.body).toContain('Meeting requested')
    expect(page.body).toContain('4 cases')
    expect(page.body).not.toContain(ids.elsewhere!)

    const garage = test.app.services.inbox
      .inbox(pooled.id, {})
      .organisations.find((item) => item.name === 'Garage De Vries')!
    const filtered = await test.app.inject({
      url: `/staff?lang=en&organisation=${garage.id}&status=open`,
      cookies: browser.cookies,
    })
    expect(
      [...filtered.body.matchAll(/href="\/staff\/cases\/([A-Za-z0-9_-]{22})"/g)].map((m) => m[1]),
    ).toEqual([ids.fresh])
    const chosen = filtered.body.match(/<option[^>]*\bselected\b[^>]*>([^<]*)<\/option>/g) ?? []
    expect(chosen).toContainEqual(expect.stringContaining('Garage De Vries (1)'))
  })

  it('shows an administrator no inbox and a signed-out visitor none either', async () => {
    clock = Date.parse('2026-11-28T11:00:00Z')
    const admin = await seedStaff(test, 'admin', 'admin@example.org')
    const { browser } = await signIn(test, admin, clock)
    const page = await test.app.inject({ url: '/staff?lang=en', cookies: browser.cookies })
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('/staff/cases/')
    expect(page.body).not.toContain('inbox-table')
    const anonymous = await test.app.inject({ url: '/staff?lang=en' })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.body).not.toContain('/staff/cases/')
  })
})
