import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { InjectOptions } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAccountKeys, ready, toBase64Url } from '../../crypto/index.js'
import { totpCodeAt } from '../../server/domain/totp.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { cookiesOf, formBody } from '../helpers/forms.js'
import { openLoginPage, postJson, seedStaff, signIn } from '../helpers/staff.js'

const DAY = 24 * 60 * 60 * 1000
let test: TestApp
let clock: number
beforeEach(async () => {
  await ready()
  clock = Date.parse('2026-11-28T10:00:07Z')
  test = await createTestApp({ now: () => clock })
})
afterEach(() => test.close())

function invite(email = 'jan@example.org', role: 'confidant' | 'admin' = 'confidant') {
  return new URL(test.app.services.invitations.invite({ email, role, name: 'Jan Jansen' }, 'test').url)
    .pathname
}

async function openInvitation(path: string) {
  const page = await test.app.inject({ url: `${path}?lang=en` })
  return {
    page,
    csrf: page.body.match(/data-csrf="([^"]+)"/)?.[1] ?? '',
    cookies: cookiesOf(page),
    totpKey: page.body.match(/<code class="totp-key">([A-Z2-7 ]+)<\/code>/)?.[1]?.replace(/ /g, '') ?? '',
  }
}

const password = 'an invitee chooses this passphrase'
function keyFields() {
  const keys = createAccountKeys(password)
  return {
    fields: {
      auth: toBase64Url(keys.auth),
      salt: toBase64Url(keys.salt),
      publicKey: toBase64Url(keys.publicKey),
      encryptedSecretKey: toBase64Url(keys.encryptedSecretKey),
    },
    auth: toBase64Url(keys.auth),
  }
}

function rows(query: string): Array<Record<string, unknown>> {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare(query).all() as Array<Record<string, unknown>>
  } finally {
    db.close()
  }
}

describe('invitations', () => {
  it('create the account once: keys from the browser, TOTP enrolled, signed in; the link is then dead', async () => {
    const path = invite()
    expect(path).toMatch(/^\/staff\/invite\/[A-Za-z0-9_-]{43}$/)
    // Only the hash of the token is stored.
    expect(JSON.stringify(rows('SELECT hex(token_hash) AS h FROM invitation'))).not.toContain(
      Buffer.from(path.split('/').pop()!, 'base64url').toString('hex').toUpperCase(),
    )
    const opened = await openInvitation(path)
    expect(opened.page.statusCode).toBe(200)
    expect(opened.page.body).toContain('jan@example.org')
    expect(opened.page.body).toMatch(/<img class="qr" src="data:image\/png;base64,/)
    expect((await openInvitation(path)).totpKey).toBe(opened.totpKey)

    const { fields, auth } = keyFields()
    const wrong = await postJson(
      test,
      path,
      { name: 'Jan Jansen', totp: totpCodeAt(opened.totpKey, clock + 10 * 60_000), ...fields },
      opened,
    )
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toEqual({ error: 'TotpCodeWrong' })
    expect(rows("SELECT * FROM user WHERE email = 'jan@example.org'")).toHaveLength(0)

    const code = totpCodeAt(opened.totpKey, clock)
    const accepted = await postJson(test, path, { name: 'Jan Jansen', totp: code, ...fields }, opened)
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json().next).toBe('/staff')
    const cookies = { ...opened.cookies, ...cookiesOf(accepted) }
    const home = await test.app.inject({ url: '/staff?lang=en', cookies })
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Jan Jansen')
    expect(rows("SELECT role, display_name FROM user WHERE email = 'jan@example.org'")).toEqual([
      { role: 'confidant', display_name: 'Jan Jansen' },
    ])

    // Single use: the page and the post are refused, and nothing changes.
    const again = await test.app.inject({ url: `${path}?lang=en` })
    expect(again.statusCode).toBe(404)
    expect(again.body).toContain('This invitation link is not valid')
    const replay = await postJson(test, path, { name: 'Eve', totp: code, ...keyFields().fields }, opened)
    expect(replay.statusCode).toBe(404)
    expect(rows("SELECT display_name FROM user WHERE email = 'jan@example.org'")).toEqual([
      { display_name: 'Jan Jansen' },
    ])
    // The enrolment code cannot sign in a second time; the next code and the chosen password can.
    const account = { email: 'jan@example.org', auth, totpSecret: opened.totpKey }
    expect((await signIn(test, account, clock, { totp: code })).response.statusCode).toBe(401)
    clock += 30_000
    expect((await signIn(test, account, clock)).response.statusCode).toBe(200)
  })

  it('expire after 7 days, and a new invitation for the same address replaces the old one', async () => {
    const first = invite()
    const second = invite()
    expect((await test.app.inject({ url: first })).statusCode).toBe(404)
    const opened = await openInvitation(second)
    expect(opened.page.statusCode).toBe(200)
    clock += 7 * DAY
    expect((await test.app.inject({ url: second })).statusCode).toBe(404)
    const late = await postJson(
      test,
      second,
      { name: 'Jan', totp: totpCodeAt(opened.totpKey, clock), ...keyFields().fields },
      opened,
    )
    expect(late.statusCode).toBe(404)
    expect(rows('SELECT * FROM user')).toHaveLength(0)
    expect((await test.app.inject({ url: `/staff/invite/${'A'.repeat(43)}` })).statusCode).toBe(404)
  })

  it('are refused for an address that already has an account', async () => {
    await seedStaff(test, 'confidant', 'jan@example.org')
    expect(() => invite()).toThrow(/already exists/)
  })
})

