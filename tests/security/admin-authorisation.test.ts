import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  deriveReporterKeys,
  fromBase64Url,
  generateCaseCode,
  randomId,
  toBase64Url,
} from '../../crypto/index.js'
import { caseOutcomes } from '../../server/domain/case-workflow.js'
import { sealTranscript } from '../../server/domain/sealing.js'
import { sqliteRows } from '../helpers/admin.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { spellingsOf } from '../helpers/files.js'
import { decodeAttribute, multipart } from '../helpers/forms.js'
import { setAutoAcknowledge } from '../helpers/seed.js'
import { type Browserish, postJson, type StaffAccount, seedStaff, signIn } from '../helpers/staff.js'

// Issue 11, DESIGN §4: an administrator runs the association but never reads a report. Whatever their session
// asks of a case route, it gets a refusal, no byte of a case's ciphertext or sealed keys, and no change.

/**
 * Every route the app registers, as Fastify announces it: observed, not replaced, so a case route added later is
 * in this list (and in the test) without anyone remembering to add it.
 */
const registered = vi.hoisted(() => [] as Array<{ method: string; url: string }>)
vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof import('fastify')>()
  const observed = ((options: Parameters<typeof actual.default>[0]) => {
    const app = actual.default(options)
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) registered.push({ method, url: route.url })
    })
    return app
  }) as typeof actual.default
  return { ...actual, default: observed }
})

const clock = Date.parse('2026-11-28T10:00:07Z')
const slug = 'bakkerij'
const canary = 'CANARY the night shift skips the allergen cleaning of line 3'
const fileCanary = 'CANARY-FILE invoice 2026-117 paid twice'

let test: TestApp
let vera: StaffAccount
let gert: StaffAccount
let admin: StaffAccount
let asVera: Browserish
let asAdmin: Browserish
let caseId: string
let fileId: string
let reportEntryId: string
let organisationId: string

/** Staff routes that are not about any case: signing in and out, the landing page, the administration. */
const notCaseContent = (url: string) =>
  ['/staff', '/staff/', '/staff/login', '/staff/login/salt', '/staff/logout'].includes(url) ||
  url.startsWith('/staff/setup/') ||
  url.startsWith('/staff/invite/') ||
  url === '/staff/admin' ||
  url.startsWith('/staff/admin/')

const caseRoutes = () =>
  registered.filter(
    ({ method, url }) => url.startsWith('/staff') && !notCaseContent(url) && ['GET', 'POST'].includes(method),
  )
const adminPages = () =>
  registered.filter(({ method, url }) => method === 'GET' && url.startsWith('/staff/admin'))

const fill = (url: string) =>
  url
    .replace(':id', caseId)
    .replace(':fileId', fileId)
    .replace(':slug', slug)
    .replace(':colleagueId', gert.id)
    .replace(':organisationId', organisationId)
    .replace(':confidantId', vera.id)

const b64 = (length: number) => toBase64Url(new Uint8Array(randomBytes(length)))

/** A schema-valid body for every case POST: validation runs before the guard, so a 400 would prove nothing. */
function validBodies(): Record<string, unknown> {
  const sealedEntry = { entryId: randomId(), seq: 7, nonce: b64(24), ciphertext: b64(80) }
  return {
    '/staff/api/cases/:id/entries': { kind: 'message', ...sealedEntry },
    '/staff/api/cases/:id/status': { to: 'acknowledged' },
    '/staff/api/cases/:id/close': { outcome: caseOutcomes[0] },
    '/staff/api/cases/:id/meeting-answer': { kind: 'message', answers: reportEntryId, ...sealedEntry },
    '/staff/api/shares/:colleagueId': { cases: [{ caseId, sharedKey: b64(112), internalKey: b64(112) }] },
  }
}

