import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addCalendarDays, formatDate } from '../../server/domain/deadlines.js'
import type { MessageDocument, ReportDocument } from '../../server/domain/documents.js'
import { catalogue } from '../../views/i18n/index.js'
import type { TestApp } from '../helpers/app.js'
import {
  expectAccessible,
  expectOnlyOwnOrigin,
  openContext,
  type RecordedRequest,
  useReporterSite,
} from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import {
  addConfidantEntry,
  casesAsConfidant,
  codeSpellings,
  countCases,
  expectNowhereAtRest,
  expectReporterHeaders,
  type ResponseRecorder,
  recordReporterResponses,
  recordStatusTexts,
  statusTexts,
  storedCaseKeys,
  unusedValidCode,
  withTypo,
} from '../helpers/confidant.js'
import type { SeededOrganisation } from '../helpers/seed.js'

const t = catalogue('en').reporter
const CANARY = `CANARY-${randomUUID()}`
const report = {
  what: 'Cash is taken from the till every Friday evening and the books are corrected afterwards.',
  when: 'Every Friday since March',
  where: 'The shop on the Grote Markt',
  who: 'The evening manager',
  how: 'I closed the till myself and counted twice',
  name: 'Jan Klaassen-Vermeulen',
}
const evidence = {
  name: 'till-photos.bin',
  mimeType: 'application/octet-stream',
  buffer: randomBytes(3 * 1024 * 1024),
}
const note = { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from(`Till counts ${CANARY}\n`) }
const replyFile = {
  name: 'schedule.txt',
  mimeType: 'text/plain',
  buffer: Buffer.from(`Shift rota ${CANARY}-reply\n`),
}

