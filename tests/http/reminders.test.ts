import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { StaffSession } from '../../server/services/staff-sessions.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { argon2idBudget } from '../helpers/budgets.js'
import { addConfidantEntry, caseIdsOf } from '../helpers/confidant.js'
import { multipart, receiptCode } from '../helpers/forms.js'
import { type SeededAccount, seedActiveOrganisation } from '../helpers/seed.js'
import { type ReceivedMail, startSmtp } from '../helpers/smtp.js'

// Issue 10, "Reminders that cannot be missed": the scheduler writes each reminder once, across restarts and
// with two processes on one database, and a reminder mail says what is due and when, never what was reported.

const DAY = 24 * 60 * 60 * 1000
const CANARY = 'REMINDERCANARY the head baker falsifies the hygiene log'
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Through the no-JavaScript form, so the server holds (briefly) both the report text and the case code. */
async function report(test: TestApp, slug: string): Promise<string> {
  const body = await multipart([
    ['lang', 'nl'],
    ['what', CANARY],
  ])
  const response = await test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body })
  expect(response.statusCode).toBe(200)
  return receiptCode(response.body)
}

/** The mail as a reader sees it: headers unfolded, quoted-printable soft breaks joined. */
function readable(mail: ReceivedMail): { subject: string; text: string } {
  const text = mail.raw.replace(/\r?\n[ \t]+/g, ' ').replace(/=\r?\n/g, '')
  return { subject: /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '', text }
}

function sessionOf(confidant: SeededAccount): StaffSession {
  return {
    userId: confidant.id,
    role: 'confidant',
    name: 'Vera de Vries',
    email: confidant.email,
    publicKey: confidant.keys.publicKey,
    tabKey: new Uint8Array(32),
  }
}

/** Seeding what no page sets yet (a confidant's language) and reading cases in order of receipt. */
function onDisk<T>(test: TestApp, work: (db: Database.Database) => T): T {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { fileMustExist: true })
  try {
    return work(db)
  } finally {
    db.close()
  }
}
const casesByReceipt = (test: TestApp) =>
  onDisk(test, (db) =>
    (db.prepare('SELECT id FROM "case" ORDER BY received_at').all() as Array<{ id: string }>).map(
      ({ id }) => id,
    ),
  )
/** These tests are about acknowledgement reminders: the organisation acknowledges by hand. */
const acknowledgeByHand = (test: TestApp) =>
  onDisk(test, (db) => db.prepare('UPDATE organisation SET auto_acknowledge = 0').run())

