import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { generateCaseKeys, sealKeyFor } from '../../crypto/index.js'
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
import { addBakery, reportWithoutScript } from '../helpers/seed.js'
import { seedStaff, signInInBrowser } from '../helpers/staff.js'

const t = catalogue('en').reporter
const tc = catalogue('en').staffCase

describeInBrowser('a confidant reads and answers a case in Chromium, decrypted only in the browser', () => {
  const workspace = useWorkspace(() => clock)
  let browser: Browser
  let test: TestApp
  let origin: string
  let caseIds: string[] = []
  let vera: Awaited<ReturnType<typeof seedStaff>>
  // Moved on between sign-ins, so each uses a later TOTP step than the one before.
  let clock = Date.now()
  beforeAll(async () => {
    ;({ browser, test, origin } = workspace())
  }, FIXTURE_BUDGET_MS)

  it('a report made without JavaScript is read by its confidant, who acknowledges; the reporter sees it', async () => {
    vera = await seedStaff(test, 'confidant', 'vera@example.org')
    // These tests acknowledge by hand; new members acknowledge automatically (issue 10).
    addBakery(test, { confidants: [vera], autoAcknowledge: false })
    const what = 'The flour in store room 2 is past its date and still used.'
    const evidence = {
      name: 'stock list.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('flour: 2024-01\n'),
    }

    // The reporter, without JavaScript.
    const { context: reporter } = await openContext(browser, { javaScriptEnabled: false })
    const reporterPage = await reporter.newPage()
    await reporterPage.goto(`${origin}/r/bakkerij/report?lang=en`)
    await reporterPage.fill('#what', what)
    await reporterPage.setInputFiles('#files', [evidence])
    await Promise.all([
      reporterPage.waitForResponse((response) => response.request().method() === 'POST'),
      reporterPage.click(`button:has-text("${t.submit}")`),
    ])
    await reporterPage.waitForLoadState()
    const code = (await reporterPage.textContent('#case-code'))!.trim()
    caseIds = caseIdsOf(test, 'bakkerij')
    const caseId = caseIds[0]

    // The confidant signs in through the real pages; the private key is unlocked in this tab only.
    const { context, requests } = await openContext(browser)
    const page = await context.newPage()
    const posted: string[] = []
    context.on('request', (request) => {
      const body = request.postDataBuffer()
      if (body) posted.push(body.toString('latin1'))
    })
    await signInInBrowser(page, origin, vera, clock)

    await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.textContent('#thread')).toContain(what)
    expect(await page.locator('#thread-warning').count()).toBe(0)
    await expectAccessible(page, 'case page')

    // The file: ciphertext over the wire, decrypted here.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`button[data-attachment]:has-text("${evidence.name}")`),
    ])
    expect(download.suggestedFilename()).toBe(evidence.name)
    const chunks: Buffer[] = []
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).equals(evidence.buffer)).toBe(true)

    // Acknowledge with the prefilled text (the reporter's language), then add an internal note.
    expect(await page.inputValue('#answer-acknowledgement-text')).toBe(tc.acknowledgeDefault)
    await Promise.all([page.waitForEvent('load'), page.click('#answer-acknowledgement button')])
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.textContent('#thread .entry-acknowledgement')).toContain(tc.acknowledgeDefault)
    expect(await page.locator('#answer-acknowledgement').count()).toBe(0)
    const note = 'Ask the store manager on Monday, not the owner.'
    await page.fill('#answer-note-text', note)
    await Promise.all([page.waitForEvent('load'), page.click('#answer-note button')])
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.textContent('#notes')).toContain(note)
    expect(await page.textContent('.notes-warning')).toBe(tc.notesWarning)
    await expectAccessible(page, 'case page after answering')
    for (const body of posted) {
      expect(body.includes(note), 'note sent in the clear').toBe(false)
      expect(body.includes('Thank you for your report'), 'acknowledgement sent in the clear').toBe(false)
    }
    expectOnlyOwnOrigin(requests, origin)
    await context.close()

    // The reporter, still without JavaScript, sees the acknowledgement and never the note.
    await reporterPage.goto(`${origin}/r/bakkerij/follow-up?lang=en`)
    await reporterPage.fill('#code', code)
    await Promise.all([
      reporterPage.waitForURL('**/r/bakkerij/follow-up/case?**'),
      reporterPage.click(`button:has-text("${t.openCase}")`),
    ])
    expect(await reporterPage.textContent('.case-status')).toBe(t.status.acknowledged)
    const thread = (await reporterPage.textContent('main'))!
    expect(thread).toContain(tc.acknowledgeDefault)
    expect(thread).not.toContain(note)
    await reporter.close()
  })
  it('shows only a warning when a database writer swapped in a case key of their own', async () => {
    const otto = await seedStaff(test, 'confidant', 'otto@example.org', 'Otto Oorschot')
    test.app.services.organisations.assign(otto.email, 'bakkerij', 'test')
    await reportWithoutScript(test, 'bakkerij', 'A second report, sealed to Otto too')
    const caseId = caseIdsOf(test, 'bakkerij').find((id) => id !== caseIds[0])!
    // Whoever can write the database holds every public key: they seal a key of their own to Otto.
    const db = new Database(join(test.dataDir, 'meldpool.sqlite'))
    try {
      const { publicKey } = db
        .prepare('SELECT public_key AS publicKey FROM user WHERE id = ?')
        .get(otto.id) as {
        publicKey: Buffer
      }
      const forged = sealKeyFor(generateCaseKeys().shared, new Uint8Array(publicKey), {
        caseId,
        holder: otto.id,
        kind: 'shared',
      })
      const changed = db
        .prepare("UPDATE case_key SET sealed_key = ? WHERE case_id = ? AND holder = ? AND kind = 'shared'")
        .run(Buffer.from(forged), caseId, otto.id)
      expect(changed.changes).toBe(1)
    } finally {
      db.close()
    }

    clock += 60_000
    const { context } = await openContext(browser)
    const page = await context.newPage()
    await signInInBrowser(page, origin, otto, clock)
    await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.unverifiable)
    // Nothing of the case, and no form to write under the forged key.
    expect(await page.locator('#case, form.answer-form, #thread').count()).toBe(0)
    await expectAccessible(page, 'unverifiable case')
    await context.close()
  })
  it('warns when an entry is missing from the middle of the thread', async () => {
    clock += 60_000
    const { context } = await openContext(browser)
    const page = await context.newPage()
    await signInInBrowser(page, origin, vera, clock)
    await page.goto(`${origin}/staff/cases/${caseIds[0]}?lang=en`)
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    await page.fill('#answer-message-text', 'Which store room do you mean?')
    await Promise.all([page.waitForEvent('load'), page.click('#answer-message button')])
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.locator('#thread-warning').count()).toBe(0)

    // A database writer removes the acknowledgement (seq 1) from between the report and the message.
    const db = new Database(join(test.dataDir, 'meldpool.sqlite'))
    try {
      const removed = db
        .prepare("DELETE FROM entry WHERE case_id = ? AND kind = 'acknowledgement'")
        .run(caseIds[0])
      expect(removed.changes).toBe(1)
    } finally {
      db.close()
    }
    await page.reload()
    await expect.poll(() => page.textContent('#case-status')).toBe(tc.opened)
    expect(await page.textContent('#thread-warning')).toBe(tc.threadIncomplete)
    expect(await page.textContent('#thread')).toContain('Which store room do you mean?')
    await context.close()
  })
})
