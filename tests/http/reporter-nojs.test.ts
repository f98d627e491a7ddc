import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptAttachment, fromBase64Url, openEntry } from '../../crypto/index.js'
import type { ReportDocument } from '../../server/domain/documents.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { openCaseKeyAs } from '../helpers/confidant.js'
import { storedCiphertext } from '../helpers/files.js'
import { inputValue, multipart, receiptCode } from '../helpers/forms.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

let test: TestApp
let org: SeededOrganisation
beforeAll(async () => {
  test = await createTestApp()
  org = await seedActiveOrganisation(test)
  await test.app.services.organisations.add({ slug: 'draft-bv', name: 'Draft B.V.' }, 'test')
})
afterAll(() => test.close())

function database() {
  return new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
}
function count(table: string): number {
  const db = database()
  try {
    return (db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

async function submitReport(
  fields: Array<[string, string]>,
  files: Array<{ name: string; data: string | Uint8Array }> = [],
) {
  const body = await multipart([...fields, ...files.map((file) => ['files', file] as [string, typeof file])])
  return test.app.inject({ method: 'POST', url: `/r/${org.slug}/report`, ...body })
}

/** Reads the stored report as the assigned confidant would, with their secret key. */
function readAsConfidant(caseId: string) {
  const db = database()
  try {
    const sealed = db
      .prepare(`select sealed_key from case_key where case_id = ? and holder = ? and kind = 'shared'`)
      .get(caseId, org.confidant.id) as { sealed_key: Buffer }
    const key = openCaseKeyAs(org.confidant, {
      sealedKey: new Uint8Array(sealed.sealed_key),
      caseId,
      holder: org.confidant.id,
      kind: 'shared',
    })
    const entry = db.prepare(`select * from entry where case_id = ? and kind = 'report'`).get(caseId) as {
      id: string
      nonce: Buffer
      ciphertext: Buffer
    }
    const report = openEntry<ReportDocument>(
      key,
      { caseId, entryId: entry.id, kind: 'report', author: 'reporter', seq: 0 },
      { nonce: entry.nonce, ciphertext: entry.ciphertext },
    )
    const files = report.attachments.map((ref) => {
      return {
        ...ref,
        data: Buffer.from(decryptAttachment(fromBase64Url(ref.key), storedCiphertext(db, ref.id))).toString(),
      }
    })
    return { report, files }
  } finally {
    db.close()
  }
}

describe('reporting page', () => {
  it('tells a reporter who reads the report, the deadlines, how to stay safe and where else to report', async () => {
    const response = await test.app.inject({ url: `/r/${org.slug}?lang=en` })
    expect(response.statusCode).toBe(200)
    const html = response.body
    expect(html).toContain('Report a suspected wrongdoing at Bakkerij Jansen B.V.')
    expect(html).toContain('Vera de Vries')
    expect(html).toContain('Within 7 days a confidant confirms')
    expect(html).toContain('Within 3 months of that confirmation')
    expect(html).toContain('Tor Browser')
    expect(html).toContain('Huis voor Klokkenluiders')
    expect(html).toContain('Autoriteit Persoonsgegevens (AP)')
    const dutch = await test.app.inject({ url: `/r/${org.slug}?lang=nl` })
    expect(dutch.body).toContain('Binnen 7 dagen bevestigt een vertrouwenspersoon')
    expect(response.headers['set-cookie']).toBeUndefined()
  })

  it('states the deadlines of the organisation’s own country: working days in France, from receipt in Spain', async () => {
    const { services } = test.app
    for (const [slug, profile] of [
      ['atelier-dupont', 'fr'],
      ['talleres-garcia', 'es'],
    ] as const) {
      services.organisations.add({ slug, name: slug, profile, locales: 'en,nl' }, 'test')
      services.organisations.assign(org.confidant.email, slug, 'test')
      services.organisations.activate(slug, 'test')
    }
    const french = await test.app.inject({ url: '/r/atelier-dupont?lang=en' })
    expect(french.body).toContain('Within 7 working days a confidant confirms')
    expect(french.body).toContain('Within 3 months of that confirmation')
    const frenchInDutch = await test.app.inject({ url: '/r/atelier-dupont?lang=nl' })
    expect(frenchInDutch.body).toContain('Binnen 7 werkdagen bevestigt een vertrouwenspersoon')
    const spanish = await test.app.inject({ url: '/r/talleres-garcia?lang=en' })
    expect(spanish.body).toContain('Within 7 days a confidant confirms')
    expect(spanish.body).toContain('Within 3 months of receiving your report')
  })

  it('answers unknown, draft and suspended organisations with the same 404, revealing nothing', async () => {
    const unknown = await test.app.inject({ url: '/r/no-such-org?lang=en' })
    const draft = await test.app.inject({ url: '/r/draft-bv?lang=en' })
    test.app.services.organisations.suspend(org.slug, 'test')
    const suspended = await test.app.inject({ url: `/r/${org.slug}?lang=en` })
    test.app.services.organisations.activate(org.slug, 'test')
    const weird = await test.app.inject({ url: '/r/..%2F..%2Fetc?lang=en' })
    expect(unknown.statusCode).toBe(404)
    expect(draft.statusCode).toBe(404)
    expect(weird.statusCode).toBe(404)
    expect(suspended.statusCode).toBe(404)
    // The pages differ only in the address the visitor typed (the language link repeats it).
    const withoutPath = (html: string, path: string) => html.replaceAll(path, '/r/X')
    expect(withoutPath(draft.body, '/r/draft-bv')).toBe(withoutPath(unknown.body, '/r/no-such-org'))
    expect(withoutPath(suspended.body, `/r/${org.slug}`)).toBe(withoutPath(unknown.body, '/r/no-such-org'))
    expect(unknown.body).toContain('This page does not exist.')
    // "Back" leads to the start page, not to the missing page itself.
    expect(unknown.body).toMatch(/<a href="\/">Back to the start page<\/a>/)
    for (const path of ['report', 'follow-up', 'done']) {
      const below = await test.app.inject({ url: `/r/draft-bv/${path}?lang=en` })
      expect(below.statusCode).toBe(404)
      expect(below.body).not.toContain('href="/r/draft-bv"')
    }
  })
})

describe('reporting without JavaScript', () => {
  it('encrypts on the server, shows the code once, and stores only what the confidant can open', async () => {
    const before = count('case')
    const response = await submitReport(
      [
        ['lang', 'en'],
        ['what', 'The foreman falsifies the cold-store temperature log. 🍞'],
        ['when', 'Every Friday since March'],
        ['where', 'Cold store B'],
        ['who', 'The night foreman'],
        ['how', 'I saw it myself'],
        ['ongoing', 'yes'],
        ['name', 'Sam'],
        ['contact', 'sam@example.net'],
      ],
      [
        { name: 'log.txt', data: 'temperature log with scribbles' },
        { name: '../../etc/passwd', data: 'second file' },
      ],
    )
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['set-cookie']).toBeUndefined()
    const code = receiptCode(response.body)
    expect(response.body).toContain('Your report has been received')
    expect(response.body).toContain('I have saved my case code')
    // The downloadable receipt, made by the server from a POST (never a data: URL, never the code in a URL):
    // organisation, date, code and address; never the report.
    expect(response.body).not.toContain('data:text/plain')
    const download = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/receipt`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${encodeURIComponent(code)}&receivedOn=${encodeURIComponent(inputValue(response.body, 'receivedOn'))}&lang=en`,
    })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toBe('attachment; filename="receipt.txt"')
    expect(download.headers['cache-control']).toBe('no-store')
    const receipt = download.body
    expect(receipt).toContain('Bakkerij Jansen B.V.')
    expect(receipt).toContain(code)
    expect(receipt).toContain(`http://127.0.0.1:3000/r/${org.slug}/follow-up`)
    expect(receipt).not.toContain('foreman')
    expect(count('case')).toBe(before + 1)

    const db = database()
    const row = db
      .prepare('select id, status, submitted_via from "case" order by received_at desc limit 1')
      .get() as {
      id: string
      status: string
      submitted_via: string
    }
    db.close()
    expect(row).toMatchObject({ status: 'received', submitted_via: 'server' })
    const { report, files } = readAsConfidant(row.id)
    expect(report).toMatchObject({
      what: 'The foreman falsifies the cold-store temperature log. 🍞',
      when: 'Every Friday since March',
      ongoing: 'yes',
      identity: { name: 'Sam', contact: 'sam@example.net' },
    })
    expect(files.map((file) => [file.name, file.data])).toEqual([
      ['log.txt', 'temperature log with scribbles'],
      ['passwd', 'second file'],
    ])
  })

  it('re-shows the form with the typed text when "what happened" is empty, and stores nothing', async () => {
    const before = count('case')
    const response = await submitReport([
      ['lang', 'en'],
      ['what', '   '],
      ['where', 'Warehouse <script>alert(1)</script>'],
    ])
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Please describe what happened.')
    expect(response.body).toContain('Warehouse &lt;script>alert(1)&lt;/script>')
    expect(response.body).not.toContain('<script>alert(1)')
    expect(count('case')).toBe(before)
  })

  it('refuses a file over the limit with a clear message, keeps the text, stores nothing', async () => {
    const small = await createTestApp({ env: { MELDPOOL_MAX_FILE_MB: '1' } })
    try {
      const seeded = await seedActiveOrganisation(small)
      const body = await multipart([
        ['lang', 'en'],
        ['what', 'Text that must survive the error'],
        ['files', { name: 'big.bin', data: new Uint8Array(1024 * 1024 + 1) }],
      ])
      const response = await small.app.inject({ method: 'POST', url: `/r/${seeded.slug}/report`, ...body })
      expect(response.statusCode).toBe(413)
      expect(response.body).toContain('One of the files is larger than 1 MB.')
      expect(response.body).toContain('Text that must survive the error')
      const db = new BetterSqlite3(join(small.dataDir, 'meldpool.sqlite'), { readonly: true })
      expect(db.prepare('select count(*) as n from "case"').get()).toEqual({ n: 0 })
      db.close()
    } finally {
      await small.close()
    }
  })

  it('refuses malformed bodies with a 4xx page and stores nothing', async () => {
    const before = count('case')
    const cases: Array<{ headers: Record<string, string>; payload: string | Buffer }> = [
      {
        headers: { 'content-type': 'multipart/form-data; boundary=abc' },
        payload: '--abc\r\nContent-Disposition: form-data; name="what"\r\n\r\nunterminated',
      },
      { headers: { 'content-type': 'multipart/form-data' }, payload: 'no boundary at all' },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'what=hello' },
      {
        headers: { 'content-type': 'multipart/form-data; boundary=abc' },
        payload: Buffer.concat([
          Buffer.from('--abc\r\nContent-Disposition: form-data; name="what"\r\n\r\n'),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
          Buffer.from('\r\n--abc--\r\n'),
        ]),
      },
    ]
    for (const { headers, payload } of cases) {
      const response = await test.app.inject({
        method: 'POST',
        url: `/r/${org.slug}/report?lang=en`,
        headers,
        payload,
      })
      expect(response.statusCode, String(payload).slice(0, 40)).toBeGreaterThanOrEqual(400)
      expect(response.statusCode).toBeLessThan(500)
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    }
    const tooMany = await submitReport(
      [
        ['lang', 'en'],
        ['what', 'x'],
      ],
      Array.from({ length: 11 }, (_, index) => ({ name: `f${index}.txt`, data: 'x' })),
    )
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.body).toContain('You can add at most 10 files.')
    expect(count('case')).toBe(before)
  })
})

