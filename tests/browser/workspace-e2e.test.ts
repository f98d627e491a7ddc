import { randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { deriveReporterKeys, openEntry, ready, toBase64Url } from '../../crypto/index.js'
import { openReporterSharedKey } from '../../server/domain/sealing.js'
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
import { casesAsConfidant } from '../helpers/confidant.js'
import { addBakeryAndGarage } from '../helpers/seed.js'
import { type StaffAccount, seedStaff, signInInBrowser } from '../helpers/staff.js'

const t = catalogue('en').reporter
const tc = catalogue('en').staffCase
const te = catalogue('en').errors

/**
 * Issue 9's end-to-end path through the real pages: reporters (with and without JavaScript) and confidants in
 * one Chromium, each in their own context. The tests run in order and share the cases they make.
 */
describeInBrowser('workspace end to end: reporters and confidants through the real pages', () => {
  const workspace = useWorkspace(() => clock)
  let browser: Browser
  let test: TestApp
  let origin: string
  let vera: StaffAccount
  let gert: StaffAccount
  // The server's clock, moved on before each sign-in so every sign-in uses a later TOTP step.
  let clock = Date.now()
  const contexts: BrowserContext[] = []

  const slug = 'bakkerij'
  const run = randomUUID().slice(0, 8)
  const withJs = `With JavaScript ${run}: the oven thermostat was taped over so the checks pass.`
  const withoutJs = `Without JavaScript ${run}: cleaning logs are signed in advance for the whole week.`
  const evidence = {
    name: 'thermostat.bin',
    mimeType: 'application/octet-stream',
    buffer: randomBytes(70_000),
  }
  const question = `Which oven is it, the one in the back room? ${run}`
  const feedback = `We replaced the thermostat and spoke to the shift lead. ${run}`
  const note = `Internal ${run}: the shift lead is the owner's nephew, handle with care.`
  const answerWithJs = `Yes, the one in the back room. ${run}-js`
  const answerWithoutJs = `It started in September. ${run}-nojs`

  // Shared between the tests, in order.
  let jsReporter: Page
  let noJsReporter: Page
  let confidant: Page
  let confidantContext: BrowserContext
  let jsCode = ''
  let noJsCode = ''
  let jsCase = ''
  let noJsCase = ''
  // Every body the reporter side received from the server, to look for the internal note in.
  const reporterBodies: Array<{ where: string; body: Buffer }> = []
  const pendingBodies: Array<Promise<void>> = []

  beforeAll(async () => {
    ;({ browser, test, origin } = workspace())
    vera = await seedStaff(test, 'confidant', 'vera@example.org')
    gert = await seedStaff(test, 'confidant', 'gert@example.org', 'Gert Garage')
    // These tests acknowledge by hand; new members acknowledge automatically (issue 10).
    addBakeryAndGarage(test, { bakery: [vera], garage: [gert], autoAcknowledge: false })
  }, FIXTURE_BUDGET_MS)
  afterAll(async () => {
    for (const context of contexts) await context.close()
  }, FIXTURE_BUDGET_MS)

  async function newContext(javaScriptEnabled = true) {
    const opened = await openContext(browser, { javaScriptEnabled })
    contexts.push(opened.context)
    return opened
  }

  /** Records every body the server sends to this reporter page (HTML, fragments, API answers). */
  function recordBodies(page: Page) {
    page.on('response', (response: Response) => {
      const { pathname } = new URL(response.url())
      // Where a thread reaches the reporter: the no-JS case page, the JS thread fragment, the files API. (The
      // submit and message APIs answer only a receipt; Chromium never settles the body of a streamed upload's
      // answer for CDP, so they are left out rather than waited on.)
      if (!/^\/r\/[^/]+\/(follow-up\/(view|case)|api\/attachment)$/.test(pathname)) return
      const where = `${response.request().method()} ${pathname}`
      pendingBodies.push(
        response.body().then(
          (body) => void reporterBodies.push({ where, body }),
          // A redirect has no body to read.
          () => undefined,
        ),
      )
    })
  }

  async function signIn(page: Page, account: StaffAccount) {
    clock += 30_000
    await signInInBrowser(page, origin, account, clock)
    await expect.poll(() => page.getAttribute('#key-status', 'data-unlocked')).toBe('yes')
  }

  /** Opens a case page and waits until the browser has decrypted it; returns the HTML the server sent. */
  async function openCasePage(page: Page, caseId: string): Promise<string> {
    const response = await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    expect(response!.status()).toBe(200)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    return response!.text()
  }

  async function answerAs(page: Page, kind: 'message' | 'feedback' | 'note', text: string) {
    await page.fill(`#answer-${kind}-text`, text)
    await Promise.all([page.waitForEvent('load'), page.click(`#answer-${kind} button`)])
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
  }

  it('reads a report made with JavaScript and one made without, decrypted only in the browser', async () => {
    const js = await newContext(true)
    jsReporter = await js.context.newPage()
    recordBodies(jsReporter)
    await jsReporter.goto(`${origin}/r/${slug}/report?lang=en`)
    await jsReporter.fill('#what', withJs)
    await jsReporter.setInputFiles('#files', [evidence])
    await jsReporter.click(`button:has-text("${t.submit}")`)
    await jsReporter.waitForSelector('#receipt:not([hidden])')
    jsCode = (await jsReporter.textContent('#case-code'))!.trim()

    const noJs = await newContext(false)
    noJsReporter = await noJs.context.newPage()
    recordBodies(noJsReporter)
    await noJsReporter.goto(`${origin}/r/${slug}/report?lang=en`)
    await noJsReporter.fill('#what', withoutJs)
    await Promise.all([
      noJsReporter.waitForResponse((response) => response.request().method() === 'POST'),
      noJsReporter.click(`button:has-text("${t.submit}")`),
    ])
    await noJsReporter.waitForLoadState()
    noJsCode = (await noJsReporter.textContent('#case-code'))!.trim()
    expect(noJsCode).not.toBe(jsCode)

    const cases = casesAsConfidant(test, slug, vera)
    jsCase = cases.find((item) => item.submittedVia === 'browser')!.id
    noJsCase = cases.find((item) => item.submittedVia === 'server')!.id

    const staff = await newContext(true)
    confidantContext = staff.context
    confidant = await confidantContext.newPage()
    await signIn(confidant, vera)
    // Both are in the inbox; the confidant opens one from there, as they would.
    await confidant.goto(`${origin}/staff?lang=en`)
    expect(await confidant.locator('.inbox-table a[href^="/staff/cases/"]').count()).toBe(2)
    const [response] = await Promise.all([
      confidant.waitForResponse((answer) => answer.url().includes(`/staff/cases/${noJsCase}`)),
      confidant.click(`.inbox-table a[href="/staff/cases/${noJsCase}"]`),
    ])
    await expect.poll(() => confidant.textContent('#case-status')).toBe(tc.opened)
    expect(await confidant.textContent('#thread')).toContain(withoutJs)
    const noJsHtml = await response.text()
    expect(noJsHtml).toContain('data-case=')
    expect(noJsHtml).not.toContain(withoutJs)

    const jsHtml = await openCasePage(confidant, jsCase)
    expect(await confidant.textContent('#thread')).toContain(withJs)
    expect(jsHtml).toContain('data-case=')
    expect(jsHtml).not.toContain(withJs)
    expect(jsHtml).not.toContain(evidence.name)
    expect(await confidant.locator(`button[data-attachment]:has-text("${evidence.name}")`).count()).toBe(1)
    expectOnlyOwnOrigin(staff.requests, origin)
  })

  it('acknowledges, asks and gives feedback; the reporter with JavaScript sees each and answers', async () => {
    await Promise.all([confidant.waitForEvent('load'), confidant.click('#answer-acknowledgement button')])
    await expect.poll(() => confidant.textContent('#case-status')).toBe(tc.opened)
    await answerAs(confidant, 'message', question)
    await answerAs(confidant, 'feedback', feedback)
    await answerAs(confidant, 'note', note)
    expect(await confidant.textContent('#notes')).toContain(note)
    const thread = await confidant.locator('#thread .entry').allTextContents()
    expect(thread).toHaveLength(4)

    await jsReporter.goto(`${origin}/r/${slug}/follow-up?lang=en`)
    await jsReporter.fill('#code', jsCode)
    await jsReporter.click(`button:has-text("${t.openCase}")`)
    await jsReporter.waitForSelector('#thread')
    await expect.poll(() => jsReporter.locator('.entry-body[data-sealed] .entry-content').count()).toBe(4)
    const entries = await jsReporter.locator('.entry').allTextContents()
    expect(entries).toHaveLength(4)
    expect(entries[0]).toContain(withJs)
    expect(entries[1]).toContain(t.kinds.acknowledgement)
    expect(entries[1]).toContain(tc.acknowledgeDefault)
    expect(entries[2]).toContain(t.kinds.message)
    expect(entries[2]).toContain(question)
    expect(entries[3]).toContain(t.kinds.feedback)
    expect(entries[3]).toContain(feedback)
    // The status the case has, in the reporter's words (casesAsConfidant cannot read a case with notes).
    const status = readOnly(
      test,
      (db) => (db.prepare('SELECT status FROM "case" WHERE id = ?').get(jsCase) as { status: string }).status,
    )
    expect(await jsReporter.textContent('.case-status')).toBe(t.status[status as keyof typeof t.status])

    await jsReporter.fill('#reply-text', answerWithJs)
    await jsReporter.click(`button:has-text("${t.replySend}")`)
    await expect.poll(() => jsReporter.locator('#thread .success').textContent()).toBe(t.replySent)
    await expect.poll(() => jsReporter.locator('.entry').count()).toBe(5)
  })

  it('the reporter without JavaScript sees the same answers and replies; the confidant reads both replies', async () => {
    await noJsReporter.goto(`${origin}/r/${slug}/follow-up?lang=en`)
    await noJsReporter.fill('#code', jsCode)
    await Promise.all([
      noJsReporter.waitForURL(`**/r/${slug}/follow-up/case?**`),
      noJsReporter.click(`button:has-text("${t.openCase}")`),
    ])
    const shown = (await noJsReporter.textContent('main'))!
    for (const text of [withJs, tc.acknowledgeDefault, question, feedback, answerWithJs]) {
      expect(shown).toContain(text)
    }
    expect(shown).toContain(t.kinds.feedback)

    await noJsReporter.fill('#reply-text', answerWithoutJs)
    await Promise.all([
      noJsReporter.waitForURL('**/follow-up/case?sent=message**'),
      noJsReporter.click(`button:has-text("${t.replySend}")`),
    ])
    expect(await noJsReporter.textContent('#thread .success')).toBe(t.replySent)
    expect(await noJsReporter.textContent('main')).toContain(answerWithoutJs)

    await openCasePage(confidant, jsCase)
    const thread = (await confidant.textContent('#thread'))!
    expect(thread).toContain(answerWithJs)
    expect(thread).toContain(answerWithoutJs)
    expect(await confidant.locator('#thread .entry').count()).toBe(6)
    expect(await confidant.locator('#thread-warning').count()).toBe(0)
    await expectAccessible(confidant, 'case page with the whole thread decrypted')
  })

  it("never hands the internal note to the reporter: not in a page, not in the API, not under the reporter's key", async () => {
    // The thread as the JavaScript page fetches it once more, now that it is complete.
    await jsReporter.goto(`${origin}/r/${slug}/follow-up?lang=en`)
    await jsReporter.fill('#code', jsCode)
    await jsReporter.click(`button:has-text("${t.openCase}")`)
    await expect.poll(() => jsReporter.locator('.entry-body[data-sealed] .entry-content').count()).toBe(6)
    await Promise.all(pendingBodies)

    const rows = entryRows(test, jsCase)
    const notes = rows.filter((row) => row.kind === 'note')
    expect(notes).toHaveLength(1)
    const views = reporterBodies.filter(({ where }) => where.endsWith('/follow-up/view'))
    expect(views.length).toBeGreaterThan(0)
    expect(reporterBodies.filter(({ where }) => where.endsWith('/follow-up/case')).length).toBeGreaterThan(0)
    // What a reporter could see of it: its text, its id, any run of its ciphertext or its nonce.
    const traces = notes.flatMap((row) => [
      row.id,
      toBase64Url(row.ciphertext).slice(0, 32),
      toBase64Url(row.nonce),
    ])
    for (const { where, body } of reporterBodies) {
      expect(body.includes(note), `note text in ${where}`).toBe(false)
      for (const trace of traces) expect(body.includes(trace), `note row in ${where}`).toBe(false)
    }
    // The last fragment holds every entry of the thread, by id: the note is missing, not merely elsewhere.
    const shownIds = [
      ...views
        .at(-1)!
        .body.toString('utf8')
        .matchAll(/id="entry-([^"]+)"/g),
    ].map((match) => match[1])
    expect(shownIds.sort()).toEqual(
      rows
        .filter((row) => row.kind !== 'note')
        .map((row) => row.id)
        .sort(),
    )

    // Whoever holds the code opens the reporter's key, which opens the report but no note.
    await ready()
    const reporterKey = reporterSharedKey(test, jsCase, jsCode)
    const report = rows.find((row) => row.kind === 'report')!
    expect(openEntry<{ what: string }>(reporterKey, contextOf(jsCase, report), report).what).toBe(withJs)
    for (const row of notes) expect(() => openEntry(reporterKey, contextOf(jsCase, row), row)).toThrow()
  })

  it('a confidant of another organisation gets a 404 without any of the case, and no file', async () => {
    const other = await newContext(true)
    const page = await other.context.newPage()
    await signIn(page, gert)
    expect(await page.locator(`a[href^="/staff/cases/"]`).count()).toBe(0)
    const rows = entryRows(test, jsCase)
    const response = await page.goto(`${origin}/staff/cases/${jsCase}?lang=en`)
    expect(response!.status()).toBe(404)
    const html = await response!.text()
    expect(html).not.toContain('data-case')
    for (const row of rows) expect(html).not.toContain(toBase64Url(row.ciphertext).slice(0, 32))
    expect(await page.textContent('main')).toContain(te.notFound)
    await expectAccessible(page, 'case of another organisation')

    const file = fileIdOf(test, jsCase)
    const download = await other.context.request.get(`${origin}/staff/api/cases/${jsCase}/files/${file}`)
    expect(download.status()).toBe(404)
    expect((await download.body()).length).toBeLessThan(4096)
    // The same request by the case's own confidant returns the ciphertext: the 404 is about who asks.
    const own = await confidantContext.request.get(`${origin}/staff/api/cases/${jsCase}/files/${file}`)
    expect(own.status()).toBe(200)
    expect((await own.body()).length).toBeGreaterThan(evidence.buffer.length)
  })

  it('axe: the filtered inbox, a case page whose keys are locked in a new tab, an unknown invitation', async () => {
    await confidant.goto(`${origin}/staff?lang=en`)
    await confidant.selectOption('select[name=organisation]', { index: 1 })
    await Promise.all([
      confidant.waitForURL('**/staff?**organisation=**'),
      confidant.click('form.inbox-filter button[type=submit]'),
    ])
    expect(await confidant.locator('.inbox-table a[href^="/staff/cases/"]').count()).toBe(2)
    await expectAccessible(confidant, 'inbox filtered by organisation')

    // A second tab of the same session holds no unlocked key: the case says so and shows nothing.
    const secondTab = await confidantContext.newPage()
    await secondTab.goto(`${origin}/staff/cases/${jsCase}?lang=en`)
    await secondTab.waitForSelector('#unlock-form')
    // Nothing is decrypted or shown before the password unlocks the key in this tab.
    expect(await secondTab.locator('#thread li').count()).toBe(0)
    await expectAccessible(secondTab, 'case page with the keys locked')
    await secondTab.close()

    const { context } = await newContext(true)
    const page = await context.newPage()
    const response = await page.goto(`${origin}/staff/invite/${randomUUID().replaceAll('-', '')}?lang=en`)
    expect(response!.status()).toBeGreaterThanOrEqual(400)
    await expectAccessible(page, 'unknown invitation')
  })
})

