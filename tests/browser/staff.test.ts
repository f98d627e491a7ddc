import type { Browser } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { totpCodeAt } from '../../server/domain/totp.js'
import type { TestApp } from '../helpers/app.js'
import {
  expectAccessible,
  expectOnlyOwnOrigin,
  FIXTURE_BUDGET_MS,
  openContext,
  useWorkspace,
} from '../helpers/browser.js'
import { ARGON2ID_BUDGET_MS } from '../helpers/budgets.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { multipart } from '../helpers/forms.js'
import { seedStaff } from '../helpers/staff.js'

describeInBrowser('a confidant joins and signs in, in Chromium', () => {
  const workspace = useWorkspace(() => clock)
  let browser: Browser
  let test: TestApp
  let origin: string
  // The server's clock, moved by the test so the sign-in code is a later TOTP step than the enrolment code.
  let clock = Date.now()
  beforeAll(async () => {
    ;({ browser, test, origin } = workspace())
  }, FIXTURE_BUDGET_MS)

  it('invitation → password → TOTP → landing → sign out → sign in → landing, with keys only in the tab', async () => {
    const { services } = test.app
    const link = services.invitations.invite({ email: 'jan@example.org', role: 'confidant' }, 'test')
    const { context, requests } = await openContext(browser)
    const page = await context.newPage()
    const bodies: string[] = []
    context.on('request', (request) => {
      const body = request.postDataBuffer()
      if (body) bodies.push(body.toString('latin1'))
    })

    await page.goto(`${link.url}?lang=en`)
    await expectAccessible(page, 'invitation')
    await page.fill('#name', 'Jan Jansen')
    const totpKey = (await page.textContent('.totp-key'))!.replace(/\s/g, '')
    await page.fill('#totp', totpCodeAt(totpKey, clock))
    await page.fill('#password', 'password1234')
    await page.fill('#password-repeat', 'password1234')
    await expect.poll(() => page.textContent('#password-strength')).toBe('weak')
    await page.click('button[type=submit]')
    await expect.poll(() => page.textContent('#invite-status')).toContain('too easy to guess')
    expect(bodies).toEqual([])

    const password = 'Zeven kleine boterhammen op een blauwe fiets'
    await page.fill('#password', password)
    await page.fill('#password-repeat', password)
    await expect.poll(() => page.textContent('#password-strength')).toBe('very strong')
    await Promise.all([page.waitForURL(`${origin}/staff`), page.click('button[type=submit]')])
    await expect.poll(() => page.getAttribute('#key-status', 'data-unlocked')).toBe('yes')
    expect(await page.textContent('.staff-name')).toBe('Jan Jansen')

    // Assigned meanwhile: the landing lists the organisation with its open cases.
    // Manual acknowledgement: the inbox then counts down to it.
    services.organisations.add(
      { slug: 'bakkerij', name: 'Bakkerij Jansen B.V.', autoAcknowledge: false },
      'test',
    )
    services.organisations.assign('jan@example.org', 'bakkerij', 'test')
    services.organisations.activate('bakkerij', 'test')
    // A report arrives: the inbox lists it with its deadline (and the page stays accessible with it).
    const report = await multipart([
      ['lang', 'en'],
      ['what', 'A report for the inbox'],
    ])
    const received = await test.app.inject({ method: 'POST', url: '/r/bakkerij/report', ...report })
    expect(received.statusCode).toBe(200)
    await page.goto(`${origin}/staff?lang=en`)
    await expect.poll(() => page.getAttribute('#key-status', 'data-unlocked')).toBe('yes')
    expect(await page.textContent('.organisations')).toContain('Bakkerij Jansen B.V.')
    expect(await page.textContent('.inbox-table')).toContain('7 days left')
    await expectAccessible(page, 'landing with the inbox')
    // Held in this tab only, sealed: nothing in localStorage, and the secret key is not there in the clear.
    const stored = await page.evaluate(() => ({
      local: localStorage.length,
      session: Object.keys(sessionStorage),
    }))
    expect(stored).toEqual({ local: 0, session: ['meldpool.heldSecretKey'] })

    await Promise.all([page.waitForURL('**/staff/login?signedOut=1'), page.click('#logout-form button')])
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    await page.goto(`${origin}/staff/login?lang=en`)
    await expectAccessible(page, 'sign-in')
    // Signed out: the landing is closed.
    await page.goto(`${origin}/staff`)
    expect(page.url()).toBe(`${origin}/staff/login`)

    clock += 30_000
    await page.fill('#email', 'jan@example.org')
    await page.fill('#password', `${password}!`)
    await page.fill('#totp', totpCodeAt(totpKey, clock))
    await page.click('button[type=submit]')
    await expect
      .poll(() => page.textContent('#login-status'))
      .toBe('The e-mail address, password or code is not correct.')
    await expectAccessible(page, 'sign-in failed')
    await page.fill('#password', password)
    await page.fill('#totp', totpCodeAt(totpKey, clock))
    await Promise.all([page.waitForURL(`${origin}/staff`), page.click('button[type=submit]')])
    await expect.poll(() => page.getAttribute('#key-status', 'data-unlocked')).toBe('yes')

    for (const body of bodies) expect(body.includes(password), 'password sent').toBe(false)
    for (const body of bodies)
      expect(body.includes(encodeURIComponent(password)), 'password sent').toBe(false)
    expectOnlyOwnOrigin(requests, origin)
    await context.close()
  })

  it('tells a locked-out confidant until when, in the page', async () => {
    await seedStaff(test, 'confidant', 'locked@example.org')
    const { context } = await openContext(browser)
    const page = await context.newPage()
    await page.goto(`${origin}/staff/login?lang=en`)
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.fill('#email', 'locked@example.org')
      await page.fill('#password', `not the password ${attempt}`)
      await page.fill('#totp', '000000')
      await page.click('button[type=submit]')
      // Each attempt derives the password's key in the page first (one Argon2id): give it that budget.
      await expect
        .poll(() => page.isEnabled('button[type=submit]'), { timeout: ARGON2ID_BUDGET_MS })
        .toBe(true)
      await expect.poll(() => page.textContent('#login-status')).not.toContain('Checking')
    }
    await expect
      .poll(() => page.textContent('#login-status'))
      .toMatch(
        /^Too many failed sign-ins: this account is locked until \d\d:\d\d( [AP]M)?\. Try again after that\.$/,
      )
    await expectAccessible(page, 'locked out')
    await context.close()
  })
})
