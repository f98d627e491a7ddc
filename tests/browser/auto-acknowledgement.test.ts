import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { catalogue } from '../../views/i18n/index.js'
import { openContext, useReporterSite } from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { casesAsConfidant } from '../helpers/confidant.js'
import { setAutoAcknowledge } from '../helpers/seed.js'

const t = catalogue('en').reporter
const a = catalogue('en').autoAcknowledgement
const own = 'Thank you. Vera has your report and will answer here within a week.'

// Issue 10, automatic acknowledgement, JavaScript path: the reporter's browser seals the member's text with the
// report, and the reporter reads it in their follow-up right after submitting.
describeInBrowser('automatic acknowledgement with JavaScript', () => {
  const site = useReporterSite()
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    setAutoAcknowledge(site.test, site.slug, true, { en: own })
    ;({ context } = await openContext(site.browser))
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
  })

  it('is sealed by the page with the report and shown in the follow-up as the confirmation of receipt', async () => {
    await page.goto(`${site.origin}/r/${site.slug}/report?lang=en`)
    await page.fill('#what', 'The fire exit at the back is locked during the night shift.')
    await page.click(`button:has-text("${t.submit}")`)
    await page.waitForSelector('#receipt:not([hidden])')
    const code = (await page.textContent('#case-code'))!.trim()

    // The server stored it as the confidant's browser will open it: by `system`, the member's English text.
    const [stored] = casesAsConfidant(site.test, site.slug, site.organisation.confidant)
    expect(stored!.submittedVia).toBe('browser')
    expect(stored!.status).toBe('acknowledged')
    expect(stored!.acknowledgedAt).toBe(stored!.receivedAt)
    expect(stored!.entries[1]).toMatchObject({
      kind: 'acknowledgement',
      author: 'system',
      document: { text: own },
    })

    await page.goto(`${site.origin}/r/${site.slug}/follow-up?lang=en`)
    await page.fill('#code', code)
    await page.click(`button:has-text("${t.openCase}")`)
    await page.waitForSelector('#thread')
    const acknowledgement = page.locator('.entry').nth(1)
    await expect.poll(() => acknowledgement.textContent()).toContain(own)
    const text = (await acknowledgement.textContent())!
    expect(text).toContain(t.kinds.acknowledgement)
    expect(text).toContain(a.from)
    expect(await page.textContent('.case-status')).toBe(t.status.acknowledged)
    expect(await page.locator(`.case-dates dt:text-is("${t.acknowledgedOn}")`).count()).toBe(1)
  })
})
