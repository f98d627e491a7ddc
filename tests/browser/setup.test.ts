import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { totpCodeAt } from '../../server/domain/totp.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { expectAccessible, expectOnlyOwnOrigin, openContext } from '../helpers/browser.js'
import { describeInBrowser, launchChromium } from '../helpers/chromium.js'

describeInBrowser('first-run setup in Chromium', () => {
  let browser: Browser
  let test: TestApp
  let origin: string
  beforeAll(async () => {
    browser = await launchChromium()
    test = await createTestApp()
    origin = await test.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await browser?.close()
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
    const posted: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request.postData() ?? '')
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

    expect(posted).toHaveLength(1)
    expect(posted[0]).not.toContain('Pa55word')
    expect(posted[0]).toMatch(/auth=[A-Za-z0-9_-]{43}&/)
    expect(test.app.services.accounts.countAdmins()).toBe(1)
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