describeInBrowser('reporter with JavaScript: the code and the plaintext stay in the browser', () => {
  let browser: Browser
  let test: TestApp
  let origin: string
  let organisation: SeededOrganisation
  let context: BrowserContext
  let requests: string[]
  let page: Page
  let responses: ResponseRecorder
  // Every request as the server received it, bodies included.
  let atServer: RecordedRequest[]
  let code = ''

  const site = useReporterSite({ recordRequests: true, confidants: 2 })

  beforeAll(async () => {
    ;({ browser, test, origin, organisation, atServer } = site)
    ;({ context, requests } = await openContext(browser))
    page = await context.newPage()
    responses = recordReporterResponses(page, origin)
    await recordStatusTexts(page, '#report-status')
  })
  afterAll(async () => {
    await context?.close()
  })

  const slug = () => organisation.slug
  const postsTo = (path: string) =>
    atServer.filter((post) => post.method === 'POST' && post.path.split('?')[0] === path)

  it('encrypts the report and its files in the browser and shows the case code once', async () => {
    await page.goto(`${origin}/r/${slug()}?lang=en`)
    await Promise.all([page.waitForURL(`**/r/${slug()}/report?lang=en`), page.click(`text=${t.makeReport}`)])
    await page.fill('#what', report.what)
    await page.fill('#when', report.when)
    await page.fill('#where', report.where)
    await page.fill('#who', report.who)
    await page.fill('#how', report.how)
    await page.check('input[name=ongoing][value=yes]')
    await page.fill('#name', report.name)
    await page.setInputFiles('#files', [evidence, note])
    await page.click(`button:has-text("${t.submit}")`)

    await page.waitForSelector('#receipt:not([hidden])')
    code = (await page.textContent('#case-code'))!.trim()
    expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('receipt-title')
    expect(await page.locator('#report-form').count()).toBe(0)
    // Switching language would reload the form, and the code is shown only once.
    expect(await page.locator('.language-switch').count()).toBe(0)
    // The 3 MB file went up with progress shown, after the encryption notice.
    const statuses = await statusTexts(page)
    expect(statuses[0]).toBe(t.encrypting)
    expect(statuses).toContain(t.uploading(100))

    // Exactly one submission, to the encrypted API; nothing readable in it.
    expect(postsTo(`/r/${slug()}/report`)).toEqual([])
    const submissions = postsTo(`/r/${slug()}/api/submit`)
    expect(submissions).toHaveLength(1)
    const body = submissions[0]!.body
    expect(body.length).toBeGreaterThan(evidence.buffer.length)
    for (const secret of [
      CANARY,
      ...Object.values(report),
      'till-photos',
      'note.txt',
      ...codeSpellings(code),
    ]) {
      expect(body.includes(secret), `submission body contains ${secret}`).toBe(false)
    }
    expect(body.includes(evidence.buffer.subarray(0, 64))).toBe(false)
  })

  it('offers the receipt as a text file with organisation, code and address, and nothing of the report', async () => {
    const href = (await page.getAttribute('#download-receipt', 'href'))!
    expect(href.startsWith('data:text/plain')).toBe(true)
    const text = decodeURIComponent(href.slice(href.indexOf(',') + 1))
    expect(text).toContain('Bakkerij Jansen B.V.')
    expect(text).toContain(code)
    expect(text).toMatch(new RegExp(`${t.receiptFileDate}: \\d`))
    expect(text).toContain(`${test.config.publicUrl}/r/${slug()}/follow-up`)
    for (const secret of [CANARY, ...Object.values(report)]) expect(text).not.toContain(secret)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-receipt')])
    expect(readFileSync((await download.path())!, 'utf8')).toBe(text)
    await expectAccessible(page, 'receipt (JavaScript)')
  })

  it('asks the reporter to confirm the code is saved before continuing', async () => {
    const saved = page.locator('#receipt input[name=saved]')
    await page.click(`#receipt button:has-text("${t.receiptContinue}")`)
    expect(await saved.evaluate((box: HTMLInputElement) => box.validity.valueMissing)).toBe(true)
    expect(new URL(page.url()).pathname).toBe(`/r/${slug()}/report`)
    expect(await page.locator('#case-code').textContent()).toBe(code)
    await saved.check()
    await Promise.all([
      page.waitForURL(`**/r/${slug()}/done?**`),
      page.click(`#receipt button:has-text("${t.receiptContinue}")`),
    ])
    expect(await page.textContent('h1')).toBe(t.doneTitle)
  })

  it('stores only what the confidant can open: every field and both files, byte for byte', () => {
    const [stored, ...others] = casesAsConfidant(test, slug(), organisation.confidant)
    expect(others).toEqual([])
    expect(stored!.submittedVia).toBe('browser')
    expect(stored!.entries).toHaveLength(1)
    const entry = stored!.entries[0]!
    expect(entry.kind).toBe('report')
    const document = entry.document as ReportDocument
    expect(document).toMatchObject({
      v: 1,
      what: report.what,
      when: report.when,
      where: report.where,
      who: report.who,
      how: report.how,
      ongoing: 'yes',
      identity: { name: report.name, contact: '' },
    })
    expect(entry.files.map(({ ref }) => [ref.name, ref.type, ref.size])).toEqual([
      [evidence.name, evidence.mimeType, evidence.buffer.length],
      [note.name, note.mimeType, note.buffer.length],
    ])
    expect(entry.files[0]!.data.equals(evidence.buffer)).toBe(true)
    expect(entry.files[1]!.data.equals(note.buffer)).toBe(true)

    // Sealed by the page script to exactly the organisation's two confidants (both keys) and the reporter.
    expect(
      storedCaseKeys(test, stored!.id)
        .map(({ holder, kind }) => `${holder}/${kind}`)
        .sort(),
    ).toEqual(
      [
        'reporter/shared',
        ...organisation.confidants.flatMap(({ id }) => [`${id}/shared`, `${id}/internal`]),
      ].sort(),
    )
    const [, second] = organisation.confidants
    expect(casesAsConfidant(test, slug(), second!)[0]!.entries[0]!.document).toMatchObject({
      what: report.what,
    })
  })

  it('catches a mistyped code in the browser and answers a wrong code without saying more', async () => {
    await page.goto(`${origin}/r/${slug()}/follow-up?lang=en`)
    const lookups = () => postsTo(`/r/${slug()}/follow-up/view`).length
    await page.fill('#code', withTypo(code))
    await page.click(`button:has-text("${t.openCase}")`)
    await expect.poll(() => page.textContent('#code-status')).toBe(t.codeTypo)
    expect(lookups()).toBe(0)
    expect(await page.getAttribute('#code', 'aria-invalid')).toBe('true')

    await page.fill('#code', unusedValidCode())
    await page.click(`button:has-text("${t.openCase}")`)
    await expect.poll(() => page.textContent('#code-status')).toBe(t.codeUnknown)
    expect(lookups()).toBe(1)
    expect(await page.isVisible('#code-section')).toBe(true)
    await expectAccessible(page, 'follow-up with a wrong code (JavaScript)')
  })

  it('opens the case in the browser: the report, its status and the confirmation deadline', async () => {
    await openCase()
    const [stored] = casesAsConfidant(test, slug(), organisation.confidant)
    const reportEntry = page.locator('.entry').first()
    await expect.poll(() => reportEntry.textContent()).toContain(report.what)
    const text = (await reportEntry.textContent())!
    for (const value of [report.when, report.where, report.who, report.how, report.name, t.ongoingYes]) {
      expect(text).toContain(value)
    }
    expect(await page.textContent('.case-status')).toBe(t.status.received)
    const acknowledgeBy = formatDate(
      addCalendarDays(stored!.receivedAt, 7, stored!.timezone),
      'en',
      stored!.timezone,
    )
    expect(await dateShown(t.acknowledgeBy)).toBe(acknowledgeBy)
    expect(await page.locator('.entry button[data-attachment]').allTextContents()).toEqual([
      evidence.name,
      note.name,
    ])
    await expectAccessible(page, 'thread opened in the browser')
  })

  it("shows the confidant's confirmation and question after a refresh", async () => {
    const [stored] = casesAsConfidant(test, slug(), organisation.confidant)
    addConfidantEntry(
      test,
      organisation.confidant,
      stored!.id,
      'acknowledgement',
      'We received your report and are looking into it.',
    )
    addConfidantEntry(
      test,
      organisation.confidant,
      stored!.id,
      'message',
      'Which till is it, the one near the entrance?',
    )
    await page.reload()
    await openCase()
    await expect.poll(() => page.locator('.entry').count()).toBe(3)
    const entries = await page.locator('.entry').allTextContents()
    expect(entries[1]).toContain(t.kinds.acknowledgement)
    expect(entries[1]).toContain(t.fromConfidant)
    expect(entries[1]).toContain('We received your report and are looking into it.')
    expect(entries[2]).toContain('Which till is it, the one near the entrance?')
    expect(await page.textContent('.case-status')).toBe(t.status.acknowledged)
    const [acknowledged] = casesAsConfidant(test, slug(), organisation.confidant)
    expect(await dateShown(t.acknowledgedOn)).toBe(
      formatDate(acknowledged!.acknowledgedAt!, 'en', acknowledged!.timezone),
    )
  })

  it('sends a reply with a file and a meeting request, encrypted for the confidant', async () => {
    await page.fill('#reply-text', `The one near the entrance. ${CANARY}-answer`)
    await page.setInputFiles('#reply-files', [replyFile])
    await page.click(`button:has-text("${t.replySend}")`)
    await expect.poll(() => page.locator('#thread .success').textContent()).toBe(t.replySent)
    await expect.poll(() => page.locator('.entry').count()).toBe(4)
    expect(await page.locator('.entry').nth(3).textContent()).toContain(
      `The one near the entrance. ${CANARY}-answer`,
    )

    await page.fill('#meeting-text', 'Tuesday mornings suit me.')
    await page.click(`button:has-text("${t.meetingSend}")`)
    await expect.poll(() => page.locator('#thread .success').textContent()).toBe(t.meetingSent)
    await expect.poll(() => page.locator('.entry').count()).toBe(5)
    expect(await page.textContent('#thread')).toContain(t.meetingPending)
    expect(await page.locator('#meeting-form').count()).toBe(0)

    const messages = postsTo(`/r/${slug()}/api/message`)
    expect(messages).toHaveLength(2)
    for (const post of messages) {
      expect(post.body.includes(CANARY)).toBe(false)
      expect(post.body.includes('Tuesday mornings')).toBe(false)
      expect(post.body.includes(replyFile.name)).toBe(false)
    }
    const [stored] = casesAsConfidant(test, slug(), organisation.confidant)
    const [reply, meeting] = stored!.entries.slice(3)
    expect(reply).toMatchObject({ kind: 'message', author: 'reporter' })
    expect((reply!.document as MessageDocument).text).toBe(`The one near the entrance. ${CANARY}-answer`)
    expect(reply!.files.map(({ ref }) => ref.name)).toEqual([replyFile.name])
    expect(reply!.files[0]!.data.equals(replyFile.buffer)).toBe(true)
    expect(meeting).toMatchObject({
      kind: 'meeting_request',
      author: 'reporter',
      document: { text: 'Tuesday mornings suit me.' },
    })
    expect(stored!.status).toBe('in_follow_up')
  })

  it('downloads and decrypts attachments in the browser', async () => {
    for (const file of [note, evidence, replyFile]) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`.entry button[data-attachment][data-name="${file.name}"]`),
      ])
      expect(download.suggestedFilename()).toBe(file.name)
      expect(readFileSync((await download.path())!).equals(file.buffer)).toBe(true)
    }
  })

  it('"Close case" forgets the case in the tab and goes back to the organisation page', async () => {
    const before = atServer.length
    await Promise.all([
      page.waitForURL(`${origin}/r/${slug()}`),
      page.click(`button:has-text("${t.signOut}")`),
    ])
    expect(atServer.slice(before).filter((request) => request.method !== 'GET')).toEqual([])
    // Back, as someone at the same computer would try: the case is not shown again (nor kept in the page
    // cache), and the report's text is nowhere in the page.
    await page.goBack()
    await page.waitForLoadState()
    expect(new URL(page.url()).pathname).toBe(`/r/${slug()}/follow-up`)
    expect(await page.locator('#thread .entry-content').count()).toBe(0)
    const shown = await page.evaluate(() => document.documentElement.outerHTML)
    for (const secret of [report.what, report.name, CANARY]) expect(shown).not.toContain(secret)
    expect(atServer.slice(before).filter((request) => request.method !== 'GET')).toEqual([])
  })

  it('set no cookie, put the code in no URL or body, and loaded nothing from elsewhere', async () => {
    expect(await context.cookies()).toEqual([])
    for (const spelling of codeSpellings(code)) {
      expect(requests.filter((url) => url.includes(spelling))).toEqual([])
      expect(atServer.filter((post) => post.body.includes(spelling)).map((post) => post.path)).toEqual([])
    }
    expect(postsTo(`/r/${slug()}/follow-up`)).toEqual([])
    expectOnlyOwnOrigin(requests, origin)
    expectReporterHeaders(await responses.all())
    expectNowhereAtRest(test, [CANARY, ...Object.values(report), note.name, ...codeSpellings(code)])
    expect(countCases(test)).toBe(1)
    expect(casesAsConfidant(test, slug(), organisation.confidant)[0]!.submittedVia).toBe('browser')
  })

  // Loading, failing and knowingly choosing the no-JS path: tests/browser/reporter-script-gate.test.ts.

  async function openCase() {
    await page.fill('#code', code)
    await page.click(`button:has-text("${t.openCase}")`)
    await page.waitForSelector('#thread')
    await expect
      .poll(() => page.locator('.entry-body[data-sealed] .entry-content').count())
      .toBeGreaterThan(0)
    expect(await page.isHidden('#code-section')).toBe(true)
  }

  function dateShown(label: string) {
    return page.locator(`.case-dates dt:text-is("${label}") + dd`).textContent()
  }
})
