import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAccountKeys, toBase64Url } from '../../crypto/index.js'
import { totpCodeAt } from '../../server/domain/totp.js'
import { type FormBrowser, signedInStaff, sqliteRows } from '../helpers/admin.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { cookiesOf } from '../helpers/forms.js'
import { postJson, signIn } from '../helpers/staff.js'

let test: TestApp
let clock: number
let admin: FormBrowser
beforeEach(async () => {
  clock = Date.parse('2026-11-28T10:00:07Z')
  test = await createTestApp({ now: () => clock })
  admin = await signedInStaff(test, 'admin', 'admin@example.org', clock)
  test.app.services.organisations.add({ slug: 'bakkerij', name: 'Bakkerij Jansen' }, 'test')
  test.app.services.organisations.add({ slug: 'garage', name: 'Garage Pietersen' }, 'test')
})
afterEach(() => test.close())

const rows = (query: string, ...params: unknown[]) => sqliteRows(test, query, ...params)
const snapshot = () =>
  JSON.stringify([
    rows('SELECT * FROM user ORDER BY email'),
    rows('SELECT * FROM assignment ORDER BY user_id, organisation_id'),
    rows('SELECT email, used_at FROM invitation ORDER BY created_at'),
    rows('SELECT count(*) AS n FROM audit_event'),
  ])

/** A case in the bakery with keys sealed to `holder` (bytes only: this test is about their deletion). */
function caseSealedTo(holder: string, caseId: string): void {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'))
  try {
    const organisation = db.prepare("SELECT id FROM organisation WHERE slug = 'bakkerij'").get() as {
      id: string
    }
    db.prepare(
      `INSERT INTO "case" (id, organisation_id, lookup_verifier, reporter_public_key, received_at, acknowledge_by,
        feedback_by, submitted_via) VALUES (?, ?, randomblob(32), randomblob(32), 0, 1, 2, 'browser')`,
    ).run(caseId, organisation.id)
    for (const kind of ['shared', 'internal'])
      db.prepare(
        'INSERT INTO case_key (case_id, holder, kind, sealed_key) VALUES (?, ?, ?, randomblob(80))',
      ).run(caseId, holder, kind)
  } finally {
    db.close()
  }
}

