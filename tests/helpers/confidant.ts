import { randomInt } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import { dammCheckDigit } from '../../crypto/case-code.js'
import {
  decryptAttachment,
  encryptEntry,
  fromBase64Url,
  openEntry,
  openSealedKey,
  randomId,
  toBase64Url,
} from '../../crypto/index.js'
import type { AttachmentRef, EntryDocument } from '../../server/domain/documents.js'
import type { StaffSession } from '../../server/services/staff-sessions.js'
import type { TestApp } from './app.js'
import { expectAccessible } from './browser.js'
import { storedCiphertext } from './files.js'
import type { SeededAccount } from './seed.js'

/** Shared by the reporter-*.test.ts browser suites: what a confidant and an attacker would see. */

type Confidant = SeededAccount

export type CaseAsConfidant = {
  id: string
  status: string
  submittedVia: string
  receivedAt: number
  acknowledgedAt: number | null
  timezone: string
  entries: Array<{
    id: string
    kind: string
    author: string
    document: EntryDocument
    files: Array<{ ref: AttachmentRef; data: Buffer }>
  }>
}

function readOnly<T>(test: TestApp, read: (db: Database.Database) => T): T {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

/** Ids of the organisation's cases, as a copy of the disk shows them. */
export function caseIdsOf(test: TestApp, slug: string): string[] {
  return readOnly(test, (db) =>
    (
      db
        .prepare('SELECT c.id FROM "case" c JOIN organisation o ON o.id = c.organisation_id WHERE o.slug = ?')
        .all(slug) as Array<{ id: string }>
    ).map((row) => row.id),
  )
}

export function countCases(test: TestApp): number {
  return readOnly(test, (db) => (db.prepare('SELECT count(*) AS n FROM "case"').get() as { n: number }).n)
}

/** Every case of the organisation, opened the way a confidant's browser opens it: with their secret key only. */
export function casesAsConfidant(test: TestApp, slug: string, confidant: Confidant): CaseAsConfidant[] {
  return readOnly(test, (db) => {
    const cases = db
      .prepare(
        `SELECT c.id, c.status, c.submitted_via AS submittedVia, c.received_at AS receivedAt,
                c.acknowledged_at AS acknowledgedAt, o.timezone
           FROM "case" c JOIN organisation o ON o.id = c.organisation_id
          WHERE o.slug = ? ORDER BY c.received_at`,
      )
      .all(slug) as Array<Omit<CaseAsConfidant, 'entries'>>
    return cases.map((row) => {
      const sharedKey = sharedKeyOf(db, row.id, confidant)
      const entries = db
        .prepare(
          'SELECT id, kind, author, seq, nonce, ciphertext FROM entry WHERE case_id = ? ORDER BY seq, rowid',
        )
        .all(row.id) as Array<{
        id: string
        kind: string
        author: string
        seq: number
        nonce: Buffer
        ciphertext: Buffer
      }>
      return {
        ...row,
        entries: entries.map((entry) => {
          const document = openEntry<EntryDocument>(
            sharedKey,
            { caseId: row.id, entryId: entry.id, kind: entry.kind, author: entry.author, seq: entry.seq },
            { nonce: new Uint8Array(entry.nonce), ciphertext: new Uint8Array(entry.ciphertext) },
          )
          const refs = 'attachments' in document ? document.attachments : []
          const files = refs.map((ref) => {
            const stored = db
              .prepare('SELECT id FROM attachment WHERE id = ? AND entry_id = ?')
              .get(ref.id, entry.id) as { id: string }
            const data = decryptAttachment(fromBase64Url(ref.key), storedCiphertext(db, stored.id))
            return { ref, data: Buffer.from(data) }
          })
          return { id: entry.id, kind: entry.kind, author: entry.author, document, files }
        }),
      }
    })
  })
}

export type StoredCaseKey = { holder: string; kind: 'shared' | 'internal'; sealedKey: Uint8Array }

/** Every sealed case key of a case as stored, in a stable order. */
export function storedCaseKeys(test: TestApp, caseId: string): StoredCaseKey[] {
  return readOnly(test, (db) => caseKeyRows(db, caseId))
}

function caseKeyRows(db: Database.Database, caseId: string): StoredCaseKey[] {
  const rows = db
    .prepare(
      'SELECT holder, kind, sealed_key AS sealedKey FROM case_key WHERE case_id = ? ORDER BY holder, kind',
    )
    .all(caseId) as Array<{ holder: string; kind: 'shared' | 'internal'; sealedKey: Buffer }>
  return rows.map((row) => ({ ...row, sealedKey: new Uint8Array(row.sealedKey) }))
}

/**
 * The one place the tests open a sealed case key with a staff member's key pair, as their browser would.
 * (Protocol changes to how a key is bound to its case, holder and kind are adapted here once.)
 */
export function openCaseKeyAs(
  account: { keys: { publicKey: Uint8Array; secretKey: Uint8Array } },
  stored: Pick<StoredCaseKey, 'sealedKey'> & { caseId: string; holder: string; kind: string },
): Uint8Array {
  return openSealedKey(stored.sealedKey, account.keys.publicKey, account.keys.secretKey, {
    caseId: stored.caseId,
    holder: stored.holder,
    kind: stored.kind as 'shared' | 'internal',
  })
}

function sharedKeyOf(db: Database.Database, caseId: string, confidant: Confidant): Uint8Array {
  const sealed = caseKeyRows(db, caseId).find((row) => row.holder === confidant.id && row.kind === 'shared')
  if (!sealed) throw new Error(`no shared key of case ${caseId} is sealed to ${confidant.email}`)
  return openCaseKeyAs(confidant, { ...sealed, caseId })
}

/** The report entry of a case, opened with a case key (throws when the key is not the case's). */
export function openReportWith(test: TestApp, caseId: string, sharedKey: Uint8Array): EntryDocument {
  return readOnly(test, (db) => {
    const entry = db
      .prepare("SELECT id, author, nonce, ciphertext FROM entry WHERE case_id = ? AND kind = 'report'")
      .get(caseId) as { id: string; author: string; nonce: Buffer; ciphertext: Buffer }
    return openEntry<EntryDocument>(
      sharedKey,
      { caseId, entryId: entry.id, kind: 'report', author: entry.author, seq: 0 },
      { nonce: new Uint8Array(entry.nonce), ciphertext: new Uint8Array(entry.ciphertext) },
    )
  })
}

/** What a confidant's browser does to answer: encrypt under the case's shared key, then hand over ciphertext. */
export function addConfidantEntry(
  test: TestApp,
  confidant: Confidant,
  caseId: string,
  kind: 'acknowledgement' | 'message' | 'feedback',
  text: string,
): void {
  const { sharedKey, seq } = readOnly(test, (db) => ({
    sharedKey: sharedKeyOf(db, caseId, confidant),
    // The thread's next place (notes count apart): bound into the entry's associated data.
    seq: (
      db
        .prepare("SELECT coalesce(max(seq) + 1, 0) AS next FROM entry WHERE case_id = ? AND kind != 'note'")
        .get(caseId) as { next: number }
    ).next,
  }))
  const entryId = randomId()
  const sealed = encryptEntry(
    sharedKey,
    { caseId, entryId, kind, author: confidant.id, seq },
    { v: 1, text, attachments: [] },
  )
  test.app.services.caseHandling.addStaffEntry({
    caseId,
    userId: confidant.id,
    kind,
    entryId,
    seq,
    nonce: toBase64Url(sealed.nonce),
    ciphertext: toBase64Url(sealed.ciphertext),
  })
}

/** A well-formed case code (right check digit) that nobody was given. */
export function unusedValidCode(): string {
  let digits = ''
  for (let i = 0; i < 15; i++) digits += String(randomInt(10))
  return (digits + String(dammCheckDigit(digits))).replace(/(\d{4})(?=\d)/g, '$1 ')
}

/** The same code with one digit changed: the check digit catches it before any lookup. */
export function withTypo(code: string): string {
  return code.replace(/\d/, (digit) => String((Number(digit) + 1) % 10))
}

/** The ways a case code could travel in a URL or a body: grouped, bare, form-encoded. */
export function codeSpellings(code: string): string[] {
  const digits = code.replace(/\D/g, '')
  return [digits, code, code.replaceAll(' ', '+'), code.replaceAll(' ', '%20')]
}

export type ReporterResponse = { where: string; headers: Record<string, string> }
export type ResponseRecorder = { all(): Promise<ReporterResponse[]> }

/** Records the headers of every response under /r/, so a suite can check the reporter area's headers on all. */
export function recordReporterResponses(page: Page, origin: string): ResponseRecorder {
  const pending: Array<Promise<ReporterResponse>> = []
  page.on('response', (response) => {
    if (!response.url().startsWith(`${origin}/r/`)) return
    const where = `${response.request().method()} ${new URL(response.url()).pathname} → ${response.status()}`
    pending.push(response.allHeaders().then((headers) => ({ where, headers })))
  })
  return { all: () => Promise.all(pending) }
}

/** DESIGN §7: strict CSP, no referrer, nothing cached, on every reporter response. */
export function expectReporterHeaders(responses: ReporterResponse[]): void {
  expect(responses.length).toBeGreaterThan(0)
  for (const { where, headers } of responses) {
    const csp = headers['content-security-policy'] ?? ''
    expect(csp, where).toMatch(/(^|;)\s*default-src 'self'\s*(;|$)/)
    expect(csp, where).not.toContain("'unsafe-inline'")
    expect(headers['referrer-policy'], where).toBe('no-referrer')
    expect(headers['cache-control'], where).toBe('no-store')
  }
}

/** Texts of a live region as it changes (the report form's status is removed once the receipt shows). */
export async function recordStatusTexts(page: Page, selector: string): Promise<void> {
  await page.addInitScript((watched) => {
    const seen: string[] = []
    ;(window as unknown as { __statusTexts: string[] }).__statusTexts = seen
    new MutationObserver(() => {
      const text = document.querySelector(watched)?.textContent ?? ''
      if (text && seen[seen.length - 1] !== text) seen.push(text)
    }).observe(document, { subtree: true, childList: true, characterData: true })
  }, selector)
}

export function statusTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __statusTexts: string[] }).__statusTexts)
}

