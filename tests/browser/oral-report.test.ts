import { TZDate } from '@date-fns/tz'
import type { Browser } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { catalogue } from '../../views/i18n/index.js'
import type { TestApp } from '../helpers/app.js'
import {
  expectAccessible,
  expectOnlyOwnOrigin,
  FIXTURE_BUDGET_MS,
  openContext,
  useWorkspace,
} from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { caseIdsOf, snapshotAccessibilityChecker } from '../helpers/confidant.js'
import { addBakery } from '../helpers/seed.js'
import { seedStaff, signInInBrowser } from '../helpers/staff.js'

const t = catalogue('en').oral
const tr = catalogue('en').oralReporter
const tc = catalogue('en').staffCase

/** 'YYYY-MM-DDTHH:mm' as a datetime-local field takes it, in the organisation's zone. */
function wallClock(at: number, timeZone: string): string {
  const date = new TZDate(at, timeZone)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

describeInBrowser(
  'an oral report is recorded by a confidant and agreed by the reporter (Directive art. 18)',
  () => {
    const workspace = useWorkspace(() => clock)
    let browser: Browser
    let test: TestApp
    let origin: string
    const clock = Date.now()
    beforeAll(async () => {
      ;({ browser, test, origin } = workspace())
    }, FIXTURE_BUDGET_MS)

    it('the confidant records it and prints the code; the reporter agrees without JavaScript; the case page shows it and prints', async () => {
      const vera = await seedStaff(test, 'confidant', 'vera@example.org')
      addBakery(test, { confidants: [vera], autoAcknowledge: true })
      const transcript = 'By phone: the owner tells staff to relabel expired flour bags every Monday.'

      // The confidant signs in through the real pages and chooses the organisation on the workspace.
      const { context, requests } = await openContext(browser)
      const page = await context.newPage()
      const posted: string[] = []
      context.on('request', (request) => {
        const body = request.postDataBuffer()
        if (body) posted.push(body.toString('latin1'))
      })
      await signInInBrowser(page, origin, vera, clock)
      await Promise.all([
        page.waitForURL('**/staff/oral/bakkerij**'),
        page.click(`text=${t.startFor('Bakkerij Jansen B.V.')}`),
      ])
      await expect.poll(() => page.locator('#oral-form button[type=submit]').isEnabled()).toBe(true)
      await expectAccessible(page, 'oral report form')

      // Two hours ago, as the organisation's clock read then: the deadlines run from the call.
      const receivedAt = Math.floor((clock - 2 * 60 * 60 * 1000) / 60_000) * 60_000
      await page.check('input[name=channel][value=phone]')
      await page.fill('#received-at', wallClock(receivedAt, 'Europe/Amsterdam'))
      await page.fill('#transcript', transcript)
      await page.click('#oral-form button[type=submit]')
      await page.waitForSelector('#oral-receipt')
      const code = (await page.textContent('#case-code'))!.trim()
      expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/)
      expect(await page.textContent('#oral-receipt')).toContain(`${origin}/r/bakkerij/follow-up`)
      await expectAccessible(page, 'oral report receipt')
      await page.emulateMedia({ media: 'print' })
      expect(await page.locator('#case-code').isVisible()).toBe(true)
      expect(await page.locator('#print-receipt').isVisible()).toBe(false)
      await page.emulateMedia({ media: 'screen' })
      // Neither the transcript nor the code ever left the browser in the clear.
      for (const body of posted) {
        expect(body.includes('relabel'), 'transcript sent in the clear').toBe(false)
        expect(body.includes(code.replaceAll(' ', '')), 'code sent').toBe(false)
        expect(body.includes(code), 'code sent').toBe(false)
      }
      const [caseId] = caseIdsOf(test, 'bakkerij')
      const [stored] = test.app.services.inbox.inbox(vera.id, {}).cases
      expect(stored!.receivedAt).toBe(receivedAt)

      // The reporter, without JavaScript, reads the record and agrees.
      const { context: reporter } = await openContext(browser, { javaScriptEnabled: false })
      const reporterPage = await reporter.newPage()
      const checker = await snapshotAccessibilityChecker(browser)
      await reporterPage.goto(`${origin}/r/bakkerij/follow-up?lang=en`)
      await reporterPage.fill('#code', code)
      await Promise.all([
        reporterPage.waitForURL('**/r/bakkerij/follow-up/case?**'),
        reporterPage.click(`button:has-text("${catalogue('en').reporter.openCase}")`),
      ])
      expect(await reporterPage.textContent('main')).toContain(transcript)
      expect(await reporterPage.textContent('#transcript-check')).toContain(tr.checkTitle)
      await checker.expectAccessible(reporterPage, 'follow-up with a transcript to agree to', '#agree-form')
      await Promise.all([
        reporterPage.waitForURL('**sent=agreement**'),
        reporterPage.click(`button:has-text("${tr.agree}")`),
      ])
      expect(await reporterPage.textContent('#transcript-agreed')).toBe(tr.agreed)
      expect(await reporterPage.locator('#agree-form').count()).toBe(0)
      await checker.close()
      await reporter.close()

      // The confidant's case page shows the agreement, decrypted in the browser, and prints as a dossier.
      await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
      await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
      expect(await page.textContent('#transcript-agreement')).toMatch(
        /^Agreed by the reporter on \d{1,2} \w+ \d{4}/,
      )
      expect(await page.textContent('#thread .entry-transcript')).toContain(transcript)
      expect(await page.textContent('#thread .entry-transcript_agreement')).toContain(tr.agreementText)
      await expectAccessible(page, 'case page of an agreed oral report')
      expect(await page.locator('.dossier-header').isVisible()).toBe(false)
      await page.emulateMedia({ media: 'print' })
      expect(await page.locator('#thread').isVisible()).toBe(true)
      expect(await page.locator('.dossier-header').isVisible()).toBe(true)
      expect(await page.textContent('.dossier-header')).toContain('Acknowledgement')
      expect(await page.locator('#answer-message').isVisible()).toBe(false)
      expect(await page.locator('#print-dossier').isVisible()).toBe(false)
      expect(await page.locator('.notes-warning').isVisible()).toBe(true)
      const pdf = await page.pdf({ format: 'A4' })
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      expectOnlyOwnOrigin(requests, origin)
      await context.close()
    })
  },
)
