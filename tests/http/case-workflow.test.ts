import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomId, ready, toBase64Url } from '../../crypto/index.js'
import { addCalendarDays } from '../../server/domain/deadlines.js'
import { catalogue } from '../../views/i18n/index.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { addConfidantEntry, caseIdsOf } from '../helpers/confidant.js'
import { cookiesOf, receiptCode } from '../helpers/forms.js'
import { addBakeryAndGarage, reportWithoutScript } from '../helpers/seed.js'
import { type Browserish, type StaffAccount, seedStaff, signInEach } from '../helpers/staff.js'

// Issue 9, working a case: status moves follow the rules (DESIGN §5), only the case's own confidant makes
// them, every change is an audit event without content, and the reporter sees that the case is closed.

const w = catalogue('en').caseWorkflow
let clock = Date.parse('2026-11-02T10:00:00Z')
let test: TestApp
let caseId: string
let code: string
const people: Record<string, StaffAccount> = {}
let sessions: Record<string, Browserish>

function read<T>(query: (db: Database.Database) => T): T {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return query(db)
  } finally {
    db.close()
  }
}
const storedCase = () =>
  read(
    (db) =>
      db.prepare('SELECT status, outcome, closed_at, purge_after FROM "case" WHERE id = ?').get(caseId) as {
        status: string
        outcome: string | null
        closed_at: number
        purge_after: number
      },
  )
const auditActions = () =>
  read((db) =>
    (
      db.prepare('SELECT actor, action FROM audit_event WHERE subject = ? ORDER BY id').all(caseId) as Array<{
        actor: string
        action: string
      }>
    ).filter((event) => event.action !== 'case.read'),
  )

function post(path: string, body: unknown, as?: Browserish, headers?: Record<string, string>) {
  return test.app.inject({
    method: 'POST',
    url: `/staff/api/cases/${caseId}/${path}`,
    cookies: as?.cookies ?? {},
    headers: { 'content-type': 'application/json', 'csrf-token': as?.csrf ?? '', ...headers },
    payload: JSON.stringify(body),
  })
}
const moveTo = (to: string, as = sessions.vera) => post('status', { to }, as)
const close = (outcome: string, as = sessions.vera) => post('close', { outcome }, as)

function meetingAnswer(answers: string, seq: number, as = sessions.vera) {
  return post(
    'meeting-answer',
    {
      kind: 'message',
      answers,
      entryId: randomId(),
      seq,
      nonce: toBase64Url(randomBytes(24)),
      ciphertext: toBase64Url(randomBytes(600)),
    },
    as,
  )
}
const nextSeq = () =>
  read(
    (db) =>
      (
        db
          .prepare("SELECT max(seq) + 1 AS next FROM entry WHERE case_id = ? AND kind != 'note'")
          .get(caseId) as { next: number }
      ).next,
  )

/** The reporter's follow-up without JavaScript: signs in with the code, returns the thread page. */
async function reporterThread() {
  const opened = await test.app.inject({
    method: 'POST',
    url: '/r/bakkerij/follow-up',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `code=${encodeURIComponent(code)}&lang=en`,
  })
  const cookies = cookiesOf(opened)
  const page = await test.app.inject({ url: '/r/bakkerij/follow-up/case?lang=en', cookies })
  return { page, cookies }
}

beforeAll(async () => {
  await ready()
  test = await createTestApp({ now: () => clock })
  people.vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
  people.gert = await seedStaff(test, 'confidant', 'gert@example.org', 'Gert Garage')
  people.otto = await seedStaff(test, 'confidant', 'otto@example.org', 'Otto Onbekend')
  people.ada = await seedStaff(test, 'admin', 'ada@example.org')
  // The manual acknowledgement is what these tests are about; new members acknowledge automatically (issue 10).
  addBakeryAndGarage(test, { bakery: [people.vera], garage: [people.gert], autoAcknowledge: false })
  code = receiptCode((await reportWithoutScript(test, 'bakkerij', 'The flour is past its date')).body)
  caseId = caseIdsOf(test, 'bakkerij')[0]!
  await at('2026-11-02T10:05:00Z')
})

/** Moves the clock (days, in this suite) and signs everyone in again: an idle session ends after 30 minutes. */
async function at(iso: string) {
  clock = Date.parse(iso)
  sessions = await signInEach(test, people, clock)
}
afterAll(() => test.close())