type EntryRow = {
  id: string
  kind: string
  author: string
  seq: number
  nonce: Uint8Array
  ciphertext: Uint8Array
}

function readOnly<T>(test: TestApp, read: (db: Database.Database) => T): T {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

function entryRows(test: TestApp, caseId: string): EntryRow[] {
  return readOnly(test, (db) =>
    (
      db
        .prepare(
          'SELECT id, kind, author, seq, nonce, ciphertext FROM entry WHERE case_id = ? ORDER BY rowid',
        )
        .all(caseId) as Array<Omit<EntryRow, 'nonce' | 'ciphertext'> & { nonce: Buffer; ciphertext: Buffer }>
    ).map((row) => ({
      ...row,
      nonce: new Uint8Array(row.nonce),
      ciphertext: new Uint8Array(row.ciphertext),
    })),
  )
}

function contextOf(caseId: string, row: EntryRow) {
  return { caseId, entryId: row.id, kind: row.kind, author: row.author, seq: row.seq }
}

function fileIdOf(test: TestApp, caseId: string): string {
  return readOnly(
    test,
    (db) =>
      (
        db
          .prepare('SELECT a.id FROM attachment a JOIN entry e ON e.id = a.entry_id WHERE e.case_id = ?')
          .get(caseId) as { id: string }
      ).id,
  )
}

/** The case's shared key as the reporter's browser opens it: from the code and the organisation's salt. */
function reporterSharedKey(test: TestApp, caseId: string, code: string): Uint8Array {
  const { codeSalt, sealedKey } = readOnly(
    test,
    (db) =>
      db
        .prepare(
          `SELECT o.code_salt AS codeSalt, k.sealed_key AS sealedKey
             FROM "case" c JOIN organisation o ON o.id = c.organisation_id
             JOIN case_key k ON k.case_id = c.id AND k.holder = 'reporter' AND k.kind = 'shared'
            WHERE c.id = ?`,
        )
        .get(caseId) as { codeSalt: Buffer; sealedKey: Buffer },
  )
  const reporter = deriveReporterKeys(code, new Uint8Array(codeSalt))
  return openReporterSharedKey(new Uint8Array(sealedKey), caseId, reporter)
}
