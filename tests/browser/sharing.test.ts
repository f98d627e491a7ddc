import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { fromBase64Url, generateCaseKeys, internalKeyMatches, sealKeyFor } from '../../crypto/index.js'
import type { ReportDocument } from '../../server/domain/documents.js'
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
import { caseIdsOf, openCaseKeyAs, openReportWith, storedCaseKeys } from '../helpers/confidant.js'
import { addBakery, reportWithoutScript } from '../helpers/seed.js'
import { type StaffAccount, seedStaff, signInInBrowser } from '../helpers/staff.js'

const ts = catalogue('en').sharing
const tc = catalogue('en').staffCase

describeInBrowser('a confidant shares cases with a newly assigned colleague, who reads them', () => {
  const workspace = useWorkspace(() => clock)
  let browser: Browser
  let test: TestApp
  let origin: string
  let vera: StaffAccount
  let jan: StaffAccount
  const reports = ['The flour in store room 2 is past its date.', 'The oven door does not close any more.']
  // Moved on between sign-ins, so each uses a later TOTP step than the one before.
  let clock = Date.now()
  beforeAll(async () => {
    ;({ browser, test, origin } = workspace())
    vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
    jan = await seedStaff(test, 'confidant', 'jan@example.org', 'J. Jansen')
    // These tests acknowledge by hand; new members acknowledge automatically (issue 10).
    addBakery(test, { confidants: [vera], autoAcknowledge: false })
    for (const what of reports) await reportWithoutScript(test, 'bakkerij', what)
    // Jan is assigned after the reports were filed: nothing is sealed to him.
    test.app.services.organisations.assign(jan.email, 'bakkerij', 'test')
  }, FIXTURE_BUDGET_MS)

  async function signInAs(
    account: StaffAccount,
  ): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
    clock += 60_000
    const { context, requests } = await openContext(browser)
    const page = await context.newPage()
    await signInInBrowser(page, origin, account, clock)
    return { context, page, requests }
  }

  it('Vera shares both cases in bulk from the workspace; Jan signs in and reads them', async () => {
    const caseIds = caseIdsOf(test, 'bakkerij')
    const { context, page, requests } = await signInAs(vera)
    const posted: string[] = []
    context.on('request', (request) => {
      const body = request.postDataBuffer()
      if (body) posted.push(body.toString('latin1'))
    })
    await page.goto(`${origin}/staff?lang=en`)
    expect(await page.textContent('#share-banner')).toContain(ts.pending(2, 'J. Jansen'))
    await expectAccessible(page, 'workspace with the sharing banner')
    await page.click(`button:has-text("${ts.shareNow('J. Jansen')}")`)
    await expect.poll(() => page.textContent('#share-banner .status')).toBe(ts.done(2, 0))
    await expectAccessible(page, 'workspace after sharing')
    // Only sealed keys went over the wire, never a report's text.
    for (const body of posted) for (const what of reports) expect(body.includes(what)).toBe(false)
    expectOnlyOwnOrigin(requests, origin)
    await page.reload()
    expect(await page.locator('#share-banner').count()).toBe(0)
    await context.close()

    const asJan = await signInAs(jan)
    for (const [index, caseId] of caseIds.entries()) {
      await asJan.page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
      await expect.poll(() => asJan.page.textContent('#case-status')).toBe(tc.opened)
      expect(reports).toContain(
        (await asJan.page.textContent('#thread .entry-report .entry-body'))?.match(/The .*\./)?.[0],
      )
      expect(await asJan.page.locator('#thread-warning').count(), `case ${index}`).toBe(0)
    }
    await asJan.context.close()
  })

  it('a second tab of a session asks for the password, refuses a wrong one, and then opens the case', async () => {
    const caseId = caseIdsOf(test, 'bakkerij')[0]!
    const { context, page } = await signInAs(jan)
    const second = await context.newPage()
    await second.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await second.waitForSelector('#unlock-form')
    await expectAccessible(second, 'unlock form')
    await second.fill('#unlock-password', 'not the password of jan')
    await second.click(`#unlock-form button:has-text("${ts.unlock}")`)
    await expect.poll(() => second.textContent('#unlock-status')).toBe(ts.wrongPassword)
    expect(await second.locator('#thread').isVisible()).toBe(false)
    await second.fill('#unlock-password', jan.password)
    await second.click(`#unlock-form button:has-text("${ts.unlock}")`)
    await expect.poll(() => second.textContent('#case-status')).toBe(tc.opened)
    expect(await second.textContent('#thread')).toMatch(/The (flour|oven)/)
    expect(await second.locator('#unlock-form').count()).toBe(0)
    // The tab now holds the key: a reload opens the case without asking again.
    await second.reload()
    await expect.poll(() => second.textContent('#case-status')).toBe(tc.opened)
    expect(await second.locator('#unlock-form').count()).toBe(0)
    await page.close()
    await context.close()
  })

  it('one case is shared from the case page with a colleague assigned later still', async () => {
    const piet = await seedStaff(test, 'confidant', 'piet@example.org', 'Piet Pieters')
    test.app.services.organisations.assign(piet.email, 'bakkerij', 'test')
    const caseId = caseIdsOf(test, 'bakkerij')[0]!
    const { context, page } = await signInAs(jan)
    await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.textContent('#share-case')).toContain(ts.cannotRead('Piet Pieters'))
    await expectAccessible(page, 'case page offering to share')
    await page.click(`button:has-text("${ts.share('Piet Pieters')}")`)
    await expect.poll(() => page.textContent('#share-case .status')).toBe(ts.sharedOne('Piet Pieters'))
    const piets = storedCaseKeys(test, caseId).filter((key) => key.holder === piet.id)
    expect(piets.map((key) => key.kind)).toEqual(['internal', 'shared'])
    const sharedKey = openCaseKeyAs(piet, { ...piets[1]!, caseId })
    expect(reports).toContain((openReportWith(test, caseId, sharedKey) as { what: string }).what)
    await page.reload()
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.locator('#share-case').count()).toBe(0)
    await context.close()
  })

  it('a report from either path carries the reporter’s language and the internal key’s commitment; a forged internal key is refused', async () => {
    const before = new Set(caseIdsOf(test, 'bakkerij'))
    // With JavaScript, the page in Dutch (the organisation offers English first).
    const { context: reporter } = await openContext(browser)
    const reporterPage = await reporter.newPage()
    await reporterPage.goto(`${origin}/r/bakkerij/report?lang=nl`)
    await reporterPage.fill('#what', 'De koelcel staat op tien graden.')
    await reporterPage.click(`button:has-text("${catalogue('nl').reporter.submit}")`)
    await reporterPage.waitForSelector('#receipt:not([hidden])')
    await reporter.close()
    // Without JavaScript, in Dutch too.
    await reportWithoutScript(test, 'bakkerij', 'Het vet wordt in de put gegoten.', 'nl')
    const fresh = caseIdsOf(test, 'bakkerij').filter((id) => !before.has(id))
    expect(fresh).toHaveLength(2)
    for (const caseId of fresh) {
      const keys = storedCaseKeys(test, caseId).filter((key) => key.holder === vera.id)
      const shared = openCaseKeyAs(vera, { ...keys.find((key) => key.kind === 'shared')!, caseId })
      const internal = openCaseKeyAs(vera, { ...keys.find((key) => key.kind === 'internal')!, caseId })
      const report = openReportWith(test, caseId, shared) as ReportDocument
      expect(report.locale).toBe('nl')
      expect(internalKeyMatches(caseId, internal, fromBase64Url(report.internalKeyCommitment))).toBe(true)
    }
    const db = new Database(join(test.dataDir, 'meldpool.sqlite'))
    try {
      // Whoever can write the database seals an internal key of their own to Vera for the first of them.
      const forged = sealKeyFor(generateCaseKeys().internal, vera.keys.publicKey, {
        caseId: fresh[0]!,
        holder: vera.id,
        kind: 'internal',
      })
      const changed = db
        .prepare("UPDATE case_key SET sealed_key = ? WHERE case_id = ? AND holder = ? AND kind = 'internal'")
        .run(Buffer.from(forged), fresh[0], vera.id)
      expect(changed.changes).toBe(1)
    } finally {
      db.close()
    }
    const { context, page } = await signInAs(vera)
    await page.goto(`${origin}/staff/cases/${fresh[0]}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.textContent('#internal-key-warning')).toBe(ts.internalKeyForged)
    // Nothing is written under the forged key, and it is not passed on.
    expect(await page.locator('#answer-note').count()).toBe(0)
    expect(await page.locator('#share-case').count()).toBe(0)
    // The acknowledgement is prefilled in the language the reporter used, sealed inside the report.
    expect(await page.inputValue('#answer-acknowledgement-text')).toBe(
      catalogue('nl').staffCase.acknowledgeDefault,
    )
    await expectAccessible(page, 'case with a forged internal key')
    await page.goto(`${origin}/staff/cases/${fresh[1]}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.locator('#internal-key-warning').count()).toBe(0)
    expect(await page.locator('#answer-note').count()).toBe(1)
    await context.close()
  })
})
