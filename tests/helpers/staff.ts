import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import {
  createAccountKeys,
  deriveAccountSecrets,
  type NewAccountKeys,
  ready,
  toBase64Url,
} from '../../crypto/index.js'
import { newTotpSecret, totpCodeAt } from '../../server/domain/totp.js'
import type { TestApp } from './app.js'
import { cookiesOf } from './forms.js'

/** A staff account whose password and TOTP secret the test knows, to sign in as a browser would. */
export type StaffAccount = {
  id: string
  email: string
  name: string
  password: string
  totpSecret: string
  /** `auth` as the browser derives it from the password (one Argon2id, done once per account). */
  auth: string
  /** The key pair, to read cases as this account would in its browser. */
  keys: NewAccountKeys
}

export async function seedStaff(
  test: TestApp,
  role: 'confidant' | 'admin',
  email: string,
  name = role === 'admin' ? 'Ada Admin' : 'Vera de Vries',
): Promise<StaffAccount> {
  await ready()
  const password = `sign-in passphrase of ${email}`
  const keys = createAccountKeys(password)
  const totpSecret = newTotpSecret()
  const { id } = test.app.services.accounts.create({ role, email, name, keys, totpSecret }, 'test')
  return { id, email, name, password, totpSecret, auth: toBase64Url(keys.auth), keys }
}

/** The sign-in page's CSRF token and cookie, as a browser holds them after loading it. */
export async function openLoginPage(test: TestApp) {
  const page = await test.app.inject({ url: '/staff/login?lang=en' })
  const csrf = page.body.match(/data-csrf="([^"]+)"/)?.[1]
  if (!csrf) throw new Error('no CSRF token on the sign-in page')
  return { page, csrf, cookies: cookiesOf(page) }
}

export type Browserish = { csrf: string; cookies: Record<string, string> }

export function postJson(
  test: TestApp,
  url: string,
  body: unknown,
  as: Browserish,
  headers: Record<string, string> = {},
) {
  return test.app.inject({
    method: 'POST',
    url,
    cookies: as.cookies,
    headers: { 'content-type': 'application/json', 'csrf-token': as.csrf, ...headers },
    payload: JSON.stringify(body),
  })
}

/** Signs in through the two endpoints the page script calls; returns the answer and the cookies after it. */
export async function signIn(
  test: TestApp,
  account: Pick<StaffAccount, 'email' | 'auth' | 'totpSecret'>,
  at: number,
  overrides: { auth?: string; totp?: string; headers?: Record<string, string> } = {},
) {
  const browser = await openLoginPage(test)
  const response = await postJson(
    test,
    '/staff/login',
    {
      email: account.email,
      auth: overrides.auth ?? account.auth,
      totp: overrides.totp ?? totpCodeAt(account.totpSecret, at),
    },
    browser,
    overrides.headers,
  )
  const cookies = { ...browser.cookies, ...cookiesOf(response) }
  return { response, browser: { csrf: browser.csrf, cookies } }
}

/** Signs every account in at `at`; their sessions under the same names. */
export async function signInEach(
  test: TestApp,
  people: Record<string, StaffAccount>,
  at: number,
): Promise<Record<string, Browserish>> {
  const sessions: Record<string, Browserish> = {}
  for (const [who, account] of Object.entries(people)) {
    const { response, browser } = await signIn(test, account, at)
    expect(response.statusCode, who).toBe(200)
    sessions[who] = browser
  }
  return sessions
}

/**
 * Signs in through the real page in Chromium: e-mail, password (the page derives the keys from it before it
 * posts), the TOTP code at `at` (the server's clock; each sign-in needs a later step than the last), then the
 * landing at /staff.
 */
export async function signInInBrowser(
  page: Page,
  origin: string,
  account: Pick<StaffAccount, 'email' | 'password' | 'totpSecret'>,
  at: number,
): Promise<void> {
  await page.goto(`${origin}/staff/login?lang=en`)
  await page.fill('#email', account.email)
  await page.fill('#password', account.password)
  await page.fill('#totp', totpCodeAt(account.totpSecret, at))
  await Promise.all([page.waitForURL(`${origin}/staff`), page.click('button[type=submit]')])
}

export { deriveAccountSecrets }
