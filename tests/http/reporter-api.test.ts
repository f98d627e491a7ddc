import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  decryptAttachment,
  deriveReporterKeys,
  encryptEntry,
  fromBase64Url,
  generateCaseCode,
  openEntry,
  type ReporterKeys,
  randomId,
  toBase64Url,
} from '../../crypto/index.js'
import type { ReportDocument } from '../../server/domain/documents.js'
import { openReporterSharedKey, sealMessage, sealReport } from '../../server/domain/sealing.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { openCaseKeyAs } from '../helpers/confidant.js'
import { decodeAttribute, multipart } from '../helpers/forms.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

let test: TestApp
let org: SeededOrganisation
let encryption: { codeSalt: string; recipients: Array<{ holder: string; publicKey: string }>; submit: string }

beforeAll(async () => {
  test = await createTestApp()
  org = await seedActiveOrganisation(test)
  // Exactly what the browser reads from the form page.
  const page = await test.app.inject({ url: `/r/${org.slug}/report` })
  const attribute = page.body.match(/data-encryption="([^"]+)"/)![1]!
  encryption = JSON.parse(decodeAttribute(attribute))
})
afterAll(() => test.close())

function casesStored(): number {
  const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return (db.prepare('select count(*) as n from "case"').get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** What views/browser/report.ts does, through the same sealReport: the request parts and what only the reporter knows. */
function browserReport(text: string, fileText?: string, known?: { code: string; reporter: ReporterKeys }) {
  const code = known?.code ?? generateCaseCode()
  const reporter = known?.reporter ?? deriveReporterKeys(code, fromBase64Url(encryption.codeSalt))
  const fields = { what: text, when: '', where: '', who: '', how: '', ongoing: 'unknown' as const }
  const files = fileText
    ? [{ name: 'evidence.txt', type: 'text/plain', data: new TextEncoder().encode(fileText) }]
    : []
  const sealed = sealReport(reporter, encryption.recipients, fields, files, 'en')
  return { code, reporter, caseId: sealed.envelope.caseId, envelope: sealed.envelope, files: sealed.files }
}

async function post(envelope: unknown, files: Array<{ id: string; ciphertext: Uint8Array }> = []) {
  const body = await multipart([
    ['lang', 'en'],
    ['envelope', typeof envelope === 'string' ? envelope : JSON.stringify(envelope)],
    ...files.map(
      (file) =>
        ['file', { name: file.id, data: file.ciphertext }] as [string, { name: string; data: Uint8Array }],
    ),
  ])
  return test.app.inject({ method: 'POST', url: encryption.submit, ...body })
}

describe('reporting with JavaScript', () => {
  it('gives the browser only public keys and salt to encrypt with', () => {
    expect(encryption.submit).toBe(`/r/${org.slug}/api/submit`)
    expect(encryption.recipients).toEqual([
      { holder: org.confidant.id, publicKey: toBase64Url(org.confidant.keys.publicKey) },
    ])
    expect(fromBase64Url(encryption.codeSalt)).toHaveLength(16)
  })

  it('stores a browser-encrypted report the confidant can open, and refuses the same submission twice', async () => {
    const report = browserReport('Overtime is not paid out', 'payslip')
    const response = await post(report.envelope, report.files)
    expect(response.statusCode).toBe(201)
    expect(response.json().receivedOn).toMatch(/^\d{1,2} [A-Z][a-z]+ 20\d\d at \d\d:\d\d$/)
    expect(response.headers['set-cookie']).toBeUndefined()

    const replay = await post(report.envelope, report.files)
    expect(replay.statusCode).toBe(409)
    expect(replay.json()).toEqual({ error: 'SubmissionReplayed' })
    // A guessed code (the same lookup, fresh ids) gets the answer of a success and stores nothing: a 409
    // here would tell an untrottled guesser that the lookup exists.
    const stored = casesStored()
    const sameCode = browserReport('other text')
    sameCode.envelope.lookup = report.envelope.lookup
    expect((await post(sameCode.envelope)).statusCode).toBe(201)
    expect(casesStored()).toBe(stored)

    // The reporter, with the code alone, reads the thread back (what views/browser/follow-up.ts does).
    const view = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/view`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `lookup=${report.envelope.lookup}&lang=en`,
    })
    expect(view.statusCode).toBe(200)
    expect(view.body).not.toContain('Overtime')
    const sealedKey = view.body.match(/data-sealed-key="([^"]+)"/)![1]!
    const shared = openReporterSharedKey(fromBase64Url(sealedKey), report.caseId, report.reporter)
    const sealed = JSON.parse(decodeAttribute(view.body.match(/data-sealed="([^"]+)"/)![1]!))
    const opened = openEntry<ReportDocument>(
      shared,
      { caseId: report.caseId, entryId: sealed.id, kind: 'report', author: 'reporter', seq: 0 },
      { nonce: fromBase64Url(sealed.nonce), ciphertext: fromBase64Url(sealed.ciphertext) },
    )
    expect(opened.what).toBe('Overtime is not paid out')

    const file = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/api/attachment`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `lookup=${report.envelope.lookup}&id=${opened.attachments[0]!.id}`,
    })
    expect(file.statusCode).toBe(200)
    const plain = decryptAttachment(fromBase64Url(opened.attachments[0]!.key), file.rawPayload)
    expect(new TextDecoder().decode(plain)).toBe('payslip')

    // A reply from the browser, then a confidant acknowledgement: both show in the reporter's thread.
    const message = sealMessage(
      { caseId: report.caseId, sharedKey: shared, seq: 1 },
      'message',
      'One more detail',
      [],
    )
    const reply = await multipart([
      ['envelope', JSON.stringify({ lookup: report.envelope.lookup, ...message.message })],
    ])
    expect(
      (await test.app.inject({ method: 'POST', url: `/r/${org.slug}/api/message`, ...reply })).statusCode,
    ).toBe(201)

    const ackId = randomId()
    const asConfidant = openCaseKeyAs(org.confidant, {
      sealedKey: fromBase64Url(sealedKeyOf(report.caseId, org.confidant.id)),
      caseId: report.caseId,
      holder: org.confidant.id,
      kind: 'shared',
    })
    const ack = encryptEntry(
      asConfidant,
      { caseId: report.caseId, entryId: ackId, kind: 'acknowledgement', author: org.confidant.id, seq: 2 },
      {
        v: 1,
        text: 'Received, we will look into it.',
      },
    )
    test.app.services.caseHandling.addStaffEntry({
      caseId: report.caseId,
      userId: org.confidant.id,
      kind: 'acknowledgement',
      entryId: ackId,
      seq: 2,
      nonce: toBase64Url(ack.nonce),
      ciphertext: toBase64Url(ack.ciphertext),
    })
    const after = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/view`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `lookup=${report.envelope.lookup}&lang=en`,
    })
    expect(after.body).toContain('Confirmed — your report is being assessed')
    expect(after.body).toContain('Confirmation of receipt')
    expect(after.body).toContain('Confirmed on')
    expect(after.body.match(/data-sealed=/g)).toHaveLength(3)
  })

  it('refuses forged or malformed envelopes with a 4xx and stores nothing', async () => {
    const before = casesStored()
    // One Argon2id for all forgeries (each is refused before its lookup matters): the test stays fast under load.
    const code = generateCaseCode()
    const known = { code, reporter: deriveReporterKeys(code, fromBase64Url(encryption.codeSalt)) }
    const base = () => browserReport('forgery attempt', 'file', known)
    const attempts: Array<[string, (report: ReturnType<typeof base>) => unknown]> = [
      ['not JSON', () => '{"caseId":'],
      ['extra field', (r) => ({ ...r.envelope, extra: 1 })],
      ['short lookup', (r) => ({ ...r.envelope, lookup: 'AAAA' })],
      ['bad id', (r) => ({ ...r.envelope, caseId: 'not-an-id' })],
      [
        'truncated sealed key',
        (r) => ({
          ...r.envelope,
          keys: r.envelope.keys.map((k) => ({ ...k, sealedKey: k.sealedKey.slice(0, 40) })),
        }),
      ],
      [
        'unknown holder',
        (r) => ({ ...r.envelope, keys: [...r.envelope.keys, { ...r.envelope.keys[1]!, holder: 'mallory' }] }),
      ],
      [
        'internal key to the reporter',
        (r) => ({ ...r.envelope, keys: [...r.envelope.keys, { ...r.envelope.keys[0]!, kind: 'internal' }] }),
      ],
      [
        'no confidant can read it',
        (r) => ({ ...r.envelope, keys: r.envelope.keys.filter((k) => k.holder === 'reporter') }),
      ],
      ['tiny ciphertext', (r) => ({ ...r.envelope, entry: { ...r.envelope.entry, ciphertext: 'AAAA' } })],
      ['file size lies', (r) => ({ ...r.envelope, attachments: [{ id: r.files[0]!.id, size: 5 }] })],
    ]
    // Sealed to anyone but exactly the current recipients: refused as RecipientsChanged (the page script then
    // reads the current recipients and seals again).
    const wrongHolders = ['unknown holder', 'internal key to the reporter', 'no confidant can read it']
    for (const [label, forge] of attempts) {
      const report = base()
      const response = await post(forge(report), report.files)
      const holders = wrongHolders.includes(label)
      expect(response.statusCode, label).toBe(holders ? 409 : 400)
      expect(response.json(), label).toEqual({ error: holders ? 'RecipientsChanged' : 'SubmissionInvalid' })
    }
    const truncated = base()
    truncated.files[0]!.ciphertext = truncated.files[0]!.ciphertext.slice(0, 10)
    truncated.envelope.attachments = [{ id: truncated.files[0]!.id, size: 10 }]
    expect((await post(truncated.envelope, truncated.files)).statusCode).toBe(400)
    const missingFile = base()
    expect((await post(missingFile.envelope, [])).statusCode).toBe(400)
    expect(casesStored()).toBe(before)
  })

  it('answers an unknown lookup like a wrong code, and throttles guessing', async () => {
    const ask = (lookup: string) =>
      test.app.inject({
        method: 'POST',
        url: `/r/${org.slug}/follow-up/view`,
        remoteAddress: '192.0.2.44',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `lookup=${lookup}&lang=en`,
      })
    const unknown = await ask(toBase64Url(new Uint8Array(32).fill(7)))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.body).toContain('We could not find a report with this code.')
    for (let attempt = 0; attempt < 4; attempt++) await ask(toBase64Url(new Uint8Array(32).fill(attempt)))
    expect((await ask(toBase64Url(new Uint8Array(32).fill(9)))).statusCode).toBe(429)
  })
})

function sealedKeyOf(caseId: string, holder: string): string {
  const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    const row = db
      .prepare(`select sealed_key from case_key where case_id = ? and holder = ? and kind = 'shared'`)
      .get(caseId, holder) as {
      sealed_key: Buffer
    }
    return toBase64Url(row.sealed_key)
  } finally {
    db.close()
  }
}
