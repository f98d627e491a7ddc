import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  deriveAccountSecrets,
  fromBase64Url,
  ready,
  toBase64Url,
  unlockAccountSecretKey,
} from '../../crypto/index.js'
import { totpCodeAt } from '../../server/domain/totp.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { cookiesOf } from '../helpers/forms.js'
import { openLoginPage, postJson, type StaffAccount, seedStaff, signIn } from '../helpers/staff.js'

const MINUTE = 60_000
let test: TestApp
let clock: number
beforeEach(async () => {
  await ready()
  clock = Date.parse('2026-11-28T10:00:07Z')
})
afterEach(() => test?.close())

async function start(env: Record<string, string> = {}) {
  test = await createTestApp({ now: () => clock, env })
}

const wrongAuth = Buffer.alloc(32, 7).toString('base64url')

function landing(cookies: Record<string, string>) {
  return test.app.inject({ url: '/staff?lang=en', cookies })
}

describe('staff sign-in', () => {
  let vera: StaffAccount
  beforeEach(async () => {
    await start()
    vera = await seedStaff(test, 'confidant', 'vera@example.org')
  })

  it('signs in with the salt, the derived auth key and a TOTP code, and the answer unlocks the private key', async () => {
    const browser = await openLoginPage(test)
    const salt = await postJson(test, '/staff/login/salt', { email: ' Vera@Example.org ' }, browser)
    expect(salt.statusCode).toBe(200)
    const secrets = deriveAccountSecrets(vera.password, fromBase64Url(salt.json().salt))
    expect(toBase64Url(secrets.auth)).toBe(vera.auth)

    const { response, browser: signedIn } = await signIn(test, vera, clock)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.next).toBe('/staff')
    const secretKey = unlockAccountSecretKey(secrets.kek, fromBase64Url(body.encryptedSecretKey))
    expect(secretKey).toHaveLength(32)
    const cookie = response.cookies.find((c) => c.name === 'meldpool-session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    expect(cookie.secure).toBeFalsy()
    expect(cookie.maxAge).toBeUndefined()

    const home = await landing(signedIn.cookies)
    expect(home.statusCode).toBe(200)
    expect(home.headers['cache-control']).toBe('no-store')
    expect(home.body).toContain('Vera de Vries')
    expect(home.body).toContain('Sign out')

    // Only the token's hash is stored.
    const stored = rows('SELECT token_hash FROM session')
    expect(stored).toHaveLength(1)
    expect(Buffer.from(stored[0]!.token_hash as Buffer).toString('base64url')).not.toBe(cookie.value)
  })

  it('refuses a wrong password, a wrong code and an unknown address with the same answer', async () => {
    const answers = [
      await signIn(test, vera, clock, { auth: wrongAuth }),
      await signIn(test, vera, clock, { totp: totpCodeAt(vera.totpSecret, clock + 5 * MINUTE) }),
      await signIn(test, { ...vera, email: 'nobody@example.org' }, clock),
      await signIn(test, vera, clock, { auth: 'not-base64-at-all!' }),
    ]
    for (const { response } of answers) {
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual({ error: 'LoginFailed' })
      expect(response.cookies.find((c) => c.name === 'meldpool-session')).toBeUndefined()
    }
    expect(rows('SELECT * FROM session')).toHaveLength(0)
    expect((await landing({})).statusCode).toBe(303)
  })

  it('answers a stable fake salt of the same shape for an unknown address', async () => {
    const browser = await openLoginPage(test)
    const salt = async (email: string) =>
      (await postJson(test, '/staff/login/salt', { email }, browser)).json().salt as string
    const real = await salt('vera@example.org')
    const fake = await salt('nobody@example.org')
    expect(fake).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(real).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(await salt('Nobody@Example.org')).toBe(fake)
    expect(await salt('someone-else@example.org')).not.toBe(fake)
    expect(fake).not.toBe(real)
    // The same after a restart: derived from the server secret, not random per request.
    const dataDir = test.dataDir
    await test.app.close()
    test = await createTestApp({ now: () => clock, reopen: dataDir })
    const again = await openLoginPage(test)
    expect(
      (await postJson(test, '/staff/login/salt', { email: 'nobody@example.org' }, again)).json().salt,
    ).toBe(fake)
    await test.close()
    const { rmSync } = await import('node:fs')
    rmSync(dataDir, { recursive: true, force: true })
    test = await createTestApp({ now: () => clock })
  })

  it('locks the account for 15 minutes after 5 failures, even for the right password, then lets it in', async () => {
    for (let attempt = 1; attempt <= 4; attempt++)
      expect((await signIn(test, vera, clock, { auth: wrongAuth })).response.statusCode).toBe(401)
    const fifth = await signIn(test, vera, clock, { auth: wrongAuth })
    expect(fifth.response.statusCode).toBe(429)
    expect(fifth.response.json()).toEqual({ error: 'AccountLocked', lockedUntil: clock + 15 * MINUTE })
    expect(fifth.response.headers['retry-after']).toBe('900')

    clock += 14 * MINUTE
    const right = await signIn(test, vera, clock)
    expect(right.response.statusCode).toBe(429)
    expect(right.response.headers['retry-after']).toBe('60')
    expect(rows('SELECT * FROM session')).toHaveLength(0)

    clock += MINUTE
    expect((await signIn(test, vera, clock)).response.statusCode).toBe(200)
    // A success forgets the failures.
    expect(rows("SELECT failed_logins, locked_until FROM user WHERE email = 'vera@example.org'")).toEqual([
      { failed_logins: 0, locked_until: null },
    ])
  })

  it('refuses a TOTP code that was already used, within its window', async () => {
    const code = totpCodeAt(vera.totpSecret, clock)
    const first = await signIn(test, vera, clock, { totp: code })
    expect(first.response.statusCode).toBe(200)
    clock += 10_000
    const replay = await signIn(test, vera, clock, { totp: code })
    expect(replay.response.statusCode).toBe(401)
    // The previous step's code is older still: refused too.
    expect(
      (await signIn(test, vera, clock, { totp: totpCodeAt(vera.totpSecret, clock - 30_000) })).response
        .statusCode,
    ).toBe(401)
    clock += 30_000
    expect((await signIn(test, vera, clock)).response.statusCode).toBe(200)
  })

  it('signs out: the session is gone on the server and its cookie opens nothing', async () => {
    const { browser } = await signIn(test, vera, clock)
    const logout = await test.app.inject({
      method: 'POST',
      url: '/staff/logout',
      cookies: browser.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: browser.csrf }).toString(),
    })
    expect(logout.statusCode).toBe(303)
    expect(logout.headers.location).toBe('http://127.0.0.1:3000/staff/login?signedOut=1')
    expect(cookiesOf(logout)['meldpool-session']).toBe('')
    expect(rows('SELECT * FROM session')).toHaveLength(0)
    const after = await landing(browser.cookies)
    expect(after.statusCode).toBe(303)
    const page = await test.app.inject({ url: '/staff/login?signedOut=1&lang=en' })
    expect(page.body).toContain('You have signed out.')
  })

  it('ends a session after 30 idle minutes, and after 12 hours whatever happens', async () => {
    const { browser } = await signIn(test, vera, clock)
    // Active every 29 minutes: still signed in after almost 12 hours.
    for (let elapsed = 29; elapsed < 12 * 60; elapsed += 29) {
      clock += 29 * MINUTE
      expect((await landing(browser.cookies)).statusCode, `after ${elapsed} minutes`).toBe(200)
    }
    clock += 29 * MINUTE
    const tooOld = await landing(browser.cookies)
    expect(tooOld.statusCode).toBe(303)
    expect(tooOld.headers.location).toBe('http://127.0.0.1:3000/staff/login?expired=1')

    clock += 30_000
    const again = await signIn(test, vera, clock)
    clock += 30 * MINUTE
    const idle = await landing(again.browser.cookies)
    expect(idle.statusCode).toBe(303)
    expect(idle.headers.location).toContain('expired=1')
    expect(rows('SELECT * FROM session')).toHaveLength(0)
    const page = await test.app.inject({ url: '/staff/login?expired=1&lang=en' })
    expect(page.body).toContain('Your session has ended.')
  })
})

