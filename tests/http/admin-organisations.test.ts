import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FormBrowser, signedInStaff, sqliteRows } from '../helpers/admin.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { seedConfidant } from '../helpers/seed.js'

let test: TestApp
let clock: number
let admin: FormBrowser
beforeEach(async () => {
  clock = Date.parse('2026-11-28T10:00:07Z')
  test = await createTestApp({ now: () => clock })
  admin = await signedInStaff(test, 'admin', 'admin@example.org', clock)
})
afterEach(() => test.close())

const rows = (query: string) => sqliteRows(test, query)

const organisationSnapshot = () => JSON.stringify(rows('SELECT * FROM organisation ORDER BY slug'))
const auditCount = () => rows('SELECT count(*) AS n FROM audit_event')[0]!.n as number

const validForm = {
  name: 'Bakkerij Jansen B.V.',
  displayName: 'Bakkerij Jansen',
  slug: 'bakkerij-jansen',
  profile: 'nl',
  timezone: 'Europe/Amsterdam',
  locales: ['nl', 'en'],
  retentionDays: '',
  autoAcknowledge: 'on',
  acknowledgementNl: 'Dank voor uw melding.',
  acknowledgementEn: '',
}

describe('member organisations in the browser', () => {
  it('are created, listed with their confidants, edited, and activated only with a confidant who has keys', async () => {
    const form = await admin.get('/staff/admin/organisations/new?lang=en')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('name="slug"')
    expect(form.body).toContain('<option value="fr"')

    const created = await admin.post('/staff/admin/organisations/new?lang=en', validForm)
    expect(created.statusCode).toBe(303)
    expect(created.headers.location).toMatch(
      /\/staff\/admin\/organisations\/bakkerij-jansen\?lang=en&done=created$/,
    )
    const [row] = rows("SELECT * FROM organisation WHERE slug = 'bakkerij-jansen'")
    expect(row).toMatchObject({
      name: 'Bakkerij Jansen B.V.',
      display_name: 'Bakkerij Jansen',
      status: 'draft',
      auto_acknowledge: 1,
      acknowledgement_text: JSON.stringify({ nl: 'Dank voor uw melding.' }),
      retention_days: 365 * 2,
    })
    expect(rows("SELECT action FROM audit_event WHERE action = 'organisation.add'")).toHaveLength(1)

    // Activation is refused while nobody could read a report; the page says why and nothing changes.
    const refused = await admin.post('/staff/admin/organisations/bakkerij-jansen/activate?lang=en', {})
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain('no confidant with keys is assigned')
    expect(rows("SELECT status FROM organisation WHERE slug = 'bakkerij-jansen'")[0]!.status).toBe('draft')
    const editPage = await admin.get('/staff/admin/organisations/bakkerij-jansen?lang=en')
    expect(editPage.body).toContain('id="activate-blocked"')

    await seedConfidant(test, 'vera@example.org', 'Vera de Vries')
    test.app.services.organisations.assign('vera@example.org', 'bakkerij-jansen', 'test')
    const activated = await admin.post('/staff/admin/organisations/bakkerij-jansen/activate?lang=en', {})
    expect(activated.statusCode).toBe(303)
    expect(rows("SELECT status FROM organisation WHERE slug = 'bakkerij-jansen'")[0]!.status).toBe('active')

    const list = await admin.get('/staff/admin?lang=en')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Bakkerij Jansen B.V.')
    expect(list.body).toContain('Vera de Vries — has keys')
    expect(list.body).toContain('href="/staff/admin/organisations/bakkerij-jansen/procedure?lang=en"')
    expect(list.body).toContain('href="/staff/admin/organisations/bakkerij-jansen/poster?lang=en"')

    const edited = await admin.post('/staff/admin/organisations/bakkerij-jansen?lang=en', {
      ...validForm,
      slug: 'ignored',
      timezone: 'Europe/Brussels',
      locales: ['nl'],
      retentionDays: '400',
      autoAcknowledge: '',
      acknowledgementNl: '',
      acknowledgementEn: 'Thank you.',
    })
    expect(edited.statusCode).toBe(303)
    expect(rows("SELECT * FROM organisation WHERE slug = 'bakkerij-jansen'")[0]).toMatchObject({
      timezone: 'Europe/Brussels',
      locales: 'nl',
      retention_days: 400,
      auto_acknowledge: 0,
      acknowledgement_text: JSON.stringify({ en: 'Thank you.' }),
    })
    // Field names only, in one event.
    const [event] = rows("SELECT action FROM audit_event WHERE action LIKE 'organisation.edit:%'")
    expect(event!.action).toBe(
      'organisation.edit:timezone,locales,retentionDays,autoAcknowledge,acknowledgementText',
    )
    expect(rows("SELECT count(*) AS n FROM organisation WHERE slug = 'ignored'")[0]!.n).toBe(0)

    const suspended = await admin.post('/staff/admin/organisations/bakkerij-jansen/suspend?lang=en', {})
    expect(suspended.statusCode).toBe(303)
    expect(rows("SELECT status FROM organisation WHERE slug = 'bakkerij-jansen'")[0]!.status).toBe(
      'suspended',
    )
    expect(
      rows(
        "SELECT action FROM audit_event WHERE action IN ('organisation.active', 'organisation.suspended')",
      ),
    ).toHaveLength(2)
  })

  it.each([
    ['slug', { slug: 'Bakkerij Jansen' }, 'may only contain lower-case letters'],
    ['name', { name: '   ' }, 'Enter a name of 1 to 120 characters'],
    ['time zone', { timezone: 'Europe/Atlantis' }, 'not a known time zone'],
    ['profile', { profile: 'xx' }, 'Choose one of the listed profiles'],
    ['languages', { locales: [] }, 'Choose at least one language'],
    ['retention', { retentionDays: '12.5' }, 'whole number of days'],
    ['retention', { retentionDays: '0' }, 'whole number of days'],
    ['acknowledgement', { acknowledgementEn: 'x'.repeat(4001) }, 'at most 4000 characters'],
  ])('a bad %s is refused with the typed values kept and nothing stored', async (_label, change, message) => {
    const before = organisationSnapshot()
    const audits = auditCount()
    const response = await admin.post('/staff/admin/organisations/new?lang=en', { ...validForm, ...change })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain(message)
    expect(response.body).toContain('value="Bakkerij Jansen"')
    expect(response.body).toContain('Dank voor uw melding.')
    expect(response.body).toContain('aria-invalid="true"')
    expect(organisationSnapshot()).toBe(before)
    expect(auditCount()).toBe(audits)
  })

  it('refuses a taken slug and a bad edit without changing anything', async () => {
    await admin.post('/staff/admin/organisations/new?lang=en', validForm)
    const before = organisationSnapshot()
    const taken = await admin.post('/staff/admin/organisations/new?lang=en', { ...validForm, name: 'Other' })
    expect(taken.statusCode).toBe(409)
    expect(taken.body).toContain('already uses this address')
    expect(taken.body).toContain('value="Other"')
    const badEdit = await admin.post('/staff/admin/organisations/bakkerij-jansen?lang=en', {
      ...validForm,
      name: 'Renamed',
      timezone: 'Mars/Olympus',
    })
    expect(badEdit.statusCode).toBe(400)
    expect(badEdit.body).toContain('value="Renamed"')
    expect(badEdit.body).toContain('value="Mars/Olympus"')
    expect(organisationSnapshot()).toBe(before)
  })

  it('refuses a form without the CSRF token', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/staff/admin/organisations/new',
      cookies: admin.session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        name: 'X',
        slug: 'x',
        profile: 'nl',
        timezone: 'UTC',
        locales: 'nl',
      }).toString(),
    })
    expect(response.statusCode).toBe(403)
    expect(rows('SELECT * FROM organisation')).toHaveLength(0)
  })

  it('shows the display name instead of the name on the reporting page', async () => {
    await admin.post('/staff/admin/organisations/new?lang=en', validForm)
    await seedConfidant(test, 'vera@example.org')
    test.app.services.organisations.assign('vera@example.org', 'bakkerij-jansen', 'test')
    await admin.post('/staff/admin/organisations/bakkerij-jansen/activate?lang=en', {})
    const page = await test.app.inject({ url: '/r/bakkerij-jansen?lang=en' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Bakkerij Jansen')
    expect(page.body).not.toContain('Bakkerij Jansen B.V.')
  })
})

describe('who may use the organisation pages', () => {
  it('gives a confidant 403 and no session a sign-in redirect', async () => {
    const confidant = await signedInStaff(test, 'confidant', 'vera@example.org', clock)
    for (const url of ['/staff/admin', '/staff/admin/organisations/new']) {
      expect((await confidant.get(url)).statusCode).toBe(403)
      const anonymous = await test.app.inject({ url })
      expect(anonymous.statusCode).toBe(303)
      expect(anonymous.headers.location).toContain('/staff/login')
    }
    const post = await confidant.post('/staff/admin/organisations/new', validForm)
    expect(post.statusCode).toBe(403)
    expect(rows('SELECT * FROM organisation')).toHaveLength(0)
  })
})
