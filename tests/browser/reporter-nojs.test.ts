import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest'
import type { MessageDocument, ReportDocument } from '../../server/domain/documents.js'
import { catalogue } from '../../views/i18n/index.js'
import type { TestApp } from '../helpers/app.js'
import { expectOnlyOwnOrigin, openContext, useReporterSite } from '../helpers/browser.js'
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
  unusedValidCode,
  withTypo,
} from '../helpers/confidant.js'
import type { SeededOrganisation } from '../helpers/seed.js'

const t = catalogue('en').reporter
const CANARY = `CANARY-${randomUUID()}`
const report = {
  what: 'Safety inspections of the bread ovens are signed without anyone looking at the ovens.',
  when: 'The last three inspections',
  where: 'Bakery in Zwolle',
  who: 'The shift supervisor',
  how: 'A colleague showed me the signed forms',
  name: 'Piet Puk',
  contact: 'piet.puk@example.net',
}
const evidence = { name: 'forms.pdf', mimeType: 'application/pdf', buffer: randomBytes(1024 * 1024) }
const note = { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from(`Inspection notes ${CANARY}\n`) }
const replyFile = {
  name: 'dates.txt',
  mimeType: 'text/plain',
  buffer: Buffer.from(`Dates ${CANARY}-reply\n`),
}

