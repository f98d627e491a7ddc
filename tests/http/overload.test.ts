import { connect } from 'node:net'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveReporterKeys, fromBase64Url, generateCaseCode, toBase64Url } from '../../crypto/index.js'
import { sealReport } from '../../server/domain/sealing.js'
import { createKdfPool } from '../../server/kdf/pool.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { argon2idBudget } from '../helpers/budgets.js'
import { decodeAttribute, multipart, receiptCode } from '../helpers/forms.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

// What a reporter types: every field, identity and contact included, must come back on any refusal.
const typed: Array<[string, string]> = [
  ['lang', 'en'],
  ['what', 'The warehouse manager falsifies the cold-chain logs'],
  ['where', 'Cold store 3'],
  ['ongoing', 'yes'],
]
const identity: Array<[string, string]> = [
  ['name', 'Anna Bakker'],
  ['contact', 'anna@example.org'],
]

function expectTypedTextKept(html: string): void {
  expect(html).toContain('The warehouse manager falsifies the cold-chain logs')
  expect(html).toContain('Cold store 3')
  expect(html).toContain('value="Anna Bakker"')
  expect(html).toContain('value="anna@example.org"')
  expect(html).toMatch(/value="yes" checked/)
}

function countCases(test: TestApp): number {
  const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return (db.prepare('select count(*) as n from "case"').get() as { n: number }).n
  } finally {
    db.close()
  }
}

async function postReport(
  test: TestApp,
  slug: string,
  files: Array<{ name: string; data: Uint8Array }> = [],
  options: { remoteAddress?: string } = {},
) {
  // The order a browser sends the no-JS form in: text, then files, then name and contact.
  const body = await multipart([
    ...typed,
    ...files.map((file) => ['files', file] as [string, typeof file]),
    ...identity,
  ])
  return test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body, ...options })
}

describe('no-JS reports under overload', () => {
  // Reports wait in line for a worker for at most 40 s (services/reports.ts); a few get one, each one derivation.
  const budget = 40_000 + argon2idBudget(5)
  it('gives 50 parallel reports a receipt or a 503 with everything typed, never a 5xx error', {
    timeout: budget,
  }, async () => {
    // One Argon2id worker and no queue, kept busy by another user of it (follow-up logins use the same pool):
    // the server truly cannot take more.
    const kdf = createKdfPool({ size: 1, maxQueue: 0 })
    const test = await createTestApp({ app: { kdf } })
    let busyElsewhere = true
    const elsewhere = (async () => {
      while (busyElsewhere)
        await kdf.deriveReporterKeys(generateCaseCode(), new Uint8Array(16)).catch(() => undefined)
    })()
    try {
      const org = await seedActiveOrganisation(test)
      const responses = await Promise.all(Array.from({ length: 50 }, () => postReport(test, org.slug)))
      busyElsewhere = false
      const statuses = responses.map((response) => response.statusCode)
      expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([])
      const receipts = responses.filter((response) => response.statusCode === 200)
      const busy = responses.filter((response) => response.statusCode === 503)
      expect(receipts.length + busy.length).toBe(50)
      expect(busy.length).toBeGreaterThan(0)
      for (const response of receipts) receiptCode(response.body)
      for (const response of busy) {
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
        expect(response.body).toContain('The service is very busy right now.')
        expect(response.body).toContain('<html lang="en"')
        expect(response.body).toContain(`href="/r/${org.slug}?lang=en"`)
        expectTypedTextKept(response.body)
      }
      expect(countCases(test)).toBe(receipts.length)
    } finally {
      busyElsewhere = false
      await elsewhere
      await test.close()
      await kdf.close()
    }
  })
})