describe('moving the status of a case', () => {
  it('refuses to skip the acknowledgement, with the rule named, and changes nothing', async () => {
    for (const to of ['in_follow_up', 'feedback_given']) {
      const refused = await moveTo(to)
      expect(refused.statusCode).toBe(409)
      expect(refused.json()).toEqual({ error: 'StatusMoveRefused', reason: 'acknowledge_first' })
    }
    expect((await moveTo('acknowledged')).json().reason).toBe('use_acknowledgement')
    expect((await close('not_substantiated')).json().reason).toBe('acknowledge_first')
    // Feedback before the acknowledgement is refused too: it would skip the first statutory step.
    const feedback = await post(
      'entries',
      {
        kind: 'feedback',
        entryId: randomId(),
        seq: 1,
        nonce: toBase64Url(randomBytes(24)),
        ciphertext: toBase64Url(randomBytes(600)),
      },
      sessions.vera,
    )
    expect(feedback.statusCode).toBe(409)
    expect(storedCase().status).toBe('received')
    expect(auditActions().some((event) => event.action.startsWith('case.status'))).toBe(false)
  })

  it('is a 404 for anyone but its confidant, a 401 signed out, a 403 without CSRF; nothing changes', async () => {
    await at('2026-11-03T09:00:00Z')
    addConfidantEntry(test, people.vera!, caseId, 'acknowledgement', 'Received, thank you.')
    const before = auditActions().length
    for (const who of ['gert', 'otto', 'ada']) {
      for (const response of [
        await moveTo('in_follow_up', sessions[who]),
        await close('substantiated', sessions[who]),
        await meetingAnswer(randomId(), nextSeq(), sessions[who]),
      ]) {
        expect(response.statusCode, who).toBe(404)
        expect(response.json()).toEqual({ error: 'CaseNotFound' })
      }
    }
    const signedOut = await post(
      'status',
      { to: 'in_follow_up' },
      {
        csrf: sessions.vera!.csrf,
        cookies: { ...sessions.vera!.cookies, 'meldpool-session': 'x' },
      },
    )
    expect(signedOut.statusCode).toBe(401)
    const noCsrf = await post('status', { to: 'in_follow_up' }, sessions.vera, { 'csrf-token': '' })
    expect(noCsrf.statusCode).toBe(403)
    const malformed = await post('close', { outcome: 'because I say so' }, sessions.vera)
    expect(malformed.statusCode).toBe(400)
    expect(storedCase().status).toBe('acknowledged')
    expect(auditActions().length).toBe(before)
  })

  it('moves an acknowledged case into follow-up, audited with from and to, and the inbox keeps its order', async () => {
    const moved = await moveTo('in_follow_up')
    expect(moved.statusCode).toBe(200)
    expect(storedCase().status).toBe('in_follow_up')
    expect(auditActions().at(-1)).toEqual({
      actor: people.vera!.id,
      action: 'case.status:acknowledged>in_follow_up',
    })
    expect((await moveTo('acknowledged')).json().reason).toBe('no_going_back')
    expect((await close('substantiated')).json().reason).toBe('feedback_first')
    const inbox = test.app.services.inbox.inbox(people.vera!.id, {})
    expect(inbox.cases.map((item) => [item.id, item.status, item.badge?.kind])).toEqual([
      [caseId, 'in_follow_up', 'feedback'],
    ])
  })
})

