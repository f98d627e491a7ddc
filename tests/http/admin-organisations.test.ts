import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FormBrowser, signedInStaff, sqliteRows, TINY_PNG } from '../helpers/admin.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { multipart } from '../helpers/forms.js'
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

describe('association settings', () => {
  async function uploadLogo(data: Uint8Array, csrf = admin.session.csrf) {
    const body = await multipart([
      ['_csrf', csrf],
      ['logo', { name: 'logo.png', data, type: 'image/png' }],
    ])
    return test.app.inject({
      method: 'POST',
      url: '/staff/admin/settings/logo?lang=en',
      cookies: admin.session.cookies,
      ...body,
    })
  }

  it('sets the name, contact address and logo shown on every reporter page', async () => {
    const saved = await admin.post('/staff/admin/settings?lang=en', {
      name: 'Vereniging Klokkenluiders Noord',
      contactEmail: 'info@example.org',
    })
    expect(saved.statusCode).toBe(303)
    expect(rows('SELECT name, contact_email FROM instance')).toEqual([
      { name: 'Vereniging Klokkenluiders Noord', contact_email: 'info@example.org' },
    ])
    expect(rows("SELECT action FROM audit_event WHERE action LIKE 'instance.%'")).toEqual([
      { action: 'instance.edit:name,contactEmail' },
    ])

    expect((await uploadLogo(TINY_PNG)).statusCode).toBe(303)
    const settings = await admin.get('/staff/admin/settings?lang=en&done=logo')
    expect(settings.body).toContain('The logo was saved.')
    const src = settings.body.match(/<img id="current-logo" src="([^"]+)"/)?.[1]
    expect(src).toMatch(/^\/association-logo\/[A-Za-z0-9_-]{16}$/)

    await seedConfidant(test, 'vera@example.org')
    test.app.services.organisations.add({ slug: 'garage', name: 'Garage B.V.' }, 'test')
    test.app.services.organisations.assign('vera@example.org', 'garage', 'test')
    test.app.services.organisations.activate('garage', 'test')
    // Error pages too: an unknown member's address is a reporter page.
    for (const url of [
      '/r/garage?lang=en',
      '/r/garage/report?lang=en',
      '/r/garage/follow-up?lang=en',
      '/r/no-such-member?lang=en',
    ]) {
      const page = await test.app.inject({ url })
      expect(page.body, url).toContain(`<img class="site-logo" src="${src}" width="1" height="1" alt="" />`)
      expect(page.body, url).toContain('Vereniging Klokkenluiders Noord')
    }
    const logo = await test.app.inject({ url: src! })
    expect(logo.statusCode).toBe(200)
    expect(logo.headers['content-type']).toBe('image/png')
    expect(logo.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(logo.rawPayload.equals(TINY_PNG)).toBe(true)
    // An old or guessed version is not served.
    expect((await test.app.inject({ url: '/association-logo/AAAAAAAAAAAAAAAA' })).statusCode).toBe(404)

    expect((await admin.post('/staff/admin/settings/logo/remove?lang=en', {})).statusCode).toBe(303)
    expect((await test.app.inject({ url: '/r/garage?lang=en' })).body).not.toContain('site-logo')
    expect((await test.app.inject({ url: src! })).statusCode).toBe(404)
  })

  it.each([
    [
      'an SVG named .png',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ['HTML', Buffer.from('<!doctype html><p>hi')],
    ['a PNG over 200 kB', Buffer.concat([TINY_PNG, Buffer.alloc(200 * 1024)])],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s as the logo, changing nothing', async (_label, data) => {
    const before = JSON.stringify(rows('SELECT hex(logo) AS logo, logo_type FROM instance'))
    const response = await uploadLogo(data)
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('The logo must be a PNG or JPEG image of at most 200 kB.')
    expect(JSON.stringify(rows('SELECT hex(logo) AS logo, logo_type FROM instance'))).toBe(before)
  })

  it('refuses a bad name or contact address with the typed values kept, and an upload without the token', async () => {
    const before = JSON.stringify(rows('SELECT name, contact_email FROM instance'))
    const empty = await admin.post('/staff/admin/settings?lang=en', {
      name: ' ',
      contactEmail: 'info@example.org',
    })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Enter a name of 1 to 120 characters.')
    expect(empty.body).toContain('value="info@example.org"')
    const badMail = await admin.post('/staff/admin/settings?lang=en', {
      name: 'Nieuw',
      contactEmail: 'info@',
    })
    expect(badMail.statusCode).toBe(400)
    expect(badMail.body).toContain('value="Nieuw"')
    expect((await uploadLogo(TINY_PNG, 'forged-token')).statusCode).toBe(403)
    expect(JSON.stringify(rows('SELECT name, contact_email FROM instance'))).toBe(before)
    expect(rows('SELECT logo FROM instance')).toEqual([{ logo: null }])
  })
})
