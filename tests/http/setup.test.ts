import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAccountKeys, ready, toBase64Url } from '../../crypto/index.js'
import { totpCodeAt } from '../../server/domain/totp.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { cookiesOf, formBody, inputValue } from '../helpers/forms.js'

let test: TestApp
let clock: number
beforeEach(async () => {
  await ready()
  clock = Date.parse('2026-11-28T10:00:00Z')
  test = await createTestApp({ now: () => clock })
})
afterEach(() => test.close())

function setupPath(url: string): string {
  return new URL(url).pathname
}

async function openSetupPage(path: string) {
  const page = await test.app.inject({ url: `${path}?lang=en` })
  const totpKey = page.body.match(/<code class="totp-key">([A-Z2-7 ]+)<\/code>/)?.[1]?.replace(/ /g, '')
  return { page, totpKey, csrf: inputValue(page.body, '_csrf'), cookies: cookiesOf(page) }
}

function keyFields() {
  const keys = createAccountKeys('correct horse battery staple')
  return {
    auth: toBase64Url(keys.auth),
    salt: toBase64Url(keys.salt),
    publicKey: toBase64Url(keys.publicKey),
    encryptedSecretKey: toBase64Url(keys.encryptedSecretKey),
  }
}

describe('first-run setup', () => {
  it('creates the first administrator through the one-time link, then the link is dead', async () => {
    const link = test.app.services.setup.issueLinkIfNeeded()!
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/staff\/setup\/[A-Za-z0-9_-]{43}$/)
    const path = setupPath(link.url)
    const { page, totpKey, csrf, cookies } = await openSetupPage(path)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Create the first administrator account')
    expect(page.body).toMatch(/<img class="qr" src="data:image\/png;base64,/)
    expect(totpKey).toMatch(/^[A-Z2-7]{32}$/)
    // A reload shows the same enrolment secret.
    expect((await openSetupPage(path)).totpKey).toBe(totpKey)

    const response = await test.app.inject({
      method: 'POST',
      url: `${path}?lang=en`,
      cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({
        _csrf: csrf,
        association: 'Branchevereniging Metaal',
        name: 'Ada Admin',
        email: 'Ada@Example.org',
        totp: totpCodeAt(totpKey!, clock),
        ...keyFields(),
      }),
    })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('The administrator account has been created.')
    expect(test.app.services.accounts.countAdmins()).toBe(1)

    const landing = await test.app.inject({ url: '/?lang=en' })
    expect(landing.body).toContain('Branchevereniging Metaal runs this confidential reporting channel')
    const again = await test.app.inject({ url: `${path}?lang=en` })
    expect(again.statusCode).toBe(404)
    expect(again.body).toContain('meldpool has already been set up.')
    expect(test.app.services.setup.issueLinkIfNeeded()).toBeNull()
  })

  it('refuses a post without a CSRF token and changes nothing', async () => {
    const path = setupPath(test.app.services.setup.issueLinkIfNeeded()!.url)
    const { totpKey } = await openSetupPage(path)
    const response = await test.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({
        association: 'X',
        name: 'Eve',
        email: 'eve@example.org',
        totp: totpCodeAt(totpKey!, clock),
        ...keyFields(),
      }),
    })
    expect(response.statusCode).toBe(403)
    expect(test.app.services.accounts.countAdmins()).toBe(0)
  })

  it('explains that JavaScript is needed when the browser sent no keys, and a wrong code, without creating anyone', async () => {
    const path = setupPath(test.app.services.setup.issueLinkIfNeeded()!.url)
    const { csrf, cookies, totpKey } = await openSetupPage(path)
    const post = (fields: Record<string, string>) =>
      test.app.inject({
        method: 'POST',
        url: `${path}?lang=en`,
        cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({
          _csrf: csrf,
          association: 'A',
          name: 'Ada',
          email: 'ada@example.org',
          ...fields,
        }),
      })
    const noScript = await post({ totp: '123456' })
    expect(noScript.statusCode).toBe(400)
    expect(noScript.body).toContain('Staff pages need JavaScript')
    const wrongCode = await post({ totp: totpCodeAt(totpKey!, clock + 10 * 60_000), ...keyFields() })
    expect(wrongCode.statusCode).toBe(400)
    expect(wrongCode.body).toContain('The 6-digit code is not correct.')
    const badKeys = await post({ totp: totpCodeAt(totpKey!, clock), ...keyFields(), auth: 'short' })
    expect(badKeys.statusCode).toBe(400)
    expect(badKeys.body).toContain('Some fields are missing or not valid.')
    expect(test.app.services.accounts.countAdmins()).toBe(0)
  })

  it('refuses an expired link, a revoked link and a made-up one', async () => {
    const first = setupPath(test.app.services.setup.issueLinkIfNeeded()!.url)
    const second = setupPath(test.app.services.setup.issueLinkIfNeeded()!.url)
    expect((await test.app.inject({ url: first })).statusCode).toBe(404)
    expect((await test.app.inject({ url: second })).statusCode).toBe(200)
    clock += 25 * 60 * 60 * 1000
    const expired = await test.app.inject({ url: `${second}?lang=en` })
    expect(expired.statusCode).toBe(404)
    expect(expired.body).toContain('This setup link is not valid')
    expect((await test.app.inject({ url: `/staff/setup/${'A'.repeat(43)}` })).statusCode).toBe(404)
  })
})