describe('CSRF on the staff area', () => {
  it('refuses every staff POST without a token with 403 and changes nothing', async () => {
    const vera = await seedStaff(test, 'confidant', 'vera@example.org')
    const { browser } = await signIn(test, vera, clock)
    const invitation = invite()
    const opened = await openInvitation(invitation)
    const setup = new URL(test.app.services.setup.issueLinkIfNeeded()!.url).pathname
    const sessionsBefore = rows('SELECT count(*) AS n FROM session')
    const posts: Array<[string, Record<string, string>]> = [
      ['/staff/login/salt', { email: 'vera@example.org' }],
      [
        '/staff/login',
        { email: 'vera@example.org', auth: vera.auth, totp: totpCodeAt(vera.totpSecret, clock + 30_000) },
      ],
      ['/staff/logout', {}],
      [invitation, { name: 'Jan', totp: totpCodeAt(opened.totpKey, clock), ...keyFields().fields }],
      [
        setup,
        { association: 'X', name: 'Eve', email: 'eve@example.org', totp: '123456', ...keyFields().fields },
      ],
    ]
    for (const [url, fields] of posts) {
      for (const as of ['json', 'form'] as const) {
        const response = await test.app.inject({
          method: 'POST',
          url,
          cookies: { ...browser.cookies, ...opened.cookies },
          headers: {
            'content-type': as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
          },
          payload: as === 'json' ? JSON.stringify(fields) : formBody(fields),
        })
        expect(response.statusCode, `${as} POST ${url}`).toBe(403)
      }
    }
    expect(rows('SELECT count(*) AS n FROM session')).toEqual(sessionsBefore)
    expect(rows('SELECT email FROM user')).toEqual([{ email: 'vera@example.org' }])
    expect((await test.app.inject({ url: '/staff', cookies: browser.cookies })).statusCode).toBe(200)
  })

  it('refuses a token from another browser', async () => {
    const vera = await seedStaff(test, 'confidant', 'vera@example.org')
    const mine = await openLoginPage(test)
    const theirs = await openLoginPage(test)
    const response = await postJson(
      test,
      '/staff/login',
      { email: vera.email, auth: vera.auth, totp: totpCodeAt(vera.totpSecret, clock) },
      { csrf: theirs.csrf, cookies: mine.cookies },
    )
    expect(response.statusCode).toBe(403)
  })
})

describe('what the staff area stores', () => {
  it('keeps no IP address or user agent in any table, whatever the request carried', async () => {
    const agent = 'CanaryBrowser/9.9 (StaffSide)'
    const address = '203.0.113.77'
    const headers = { 'user-agent': agent, 'x-forwarded-for': address }
    const vera = await seedStaff(test, 'confidant', 'vera@example.org')
    // Every request below arrives from this address with this browser name, as a real one would.
    const inject = test.app.inject.bind(test.app) as (options: InjectOptions) => Promise<unknown>
    ;(test.app as unknown as { inject: unknown }).inject = (options: InjectOptions) =>
      inject({ ...options, remoteAddress: address, headers: { ...headers, ...(options.headers ?? {}) } })
    await signIn(test, vera, clock, { auth: Buffer.alloc(32, 1).toString('base64url') })
    const { browser } = await signIn(test, vera, clock)
    await test.app.inject({ url: '/staff', cookies: browser.cookies })
    const path = invite()
    const opened = await openInvitation(path)
    await postJson(
      test,
      path,
      { name: 'Jan', totp: totpCodeAt(opened.totpKey, clock), ...keyFields().fields },
      opened,
    )
    await test.app.inject({
      method: 'POST',
      url: '/staff/logout',
      cookies: browser.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: browser.csrf }),
    })
    expect(rows('SELECT count(*) AS n FROM audit_event')[0]!.n).toBeGreaterThan(3)

    const tables = rows("SELECT name FROM sqlite_master WHERE type = 'table'").map(
      (row) => row.name as string,
    )
    expect(tables).toEqual(expect.arrayContaining(['session', 'invitation', 'user', 'audit_event']))
    for (const table of tables) {
      const dump = JSON.stringify(rows(`SELECT * FROM "${table}"`), (_key, value) =>
        value && value.type === 'Buffer' ? Buffer.from(value.data).toString('latin1') : value,
      )
      for (const needle of [address, agent, 'CanaryBrowser'])
        expect(dump.includes(needle), `${needle} in ${table}`).toBe(false)
    }
  })
})