describe('no-JS report refusals keep the form', () => {
  let test: TestApp
  let org: SeededOrganisation
  let freeBytes = Number.MAX_SAFE_INTEGER
  beforeAll(async () => {
    test = await createTestApp({
      env: { MELDPOOL_MAX_FILE_MB: '1', MELDPOOL_REPORTS_PER_HOUR: '3', MELDPOOL_MIN_FREE_MB: '100' },
      app: { freeBytes: () => freeBytes },
    })
    org = await seedActiveOrganisation(test)
    await seedActiveOrganisation(test, { slug: 'other-bv', email: 'vp-other@example.org' })
  })
  afterAll(() => test.close())

  it('keeps text, name and contact after a file that is too large, even though they come after the file', async () => {
    const before = countCases(test)
    const response = await postReport(test, org.slug, [
      { name: 'ok.txt', data: new Uint8Array(10) },
      { name: 'big.bin', data: new Uint8Array(1024 * 1024 + 1) },
    ])
    expect(response.statusCode).toBe(413)
    expect(response.body).toContain('One of the files is larger than 1 MB.')
    expectTypedTextKept(response.body)
    expect(countCases(test)).toBe(before)
  })

  it('refuses new reports while the disk is nearly full, with the form kept and Retry-After', async () => {
    const before = countCases(test)
    freeBytes = 99 * 1024 * 1024
    try {
      const response = await postReport(test, org.slug, [{ name: 'a.txt', data: new Uint8Array(10) }])
      expect(response.statusCode).toBe(503)
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
      expect(response.body).toContain('The service cannot take new reports at the moment.')
      expectTypedTextKept(response.body)
    } finally {
      freeBytes = Number.MAX_SAFE_INTEGER
    }
    expect(countCases(test)).toBe(before)
  })

  it('slows a flood of reports to one organisation with 429 and the form kept, from any address', async () => {
    const before = countCases(test)
    const addresses = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']
    const responses = []
    for (const remoteAddress of addresses)
      responses.push(await postReport(test, org.slug, [], { remoteAddress }))
    // Three an hour in this test; the disk-guard refusal above counted as an arrival, the rest are floods.
    const refused = responses.filter((response) => response.statusCode === 429)
    expect(refused.length).toBeGreaterThan(0)
    for (const response of refused) {
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
      expect(response.body).toContain('unusually many reports')
      expectTypedTextKept(response.body)
    }
    expect(countCases(test)).toBe(before + responses.filter((r) => r.statusCode === 200).length)
    // Another organisation's page is not affected.
    expect((await postReport(test, 'other-bv')).statusCode).toBe(200)
  })
})

describe('bodies and connections', () => {
  let test: TestApp
  let org: SeededOrganisation
  let port: number
  beforeAll(async () => {
    test = await createTestApp({ app: { idleTimeoutMs: 300 } })
    org = await seedActiveOrganisation(test)
    await test.app.listen({ host: '127.0.0.1', port: 0 })
    port = (test.app.server.address() as { port: number }).port
  })
  afterAll(() => test.close())

  /** Sends raw bytes and resolves with what came back once the server closes the connection. */
  function raw(bytes: string, end = '</html>'): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1')
      let answer = ''
      socket.on('data', (chunk) => {
        answer += chunk.toString()
        // An answer that arrives while the body is still unsent proves it was not waited for.
        if (answer.includes(end)) socket.destroy()
      })
      socket.on('close', () => resolve(answer))
      socket.on('error', reject)
      socket.write(bytes)
    })
  }

  it('refuses a body announced larger than any report before reading it, with the form in its language', async () => {
    const answer = await raw(
      `POST /r/${org.slug}/report?lang=en HTTP/1.1\r\nHost: x\r\n` +
        'Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000000\r\n\r\n--b\r\n',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 413/)
    expect(answer).toContain('Nothing has been received')
    expect(answer).toContain('id="report-form"')
  })

  it('refuses a reply announced larger than any honest one before reading it, with or without JavaScript', async () => {
    const announce = (path: string, end?: string) =>
      raw(
        `POST /r/${org.slug}/${path} HTTP/1.1\r\nHost: x\r\n` +
          'Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000000\r\n\r\n--b\r\n',
        end,
      )
    const api = await announce('api/message', '"}')
    expect(api).toMatch(/^HTTP\/1\.1 413/)
    expect(api).toContain('"error":"FileTooLarge"')
    // Without a session the code page comes back; the body was not read for the text it might hold.
    const plain = await announce('follow-up/case/message?lang=en')
    expect(plain).toMatch(/^HTTP\/1\.1 403/)
    expect(plain).toContain('Your session has ended.')
  })

  it('drops a connection whose body stalls', async () => {
    const answer = await raw(
      `POST /r/${org.slug}/report HTTP/1.1\r\nHost: x\r\n` +
        'Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 5000\r\n\r\n--b\r\n',
    )
    // Closed by the server (the promise resolves on close); no receipt was given.
    expect(answer).not.toContain('case-code')
    expect(countCases(test)).toBe(0)
  })
})