describeInBrowser('reporter without JavaScript: plain form posts, encrypted by the server in memory', () => {
  let browser: Browser
  let test: TestApp
  let origin: string
  let organisation: SeededOrganisation
  let context: BrowserContext
  let requests: string[]
  let page: Page
  let responses: ResponseRecorder
  let code = ''
  let sessionCookie: Cookie | undefined

  const site = useReporterSite()

  beforeAll(async () => {
    ;({ browser, test, origin, organisation } = site)
    ;({ context, requests } = await openContext(browser, { javaScriptEnabled: false }))
    page = await context.newPage()
    responses = recordReporterResponses(page, origin)
  })
  afterAll(async () => {
    await context?.close()
  })

  const slug = () => organisation.slug

  it('makes a report through a plain form post and shows the case code once', async () => {
    await page.goto(`${origin}/r/${slug()}?lang=en`)
    await Promise.all([page.waitForURL(`**/r/${slug()}/report?lang=en`), page.click(`text=${t.makeReport}`)])
    await page.fill('#what', report.what)
    await page.fill('#when', report.when)
    await page.fill('#where', report.where)
    await page.fill('#who', report.who)
    await page.fill('#how', report.how)
    await page.check('input[name=ongoing][value=no]')
    await page.fill('#name', report.name)
    await page.fill('#contact', report.contact)
    await page.setInputFiles('#files', [evidence, note])
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.click(`button:has-text("${t.submit}")`),
    ])
    expect(answer.status()).toBe(200)
    await page.waitForLoadState()

    expect(await page.textContent('h1')).toBe(t.receiptTitle)
    code = (await page.textContent('#case-code'))!.trim()
    expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/)
    // Copy and print need JavaScript: without it they are not on the page at all (not merely hidden).
    expect(await page.locator('#copy-code, #print-receipt').count()).toBe(0)
    expect(await page.locator('.language-switch').count()).toBe(0)
    // The download is a POST to the server, which answers the text file: no data: URL, no code in a URL.
    expect(await page.locator('a[href^="data:"]').count()).toBe(0)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-receipt')])
    expect(download.url()).toBe(`${origin}/r/${slug()}/receipt`)
    const text = readFileSync((await download.path())!, 'utf8')
    expect(text).toContain('Bakkerij Jansen B.V.')
    expect(text).toContain(code)
    expect(text).toMatch(new RegExp(`${t.receiptFileDate}: \\d`))
    expect(text).toContain(`${test.config.publicUrl}/r/${slug()}/follow-up`)
    for (const secret of [CANARY, ...Object.values(report)]) expect(text).not.toContain(secret)
    expect(await page.textContent('main')).not.toContain(report.what)
  })

  it('asks the reporter to confirm the code is saved, then says what happens next', async () => {
    const receiptUrl = page.url()
    const saved = page.locator('input[name=saved]')
    await page.click(`button:has-text("${t.receiptContinue}")`)
    expect(await saved.evaluate((box: HTMLInputElement) => box.validity.valueMissing)).toBe(true)
    expect(page.url()).toBe(receiptUrl)
    expect(await page.textContent('#case-code')).toBe(code)
    await saved.check()
    await Promise.all([
      page.waitForURL(`**/r/${slug()}/done?**`),
      page.click(`button:has-text("${t.receiptContinue}")`),
    ])
    expect(await page.textContent('h1')).toBe(t.doneTitle)
  })

  it('stores only ciphertext the confidant can open: every field and both files, byte for byte', () => {
    const [stored, ...others] = casesAsConfidant(test, slug(), organisation.confidant)
    expect(others).toEqual([])
    expect(stored!.submittedVia).toBe('server')
    const entry = stored!.entries[0]!
    expect(entry.document as ReportDocument).toMatchObject({
      v: 1,
      what: report.what,
      when: report.when,
      where: report.where,
      who: report.who,
      how: report.how,
      ongoing: 'no',
      identity: { name: report.name, contact: report.contact },
    })
    expect(entry.files.map(({ ref }) => [ref.name, ref.type, ref.size])).toEqual([
      [evidence.name, evidence.mimeType, evidence.buffer.length],
      [note.name, note.mimeType, note.buffer.length],
    ])
    expect(entry.files[0]!.data.equals(evidence.buffer)).toBe(true)
    expect(entry.files[1]!.data.equals(note.buffer)).toBe(true)
  })

  it('answers a mistyped or an unknown code with a clear message, and sets no cookie', async () => {
    await page.goto(`${origin}/r/${slug()}/follow-up?lang=en`)
    await page.fill('#code', withTypo(code))
    const [typo] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.click(`button:has-text("${t.openCase}")`),
    ])
    expect(typo.status()).toBe(400)
    await page.waitForLoadState()
    expect(await page.textContent('#code-problem')).toBe(t.codeTypo)

    await page.fill('#code', unusedValidCode())
    const [unknown] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.click(`button:has-text("${t.openCase}")`),
    ])
    expect(unknown.status()).toBe(404)
    await page.waitForLoadState()
    expect(await page.textContent('#code-problem')).toBe(t.codeUnknown)
    expect(await context.cookies()).toEqual([])
  })

  it('opens the case with the code, held by one short-lived strict cookie that holds no code', async () => {
    await page.fill('#code', code)
    await Promise.all([
      page.waitForURL(`**/r/${slug()}/follow-up/case?**`),
      page.click(`button:has-text("${t.openCase}")`),
    ])
    const cookies = await context.cookies()
    expect(cookies).toHaveLength(1)
    sessionCookie = cookies[0]!
    expect(sessionCookie).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: `/r/${slug()}/follow-up`,
    })
    expect(sessionCookie.expires).toBeGreaterThan(0)
    // "at most 15 minutes", as the follow-up page promises.
    expect(sessionCookie.expires * 1000 - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000)
    for (const spelling of codeSpellings(code)) expect(sessionCookie.value).not.toContain(spelling)
    expect(sessionCookie.value).not.toContain(code.replace(/\D/g, '').slice(0, 8))

    const entry = (await page.locator('.entry').first().textContent())!
    for (const value of [report.what, report.when, report.who, report.name, report.contact, t.ongoingNo]) {
      expect(entry).toContain(value)
    }
    expect(await page.textContent('.case-status')).toBe(t.status.received)
    expect(await page.locator('.case-dates dt').allTextContents()).toEqual([
      t.receivedOn,
      t.acknowledgeBy,
      t.feedbackBy,
    ])
  })

  it("shows the confidant's confirmation, and sends a reply with a file and a meeting request", async () => {
    const [stored] = casesAsConfidant(test, slug(), organisation.confidant)
    addConfidantEntry(
      test,
      organisation.confidant,
      stored!.id,
      'acknowledgement',
      'Thank you, we have your report.',
    )
    await page.reload()
    expect(await page.textContent('.case-status')).toBe(t.status.acknowledged)
    expect(await page.locator('.entry').nth(1).textContent()).toContain('Thank you, we have your report.')

    await page.fill('#reply-text', `The forms are in the office. ${CANARY}-answer`)
    await page.setInputFiles('#reply-files', [replyFile])
    await Promise.all([
      page.waitForURL(`**/follow-up/case?sent=message**`),
      page.click(`button:has-text("${t.replySend}")`),
    ])
    expect(await page.textContent('#thread .success')).toBe(t.replySent)
    expect(await page.locator('.entry').nth(2).textContent()).toContain(
      `The forms are in the office. ${CANARY}-answer`,
    )

    await page.fill('#meeting-text', 'Any evening after six.')
    await Promise.all([
      page.waitForURL(`**/follow-up/case?sent=meeting**`),
      page.click(`button:has-text("${t.meetingSend}")`),
    ])
    expect(await page.textContent('#thread .success')).toBe(t.meetingSent)
    expect(await page.textContent('#thread')).toContain(t.meetingPending)
    expect(await page.locator('#meeting-form').count()).toBe(0)

    const [updated] = casesAsConfidant(test, slug(), organisation.confidant)
    const [reply, meeting] = updated!.entries.slice(2)
    expect(reply).toMatchObject({ kind: 'message', author: 'reporter' })
    expect((reply!.document as MessageDocument).text).toBe(`The forms are in the office. ${CANARY}-answer`)
    expect(reply!.files).toHaveLength(1)
    expect(reply!.files[0]!.ref.name).toBe(replyFile.name)
    expect(reply!.files[0]!.data.equals(replyFile.buffer)).toBe(true)
    expect(meeting).toMatchObject({
      kind: 'meeting_request',
      author: 'reporter',
      document: { text: 'Any evening after six.' },
    })
  })

  it('downloads the files of the case, opened by the server for that one response', async () => {
    for (const file of [note, evidence, replyFile]) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`.entry-files a:text-is("${file.name}")`),
      ])
      expect(download.suggestedFilename()).toBe(file.name)
      expect(readFileSync((await download.path())!).equals(file.buffer)).toBe(true)
    }
  })

  it('"Close case" ends the session on the server and removes the cookie', async () => {
    await Promise.all([page.waitForURL(`**/r/${slug()}`), page.click(`button:has-text("${t.signOut}")`)])
    expect(await context.cookies()).toEqual([])
    const after = await page.goto(`${origin}/r/${slug()}/follow-up/case?lang=en`)
    expect(after?.status()).toBe(403)
    expect(await page.textContent('#code-problem')).toBe(t.sessionExpired)
    // Someone who copied the cookie before it was cleared gets nothing either.
    await context.addCookies([sessionCookie!])
    const replayed = await page.goto(`${origin}/r/${slug()}/follow-up/case?lang=en`)
    expect(replayed?.status()).toBe(403)
    expect(await page.textContent('main')).not.toContain(report.what)
    await context.clearCookies()
  })

  it('loaded nothing from elsewhere, and every reporter response carried the strict headers', async () => {
    expectOnlyOwnOrigin(requests, origin)
    for (const spelling of codeSpellings(code))
      expect(requests.filter((url) => url.includes(spelling))).toEqual([])
    expectReporterHeaders(await responses.all())
    expectNowhereAtRest(test, [CANARY, ...Object.values(report), note.name, ...codeSpellings(code)])
    expect(countCases(test)).toBe(1)
  })

  describeInBrowser('when the operator has switched the no-JavaScript fallback off', () => {
    const strictSite = useReporterSite({ env: { MELDPOOL_NOJS_FALLBACK: 'off' } })
    let strict: TestApp
    let strictOrigin: string
    let strictSlug: string
    let strictCode = ''
    beforeAll(() => {
      ;({ test: strict, origin: strictOrigin, slug: strictSlug } = strictSite)
    })

    it('the form explains that JavaScript is needed, and a plain post is refused with nothing stored', async () => {
      const { context: noJs, requests: noJsRequests } = await openContext(browser, {
        javaScriptEnabled: false,
      })
      const form = await noJs.newPage()
      const seen = recordReporterResponses(form, strictOrigin)
      await form.goto(`${strictOrigin}/r/${strictSlug}/report?lang=en`)
      expect(await form.isVisible(`p.error-message:text-is("${t.noJsOff}")`)).toBe(true)

      await form.fill('#what', `Posted without JavaScript. ${CANARY}-off`)
      const [refused] = await Promise.all([
        form.waitForResponse((response) => response.request().method() === 'POST'),
        form.click(`button:has-text("${t.submit}")`),
      ])
      expect(refused.status()).toBe(403)
      await form.waitForLoadState()
      expect(await form.textContent('main')).toContain(t.noJsOff)
      expect(countCases(strict)).toBe(0)
      expect(strict.logs.join('\n')).not.toContain(CANARY)
      expect(await noJs.cookies()).toEqual([])
      expectOnlyOwnOrigin(noJsRequests, strictOrigin)
      expectReporterHeaders(await seen.all())
      await noJs.close()
    })

    it('with JavaScript the same form works and shows no such explanation', async () => {
      const { context: withJs } = await openContext(browser)
      const form = await withJs.newPage()
      await form.goto(`${strictOrigin}/r/${strictSlug}/report?lang=en`)
      expect(await form.isVisible(`text=${t.noJsOff}`)).toBe(false)
      await form.fill('#what', 'Posted with JavaScript while the fallback is off.')
      await form.click(`button:has-text("${t.submit}")`)
      await form.waitForSelector('#receipt:not([hidden])')
      strictCode = (await form.textContent('#case-code'))!.trim()
      expect(countCases(strict)).toBe(1)
      await withJs.close()
    })

    // DESIGN §4: the operator switches off the no-JavaScript fallback as a whole, follow-up included.
    it('follow-up without JavaScript is refused too: the server never handles the code', async () => {
      const { context: noJs } = await openContext(browser, { javaScriptEnabled: false })
      onTestFinished(() => noJs.close())
      const followUp = await noJs.newPage()
      await followUp.goto(`${strictOrigin}/r/${strictSlug}/follow-up?lang=en`)
      await followUp.fill('#code', strictCode)
      const [refused] = await Promise.all([
        followUp.waitForResponse((response) => response.request().method() === 'POST'),
        followUp.click(`button:has-text("${t.openCase}")`),
      ])
      await followUp.waitForLoadState()
      expect(await noJs.cookies()).toEqual([])
      expect(await followUp.textContent('main')).not.toContain('while the fallback is off')
      expect(refused.status()).toBe(403)
      expect(await followUp.textContent('main')).toContain(t.noJsOff)
    })
  })
})
