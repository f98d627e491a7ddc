import type { Browser, Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { addCalendarMonths, formatDate } from '../../server/domain/deadlines.js'
import { catalogue } from '../../views/i18n/index.js'
import type { TestApp } from '../helpers/app.js'
import { expectAccessible, openContext, useWorkspace } from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { caseIdsOf } from '../helpers/confidant.js'
import { setAutoAcknowledge } from '../helpers/seed.js'
import { seedStaff, signInInBrowser } from '../helpers/staff.js'

const t = catalogue('en').reporter
const tc = catalogue('en').staffCase
const e = catalogue('en').feedbackExtension

// Issue 10, extension in Chromium: the confidant of a Spanish organisation extends the feedback period with
// a reason, sealed in the browser; the reporter, without JavaScript, reads the reason and the new date.

describeInBrowser('a confidant extends the feedback period of a Spanish case in Chromium', () => {
  // The real time: the browser drops session cookies that expire before it (exact dates: the HTTP test).
  const clock = Date.now()
  const workspace = useWorkspace(() => clock)
  let browser: Browser
  let test: TestApp
  let origin: string
  beforeAll(() => {
    ;({ browser, test, origin } = workspace())
  })

  async function submitAndReload(page: Page, button: string) {
    await Promise.all([page.waitForEvent('load'), page.click(button)])
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
  }

  it('extends with a reason; the reporter without JavaScript sees the reason and the new date', async () => {
    const vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
    const { organisations } = test.app.services
    organisations.add(
      {
        slug: 'panaderia',
        name: 'Panadería García S.L.',
        locales: 'en',
        profile: 'es',
        timezone: 'Europe/Madrid',
      },
      'test',
    )
    organisations.assign(vera.email, 'panaderia', 'test')
    organisations.activate('panaderia', 'test')
    // These tests acknowledge by hand; new members acknowledge automatically (issue 10).
    setAutoAcknowledge(test, 'panaderia', false)

    const { context: reporter } = await openContext(browser, { javaScriptEnabled: false })
    const reporterPage = await reporter.newPage()
    await reporterPage.goto(`${origin}/r/panaderia/report?lang=en`)
    await reporterPage.fill('#what', 'The ovens are not cleaned as the rules say.')
    await Promise.all([
      reporterPage.waitForResponse((response) => response.request().method() === 'POST'),
      reporterPage.click(`button:has-text("${t.submit}")`),
    ])
    await reporterPage.waitForLoadState()
    const code = (await reporterPage.textContent('#case-code'))!.trim()
    const caseId = caseIdsOf(test, 'panaderia')[0]!

    const { context } = await openContext(browser)
    const page = await context.newPage()
    await signInInBrowser(page, origin, vera, clock)
    await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    await submitAndReload(page, '#answer-acknowledgement button')

    expect(await page.textContent('#extension-heading')).toBe(e.label(3))
    await expectAccessible(page, 'case page, extension offered')
    // The reason is required: an empty one is not sent.
    await page.click('#answer-extension button')
    await expect.poll(() => page.textContent('#answer-extension .status')).toBe(tc.required)
    const reason = 'Two witnesses are abroad until March; we need their statements.'
    await page.fill('#answer-extension-text', reason)
    await submitAndReload(page, '#answer-extension button')
    // Extended once: the form is gone and the thread shows the reason, opened in this browser.
    expect(await page.locator('#answer-extension').count()).toBe(0)
    expect(await page.textContent('#thread .entry-extension')).toContain(reason)
    const newDate = formatDate(addCalendarMonths(clock, 6, 'Europe/Madrid'), 'en', 'Europe/Madrid')
    expect(await page.textContent('#timeline-feedback')).toContain(newDate)
    await expectAccessible(page, 'case page, extended')

    await reporterPage.goto(`${origin}/r/panaderia/follow-up?lang=en`)
    await reporterPage.fill('#code', code)
    await Promise.all([
      reporterPage.waitForURL('**/r/panaderia/follow-up/case?**'),
      reporterPage.click(`button:has-text("${t.openCase}")`),
    ])
    const dates = await reporterPage.textContent('.case-dates')
    expect(dates).toContain(e.extendedOn)
    expect(dates).toContain(`${t.feedbackBy}${newDate}`)
    const entry = reporterPage.locator('.entry', { hasText: t.kinds.extension })
    expect(await entry.textContent()).toContain(reason)
    // (axe needs script, so this no-JS page is not scanned here; the case page above is.)
    await reporter.close()
    await context.close()
  })
})