describe('the confidant pool in the browser', () => {
  it('invites by e-mail and shows the acceptance link once on the page', async () => {
    const page = await admin.post('/staff/admin/confidants/invite?lang=en', {
      email: 'Jan@Example.org',
      name: 'Jan Jansen',
      role: 'confidant',
    })
    expect(page.statusCode).toBe(200)
    const link = page.body.match(/<code class="invitation-link">([^<]+)<\/code>/)?.[1]
    expect(link).toMatch(/^http:\/\/[^/]+\/staff\/invite\/[A-Za-z0-9_-]{43}$/)
    expect(page.body).toContain('An invitation was made for jan@example.org')
    const opened = await test.app.inject({ url: `${new URL(link!).pathname}?lang=en` })
    expect(opened.statusCode).toBe(200)
    expect(opened.body).toContain('jan@example.org')
    // The list page does not show it again.
    expect((await admin.get('/staff/admin/confidants?lang=en')).body).not.toContain(link!)
  })

  it.each([
    [
      'a malformed address',
      { email: 'not-an-address', name: 'X', role: 'confidant' },
      400,
      'Enter a valid e-mail',
    ],
    [
      'an address with an account',
      { email: 'admin@example.org', name: 'X', role: 'admin' },
      409,
      'already exists',
    ],
    [
      'a name that is too long',
      { email: 'x@example.org', name: 'n'.repeat(121), role: 'confidant' },
      400,
      'at most 120',
    ],
  ])(
    'refuses an invitation for %s with the typed values kept and nothing stored',
    async (_l, form, status, text) => {
      const before = snapshot()
      const page = await admin.post('/staff/admin/confidants/invite?lang=en', form)
      expect(page.statusCode).toBe(status)
      expect(page.body).toContain(text)
      expect(page.body).toContain(`value="${form.email}"`)
      expect(page.body).not.toContain('invitation-link')
      expect(snapshot()).toBe(before)
    },
  )

  it('assigns one confidant to many organisations, unassigns, and lists who has keys', async () => {
    const vera = await signedInStaff(test, 'confidant', 'vera@example.org', clock)
    for (const slug of ['bakkerij', 'garage']) {
      const assigned = await admin.post('/staff/admin/confidants/assign?lang=en', {
        email: vera.account.email,
        slug,
      })
      expect(assigned.statusCode).toBe(303)
    }
    let list = await admin.get('/staff/admin/confidants?lang=en&done=assigned')
    expect(list.body).toContain('The confidant was assigned.')
    const veraRow = () => list.body.match(/<tr data-email="vera@example.org">([\s\S]*?)<\/tr>/)?.[1] ?? ''
    expect(veraRow()).toContain('Remove from Bakkerij Jansen')
    expect(veraRow()).toContain('Remove from Garage Pietersen')
    expect(veraRow()).toContain('<td class="has-keys">yes</td>')
    expect(rows('SELECT count(*) AS n FROM assignment')[0]!.n).toBe(2)
    expect(rows("SELECT count(*) AS n FROM audit_event WHERE action = 'assignment.add'")[0]!.n).toBe(2)

    const unassigned = await admin.post('/staff/admin/confidants/unassign?lang=en', {
      email: vera.account.email,
      slug: 'garage',
    })
    expect(unassigned.statusCode).toBe(303)
    list = await admin.get('/staff/admin/confidants?lang=en')
    expect(veraRow()).not.toContain('Remove from Garage Pietersen')
    expect(rows('SELECT count(*) AS n FROM assignment')[0]!.n).toBe(1)

    // An administrator cannot be put in a pool; an unknown organisation changes nothing either.
    const before = snapshot()
    const admins = await admin.post('/staff/admin/confidants/assign?lang=en', {
      email: 'admin@example.org',
      slug: 'garage',
    })
    expect(admins.statusCode).toBe(409)
    expect(admins.body).toContain('Only confidants can be assigned')
    const unknown = await admin.post('/staff/admin/confidants/assign?lang=en', {
      email: 'vera@example.org',
      slug: 'nope',
    })
    expect(unknown.statusCode).toBe(404)
    expect(snapshot()).toBe(before)
  })

  it('disables an account: its session ends at once and it cannot sign in again', async () => {
    const vera = await signedInStaff(test, 'confidant', 'vera@example.org', clock)
    expect((await vera.get('/staff?lang=en')).statusCode).toBe(200)
    const disabled = await admin.post('/staff/admin/confidants/disable?lang=en', {
      email: 'vera@example.org',
    })
    expect(disabled.statusCode).toBe(303)
    const after = await vera.get('/staff?lang=en')
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toContain('/staff/login')
    clock += 60_000
    expect((await signIn(test, vera.account, clock)).response.statusCode).toBe(401)
    const list = await admin.get('/staff/admin/confidants?lang=en')
    expect(list.body).toMatch(
      /<tr data-email="vera@example.org">[\s\S]*?<td class="account-state">disabled<\/td>/,
    )
    expect(rows("SELECT count(*) AS n FROM audit_event WHERE action = 'user.disable'")[0]!.n).toBe(1)

    // Nobody disables their own account by accident.
    const before = snapshot()
    const self = await admin.post('/staff/admin/confidants/disable?lang=en', { email: 'admin@example.org' })
    expect(self.statusCode).toBe(400)
    expect(self.body).toContain('You cannot do this to your own account')
    expect(snapshot()).toBe(before)
  })

  it('resets a lost password: keys and sealed case keys are gone, the same account enrols again', async () => {
    const vera = await signedInStaff(test, 'confidant', 'vera@example.org', clock)
    const colleague = await signedInStaff(test, 'confidant', 'piet@example.org', clock)
    test.app.services.organisations.assign('vera@example.org', 'bakkerij', 'test')
    caseSealedTo(vera.account.id, 'case-one')
    caseSealedTo(colleague.account.id, 'case-one-colleague')

    const reset = await admin.post('/staff/admin/confidants/reset?lang=en', { email: 'vera@example.org' })
    expect(reset.statusCode).toBe(200)
    expect(reset.body).toContain('The account of vera@example.org was reset')
    expect(reset.body).toContain('2 sealed case keys were deleted.')
    expect(reset.body).toContain('a colleague assigned to the same organisations sees a')
    const link = reset.body.match(/<code class="invitation-link">([^<]+)<\/code>/)?.[1]
    expect(link).toBeDefined()

    expect(rows('SELECT holder FROM case_key WHERE holder = ?', vera.account.id)).toEqual([])
    expect(rows('SELECT count(*) AS n FROM case_key WHERE holder = ?', colleague.account.id)[0]!.n).toBe(2)
    expect(
      rows("SELECT public_key, auth_verifier, totp_secret FROM user WHERE email = 'vera@example.org'"),
    ).toEqual([{ public_key: null, auth_verifier: null, totp_secret: null }])
    // The old session and the old password are worthless now.
    expect((await vera.get('/staff?lang=en')).statusCode).toBe(303)
    clock += 60_000
    expect((await signIn(test, vera.account, clock)).response.statusCode).toBe(401)

    // Enrolling again through the link: same account id, same assignments, new keys.
    const path = new URL(link!).pathname
    const opened = await test.app.inject({ url: `${path}?lang=en` })
    expect(opened.statusCode).toBe(200)
    const browser = {
      csrf: opened.body.match(/data-csrf="([^"]+)"/)?.[1] ?? '',
      cookies: cookiesOf(opened),
    }
    const totpKey =
      opened.body.match(/<code class="totp-key">([A-Z2-7 ]+)<\/code>/)?.[1]?.replace(/ /g, '') ?? ''
    const keys = createAccountKeys('a brand new passphrase for vera')
    const accepted = await postJson(
      test,
      path,
      {
        name: 'Vera de Vries',
        totp: totpCodeAt(totpKey, clock),
        auth: toBase64Url(keys.auth),
        salt: toBase64Url(keys.salt),
        publicKey: toBase64Url(keys.publicKey),
        encryptedSecretKey: toBase64Url(keys.encryptedSecretKey),
      },
      browser,
    )
    expect(accepted.statusCode).toBe(200)
    const [account] = rows("SELECT id, hex(public_key) AS key FROM user WHERE email = 'vera@example.org'")
    expect(account!.id).toBe(vera.account.id)
    expect(account!.key).toBe(Buffer.from(keys.publicKey).toString('hex').toUpperCase())
    expect(rows('SELECT count(*) AS n FROM assignment WHERE user_id = ?', vera.account.id)[0]!.n).toBe(1)
    expect(
      rows("SELECT action FROM audit_event WHERE action IN ('user.reset', 'user.reenrol')"),
    ).toHaveLength(2)
  })

  it('sets the language of a person’s mails', async () => {
    await signedInStaff(test, 'confidant', 'vera@example.org', clock)
    const saved = await admin.post('/staff/admin/confidants/locale?lang=en', {
      email: 'vera@example.org',
      locale: 'en',
    })
    expect(saved.statusCode).toBe(303)
    expect(rows("SELECT locale FROM user WHERE email = 'vera@example.org'")).toEqual([{ locale: 'en' }])
    const before = snapshot()
    const bad = await admin.post('/staff/admin/confidants/locale?lang=en', {
      email: 'vera@example.org',
      locale: 'de',
    })
    expect(bad.statusCode).toBe(400)
    expect(snapshot()).toBe(before)
  })
})

describe('who may use the confidant pages', () => {
  it('gives a confidant 403 on every page and action, and no session a sign-in redirect', async () => {
    const vera = await signedInStaff(test, 'confidant', 'vera@example.org', clock)
    expect((await vera.get('/staff/admin/confidants')).statusCode).toBe(403)
    const before = snapshot()
    for (const action of ['invite', 'assign', 'unassign', 'disable', 'reset', 'locale']) {
      const response = await vera.post(`/staff/admin/confidants/${action}`, {
        email: 'admin@example.org',
        slug: 'bakkerij',
        role: 'admin',
        locale: 'en',
      })
      expect(response.statusCode, action).toBe(403)
    }
    expect(snapshot()).toBe(before)
    const anonymous = await test.app.inject({ url: '/staff/admin/confidants' })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toContain('/staff/login')
  })
})