describe('staff sessions, configured', () => {
  it('honour MELDPOOL_SESSION_IDLE_MINUTES and MELDPOOL_SESSION_MAX_HOURS', async () => {
    await start({ MELDPOOL_SESSION_IDLE_MINUTES: '5', MELDPOOL_SESSION_MAX_HOURS: '1' })
    const vera = await seedStaff(test, 'confidant', 'vera@example.org')
    const { browser } = await signIn(test, vera, clock)
    clock += 4 * MINUTE
    expect((await landing(browser.cookies)).statusCode).toBe(200)
    clock += 5 * MINUTE
    expect((await landing(browser.cookies)).statusCode).toBe(303)
    // A session abandoned without a last request is cleared out by the next sign-in.
    clock += 30_000
    await signIn(test, vera, clock)
    clock += 6 * MINUTE
    clock += 30_000
    await signIn(test, vera, clock)
    expect(rows('SELECT count(*) AS n FROM session')).toEqual([{ n: 1 }])
  })

  it('uses a __Host- cookie marked Secure behind an https public URL', async () => {
    await start({ MELDPOOL_PUBLIC_URL: 'https://meldpunt.example.org' })
    const vera = await seedStaff(test, 'confidant', 'vera@example.org')
    const { response } = await signIn(test, vera, clock)
    expect(response.statusCode).toBe(200)
    const cookie = response.cookies.find((c) => c.name === '__Host-meldpool-session')!
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' })
    expect(cookie.domain).toBeUndefined()
  })
})

