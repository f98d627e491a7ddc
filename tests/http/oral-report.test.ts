import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  deriveReporterKeys,
  formatCaseCode,
  fromBase64Url,
  generateCaseCode,
  generateCaseKeys,
  randomId,
  ready,
  toBase64Url,
} from '../../crypto/index.js'
import { addCalendarDays } from '../../server/domain/deadlines.js'
import { envelopeForm, sealTranscript, sealTranscriptAgreement } from '../../server/domain/sealing.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { caseIdsOf, expectNowhereAtRest } from '../helpers/confidant.js'
import { cookiesOf, decodeAttribute, formBody, inputValue, multipart, receiptCode } from '../helpers/forms.js'
import { addBakeryAndGarage } from '../helpers/seed.js'
import { type Browserish, postJson, type StaffAccount, seedStaff, signInEach } from '../helpers/staff.js'

// Issue 9, Directive art. 18: a confidant records an oral report as a new case sealed in their browser; only a
// confidant of that organisation can, never in the future; the reporter agrees to it through follow-up.

let clock = Date.parse('2026-11-28T10:00:07Z')
let test: TestApp
const people: Record<string, StaffAccount> = {}
let sessions: Record<string, Browserish>
const transcript = 'Caller says the night shift skips the allergen cleaning of line 3. Heard it on 2 Nov.'

function rows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  await ready()
  test = await createTestApp({ now: () => clock })
  people.assigned = await seedStaff(test, 'confidant', 'vera@example.org')
  people.otherOrganisation = await seedStaff(test, 'confidant', 'gert@example.org', 'Gert Garage')
  people.admin = await seedStaff(test, 'admin', 'ada@example.org')
  // The manual acknowledgement is what these tests are about; new members acknowledge automatically (issue 10).
  addBakeryAndGarage(test, {
    bakery: [people.assigned],
    garage: [people.otherOrganisation],
    bakeryLocales: 'nl,en',
    autoAcknowledge: false,
  })
  sessions = await signInEach(test, people, clock)
})
afterAll(() => test.close())