describe('following up without JavaScript', () => {
  it('opens the thread with the code, lets the reporter reply with a file and ask for a meeting', async () => {
    const submitted = await submitReport([
      ['lang', 'en'],
      ['what', 'Bribes for the inspection'],
    ])
    const code = receiptCode(submitted.body)

    const opened = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${encodeURIComponent(code.replace(/ /g, '-'))}&lang=en`,
    })
    expect(opened.statusCode).toBe(303)
    // Absolute, from the configured public URL.
    expect(opened.headers.location).toBe(`http://127.0.0.1:3000/r/${org.slug}/follow-up/case?lang=en`)
    const [cookie] = opened.cookies
    expect(opened.cookies).toHaveLength(1)
    expect(cookie).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: `/r/${org.slug}/follow-up`,
      maxAge: 900,
    })
    expect(cookie!.value).not.toContain(code.replace(/ /g, ''))
    const cookies = { [cookie!.name]: cookie!.value }

    const thread = await test.app.inject({
      url:
        new URL(opened.headers.location as string).pathname +
        new URL(opened.headers.location as string).search,
      cookies,
    })
    expect(thread.statusCode).toBe(200)
    expect(thread.headers['cache-control']).toBe('no-store')
    expect(thread.body).toContain('Bribes for the inspection')
    expect(thread.body).toContain('Received — waiting for confirmation by a confidant')
    expect(thread.body).toContain('Confirmation due by')
    const token = thread.body.match(/name="_token" value="([^"]+)"/)![1]!

    const reply = await multipart([
      ['_token', token],
      ['lang', 'en'],
      ['text', 'Here is the invoice.'],
      ['files', { name: 'invoice.pdf', data: 'invoice bytes', type: 'application/pdf' }],
    ])
    const replied = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/message`,
      cookies,
      ...reply,
    })
    expect(replied.statusCode).toBe(303)
    const meeting = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/meeting`,
      cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_token=${token}&lang=en&text=${encodeURIComponent('Tuesday afternoons')}`,
    })
    expect(meeting.statusCode).toBe(303)

    const after = await test.app.inject({ url: `/r/${org.slug}/follow-up/case?lang=en`, cookies })
    expect(after.body).toContain('Here is the invoice.')
    expect(after.body).toContain('Request for a meeting in person')
    expect(after.body).toContain('Tuesday afternoons')
    expect(after.body).toContain('You have asked for a meeting.')
    const fileLink = after.body.match(/href="(\/r\/[^"]+\/follow-up\/case\/file\/[A-Za-z0-9_-]{22})"/)![1]!
    const download = await test.app.inject({ url: fileLink, cookies })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('application/octet-stream')
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''invoice.pdf")
    expect(download.body).toBe('invoice bytes')

    const forged = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/meeting`,
      cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_token=wrong&text=x',
    })
    expect(forged.statusCode).toBe(400)

    const signOut = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/sign-out`,
      cookies,
    })
    expect(signOut.statusCode).toBe(303)
    const gone = await test.app.inject({ url: `/r/${org.slug}/follow-up/case?lang=en`, cookies })
    expect(gone.statusCode).toBe(403)
    expect(gone.body).toContain('Your session has ended.')
  })

  it('explains a typo, says little about a wrong code, and slows down repeated failures', async () => {
    const post = (code: string, ip = '198.51.100.7') =>
      test.app.inject({
        method: 'POST',
        url: `/r/${org.slug}/follow-up`,
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `code=${encodeURIComponent(code)}&lang=en`,
      })
    const typo = await post('1234 5678 9012 3456')
    if (typo.statusCode === 404) throw new Error('the sample happens to be valid; pick another')
    expect(typo.statusCode).toBe(400)
    expect(typo.body).toContain('This code contains a typo')
    expect((await post('12345')).body).toContain('A case code has exactly 16 digits.')

    // Valid check digit, no such case: the generic answer.
    const { generateCaseCode } = await import('../../crypto/index.js')
    const unknown = await post(generateCaseCode())
    expect(unknown.statusCode).toBe(404)
    expect(unknown.body).toContain('We could not find a report with this code.')
    for (let attempt = 0; attempt < 4; attempt++)
      expect((await post(generateCaseCode())).statusCode).toBe(404)
    const blocked = await post(generateCaseCode())
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    expect(blocked.body).toContain('Too many attempts.')
    // Another visitor is not affected.
    expect((await post(generateCaseCode(), '203.0.113.9')).statusCode).toBe(404)
  })

  it('shows an entry whose ciphertext was altered on disk as unreadable, and the rest of the thread as usual', async () => {
    const submitted = await submitReport([
      ['lang', 'en'],
      ['what', 'Original report text'],
    ])
    const code = receiptCode(submitted.body)
    const opened = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${encodeURIComponent(code)}&lang=en`,
    })
    const cookies = { [opened.cookies[0]!.name]: opened.cookies[0]!.value }
    const thread = await test.app.inject({ url: `/r/${org.slug}/follow-up/case?lang=en`, cookies })
    const token = thread.body.match(/name="_token" value="([^"]+)"/)![1]!
    await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/meeting`,
      cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_token=${token}&text=later`,
    })
    // Someone with write access to the database flips one bit of the meeting request's ciphertext. (The report
    // itself altered makes the whole case unverifiable: tests/http/protocol-binding.test.ts.)
    const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'))
    const row = db
      .prepare(
        `select id, ciphertext from entry where kind = 'meeting_request' order by created_at desc limit 1`,
      )
      .get() as {
      id: string
      ciphertext: Buffer
    }
    row.ciphertext[20]! ^= 1
    db.prepare('update entry set ciphertext = ? where id = ?').run(row.ciphertext, row.id)
    db.close()
    const after = await test.app.inject({ url: `/r/${org.slug}/follow-up/case?lang=en`, cookies })
    expect(after.statusCode).toBe(200)
    expect(after.body).toContain('This entry could not be decrypted. It may have been altered.')
    expect(after.body).toContain('Original report text')
    expect(after.body).toContain('messages in this case are missing or out of order')
    expect(after.body).toContain('Request for a meeting in person')
  })
})