describe('case-code guessing', () => {
  let test: TestApp
  let org: SeededOrganisation
  let codeSalt: Uint8Array
  beforeAll(async () => {
    test = await createTestApp()
    org = await seedActiveOrganisation(test)
    const page = await test.app.inject({ url: `/r/${org.slug}/report` })
    const encryption = JSON.parse(decodeAttribute(page.body.match(/data-encryption="([^"]+)"/)![1]!))
    codeSalt = fromBase64Url(encryption.codeSalt)
  })
  afterAll(() => test.close())

  const postCode = (code: string, remoteAddress: string) =>
    test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up`,
      remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${encodeURIComponent(code)}&lang=en`,
    })
  const view = (lookup: Uint8Array, remoteAddress: string) =>
    test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/view`,
      remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `lookup=${toBase64Url(lookup)}&lang=en`,
    })

  it('counts 40 concurrent wrong codes before Argon2id: no 5xx, at most 5 checked, the rest 429 with Retry-After', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, () => postCode(generateCaseCode(), '198.51.100.40')),
    )
    const statuses = responses.map((response) => response.statusCode)
    expect(statuses.filter((status) => status >= 500)).toEqual([])
    expect(statuses.filter((status) => status === 404).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35)
    for (const response of responses.filter((r) => r.statusCode === 429))
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('lets a correct code through after failures, and a success does not wipe the failures', async () => {
    const submitted = await postReport(test, org.slug)
    const code = receiptCode(submitted.body).replaceAll(' ', '')
    const { lookup } = deriveReporterKeys(code, codeSalt)
    const address = '198.51.100.41'
    const wrong = () => view(new Uint8Array(32).fill(Math.floor(Math.random() * 256)), address)
    for (let i = 0; i < 4; i++) expect((await wrong()).statusCode).toBe(404)
    expect((await view(lookup, address)).statusCode).toBe(200)
    expect((await wrong()).statusCode).toBe(404)
    const blocked = await view(lookup, address)
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('answers /api/submit the same whether or not a lookup exists, and 409 for any reused id', async () => {
    const page = await test.app.inject({ url: `/r/${org.slug}/report` })
    const encryption = JSON.parse(decodeAttribute(page.body.match(/data-encryption="([^"]+)"/)![1]!))
    const seal = (code: string, withFile = false) =>
      sealReport(
        deriveReporterKeys(code, codeSalt),
        encryption.recipients,
        { what: 'x', when: '', where: '', who: '', how: '', ongoing: 'unknown' },
        withFile ? [{ name: 'a.txt', type: 'text/plain', data: new Uint8Array(5) }] : [],
        'en',
      )
    const send = async (sealed: ReturnType<typeof seal>) => {
      const body = await multipart([
        ['lang', 'en'],
        ['envelope', JSON.stringify(sealed.envelope)],
        ...sealed.files.map(
          (file) =>
            ['file', { name: file.id, data: file.ciphertext }] as [
              string,
              { name: string; data: Uint8Array },
            ],
        ),
      ])
      return test.app.inject({ method: 'POST', url: encryption.submit, ...body })
    }
    const code = generateCaseCode()
    const first = seal(code, true)
    expect((await send(first)).statusCode).toBe(201)
    const stored = countCases(test)

    // The same lookup (a guessed code) with fresh ids: the answer of a success, and nothing stored.
    const guess = seal(code)
    const guessed = await send(guess)
    expect(guessed.statusCode).toBe(201)
    expect(Object.keys(guessed.json())).toEqual(['receivedOn'])
    expect(countCases(test)).toBe(stored)

    // A fresh case that reuses an entry id or an attachment id: 409, never 500.
    const reusedEntry = seal(generateCaseCode())
    reusedEntry.envelope.entryId = first.envelope.entryId
    expect((await send(reusedEntry)).statusCode).toBe(409)
    const reusedFile = seal(generateCaseCode(), true)
    const oldId = first.envelope.attachments[0]!.id
    reusedFile.envelope.attachments[0]!.id = oldId
    reusedFile.files[0]!.id = oldId
    expect((await send(reusedFile)).statusCode).toBe(409)
    expect(countCases(test)).toBe(stored)
  })
})
