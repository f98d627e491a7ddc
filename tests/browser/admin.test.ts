import type { Browser, Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { totpCodeAt } from '../../server/domain/totp.js'
import { sqliteRows, TINY_PNG } from '../helpers/admin.js'
import type { TestApp } from '../helpers/app.js'
import {
  expectAccessible,
  expectOnlyOwnOrigin,
  FIXTURE_BUDGET_MS,
  openContext,
  useWorkspace,
} from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { type StaffAccount, seedStaff, signInInBrowser } from '../helpers/staff.js'

// Issue 11: the administration as an administrator uses it, in Chromium — a member organisation from nothing to
// a reporting page that wears its name and the association's logo, with a confidant who joined by invitation.

describeInBrowser('an administrator sets up a member organisation, in Chromium', () => {
  const workspace = useWorkspace(() => clock)
  let browser: Browser
  let test: TestApp
  let origin: string
  let admin: StaffAccount
  // The server's clock, moved by the test: each sign-in needs a later TOTP step than the last.
  let clock = Date.now()
  beforeAll(async () => {
    ;({ browser, test, origin } = workspace())
    admin = await seedStaff(test, 'admin', 'ada@example.org')
  }, FIXTURE_BUDGET_MS)

  async function signInAsAdmin(page: Page) {
    clock += 30_000
    await signInInBrowser(page, origin, admin, clock)
  }

  it('creates an organisation, invites its confidant, activates it and gives the reporting page a logo', async () => {
    const { context, requests } = await openContext(browser)
    const page = await context.newPage()
    await signInAsAdmin(page)

    await page.goto(`${origin}/staff/admin/organisations/new?lang=en`)
    await page.fill('#name', 'Bakkerij Jansen B.V.')
    await page.fill('#displayName', 'Jansen, de warme bakker')
    await page.fill('#slug', 'bakkerij-jansen')
    await Promise.all([
      page.waitForURL('**/staff/admin/organisations/bakkerij-jansen?lang=en&done=created'),
      page.click('#organisation-form button[type=submit]'),
    ])
    expect(await page.isVisible('#activate-blocked')).toBe(true)

    // The invitation link is shown once, on the page; the administrator passes it on.
    await page.goto(`${origin}/staff/admin/confidants?lang=en`)
    await page.fill('#invite-email', 'vera@example.org')
    await page.fill('#invite-name', 'Vera de Vries')
    await page.selectOption('#invite-role', 'confidant')
    await Promise.all([page.waitForLoadState('load'), page.click('#invite-form button[type=submit]')])
    const link = (await page.textContent('#one-time-link .invitation-link'))!.trim()
    expect(link).toMatch(new RegExp(`^${origin}/staff/invite/[A-Za-z0-9_-]+$`))

    // Vera accepts it in her own browser: her keys are made there.
    const vera = await openContext(browser)
    const veraPage = await vera.context.newPage()
    await veraPage.goto(`${link}?lang=en`)
    const totpKey = (await veraPage.textContent('.totp-key'))!.replace(/\s/g, '')
    await veraPage.fill('#name', 'Vera de Vries')
    await veraPage.fill('#totp', totpCodeAt(totpKey, clock))
    const password = 'Zeven kleine boterhammen op een blauwe fiets'
    await veraPage.fill('#password', password)
    await veraPage.fill('#password-repeat', password)
    await Promise.all([veraPage.waitForURL(`${origin}/staff`), veraPage.click('button[type=submit]')])
    expectOnlyOwnOrigin(vera.requests, origin)
    await vera.context.close()

    // Assigned and activated by the administrator, now that a confidant with keys can read its reports.
    await page.goto(`${origin}/staff/admin/confidants?lang=en`)
    const row = page.locator('tr[data-email="vera@example.org"]')
    expect(await row.textContent()).toContain('Vera de Vries')
    await row.locator('select[name=slug]').selectOption('bakkerij-jansen')
    await Promise.all([
      page.waitForURL('**/staff/admin/confidants**'),
      row.locator('form[action*="/assign"] button[type=submit]').click(),
    ])
    // Assigned: the row now offers to unassign her from it.
    expect(await row.locator('form[action*="/unassign"]').count()).toBe(1)
    await page.goto(`${origin}/staff/admin/organisations/bakkerij-jansen?lang=en`)
    expect(await page.isVisible('#activate-blocked')).toBe(false)
    await Promise.all([
      page.waitForURL('**/staff/admin/organisations/bakkerij-jansen**'),
      page.click('form[action*="/activate"] button[type=submit]'),
    ])
    expect(
      sqliteRows(test, "SELECT status FROM organisation WHERE slug = 'bakkerij-jansen'")[0]!.status,
    ).toBe('active')

    await page.goto(`${origin}/staff/admin/settings?lang=en`)
    await page.setInputFiles('#logo', { name: 'logo.png', mimeType: 'image/png', buffer: TINY_PNG })
    await Promise.all([
      page.waitForURL('**/staff/admin/settings**'),
      page.click('#logo-form button[type=submit]'),
    ])
    expect(await page.isVisible('#current-logo')).toBe(true)

    // What a reporter sees: the member's display name and the association's logo, loaded.
    const reporter = await openContext(browser)
    const reporterPage = await reporter.context.newPage()
    await reporterPage.goto(`${origin}/r/bakkerij-jansen?lang=en`)
    expect(await reporterPage.textContent('h1')).toContain('Jansen, de warme bakker')
    await expect
      .poll(() =>
        reporterPage.evaluate(() => document.querySelector<HTMLImageElement>('img.site-logo')?.naturalWidth),
      )
      .toBeGreaterThan(0)
    expectOnlyOwnOrigin(reporter.requests, origin)
    await reporter.context.close()

    expectOnlyOwnOrigin(requests, origin)
    await context.close()
  })

  it('has no axe violations on the overview, the confidants and the settings', async () => {
    const { context } = await openContext(browser)
    const page = await context.newPage()
    await signInAsAdmin(page)
    for (const path of ['/staff/admin', '/staff/admin/confidants', '/staff/admin/settings']) {
      const response = await page.goto(`${origin}${path}?lang=en`)
      expect(response?.status(), path).toBe(200)
      await expectAccessible(page, path)
    }
    await context.close()
  })
})
