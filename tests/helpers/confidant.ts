import { randomInt } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, request as forward } from 'node:http'
import type { AddressInfo } from 'node:net'
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
import type { TestApp } from './app.js'
import { expectAccessible } from './browser.js'
import type { SeededOrganisation } from './seed.js'

/** Shared by the reporter-*.test.ts browser suites: what a confidant and an attacker would see. */

type Confidant = SeededOrganisation['confidant']

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
              .prepare('SELECT ciphertext FROM attachment WHERE id = ? AND entry_id = ?')
              .get(ref.id, entry.id) as { ciphertext: Buffer }
            const data = decryptAttachment(fromBase64Url(ref.key), new Uint8Array(stored.ciphertext))
            return { ref, data: Buffer.from(data) }
          })
          return { id: entry.id, kind: entry.kind, author: entry.author, document, files }
        }),
      }
    })
  })
}

function sharedKeyOf(db: Database.Database, caseId: string, confidant: Confidant): Uint8Array {
  const sealed = db
    .prepare(
      "SELECT sealed_key AS sealedKey FROM case_key WHERE case_id = ? AND holder = ? AND kind = 'shared'",
    )
    .get(caseId, confidant.id) as { sealedKey: Buffer }
  return openSealedKey(new Uint8Array(sealed.sealedKey), confidant.keys.publicKey, confidant.keys.secretKey, {
    caseId,
    holder: confidant.id,
    kind: 'shared',
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

export type RecordedRequest = { method: string; path: string; body: Buffer }

/**
 * What the server receives, byte for byte: a pass-through proxy in front of the app. (The DevTools protocol
 * does not hand over request bodies built from Blobs, so the browser side cannot show what was sent.)
 */
export async function startRecordingProxy(
  target: string,
): Promise<{ origin: string; received: RecordedRequest[]; close(): Promise<void> }> {
  const received: RecordedRequest[] = []
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const body = Buffer.concat(chunks)
      received.push({ method: incoming.method ?? '', path: incoming.url ?? '', body })
      const upstream = forward(
        `${target}${incoming.url}`,
        { method: incoming.method, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
          answer.pipe(outgoing)
        },
      )
      upstream.on('error', () => outgoing.destroy())
      upstream.end(body)
    })
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections()
        server.close(() => closed())
      }),
  }
}

/**
 * axe cannot run in a page with JavaScript switched off (its timers never fire). So a no-JavaScript page is
 * checked as a snapshot: its DOM, at its own URL and with its stylesheet, in a page whose own scripts are
 * blocked, so nothing a script would change is changed. One inspecting context serves a whole test file.
 */
export async function snapshotAccessibilityChecker(browser: Browser): Promise<{
  expectAccessible(page: Page, label: string): Promise<void>
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
    async expectAccessible(page, label) {
      snapshot = { url: page.url(), html: await page.content() }
      const inspected = await context.newPage()
      try {
        await inspected.goto(snapshot.url)
        expect(await inspected.content()).toContain('</main>')
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