/** What the confidant's browser does: read the form's public material, make a code, seal the transcript. */
async function sealOral(as: Browserish, userId: string, receivedAt: number) {
  const page = await test.app.inject({ url: '/staff/oral/bakkerij?lang=en', cookies: as.cookies })
  expect(page.statusCode).toBe(200)
  const encryption = JSON.parse(decodeAttribute(page.body.match(/data-encryption="([^"]+)"/)![1]!))
  const code = generateCaseCode()
  const reporter = deriveReporterKeys(code, fromBase64Url(encryption.codeSalt))
  const submission = sealTranscript(reporter, encryption.recipients, userId, {
    text: transcript,
    channel: 'phone',
    receivedAt,
  })
  return { code, submission }
}

const record = (as: Browserish, body: object, slug = 'bakkerij') =>
  postJson(test, `/staff/api/oral-reports/${slug}`, body, as)

describe('recording an oral report', () => {
  let sealed: Awaited<ReturnType<typeof sealOral>>
  const receivedAt = clock - 26 * 60 * 60 * 1000 // yesterday morning: the call, not the typing, starts the clock

  it('is offered on the workspace for each assigned organisation, and the form opens only for its confidants', async () => {
    const home = await test.app.inject({ url: '/staff?lang=en', cookies: sessions.assigned!.cookies })
    expect(home.body).toContain('href="/staff/oral/bakkerij?lang=en"')
    expect(home.body).not.toContain('/staff/oral/garage')
    const admin = await test.app.inject({ url: '/staff?lang=en', cookies: sessions.admin!.cookies })
    expect(admin.body).not.toContain('/staff/oral/')
    for (const who of ['otherOrganisation', 'admin']) {
      const page = await test.app.inject({
        url: '/staff/oral/bakkerij?lang=en',
        cookies: sessions[who]!.cookies,
      })
      expect(page.statusCode, who).toBe(404)
      expect(page.body, who).not.toContain('data-encryption')
    }
    const signedOut = await test.app.inject({ url: '/staff/oral/bakkerij?lang=en' })
    expect(signedOut.statusCode).toBe(303)
  })

  it('refuses a confidant of another organisation and an administrator, storing nothing', async () => {
    sealed = await sealOral(sessions.assigned!, people.assigned!.id, receivedAt)
    for (const who of ['otherOrganisation', 'admin']) {
      const response = await record(sessions[who]!, { receivedAt, submission: sealed.submission })
      expect(response.statusCode, who).toBe(404)
      // Their own organisation's slug does not help either: the keys are sealed to bakkerij's recipients.
      if (who === 'otherOrganisation') {
        const own = await record(sessions[who]!, { receivedAt, submission: sealed.submission }, 'garage')
        expect(own.statusCode).toBe(409)
      }
    }
    expect(caseIdsOf(test, 'bakkerij')).toEqual([])
    expect(caseIdsOf(test, 'garage')).toEqual([])
  })

  it('refuses a time of receipt in the future, and a request without the CSRF token', async () => {
    const future = await record(sessions.assigned!, {
      receivedAt: clock + 60_000,
      submission: sealed.submission,
    })
    expect(future.statusCode).toBe(400)
    expect(future.json()).toEqual({ error: 'ReceiptTimeInvalid' })
    const noCsrf = await postJson(
      test,
      '/staff/api/oral-reports/bakkerij',
      { receivedAt, submission: sealed.submission },
      { ...sessions.assigned!, csrf: 'forged' },
    )
    expect(noCsrf.statusCode).toBe(403)
    expect(caseIdsOf(test, 'bakkerij')).toEqual([])
  })

  it('stores the case with deadlines from the real time of receipt, a transcript entry, an audit row, no plaintext', async () => {
    const response = await record(sessions.assigned!, { receivedAt, submission: sealed.submission })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({ caseId: sealed.submission.caseId })
    const [stored] = rows<{ id: string; received_at: number; acknowledge_by: number; status: string }>(
      'SELECT id, received_at, acknowledge_by, status FROM "case"',
    )
    expect(stored!.id).toBe(sealed.submission.caseId)
    expect(stored!.received_at).toBe(receivedAt)
    expect(stored!.acknowledge_by).toBe(addCalendarDays(receivedAt, 7, 'Europe/Amsterdam'))
    expect(stored!.status).toBe('received')
    expect(rows('SELECT kind, author, seq FROM entry WHERE case_id = ?', stored!.id)).toEqual([
      { kind: 'transcript', author: people.assigned!.id, seq: 0 },
    ])
    const audit = rows<{ actor: string; action: string; subject: string }>(
      'SELECT actor, action, subject FROM audit_event WHERE subject = ?',
      stored!.id,
    )
    expect(audit).toContainEqual({
      actor: people.assigned!.id,
      action: 'case.oral_recorded',
      subject: stored!.id,
    })
    // The recording confidant is not mailed about the case they just recorded.
    expect(rows('SELECT recipient FROM outbox WHERE recipient = ?', people.assigned!.email)).toEqual([])
    // The same submission again is a replay, not a second case.
    expect((await record(sessions.assigned!, { receivedAt, submission: sealed.submission })).statusCode).toBe(
      409,
    )
    expectNowhereAtRest(test, [transcript, 'allergen', sealed.code, formatCaseCode(sealed.code)])
  })

  it('the reporter opens it with the code without JavaScript, agrees once, and the agreement is an entry', async () => {
    clock += 60 * 60 * 1000
    const opened = await test.app.inject({
      method: 'POST',
      url: '/r/bakkerij/follow-up',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ code: formatCaseCode(sealed.code), lang: 'en' }),
    })
    expect(opened.statusCode).toBe(303)
    const cookies = cookiesOf(opened)
    const thread = await test.app.inject({ url: '/r/bakkerij/follow-up/case?lang=en', cookies })
    expect(thread.statusCode).toBe(200)
    expect(thread.body).toContain(transcript)
    expect(thread.body).toContain('Record of your oral report')
    expect(thread.body).toContain('id="agree-form"')
    const agree = () =>
      test.app.inject({
        method: 'POST',
        url: '/r/bakkerij/follow-up/case/agree',
        cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _token: inputValue(thread.body, '_token'), lang: 'en' }),
      })
    const agreed = await agree()
    expect(agreed.statusCode).toBe(303)
    expect(agreed.headers.location).toContain('sent=agreement')
    const after = await test.app.inject({ url: '/r/bakkerij/follow-up/case?lang=en&sent=agreement', cookies })
    expect(after.body).toContain('Your agreement to the record has been stored.')
    expect(after.body).toContain('You have agreed that the record of your oral report is correct.')
    expect(after.body).not.toContain('id="agree-form"')
    // Agreeing twice stores nothing more.
    expect((await agree()).statusCode).toBe(400)
    expect(rows('SELECT kind, author, seq FROM entry WHERE kind = ?', 'transcript_agreement')).toEqual([
      { kind: 'transcript_agreement', author: 'reporter', seq: 1 },
    ])
  })

  it('takes an agreement from the browser only for a case that opens with a transcript not yet agreed to', async () => {
    const agreeFromBrowser = async (code: string, caseId: string, seq: number) => {
      const salt = rows<{ code_salt: Buffer }>(
        "SELECT code_salt FROM organisation WHERE slug = 'bakkerij'",
      )[0]!
      const reporter = deriveReporterKeys(code, new Uint8Array(salt.code_salt))
      // The server cannot read it either way: it decides on the kinds it stores, before anything is opened.
      const message = sealTranscriptAgreement(
        { caseId, sharedKey: generateCaseKeys().shared, seq },
        randomId(),
      )
      const form = envelopeForm({ lookup: toBase64Url(reporter.lookup), ...message }, [])
      const request = new Request('http://localhost/', { method: 'POST', body: form })
      return test.app.inject({
        method: 'POST',
        url: '/r/bakkerij/api/message',
        headers: { 'content-type': request.headers.get('content-type')! },
        payload: Buffer.from(await request.arrayBuffer()),
      })
    }
    // The oral report was agreed to already.
    const again = await agreeFromBrowser(sealed.code, sealed.submission.caseId, 2)
    expect(again.statusCode).toBe(400)
    // A written report has no transcript to agree to.
    const written = await test.app.inject({
      method: 'POST',
      url: '/r/bakkerij/report',
      ...(await multipart([
        ['lang', 'en'],
        ['what', 'A written report'],
      ])),
    })
    expect(written.statusCode).toBe(200)
    const code = receiptCode(written.body).replaceAll(' ', '')
    const caseId = caseIdsOf(test, 'bakkerij').find((id) => id !== sealed.submission.caseId)!
    expect((await agreeFromBrowser(code, caseId, 1)).statusCode).toBe(400)
    expect(rows('SELECT case_id FROM entry WHERE kind = ?', 'transcript_agreement')).toEqual([
      { case_id: sealed.submission.caseId },
    ])
  })
})
