import type { Browser, BrowserContext, Page } from 'playwright-core'
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
import { caseIdsOf } from '../helpers/confidant.js'
import { addBakery } from '../helpers/seed.js'
import { seedStaff, signInInBrowser } from '../helpers/staff.js'

const t = catalogue('en').reporter
const tc = catalogue('en').staffCase
const w = catalogue('en').caseWorkflow
const ti = catalogue('en').inbox

// Issue 9, working a case in Chromium: the confidant moves the status, answers the meeting request the
// reporter made through follow-up, gives feedback and closes the case; the reporter, without JavaScript,
// sees it closed. The outcome never reaches the reporter.

describeInBrowser('a confidant works a case to its close in Chromium', () => {
  const workspace = useWorkspace(() => clock)
  let browser: Browser
  let test: TestApp
  let origin: string
  const clock = Date.now()
  beforeAll(async () => {
    ;({ browser, test, origin } = workspace())
  }, FIXTURE_BUDGET_MS)

  /** The reporter's follow-up without JavaScript, opened with the case code. */
  async function openFollowUp(page: Page, code: string) {
    await page.goto(`${origin}/r/bakkerij/follow-up?lang=en`)
    await page.fill('#code', code)
    await Promise.all([
      page.waitForURL('**/r/bakkerij/follow-up/case?**'),
      page.click(`button:has-text("${t.openCase}")`),
    ])
  }

  /** Reloads the case page after a change and waits until it is decrypted again. */
  async function submitAndReload(page: Page, button: string) {
    await Promise.all([page.waitForEvent('load'), page.click(button)])
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
  }

  it('moves the status, answers the meeting request, closes with an outcome; the reporter sees it closed', async () => {
    const vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
    // These tests acknowledge by hand; new members acknowledge automatically (issue 10).
    addBakery(test, { confidants: [vera], autoAcknowledge: false })

    // The reporter, without JavaScript, makes a report.
    const { context: reporter } = await openContext(browser, { javaScriptEnabled: false })
    const reporterPage = await reporter.newPage()
    await reporterPage.goto(`${origin}/r/bakkerij/report?lang=en`)
    await reporterPage.fill('#what', 'The flour in store room 2 is past its date.')
    await Promise.all([
      reporterPage.waitForResponse((response) => response.request().method() === 'POST'),
      reporterPage.click(`button:has-text("${t.submit}")`),
    ])
    await reporterPage.waitForLoadState()
    const code = (await reporterPage.textContent('#case-code'))!.trim()
    const caseId = caseIdsOf(test, 'bakkerij')[0]!

    // The confidant signs in; the case page says the key is unlocked in this tab.
    const { context, requests } = await openContext(browser)
    const page = await context.newPage()
    await signInInBrowser(page, origin, vera, clock)
    await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    await expect.poll(() => page.textContent('#key-status')).toBe(w.keyUnlocked)
    expect(await page.textContent('#timeline-acknowledgement')).toMatch(/^due by .* — 7 days left$/)
    // Nothing to move by hand before the acknowledgement, and no closing.
    expect(await page.textContent('#no-moves')).toBe(w.noMoves)
    expect(await page.textContent('#cannot-close')).toBe(w.cannotClose)
    expect(await page.locator('#answer-feedback').count()).toBe(0)
    await expectAccessible(page, 'case page, received')

    await submitAndReload(page, '#answer-acknowledgement button')
    expect(await page.textContent('#timeline-acknowledgement')).toMatch(/^given on .*, in time$/)

    // The page offers the move into follow-up; meanwhile the reporter's reply makes that move itself, so
    // the server refuses the confidant's, and the page says why.
    expect(await page.locator('#status-to option').allTextContents()).toEqual([tc.statuses.in_follow_up])
    await openFollowUp(reporterPage, code)
    await reporterPage.fill('#reply-text', 'The delivery notes are in the office.')
    await Promise.all([
      reporterPage.waitForURL('**/follow-up/case?sent=**'),
      reporterPage.click(`button:has-text("${t.replySend}")`),
    ])
    await page.click('#status-form button')
    await expect.poll(() => page.textContent('#status-form .status')).toBe(w.refused.unchanged)
    expect(await page.getAttribute('#status-form .status', 'role')).toBe('alert')
    await expectAccessible(page, 'case page, move refused')

    // The reporter asks for a meeting through follow-up; the inbox shows it waiting.
    await reporterPage.fill('#meeting-text', 'Any evening after six.')
    await Promise.all([
      reporterPage.waitForURL('**/follow-up/case?sent=meeting**'),
      reporterPage.click(`button:has-text("${t.meetingSend}")`),
    ])
    await page.goto(`${origin}/staff?lang=en`)
    expect(await page.textContent(`tr:has(a[href="/staff/cases/${caseId}"])`)).toContain(ti.meetingRequested)
    await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)

    // The confidant answers the meeting request, sealed in this browser; it stops waiting.
    const answer = 'Thursday at 19:00 at the library, room 3?'
    await page.fill('#answer-meeting-0-text', answer)
    await submitAndReload(page, '#answer-meeting-0 button')
    expect(await page.locator('form.answer-meeting').count()).toBe(0)
    expect(await page.textContent('#thread')).toContain(answer)
    expect(await page.textContent('#audit-trail')).toContain(w.actions['case.meeting-answer'])
    await page.goto(`${origin}/staff?lang=en`)
    expect(await page.textContent(`tr:has(a[href="/staff/cases/${caseId}"])`)).not.toContain(
      ti.meetingRequested,
    )

    // Feedback, then close with an outcome.
    await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    await page.fill('#answer-feedback-text', 'We have spoken to the manager; the flour has been thrown away.')
    await submitAndReload(page, '#answer-feedback button')
    expect(await page.textContent('.case-state')).toBe(tc.statuses.feedback_given)
    // Follow-up may resume after the feedback: a move by hand.
    await page.selectOption('#status-to', 'in_follow_up')
    await submitAndReload(page, '#status-form button')
    expect(await page.textContent('.case-state')).toBe(tc.statuses.in_follow_up)
    await page.selectOption('#close-outcome', 'substantiated')
    await submitAndReload(page, '#close-form button')
    expect(await page.textContent('.case-state')).toBe(tc.statuses.closed)
    expect(await page.textContent('#timeline-closed')).toContain(w.outcomes.substantiated)
    expect(await page.textContent('#workflow')).toContain(w.isClosed)
    const trail = (await page.textContent('#audit-trail'))!
    expect(trail).toContain('Vera de Vries')
    expect(trail).toContain(w.statusAction(tc.statuses.feedback_given!, tc.statuses.in_follow_up!))
    expect(trail).toContain(w.statusAction(tc.statuses.in_follow_up!, tc.statuses.closed!))
    await expectAccessible(page, 'case page, closed')
    expectOnlyOwnOrigin(requests, origin)

    // The reporter, without JavaScript: closed, with the answer in the thread, and no classification.
    await openFollowUp(reporterPage, code)
    expect(await reporterPage.textContent('.case-status')).toBe(t.status.closed)
    const followUp = (await reporterPage.textContent('main'))!
    expect(followUp).toContain(w.reporterClosedOn)
    expect(followUp).toContain(answer)
    expect(followUp).not.toContain(w.outcomes.substantiated)
    await reporter.close()

    // With JavaScript (the thread opened in the browser): closed too.
    const { context: jsReporter } = await openContext(browser)
    const jsPage = await jsReporter.newPage()
    await jsPage.goto(`${origin}/r/bakkerij/follow-up?lang=en`)
    await jsPage.fill('#code', code)
    await jsPage.click(`button:has-text("${t.openCase}")`)
    await expect.poll(() => jsPage.locator('#thread .case-status').textContent()).toBe(t.status.closed)
    expect(await jsPage.textContent('#thread')).toContain(answer)
    await jsReporter.close()
    await signsOutAndLocks(context, page, caseId)
  })

  /** Sign-out on the case page drops the tab's key; a tab without the key says so. */
  async function signsOutAndLocks(context: BrowserContext, page: Page, caseId: string) {
    const other = await context.newPage()
    await other.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await expect.poll(() => other.textContent('#key-status')).toBe(w.keyLocked)
    // Nothing is shown until the password unlocks the key in this tab too (the unlock form, sharing.test.ts).
    await other.waitForSelector('#unlock-form')
    await expectAccessible(other, 'case page, key locked')
    await other.close()

    expect(await page.evaluate(() => sessionStorage.length)).toBe(1)
    await Promise.all([page.waitForURL('**/staff/login?signedOut=1'), page.click('#logout-form button')])
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    expect(page.url()).toContain('/staff/login')
    await context.close()
  }
})