describe('the signed-in landing', () => {
  it('shows a confidant their organisations with open cases, and an administrator no case data', async () => {
    await start()
    const vera = await seedStaff(test, 'confidant', 'vera@example.org')
    const admin = await seedStaff(test, 'admin', 'ada@example.org')
    const { organisations, reports } = test.app.services
    organisations.add({ slug: 'bakkerij', name: 'Bakkerij Jansen B.V.' }, 'test')
    organisations.add({ slug: 'garage', name: 'Garage Pieters' }, 'test')
    organisations.add({ slug: 'elders', name: 'Elders & Co' }, 'test')
    for (const slug of ['bakkerij', 'garage', 'elders']) {
      if (slug !== 'elders') organisations.assign(vera.email, slug, 'test')
      else {
        await seedStaff(test, 'confidant', 'other@example.org', 'Other')
        organisations.assign('other@example.org', slug, 'test')
      }
      organisations.activate(slug, 'test')
    }
    const fields = { what: 'w', when: 'w', where: 'w', who: 'w', how: 'w', ongoing: 'no' as const }
    await reports.submitFromForm('bakkerij', fields, [], 'nl')
    await reports.submitFromForm('bakkerij', fields, [], 'nl')
    await reports.submitFromForm('elders', fields, [], 'nl')

    const asVera = await signIn(test, vera, clock)
    const home = (await landing(asVera.browser.cookies)).body
    const row = (name: string) =>
      home.match(new RegExp(`<th scope="row">${name}</th><td class="open-cases">(\\d+)</td>`))?.[1]
    expect(row('Bakkerij Jansen B.V.')).toBe('2')
    expect(row('Garage Pieters')).toBe('0')
    expect(home).not.toContain('Elders')

    const asAdmin = await signIn(test, admin, clock)
    const adminHome = (await landing(asAdmin.browser.cookies)).body
    expect(adminHome).toContain('Ada Admin')
    expect(adminHome).toContain('Administrators manage member organisations and confidants.')
    expect(adminHome).not.toContain('Bakkerij')
    expect(adminHome).not.toContain('open-cases')
  })
})

/** Every row of a query, read from the database file as a copy of the disk would show it. */
function rows(query: string): Array<Record<string, unknown>> {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare(query).all() as Array<Record<string, unknown>>
  } finally {
    db.close()
  }
}