/** An oral report sealed exactly as Vera's browser would, for the administrator to try to file. */
async function sealedOralReport() {
  const page = await test.app.inject({ url: `/staff/oral/${slug}?lang=en`, cookies: asVera.cookies })
  expect(page.statusCode).toBe(200)
  const encryption = JSON.parse(decodeAttribute(page.body.match(/data-encryption="([^"]+)"/)![1]!))
  const reporter = deriveReporterKeys(generateCaseCode(), fromBase64Url(encryption.codeSalt))
  const submission = sealTranscript(reporter, encryption.recipients, vera.id, {
    text: canary,
    channel: 'phone',
    receivedAt: clock - 60 * 60_000,
  })
  return { receivedAt: clock - 60 * 60_000, submission }
}

/** Pieces of every stored ciphertext and sealed key: start, middle and end, so a slice served is found too. */
function storedSecrets(): Buffer[] {
  const blobs = [
    ...sqliteRows(test, 'SELECT ciphertext AS b FROM entry'),
    ...sqliteRows(test, 'SELECT bytes AS b FROM attachment_chunk'),
    ...sqliteRows(test, 'SELECT sealed_key AS b FROM case_key'),
  ].map((row) => row.b as Buffer)
  const pieces = blobs.flatMap((blob) => {
    if (blob.length <= 48) return [blob]
    const middle = Math.floor(blob.length / 2) - 12
    return [blob.subarray(0, 24), blob.subarray(middle, middle + 24), blob.subarray(blob.length - 24)]
  })
  return pieces.flatMap((piece) => spellingsOf(piece))
}

function leaks(response: LightMyRequestResponse, secrets: Buffer[]): boolean {
  const body = response.rawPayload
  return secrets.some((spelling) => body.includes(spelling)) || body.includes(Buffer.from('CANARY'))
}

/** The whole database as rows, except the sessions (a request refreshes its own session's last use). */
function databaseSnapshot(): string {
  const tables = sqliteRows(
    test,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'session' ORDER BY name",
  ).map((row) => row.name as string)
  return JSON.stringify(
    tables.map((table) => [table, sqliteRows(test, `SELECT * FROM "${table}" ORDER BY rowid`)]),
    (_key, value) => (value?.type === 'Buffer' ? Buffer.from(value.data).toString('hex') : value),
  )
}

beforeAll(async () => {
  test = await createTestApp({ now: () => clock })
  const { organisations } = test.app.services
  vera = await seedStaff(test, 'confidant', 'vera@example.org')
  gert = await seedStaff(test, 'confidant', 'gert@example.org', 'Gert Janssen')
  admin = await seedStaff(test, 'admin', 'ada@example.org')
  organisations.add({ slug, name: 'Bakkerij Jansen B.V.', locales: 'nl,en' }, 'test')
  organisations.assign(vera.email, slug, 'test')
  organisations.activate(slug, 'test')
  setAutoAcknowledge(test, slug, false)

  const body = await multipart([
    ['lang', 'en'],
    ['what', canary],
    ['files', { name: 'invoice.txt', data: fileCanary, type: 'text/plain' }],
  ])
  const reported = await test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body })
  expect(reported.statusCode).toBe(200)
  // Gert joins after the report: a colleague Vera could share the case with.
  organisations.assign(gert.email, slug, 'test')

  caseId = sqliteRows(test, 'SELECT id FROM "case"')[0]!.id as string
  reportEntryId = sqliteRows(test, "SELECT id FROM entry WHERE kind = 'report'")[0]!.id as string
  fileId = sqliteRows(test, 'SELECT id FROM attachment')[0]!.id as string
  organisationId = sqliteRows(test, 'SELECT id FROM organisation')[0]!.id as string

  for (const [account, set] of [
    [vera, (session: Browserish) => (asVera = session)],
    [admin, (session: Browserish) => (asAdmin = session)],
  ] as const) {
    const { response, browser } = await signIn(test, account, clock)
    expect(response.statusCode).toBe(200)
    set(browser)
  }
})
afterAll(() => test.close())