describe('a meeting request', () => {
  let requestId: string
  it('waits in the inbox until a message answers it by name; any other message leaves it waiting', async () => {
    const { page, cookies } = await reporterThread()
    const token = page.body.match(/name="_token" value="([^"]+)"/)![1]!
    const asked = await test.app.inject({
      method: 'POST',
      url: '/r/bakkerij/follow-up/case/meeting',
      cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_token=${token}&lang=en&text=${encodeURIComponent('Any afternoon')}`,
    })
    expect(asked.statusCode).toBe(303)
    requestId = read(
      (db) =>
        (
          db.prepare("SELECT id FROM entry WHERE case_id = ? AND kind = 'meeting_request'").get(caseId) as {
            id: string
          }
        ).id,
    )
    const waiting = () => test.app.services.inbox.inbox(people.vera!.id, {}).cases[0]!.meetingRequested
    expect(waiting()).toBe(true)
    addConfidantEntry(test, people.vera!, caseId, 'message', 'A question about something else.')
    expect(waiting()).toBe(true)
    const page2 = await test.app.inject({
      url: `/staff/cases/${caseId}?lang=en`,
      cookies: sessions.vera!.cookies,
    })
    expect(page2.body).toContain(`data-answers="${requestId}"`)

    expect((await meetingAnswer(randomId(), nextSeq())).statusCode).toBe(409)
    const answered = await meetingAnswer(requestId, nextSeq())
    expect(answered.statusCode).toBe(201)
    expect(waiting()).toBe(false)
    expect(auditActions().at(-1)).toEqual({ actor: people.vera!.id, action: 'case.meeting-answer' })
    // Answered once: a second answer to the same request is refused, and the form is gone.
    expect((await meetingAnswer(requestId, nextSeq())).statusCode).toBe(409)
    const page3 = await test.app.inject({
      url: `/staff/cases/${caseId}?lang=en`,
      cookies: sessions.vera!.cookies,
    })
    expect(page3.body).not.toContain('data-answers=')
    // The reporter may ask again: the form is back in follow-up.
    expect((await reporterThread()).page.body).toContain('id="meeting-form"')
  })
})

describe('closing a case', () => {
  it('closes with an outcome after feedback, sets purge_after from the retention, and nothing moves after', async () => {
    await at('2026-12-01T15:00:00Z')
    addConfidantEntry(test, people.vera!, caseId, 'feedback', 'We have acted on it.')
    expect(storedCase().status).toBe('feedback_given')
    await at('2026-12-02T15:00:00Z')
    const closed = await close('partly_substantiated')
    expect(closed.statusCode).toBe(200)
    const { retention_days: retention, timezone } = read(
      (db) =>
        db.prepare("SELECT retention_days, timezone FROM organisation WHERE slug = 'bakkerij'").get() as {
          retention_days: number
          timezone: string
        },
    )
    expect(storedCase()).toEqual({
      status: 'closed',
      outcome: 'partly_substantiated',
      closed_at: clock,
      purge_after: addCalendarDays(clock, retention, timezone),
    })
    expect(auditActions().at(-1)).toEqual({
      actor: people.vera!.id,
      action: 'case.status:feedback_given>closed',
    })
    expect((await moveTo('in_follow_up')).json()).toEqual({ error: 'StatusMoveRefused', reason: 'closed' })
    expect((await close('substantiated')).json().reason).toBe('closed')
    // A later feedback entry does not reopen it.
    addConfidantEntry(test, people.vera!, caseId, 'feedback', 'One more thing.')
    expect(storedCase().status).toBe('closed')
    expect(test.app.services.inbox.inbox(people.vera!.id, {}).cases).toEqual([])
  })

  it('shows the reporter (without JavaScript) that the case is closed and when, not the classification', async () => {
    const { page } = await reporterThread()
    expect(page.body).toContain(catalogue('en').reporter.status.closed)
    expect(page.body).toContain(`${w.reporterClosedOn}</dt><dd>2 December 2026`)
    for (const label of Object.values(w.outcomes)) expect(page.body).not.toContain(label)
    expect(page.body).not.toContain('partly_substantiated')
  })

  it("shows the confidant the timeline and the case's audit trail by name, without content", async () => {
    const page = await test.app.inject({
      url: `/staff/cases/${caseId}?lang=en`,
      cookies: sessions.vera!.cookies,
    })
    expect(page.statusCode).toBe(200)
    const timeline = page.body.match(/<dl id="timeline"[\s\S]*?<\/dl>/)![0]
    expect(timeline).toContain('given on 3 November 2026, in time')
    expect(timeline).toContain('given on 1 December 2026, in time')
    expect(timeline).toContain(`on 2 December 2026 — ${w.outcomes.partly_substantiated}`)
    const trail = page.body.match(/<table id="audit-trail"[\s\S]*?<\/table>/)![0]
    expect(trail).toContain('Vera de Vries')
    expect(trail).toContain(w.statusAction('acknowledged', 'in follow-up'))
    expect(trail).toContain(w.statusAction('feedback given', 'closed'))
    expect(trail).toContain(w.actions['case.meeting-answer'])
    expect(trail).toContain(w.actions['case.reporter-meeting_request'])
    expect(trail).not.toContain('127.0.0.1')
    expect(trail).not.toContain('flour')
    expect(page.body).toContain(w.isClosed)
    expect(page.body).not.toContain('id="close-form"')
    const nl = catalogue('nl').caseWorkflow
    const dutch = await test.app.inject({
      url: `/staff/cases/${caseId}?lang=nl`,
      cookies: sessions.vera!.cookies,
    })
    expect(dutch.body).toContain(nl.timelineHeading)
    expect(dutch.body).toContain('gegeven op 3 november 2026, op tijd')
    expect(dutch.body).toContain(nl.outcomes.partly_substantiated)
    expect(dutch.body).toContain(nl.statusAction('terugkoppeling gegeven', 'gesloten'))
  })
})
