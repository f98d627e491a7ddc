import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  decryptAttachment,
  encryptAttachment,
  encryptedAttachmentSize,
  fromBase64Url,
  generateAttachmentKey,
  openEntry,
  randomId,
  toBase64Url,
} from '../../crypto/index.js'
import type { ReportDocument } from '../../server/domain/documents.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { openCaseKeyAs } from '../helpers/confidant.js'
import { storedCiphertext } from '../helpers/files.js'
import { multipart, receiptCode } from '../helpers/forms.js'
import { runCli } from '../helpers/processes.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

// Files are written to the database as they arrive, as ciphertext in chunk rows, and joined to their entry
// only when it is stored (issue 8 §1): nothing is held whole in memory, and nothing is left of a refused upload.

let test: TestApp
let org: SeededOrganisation
beforeAll(async () => {
  test = await createTestApp()
  org = await seedActiveOrganisation(test)
})
afterAll(() => test.close())

function query<T>(sql: string, ...values: unknown[]): T {
  const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return db.prepare(sql).get(...values) as T
  } finally {
    db.close()
  }
}
const storedFiles = () =>
  query<{ files: number; chunks: number }>(
    'select (select count(*) from attachment) as files, (select count(*) from attachment_chunk) as chunks',
  )

async function report(what: string, files: Array<{ name: string; data: Uint8Array }>) {
  const body = await multipart([
    ['lang', 'en'],
    ['what', what],
    ...files.map((file) => ['files', file] as [string, typeof file]),
  ])
  return test.app.inject({ method: 'POST', url: `/r/${org.slug}/report`, ...body })
}

