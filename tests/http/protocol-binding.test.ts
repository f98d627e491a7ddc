import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  deriveReporterKeys,
  encryptEntry,
  encryptedAttachmentSize,
  fromBase64Url,
  generateCaseCode,
  generateCaseKeys,
  generateRecoveryKeyPair,
  KeyOpenFailed,
  openSealedKey,
  randomId,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'
import { openReporterSharedKey, sealReport } from '../../server/domain/sealing.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { addConfidantEntry } from '../helpers/confidant.js'
import { decodeAttribute, multipart, receiptCode } from '../helpers/forms.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

// DESIGN §4 "What a database writer must not be able to do unnoticed": each attack below is done the way a
// writer with the database (and so every public key) would do it, and the reporter is shown what happens.

let test: TestApp
let org: SeededOrganisation
let encryption: { codeSalt: string; recipients: Array<{ holder: string; publicKey: string }>; submit: string }

beforeAll(async () => {
  test = await createTestApp()
  org = await seedActiveOrganisation(test)
  const page = await test.app.inject({ url: `/r/${org.slug}/report` })
  encryption = JSON.parse(decodeAttribute(page.body.match(/data-encryption="([^"]+)"/)![1]!))
})
afterAll(() => test.close())

/** The attacker's handle on the database: a second connection that writes. */
function writer<T>(change: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'))
  try {
    return change(db)
  } finally {
    db.close()
  }
}

async function reportWithoutJavaScript(
  what: string,
  file?: string,
): Promise<{ code: string; caseId: string }> {
  const body = await multipart([
    ['lang', 'en'],
    ['what', what],
    ...(file
      ? [['files', { name: 'evidence.txt', data: file }] as [string, { name: string; data: string }]]
      : []),
  ])
  const response = await test.app.inject({ method: 'POST', url: `/r/${org.slug}/report`, ...body })
  expect(response.statusCode).toBe(200)
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

/** No-JS follow-up with the code: the redirect and cookie on success, or the page that refuses. */
async function openWithCode(code: string) {
  const opened = await test.app.inject({
    method: 'POST',
    url: `/r/${org.slug}/follow-up`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `code=${encodeURIComponent(code)}&lang=en`,
  })
  if (opened.statusCode !== 303) return { opened, thread: undefined }
  const cookies = Object.fromEntries(opened.cookies.map((cookie) => [cookie.name, cookie.value]))
  const thread = await test.app.inject({ url: opened.headers.location as string, cookies })
  return { opened, thread, cookies }
}

const UNVERIFIABLE = 'This case could not be verified'
const INCOMPLETE = 'messages in this case are missing or out of order'

describe('a case key planted by a database writer', () => {
  it('is refused, so the reporter never sees or answers a planted question (no-JS and browser alike)', async () => {
    const { code, caseId } = await reportWithoutJavaScript('The real report about the warehouse')
    const reporterPublicKey = writer(
      (db) =>
        (
          db.prepare('select reporter_public_key as pk from "case" where id = ?').get(caseId) as {
            pk: Buffer
          }
        ).pk,
    )
    // The writer's own key: sealed to the reporter (correctly bound: case, holder, kind are public), with a
    // forged report and a "confidant" question under it.
    const planted = generateCaseKeys().shared
    writer((db) => {
      const report = db.prepare("select id from entry where case_id = ? and kind = 'report'").get(caseId) as {
        id: string
      }
      const forged = encryptEntry(
        planted,
        { caseId, entryId: report.id, kind: 'report', author: 'reporter', seq: 0 },
        {
          v: 1,
          what: 'The real report about the warehouse',
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
        report.id,
      )
      const questionId = randomId()
      const question = encryptEntry(
        planted,
        { caseId, entryId: questionId, kind: 'message', author: org.confidant.id, seq: 1 },
        { v: 1, text: 'Please tell us your full name and department.', attachments: [] },
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
      const sealed = sealKeyFor(planted, new Uint8Array(reporterPublicKey), {
        caseId,
        holder: 'reporter',
        kind: 'shared',
      })
      db.prepare("update case_key set sealed_key = ? where case_id = ? and holder = 'reporter'").run(
        Buffer.from(sealed),
        caseId,
      )
    })

    const { opened } = await openWithCode(code)
    expect(opened.statusCode).toBe(409)
    expect(opened.body).toContain(UNVERIFIABLE)
    expect(opened.body).not.toContain('full name')
    expect(opened.headers['set-cookie']).toBeUndefined()

    // With JavaScript the browser gets the sealed thread and makes the same check (views/browser/follow-up.ts).
    const reporter = deriveReporterKeys(code, fromBase64Url(encryption.codeSalt))
    const view = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/view`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `lookup=${toBase64Url(reporter.lookup)}&lang=en`,
    })
    const sealedKey = fromBase64Url(decodeAttribute(view.body.match(/data-sealed-key="([^"]+)"/)![1]!))
    expect(() => openReporterSharedKey(sealedKey, caseId, reporter)).toThrow(KeyOpenFailed)
  })

  it('is refused when the genuine key no longer opens the case report (report replaced)', async () => {
    const { code, caseId } = await reportWithoutJavaScript('Report that will be swapped')
    writer((db) => {
      const report = db.prepare("select id from entry where case_id = ? and kind = 'report'").get(caseId) as {
        id: string
      }
      const other = encryptEntry(
        generateCaseKeys().shared,
        { caseId, entryId: report.id, kind: 'report', author: 'reporter', seq: 0 },
        {
          v: 1,
          what: 'x',
          when: '',
          where: '',
          who: '',
          how: '',
          ongoing: 'unknown',
          attachments: [],
          locale: 'en',
          internalKeyCommitment: 'A'.repeat(43),
        },
      )
      db.prepare('update entry set ciphertext = ?, nonce = ? where id = ?').run(
        Buffer.from(other.ciphertext),
        Buffer.from(other.nonce),
        report.id,
      )
    })
    const { opened } = await openWithCode(code)
    expect(opened.statusCode).toBe(409)
    expect(opened.body).toContain(UNVERIFIABLE)
  })

  it('cannot be a key moved from another holder or kind of the same case', async () => {
    const { caseId } = await reportWithoutJavaScript('Bound keys')
    const sealed = writer(
      (db) =>
        db
          .prepare(
            "select sealed_key as k from case_key where case_id = ? and holder = ? and kind = 'internal'",
          )
          .get(caseId, org.confidant.id) as { k: Buffer },
    ).k
    const { publicKey, secretKey } = org.confidant.keys
    expect(
      openSealedKey(sealed, publicKey, secretKey, { caseId, holder: org.confidant.id, kind: 'internal' }),
    ).toHaveLength(32)
    // Relabelled as the shared key, the internal key does not open: the notes key never leaks into the thread.
    expect(() =>
      openSealedKey(sealed, publicKey, secretKey, { caseId, holder: org.confidant.id, kind: 'shared' }),
    ).toThrow(KeyOpenFailed)
  })
})

describe('the thread as the reporter sees it', () => {
  it('warns when an entry was removed from the middle of the thread', async () => {
    const { code, caseId } = await reportWithoutJavaScript('Report with a conversation')
    addConfidantEntry(test, org.confidant, caseId, 'acknowledgement', 'We received your report.')
    addConfidantEntry(test, org.confidant, caseId, 'message', 'Do you have the invoices?')
    const before = await openWithCode(code)
    expect(before.thread!.statusCode).toBe(200)
    expect(before.thread!.body).not.toContain(INCOMPLETE)

    writer((db) => db.prepare('delete from entry where case_id = ? and seq = 1').run(caseId))
    const after = await test.app.inject({
      url: `/r/${org.slug}/follow-up/case?lang=en`,
      cookies: before.cookies,
    })
    expect(after.statusCode).toBe(200)
    expect(after.body).toContain(INCOMPLETE)
    expect(after.body).toContain('Do you have the invoices?')
    expect(after.body).not.toContain('We received your report.')
  })

  it('warns when entries were renumbered to reorder them (they no longer open)', async () => {
    const { code, caseId } = await reportWithoutJavaScript('Report to reorder')
    addConfidantEntry(test, org.confidant, caseId, 'message', 'First question')
    addConfidantEntry(test, org.confidant, caseId, 'message', 'Second question')
    writer((db) => {
      db.prepare('update entry set seq = 9 where case_id = ? and seq = 1').run(caseId)
      db.prepare('update entry set seq = 1 where case_id = ? and seq = 2').run(caseId)
      db.prepare('update entry set seq = 2 where case_id = ? and seq = 9').run(caseId)
    })
    const { thread } = await openWithCode(code)
    expect(thread!.statusCode).toBe(200)
    expect(thread!.body).toContain(INCOMPLETE)
    expect(thread!.body).not.toContain('First question')
  })

  it('lists files from the references inside entries, not from rows a writer added', async () => {
    const { code, caseId } = await reportWithoutJavaScript('Report with one file', 'the only evidence')
    writer((db) => {
      const file = db
        .prepare(
          'select a.id, a.entry_id as entryId, a.size from attachment a join entry e on e.id = a.entry_id where e.case_id = ?',
        )
        .get(caseId) as { id: string; entryId: string; size: number }
      const copy = randomId()
      db.prepare('insert into attachment (id, entry_id, size) values (?, ?, ?)').run(
        copy,
        file.entryId,
        file.size,
      )
      db.prepare(
        'insert into attachment_chunk (attachment_id, position, bytes) select ?, position, bytes from attachment_chunk where attachment_id = ?',
      ).run(copy, file.id)
    })
    const { thread } = await openWithCode(code)
    expect(thread!.statusCode).toBe(200)
    expect(thread!.body.match(/\/follow-up\/case\/file\//g)).toHaveLength(1)
    expect(thread!.body).toContain('evidence.txt')
  })

  it('shows a decrypted document of the wrong shape as unreadable: no error page, nothing logged', async () => {
    const { code, caseId } = await reportWithoutJavaScript('Report with an odd reply')
    const canary = `SHAPE-CANARY-${randomId()}`
    // Authentic (the confidant's key, the right place) but not a message document.
    const { sharedKey, seq } = writer((db) => {
      const sealed = db
        .prepare("select sealed_key as k from case_key where case_id = ? and holder = ? and kind = 'shared'")
        .get(caseId, org.confidant.id) as { k: Buffer }
      return {
        sharedKey: openSealedKey(sealed.k, org.confidant.keys.publicKey, org.confidant.keys.secretKey, {
          caseId,
          holder: org.confidant.id,
          kind: 'shared',
        }),
        seq: 1,
      }
    })
    const entryId = randomId()
    const odd = encryptEntry(
      sharedKey,
      { caseId, entryId, kind: 'message', author: org.confidant.id, seq },
      { v: 1, text: canary, attachments: 'not a list' },
    )
    test.app.services.caseHandling.addStaffEntry({
      caseId,
      userId: org.confidant.id,
      kind: 'message',
      entryId,
      seq,
      nonce: toBase64Url(odd.nonce),
      ciphertext: toBase64Url(odd.ciphertext),
    })
    for (let visit = 0; visit < 2; visit++) {
      const { thread } = await openWithCode(code)
      expect(thread!.statusCode).toBe(200)
      expect(thread!.body).toContain('This entry could not be decrypted')
      expect(thread!.body).toContain('Report with an odd reply')
      expect(thread!.body).not.toContain(canary)
    }
    expect(test.logs.join('\n')).not.toContain(canary)
  })
})

describe('what the server accepts', () => {
  async function post(envelope: unknown, files: Array<{ id: string; ciphertext: Uint8Array }> = []) {
    const body = await multipart([
      ['lang', 'en'],
      ['envelope', JSON.stringify(envelope)],
      ...files.map(
        (file) =>
          ['file', { name: file.id, data: file.ciphertext }] as [string, { name: string; data: Uint8Array }],
      ),
    ])
    return test.app.inject({ method: 'POST', url: encryption.submit, ...body })
  }
  function sealedFor(recipients: Array<{ holder: string; publicKey: string }>, file?: string) {
    const reporter = deriveReporterKeys(generateCaseCode(), fromBase64Url(encryption.codeSalt))
    const fields = {
      what: 'Sealed to whom?',
      when: '',
      where: '',
      who: '',
      how: '',
      ongoing: 'unknown' as const,
    }
    const files = file ? [{ name: 'a.txt', type: 'text/plain', data: new TextEncoder().encode(file) }] : []
    return sealReport(reporter, recipients, fields, files, 'en')
  }

  it('takes a report only when sealed to exactly the current recipients', async () => {
    const stranger = generateRecoveryKeyPair()
    const tooFew = sealedFor([])
    const tooMany = sealedFor([
      ...encryption.recipients,
      { holder: 'recovery', publicKey: toBase64Url(stranger.publicKey) },
    ])
    const impostor = sealedFor([{ holder: org.confidant.id, publicKey: toBase64Url(stranger.publicKey) }])
    for (const sealed of [tooFew, tooMany]) {
      const response = await post(sealed.envelope)
      expect(response.statusCode).toBe(409)
      expect(response.json()).toEqual({ error: 'RecipientsChanged' })
    }
    // A key missing for one kind counts as missing.
    const halfSealed = sealedFor(encryption.recipients)
    halfSealed.envelope.keys = halfSealed.envelope.keys.filter((key) => key.kind !== 'internal')
    expect((await post(halfSealed.envelope)).statusCode).toBe(409)
    // Sealed to the right holder name but another public key: the server cannot tell, the confidant's check
    // that the key opens the report can (documented in crypto/README.md); the shape is accepted.
    expect((await post(impostor.envelope)).statusCode).toBe(201)
    expect((await post(sealedFor(encryption.recipients).envelope)).statusCode).toBe(201)
  })

  it('stores files only at a padded bucket size, so the size shows the bucket alone', async () => {
    const sealed = sealedFor(encryption.recipients, 'twelve bytes')
    expect(sealed.files[0]!.ciphertext).toHaveLength(encryptedAttachmentSize(0))
    // An unpadded file (what an older or tampered client would send) is refused.
    const unpadded = sealedFor(encryption.recipients, 'twelve bytes')
    const cut = { ...unpadded.files[0]!, ciphertext: unpadded.files[0]!.ciphertext.subarray(0, 24 + 12 + 17) }
    unpadded.envelope.attachments = [{ id: cut.id, size: cut.ciphertext.length }]
    const refused = await post(unpadded.envelope, [cut])
    expect(refused.statusCode).toBe(400)
    expect((await post(sealed.envelope, sealed.files)).statusCode).toBe(201)
  })
})