describe('an administrator session', () => {
  it('is tested against every case route the app registers', () => {
    const urls = caseRoutes().map(({ method, url }) => `${method} ${url}`)
    expect(urls).toEqual(
      expect.arrayContaining([
        'GET /staff/cases/:id',
        'GET /staff/api/cases/:id/files/:fileId',
        'POST /staff/api/cases/:id/entries',
        'POST /staff/api/cases/:id/status',
        'POST /staff/api/cases/:id/close',
        'POST /staff/api/cases/:id/meeting-answer',
        'GET /staff/oral/:slug',
        'POST /staff/api/oral-reports/:slug',
        'GET /staff/api/shares/:colleagueId',
        'POST /staff/api/shares/:colleagueId',
        'GET /staff/api/locked-key',
      ]),
    )
    // Only GET (with its HEAD) and POST are tried below: another method on a case route must be added there.
    const methods = registered
      .filter(({ url }) => url.startsWith('/staff') && !notCaseContent(url))
      .map(({ method }) => method)
    expect(new Set(methods)).toEqual(new Set(['GET', 'HEAD', 'POST']))
    // A new case POST must come with a valid body below, or this fails.
    const posts = caseRoutes()
      .filter(({ method }) => method === 'POST')
      .map(({ url }) => url)
    expect([...Object.keys(validBodies()), '/staff/api/oral-reports/:slug'].sort()).toEqual(posts.sort())
  })

  it('finds the stored ciphertext when a confidant of the case fetches it (the search below can fail)', async () => {
    const secrets = storedSecrets()
    const file = await test.app.inject({
      url: fill('/staff/api/cases/:id/files/:fileId'),
      cookies: asVera.cookies,
    })
    expect(file.statusCode).toBe(200)
    expect(leaks(file, secrets)).toBe(true)
    const page = await test.app.inject({ url: fill('/staff/cases/:id?lang=en'), cookies: asVera.cookies })
    expect(page.statusCode).toBe(200)
    expect(leaks(page, secrets)).toBe(true)
  })

  it('gets 403 or 404 from every case route, with no ciphertext and nothing changed', async () => {
    const secrets = storedSecrets()
    const bodies = { ...validBodies(), '/staff/api/oral-reports/:slug': await sealedOralReport() }
    const before = databaseSnapshot()
    const tried: string[] = []
    for (const { method, url } of caseRoutes()) {
      const label = `${method} ${url}`
      const response =
        method === 'GET'
          ? await test.app.inject({ url: `${fill(url)}?lang=en`, cookies: asAdmin.cookies })
          : await postJson(test, fill(url), bodies[url as keyof typeof bodies], asAdmin)
      expect(leaks(response, secrets), label).toBe(false)
      if (url === '/staff/api/locked-key') {
        // The signed-in person's own wrapped account key, which opens no case (no case key is sealed to an
        // administrator); it is all this route may give them.
        const own = sqliteRows(test, 'SELECT encrypted_secret_key AS k FROM user WHERE id = ?', admin.id)[0]!
        expect(response.statusCode, label).toBe(200)
        expect(response.json().encryptedSecretKey, label).toBe(toBase64Url(own.k as Buffer))
      } else {
        expect([403, 404], `${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toContain(
          response.statusCode,
        )
      }
      tried.push(label)
    }
    expect(tried.length).toBeGreaterThanOrEqual(11)
    expect(databaseSnapshot()).toBe(before)
    // The oral report the administrator tried to file is nowhere.
    expect(sqliteRows(test, 'SELECT count(*) AS n FROM "case"')[0]!.n).toBe(1)
  })

  it('sees no ciphertext or sealed key on any page of the administration', async () => {
    const secrets = storedSecrets()
    const pages = adminPages()
    expect(pages.map(({ url }) => url)).toEqual(
      expect.arrayContaining(['/staff/admin', '/staff/admin/audit']),
    )
    for (const { url } of pages) {
      const response = await test.app.inject({ url: `${fill(url)}?lang=en`, cookies: asAdmin.cookies })
      expect(response.statusCode, url).toBeLessThan(500)
      expect(leaks(response, secrets), url).toBe(false)
    }
  })
})
