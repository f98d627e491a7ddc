import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { encryptEntry, generateCaseKeys, randomId, sealKeyFor } from '../../crypto/index.js'
import { catalogue } from '../../views/i18n/index.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { openContext } from '../helpers/browser.js'
import { describeInBrowser, launchChromium } from '../helpers/chromium.js'
import { addConfidantEntry } from '../helpers/confidant.js'
import { multipart, receiptCode } from '../helpers/forms.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

// The reporter's page script (views/browser/follow-up.ts) against a database writer: the checks of
// tests/http/protocol-binding.test.ts, made by the real script in Chromium.
const t = catalogue('en').reporter

describeInBrowser('reporter with JavaScript against a database writer', () => {
  let browser: Browser
  let test: TestApp
  let origin: string
  let org: SeededOrganisation
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    browser = await launchChromium()
    test = await createTestApp()
    org = await seedActiveOrganisation(test)
    origin = await test.app.listen({ host: '127.0.0.1', port: 0 })
    ;({ context } = await openContext(browser))
    page = await context.newPage()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await test?.close()
  })

  function writer<T>(change: (db: BetterSqlite3.Database) => T): T {
    const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'))
    try {
      return change(db)
    } finally {
      db.close()
    }
  }

  async function report(what: string): Promise<{ code: string; caseId: string }> {
    const body = await multipart([
      ['lang', 'en'],
      ['what', what],
    ])
    const response = await test.app.inject({ method: 'POST', url: `/r/${org.slug}/report`, ...body })
    const caseId = writer(
      (db) =>
        (
          db.prepare('select id from "case" order by received_at desc, rowid desc limit 1').get() as {
            id: string
          }
        ).id,
    )
    return { code: receiptCode(response.body), caseId }
  }

  async function enterCode(code: string) {
    await page.goto(`${origin}/r/${org.slug}/follow-up?lang=en`)
    await page.fill('#code', code)
    await page.click(`button:has-text("${t.openCase}")`)
  }

  it('warns when an entry was removed from the middle of the thread', async () => {
    const { code, caseId } = await report('Report whose thread loses an entry')
    addConfidantEntry(test, org.confidant, caseId, 'acknowledgement', 'We received your report.')
    addConfidantEntry(test, org.confidant, caseId, 'message', 'Do you have the invoices?')
    writer((db) => db.prepare('delete from entry where case_id = ? and seq = 1').run(caseId))
    await enterCode(code)
    await expect.poll(() => page.locator('#thread-warning').textContent()).toBe(t.threadIncomplete)
    const thread = (await page.textContent('#thread'))!
    expect(thread).toContain('Report whose thread loses an entry')
    expect(thread).toContain('Do you have the invoices?')
  })

  it('refuses a case key a writer sealed to the reporter: the planted question is never shown', async () => {
    const { code, caseId } = await report('The real report')
    const planted = generateCaseKeys().shared
    writer((db) => {
      const { pk } = db.prepare('select reporter_public_key as pk from "case" where id = ?').get(caseId) as {
        pk: Buffer
      }
      const { id } = db.prepare("select id from entry where case_id = ? and kind = 'report'").get(caseId) as {
        id: string
      }
      const forged = encryptEntry(
        planted,
        { caseId, entryId: id, kind: 'report', author: 'reporter', seq: 0 },
        {
          v: 1,
          what: 'The real report',
          when: '',
          where: '',
          who: '',
          how: '',
          ongoing: 'unknown',
          attachments: [],
          // A complete report document, so only the key check can refuse it.
          locale: 'en',
          internalKeyCommitment: 'A'.repeat(43),
        },
      )
      db.prepare('update entry set nonce = ?, ciphertext = ? where id = ?').run(
        Buffer.from(forged.nonce),
        Buffer.from(forged.ciphertext),
        id,
      )
      const questionId = randomId()
      const question = encryptEntry(
        planted,
        { caseId, entryId: questionId, kind: 'message', author: org.confidant.id, seq: 1 },
        { v: 1, text: 'Please tell us your full name.', attachments: [] },
      )
      db.prepare(
        'insert into entry (id, case_id, kind, author, seq, created_at, nonce, ciphertext) values (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        questionId,
        caseId,
        'message',
        org.confidant.id,
        1,
        Date.now(),
        Buffer.from(question.nonce),
        Buffer.from(question.ciphertext),
      )
      const sealed = sealKeyFor(planted, new Uint8Array(pk), { caseId, holder: 'reporter', kind: 'shared' })
      db.prepare("update case_key set sealed_key = ? where case_id = ? and holder = 'reporter'").run(
        Buffer.from(sealed),
        caseId,
      )
    })
    await enterCode(code)
    await expect.poll(() => page.textContent('#code-status')).toBe(t.caseUnverifiable)
    expect(await page.isVisible('#code-section')).toBe(true)
    expect(await page.locator('#thread').count()).toBe(0)
    expect(await page.content()).not.toContain('full name')
    expect(await page.locator('#reply-form').count()).toBe(0)
  })
})
