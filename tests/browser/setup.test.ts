import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  authVerifier,
  deriveAccountSecrets,
  generateSecretKey,
  openSealedKey,
  sealKeyFor,
  unlockAccountSecretKey,
  WrongPassword,
} from '../../crypto/index.js'
import { totpCodeAt } from '../../server/domain/totp.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import {
  expectAccessible,
  expectOnlyOwnOrigin,
  FIXTURE_BUDGET_MS,
  openContext,
  useBrowser,
} from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { filesContaining } from '../helpers/files.js'

describeInBrowser('first-run setup in Chromium', () => {
  const sharedBrowser = useBrowser()
  let browser: Browser
  let test: TestApp
  let origin: string
  beforeAll(async () => {
    browser = sharedBrowser()
    test = await createTestApp()
    origin = await test.app.listen({ host: '127.0.0.1', port: 0 })
  }, FIXTURE_BUDGET_MS)
  afterAll(async () => {
    await test?.close()
  })

  it('landing and error pages pass axe in both languages and load nothing from elsewhere', async () => {
    const { context, requests } = await openContext(browser)
    const page = await context.newPage()
    for (const lang of ['nl', 'en']) {
      await page.goto(`${origin}/?lang=${lang}`)
      await expectAccessible(page, `landing ${lang}`)
      const response = await page.goto(`${origin}/nothing-here?lang=${lang}`)
      expect(response?.status()).toBe(404)
      await expectAccessible(page, `404 ${lang}`)
    }
    expectOnlyOwnOrigin(requests, origin)
    await context.close()
  })

  it('creates the administrator with keys derived in the browser; the password is never sent', async () => {
    const link = test.app.services.setup.issueLinkIfNeeded()!
    const path = new URL(link.url).pathname
    const { context, requests } = await openContext(browser)
    const page = await context.newPage()
    // Every request the browser sent: URL, headers and body.
    const sent: Array<{ url: string; headers: Record<string, string>; body: Buffer | null }> = []
    context.on('request', (request) => {
      sent.push({ url: request.url(), headers: request.headers(), body: request.postDataBuffer() })
    })
    await page.goto(`${origin}${path}?lang=en`)
    await expectAccessible(page, 'setup form')
    const password = 'Pa55word-that-stays-in-the-browser'
    await page.fill('#association', 'Branchevereniging Schilders')
    await page.fill('#name', 'Ada Admin')
    await page.fill('#email', 'ada@example.org')
    await page.fill('#password', password)
    const key = (await page.textContent('.totp-key'))!.replace(/\s/g, '')
    await page.fill('#totp', totpCodeAt(key, Date.now()))
    await page.fill('#password-repeat', 'something else entirely')
    await page.click('button[type=submit]')
    await expect.poll(() => page.textContent('#setup-status')).toBe('The two passwords are not the same.')
    await page.fill('#password-repeat', password)
    await Promise.all([page.waitForURL(`**${path}?lang=en`), page.click('button[type=submit]')])
    await expect.poll(() => page.textContent('h1')).toBe('The administrator account has been created.')
    await expectAccessible(page, 'setup done')

    const posts = sent.filter(({ body }) => body !== null)
    expect(posts).toHaveLength(1)
    expect(posts[0]!.body!.toString()).toMatch(/auth=[A-Za-z0-9_-]{43}&/)
    for (const spelling of spellings(password)) {
      for (const request of sent) {
        const seen = [request.url, JSON.stringify(request.headers), request.body?.toString('latin1') ?? '']
        expect(seen.join('\n').includes(spelling), `${spelling} sent to ${request.url}`).toBe(false)
      }
    }

    // What the server stored is what DESIGN §4 says: the verifier is BLAKE2b of `auth` (not `auth` itself),
    // and the private key opens only with the `kek` that the password derives — and matches the public key.
    const stored = storedAdmin(test, 'ada@example.org')
    const secrets = deriveAccountSecrets(password, stored.salt)
    expect(Buffer.from(stored.verifier).equals(Buffer.from(authVerifier(secrets.auth)))).toBe(true)
    expect(Buffer.from(stored.verifier).equals(Buffer.from(secrets.auth))).toBe(false)
    const secretKey = unlockAccountSecretKey(secrets.kek, stored.encryptedSecretKey)
    const probe = generateSecretKey()
    const binding = { caseId: 'probe', holder: 'admin', kind: 'shared' } as const
    expect(
      openSealedKey(sealKeyFor(probe, stored.publicKey, binding), stored.publicKey, secretKey, binding),
    ).toEqual(probe)
    expect(() =>
      unlockAccountSecretKey(
        deriveAccountSecrets(`${password}!`, stored.salt).kek,
        stored.encryptedSecretKey,
      ),
    ).toThrow(WrongPassword)

    // Nowhere at rest: no file under the data directory (database, WAL) holds the password in any spelling.
    for (const spelling of spellings(password))
      expect(filesContaining(test.dataDir, spelling), spelling).toEqual([])
    expect(test.logs.join('\n')).not.toContain(password)
    expectOnlyOwnOrigin(requests, origin)
    await context.close()
  })

  it('the landing page fits a 320 px wide screen without horizontal scrolling', async () => {
    const { context } = await openContext(browser, { viewport: { width: 320, height: 640 } })
    const page = await context.newPage()
    await page.goto(`${origin}/`)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBe(0)
    await context.close()
  })
})

/** The password as it could travel or be stored: as typed, URL- and form-encoded, base64, base64url, hex. */
function spellings(password: string): string[] {
  const bytes = Buffer.from(password)
  return [
    password,
    encodeURIComponent(password),
    new URLSearchParams({ p: password }).toString().slice(2),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('hex'),
  ]
}

function storedAdmin(test: TestApp, email: string) {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true, fileMustExist: true })
  try {
    const row = db
      .prepare(
        "SELECT auth_verifier, kdf_salt, public_key, encrypted_secret_key FROM user WHERE email = ? AND role = 'admin'",
      )
      .get(email) as Record<'auth_verifier' | 'kdf_salt' | 'public_key' | 'encrypted_secret_key', Buffer>
    return {
      verifier: new Uint8Array(row.auth_verifier),
      salt: new Uint8Array(row.kdf_salt),
      publicKey: new Uint8Array(row.public_key),
      encryptedSecretKey: new Uint8Array(row.encrypted_secret_key),
    }
  } finally {
    db.close()
  }
}