describe('files of a report', () => {
  it('are stored in pieces of ciphertext and come back byte for byte, to the confidant and the reporter', async () => {
    const evidence = randomBytes(3 * 1024 * 1024 + 17)
    const response = await report('A file of several megabytes', [{ name: 'scan.pdf', data: evidence }])
    expect(response.statusCode).toBe(200)
    const code = receiptCode(response.body)

    const stored = query<{ id: string; caseId: string; size: number }>(
      `select a.id, e.case_id as caseId, a.size from attachment a join entry e on e.id = a.entry_id
       order by e.created_at desc limit 1`,
    )
    // Several rows, none near the file's size: the file was never one value in memory on its way in.
    const pieces = query<{ n: number; largest: number }>(
      'select count(*) as n, max(length(bytes)) as largest from attachment_chunk where attachment_id = ?',
      stored.id,
    )
    expect(pieces.n).toBeGreaterThan(2)
    expect(pieces.largest).toBeLessThan(1.2 * 1024 * 1024)
    expect(stored.size).toBe(encryptedAttachmentSize(evidence.length))

    // The confidant opens the report with their key and the file with the key inside it.
    const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
    try {
      const sealed = db
        .prepare(`select sealed_key from case_key where case_id = ? and holder = ? and kind = 'shared'`)
        .get(stored.caseId, org.confidant.id) as { sealed_key: Buffer }
      const key = openCaseKeyAs(org.confidant, {
        sealedKey: new Uint8Array(sealed.sealed_key),
        caseId: stored.caseId,
        holder: org.confidant.id,
        kind: 'shared',
      })
      const entry = db.prepare(`select * from entry where case_id = ?`).get(stored.caseId) as {
        id: string
        nonce: Buffer
        ciphertext: Buffer
      }
      const document = openEntry<ReportDocument>(
        key,
        { caseId: stored.caseId, entryId: entry.id, kind: 'report', author: 'reporter', seq: 0 },
        entry,
      )
      const [ref] = document.attachments
      expect(ref).toMatchObject({ id: stored.id, name: 'scan.pdf', size: evidence.length })
      const opened = decryptAttachment(fromBase64Url(ref!.key), storedCiphertext(db, stored.id))
      expect(Buffer.from(opened).equals(evidence)).toBe(true)
    } finally {
      db.close()
    }

    // The reporter downloads it again without JavaScript: streamed, the same bytes.
    const signIn = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${encodeURIComponent(code)}&lang=en`,
    })
    const cookie = signIn.cookies[0]!
    const download = await test.app.inject({
      url: `/r/${org.slug}/follow-up/case/file/${stored.id}`,
      cookies: { [cookie.name]: cookie.value },
    })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-length']).toBe(String(evidence.length))
    expect(download.rawPayload.equals(evidence)).toBe(true)
  })

  it('leave nothing stored when the report is refused after they arrived', async () => {
    const before = storedFiles()
    // Two files arrive and are stored, then the form turns out to lack "what happened".
    const empty = await report('   ', [
      { name: 'a.txt', data: randomBytes(70_000) },
      { name: 'b.txt', data: randomBytes(10) },
    ])
    expect(empty.statusCode).toBe(400)
    expect(storedFiles()).toEqual(before)

    // A first file is stored, then the second is over the limit.
    const small = await createTestApp({ env: { MELDPOOL_MAX_FILE_MB: '1' } })
    try {
      const seeded = await seedActiveOrganisation(small)
      const body = await multipart([
        ['lang', 'en'],
        ['what', 'The second file is too large'],
        ['files', { name: 'fits.bin', data: randomBytes(500_000) }],
        ['files', { name: 'big.bin', data: randomBytes(1024 * 1024 + 1) }],
      ])
      const refused = await small.app.inject({ method: 'POST', url: `/r/${seeded.slug}/report`, ...body })
      expect(refused.statusCode).toBe(413)
      expect(refused.body).toContain('The second file is too large')
      const db = new BetterSqlite3(join(small.dataDir, 'meldpool.sqlite'), { readonly: true })
      try {
        expect(db.prepare('select count(*) as n from attachment').get()).toEqual({ n: 0 })
        expect(db.prepare('select count(*) as n from attachment_chunk').get()).toEqual({ n: 0 })
      } finally {
        db.close()
      }
    } finally {
      await small.close()
    }
  })

  it('are written while the upload runs, and removed when the connection breaks off', async () => {
    await test.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = test.app.server.address() as { port: number }
    const before = storedFiles()
    const boundary = 'meldpoolboundary'
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="what"\r\n\r\nCut off halfway\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="long.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    )
    const socket = connect(port, '127.0.0.1')
    const closed = new Promise((resolve) => socket.once('close', resolve))
    socket.on('error', () => {})
    socket.write(
      `POST /r/${org.slug}/report HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + 8 * 1024 * 1024}\r\n\r\n`,
    )
    socket.write(head)
    socket.write(randomBytes(4 * 1024 * 1024))
    // Pieces of ciphertext reach the database before the body has ended.
    await vi.waitFor(() => expect(storedFiles().chunks).toBeGreaterThan(before.chunks), {
      timeout: 30_000,
      interval: 50,
    })
    socket.destroy()
    await closed
    await vi.waitFor(() => expect(storedFiles()).toEqual(before), { timeout: 30_000, interval: 50 })
  })
})

describe('files of a reply with JavaScript', () => {
  it('are not stored when the lookup opens no case', async () => {
    const before = storedFiles()
    const ciphertext = encryptAttachment(generateAttachmentKey(), new TextEncoder().encode('planted'))
    const id = randomId()
    const envelope = {
      lookup: toBase64Url(randomBytes(32)),
      entry: {
        id: randomId(),
        kind: 'message',
        seq: 1,
        nonce: toBase64Url(randomBytes(24)),
        ciphertext: toBase64Url(randomBytes(64)),
      },
      attachments: [{ id, size: ciphertext.length }],
    }
    const body = await multipart([
      ['envelope', JSON.stringify(envelope)],
      ['file', { name: id, data: ciphertext }],
    ])
    const response = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/api/message`,
      remoteAddress: '203.0.113.90',
      ...body,
    })
    expect(response.statusCode).toBe(404)
    expect(storedFiles()).toEqual(before)
    expect(query('select id from attachment where id = ?', id)).toBeUndefined()
  })
})

describe('after a crash', () => {
  it('removes at server start the staged files of an upload that never finished (a CLI command does not)', async () => {
    const restarted = await createTestApp()
    const dataDir = restarted.dataDir
    await restarted.app.close()
    const db = new BetterSqlite3(join(dataDir, 'meldpool.sqlite'))
    const staged = randomId()
    db.prepare('insert into attachment (id, entry_id, size) values (?, null, 5)').run(staged)
    db.prepare('insert into attachment_chunk (attachment_id, position, bytes) values (?, 0, ?)').run(
      staged,
      Buffer.from('bytes'),
    )
    db.close()
    // An operator's command may run while a report is arriving: it must leave that upload's files alone.
    const listed = await runCli(['org', 'list'], { MELDPOOL_DATA_DIR: dataDir })
    expect(listed.status).toBe(0)
    const during = new BetterSqlite3(join(dataDir, 'meldpool.sqlite'), { readonly: true })
    expect(during.prepare('select count(*) as n from attachment_chunk').get()).toEqual({ n: 1 })
    during.close()
    const again = await createTestApp({ reopen: dataDir })
    try {
      const check = new BetterSqlite3(join(dataDir, 'meldpool.sqlite'), { readonly: true })
      try {
        expect(check.prepare('select count(*) as n from attachment').get()).toEqual({ n: 0 })
        expect(check.prepare('select count(*) as n from attachment_chunk').get()).toEqual({ n: 0 })
      } finally {
        check.close()
      }
    } finally {
      await again.close()
      await restarted.close()
    }
  })
})