/** No horizontal scrolling at the current viewport. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

/**
 * axe cannot run in a page with JavaScript switched off (its timers never fire). So a no-JavaScript page is
 * checked as a snapshot: its DOM, at its own URL and with its stylesheet, in a page whose own scripts are
 * blocked, so nothing a script would change is changed. One inspecting context serves a whole test file.
 */
export async function snapshotAccessibilityChecker(browser: Browser): Promise<{
  /** `marker`: a selector only the page under test has (an error page in its place must not pass). */
  expectAccessible(page: Page, label: string, marker: string): Promise<void>
  close(): Promise<void>
}> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } })
  let snapshot: { url: string; html: string } | undefined
  await context.route('**/*', (route) => {
    const request = route.request()
    if (request.isNavigationRequest() && snapshot && request.url() === snapshot.url) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: snapshot.html })
    }
    return request.resourceType() === 'script' ? route.abort() : route.continue()
  })
  return {
    async expectAccessible(page, label, marker) {
      expect(await page.locator(marker).count(), `${label}: ${marker} on the page`).toBeGreaterThan(0)
      // A browser without JavaScript renders what <noscript> holds; the inspecting page has JavaScript (axe
      // needs it) and would not, so the snapshot unwraps it.
      snapshot = { url: page.url(), html: (await page.content()).replace(/<\/?noscript\b[^>]*>/g, '') }
      const inspected = await context.newPage()
      try {
        await inspected.goto(snapshot.url)
        expect(
          await inspected.locator(marker).count(),
          `${label}: ${marker} in the snapshot`,
        ).toBeGreaterThan(0)
        await expectAccessible(inspected, label)
      } finally {
        await inspected.close()
      }
    },
    close: () => context.close(),
  }
}

/** DESIGN §7: none of these strings in any file under the data directory (database, WAL) or in the logs. */
export function expectNowhereAtRest(test: TestApp, secrets: string[]): void {
  const files = readdirSync(test.dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
  expect(files.length).toBeGreaterThan(0)
  const logs = test.logs.join('\n')
  for (const secret of secrets) {
    for (const file of files) expect(readFileSync(file).includes(secret), `${secret} in ${file}`).toBe(false)
    expect(logs.includes(secret), `${secret} in the logs`).toBe(false)
  }
}

/** A signed-in confidant's session as services take it, for moving a case on without pages (closing it). */
export function confidantSession(confidant: Confidant, name = 'Vera de Vries'): StaffSession {
  return {
    userId: confidant.id,
    role: 'confidant',
    name,
    email: confidant.email,
    publicKey: confidant.keys.publicKey,
    tabKey: new Uint8Array(32),
  }
}