const localDay = (at: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', dateStyle: 'short' }).format(at)

describe('reminders', () => {
  it('come once each, on their days, across daily restarts, and stop once the step is done or the case closed', async () => {
    const smtp = await startSmtp()
    cleanups.push(() => smtp.close())
    let clock = Date.parse('2026-11-28T09:30:00Z')
    const first = await createTestApp({ env: { MELDPOOL_SMTP_URL: smtp.url }, now: () => clock })
    cleanups.push(() => first.close())
    const bakery = await seedActiveOrganisation(first, { confidants: 2 })
    const code = await report(first, bakery.slug)
    const [caseId] = caseIdsOf(first, bakery.slug)
    await first.app.services.mail.deliverDue()
    smtp.received.splice(0) // the new-report notices
    await first.app.close()

    // Day by day to well past the feedback deadline, the app closed and reopened every day, two passes a day.
    const seen: Array<{ day: string; to: string; subject: string; text: string }> = []
    for (
      let day = Date.parse('2026-11-29T00:00:00Z');
      day <= Date.parse('2027-03-11T00:00:00Z');
      day += DAY
    ) {
      clock = day + 7 * 60 * 60 * 1000
      const test = await createTestApp({
        env: { MELDPOOL_SMTP_URL: smtp.url },
        now: () => clock,
        reopen: first.dataDir,
      })
      await test.app.ready()
      await test.app.services.reminders.runDue()
      if (localDay(clock) === '2026-12-07') {
        clock = day + 11 * 60 * 60 * 1000
        addConfidantEntry(test, bakery.confidant, caseId!, 'acknowledgement', 'Ontvangen, dank u.')
      }
      if (localDay(clock) === '2027-03-09') {
        clock = day + 11 * 60 * 60 * 1000
        addConfidantEntry(test, bakery.confidant, caseId!, 'feedback', 'Wij hebben het onderzocht.')
      }
      if (localDay(clock) === '2027-03-10') {
        clock = day + 11 * 60 * 60 * 1000
        test.app.services.caseWorkflow.close(sessionOf(bakery.confidant), caseId!, 'substantiated')
      }
      clock = day + 15 * 60 * 60 * 1000
      await test.app.services.reminders.runDue()
      await test.app.services.mail.deliverDue()
      for (const mail of smtp.received.splice(0)) {
        seen.push({ day: localDay(clock), to: mail.to.join(','), ...readable(mail) })
      }
      await test.app.close()
    }

    const org = 'Bakkerij Jansen B.V.'
    const expected = [
      [
        '2026-12-03',
        `Herinnering: bevestig de ontvangst van een melding aan ${org} uiterlijk 5 december 2026`,
      ],
      [
        '2026-12-05',
        `Herinnering: bevestig de ontvangst van een melding aan ${org} uiterlijk 5 december 2026`,
      ],
      ['2026-12-06', `Te laat: ontvangstbevestiging voor een melding aan ${org}`],
      ['2026-12-07', `Te laat: ontvangstbevestiging voor een melding aan ${org}`],
      ['2027-02-21', `Herinnering: geef terugkoppeling op een melding aan ${org} uiterlijk 7 maart 2027`],
      ['2027-03-04', `Herinnering: geef terugkoppeling op een melding aan ${org} uiterlijk 7 maart 2027`],
      ['2027-03-08', `Te laat: terugkoppeling voor een melding aan ${org}`],
      ['2027-03-09', `Te laat: terugkoppeling voor een melding aan ${org}`],
    ]
    const recipients = bakery.confidants.map(({ email }) => email).sort()
    expect(seen.map(({ day, to, subject }) => [day, to, subject]).sort()).toEqual(
      expected.flatMap(([day, subject]) => recipients.map((to) => [day, to, subject])).sort(),
    )
    const texts = (day: string) => seen.filter((mail) => mail.day === day).map((mail) => mail.text)
    expect(texts('2026-12-03')[0]).toContain(
      'moet uiterlijk op 5 december 2026 gegeven worden, over 2 dagen.',
    )
    expect(texts('2026-12-05')[0]).toContain('moet vandaag, 5 december 2026, gegeven worden.')
    expect(texts('2026-12-07')[0]).toContain(
      'had uiterlijk op 5 december 2026 gegeven moeten worden, 2 dagen geleden.',
    )
    expect(texts('2027-02-21')[0]).toContain(
      'De terugkoppeling aan de melder van een melding aan Bakkerij Jansen B.V.',
    )
    for (const mail of seen) {
      expect(mail.text).toContain(`http://127.0.0.1:3000/staff/cases/${caseId}`)
      for (const secret of ['REMINDERCANARY', 'hygiene', code, code.replace(/ /g, '')]) {
        expect(mail.text, secret).not.toContain(secret)
      }
    }
  }, 300_000)

  it('are written once when two processes on one database run a pass at the same moment', async () => {
    let clock = Date.parse('2026-11-28T09:30:00Z')
    const one = await createTestApp({ now: () => clock })
    cleanups.push(() => one.close())
    const bakery = await seedActiveOrganisation(one, { confidants: 2 })
    await report(one, bakery.slug)
    const two = await createTestApp({ now: () => clock, reopen: one.dataDir })
    cleanups.push(() => two.app.close())
    const outboxSize = () => one.app.services.mail.outbox().length
    const notices = outboxSize()

    clock = Date.parse('2026-12-03T08:00:00Z')
    const written = await Promise.all([
      one.app.services.reminders.runDue(),
      two.app.services.reminders.runDue(),
    ])
    expect(written.sort()).toEqual([0, 1])
    expect(outboxSize()).toBe(notices + 2)
    // Again, both, later that day: nothing new.
    clock += 6 * 60 * 60 * 1000
    expect(
      await Promise.all([one.app.services.reminders.runDue(), two.app.services.reminders.runDue()]),
    ).toEqual([0, 0])
    expect(outboxSize()).toBe(notices + 2)
    expect(two.app.services.reminders.sent()).toMatchObject([{ kind: 'ack', step: '-2' }])
  })

  it(
    'skip a case acknowledged after the pass began, before its batch was written',
    async () => {
      let clock = Date.parse('2026-11-28T09:30:00Z')
      const test = await createTestApp({ now: () => clock })
      cleanups.push(() => test.close())
      const bakery = await seedActiveOrganisation(test)
      acknowledgeByHand(test)
      await report(test, bakery.slug)
      clock += 60 * 60 * 1000
      await report(test, bakery.slug)
      const [early, late] = casesByReceipt(test)
      const notices = test.app.services.mail.outbox().length

      // Both acknowledgements are due on 5 December: both are owed the "2 days before" reminder on the 3rd. One
      // case per batch; the second is acknowledged by its confidant while the pass is under way.
      clock = Date.parse('2026-12-03T08:00:00Z')
      const written = await test.app.services.reminders.runDue({
        batchSize: 1,
        beforeBatch: (batch) => {
          if (batch === 1) addConfidantEntry(test, bakery.confidant, late!, 'acknowledgement', 'Ontvangen.')
        },
      })
      expect(written).toBe(1)
      expect(test.app.services.reminders.sent()).toMatchObject([{ caseId: early, kind: 'ack', step: '-2' }])
      const mails = test.app.services.mail.outbox().slice(notices)
      expect(mails.map((mail) => mail.body.includes(`/staff/cases/${early}`))).toEqual([true])
      expect(mails.some((mail) => mail.body.includes(late!))).toBe(false)
    },
    argon2idBudget(4),
  )

  it(
    "are written in each recipient's language, else in the organisation's first language",
    async () => {
      const clock = Date.parse('2026-11-28T09:30:00Z')
      let now = clock
      const test = await createTestApp({ now: () => now })
      cleanups.push(() => test.close())
      const bakery = await seedActiveOrganisation(test, { locales: 'en,nl', confidants: 3 })
      acknowledgeByHand(test)
      const [dutch, english, unset] = bakery.confidants
      onDisk(test, (db) => {
        db.prepare('UPDATE user SET locale = ? WHERE id = ?').run('nl', dutch!.id)
        db.prepare('UPDATE user SET locale = ? WHERE id = ?').run('en', english!.id)
      })
      await report(test, bakery.slug)
      const notices = test.app.services.mail.outbox().length

      now = Date.parse('2026-12-03T08:00:00Z')
      expect(await test.app.services.reminders.runDue()).toBe(1)
      const subjects = Object.fromEntries(
        test.app.services.mail
          .outbox()
          .slice(notices)
          .map((mail) => [mail.recipient, mail.subject]),
      )
      const org = bakery.name
      expect(subjects).toEqual({
        [dutch!.email]:
          `Herinnering: bevestig de ontvangst van een melding aan ${org} uiterlijk 5 december 2026`,
        [english!.email]: `Reminder: acknowledge a report to ${org} by 5 December 2026`,
        [unset!.email]: `Reminder: acknowledge a report to ${org} by 5 December 2026`,
      })
    },
    argon2idBudget(4),
  )

  it(
    'reach a real SMTP listener exactly once each through an outage in the middle of the burst',
    async () => {
      const CASES = 3
      const BEFORE_OUTAGE = 5
      let outageArmed = false
      let listener = await startSmtp({
        onMail: (count) => {
          // The server goes away right after accepting this mail: later connections are refused, and the
          // connections already open (the mail worker keeps a pool) get no further mail accepted.
          if (outageArmed && count === BEFORE_OUTAGE) {
            listener.refuse = true
            void listener.close()
          }
        },
      })
      const received: ReceivedMail[] = []
      let clock = Date.parse('2026-11-28T07:00:00Z')
      const test = await createTestApp({ env: { MELDPOOL_SMTP_URL: listener.url }, now: () => clock })
      cleanups.push(async () => {
        await test.close()
        await listener.close().catch(() => undefined)
      })
      const bakery = await seedActiveOrganisation(test, { confidants: 4 })
      acknowledgeByHand(test)
      const codes: string[] = []
      for (let i = 0; i < CASES; i++) {
        codes.push(await report(test, bakery.slug))
        clock += 30 * 60 * 1000
      }
      const caseIds = casesByReceipt(test)
      const owedNow = () =>
        test.app.services.mail.outbox().filter((mail) => mail.sentAt === null && mail.nextAttemptAt <= clock)
      const unsent = () => test.app.services.mail.outbox().filter((mail) => mail.sentAt === null)
      const deliverAllOwed = async () => {
        for (let run = 0; run < 10 && owedNow().length > 0; run++) await test.app.services.mail.deliverDue()
      }
      // The new-report notices go first, and are not part of this burst.
      await deliverAllOwed()
      expect(unsent()).toEqual([])
      listener.received.splice(0)
      outageArmed = true

      clock = Date.parse('2026-12-03T08:00:00Z')
      expect(await test.app.services.reminders.runDue()).toBe(CASES)
      const expected = caseIds.flatMap((caseId) => bakery.confidants.map(({ email }) => `${email} ${caseId}`))
      expect(expected).toHaveLength(CASES * 4)

      // The outage: the listener stops after the 5th of 12 mails; every other mail is refused.
      await deliverAllOwed()
      received.push(...listener.received)
      expect(received).toHaveLength(BEFORE_OUTAGE)
      expect(unsent()).toHaveLength(expected.length - BEFORE_OUTAGE)
      expect(unsent().every((mail) => mail.attempts === 1)).toBe(true)

      // Back on the same port, but still answering "451 try again later" to each mail at its first retry.
      listener = await startSmtp({ port: listener.port })
      listener.refuse = true
      clock += 60_000
      await deliverAllOwed()
      expect(listener.received).toHaveLength(0)
      expect(unsent().every((mail) => mail.attempts === 2)).toBe(true)
      // Not before the backoff has passed.
      clock += 60_000
      await test.app.services.mail.deliverDue()
      expect(unsent()).toHaveLength(expected.length - BEFORE_OUTAGE)

      listener.refuse = false
      clock += 60_000
      await deliverAllOwed()
      expect(unsent()).toHaveLength(0)
      // Later runs send nothing again.
      clock += 6 * 60 * 60 * 1000
      await test.app.services.mail.deliverDue()
      received.push(...listener.received)

      const caseOf = (mail: ReceivedMail) => caseIds.find((caseId) => readable(mail).text.includes(caseId))
      const arrived = received.map((mail) => `${mail.to.join(',')} ${caseOf(mail)}`)
      expect(arrived.sort()).toEqual([...expected].sort())
      const messageIds = received.map((mail) => /^Message-ID: (.*)$/im.exec(readable(mail).text)?.[1]?.trim())
      expect(messageIds.every(Boolean)).toBe(true)
      expect(new Set(messageIds).size).toBe(received.length)
      for (const mail of received) {
        const { text } = readable(mail)
        for (const secret of [
          'REMINDERCANARY',
          'hygiene',
          ...codes,
          ...codes.map((code) => code.replace(/ /g, '')),
        ]) {
          expect(text, secret).not.toContain(secret)
        }
      }
    },
    argon2idBudget(8),
  )
})
