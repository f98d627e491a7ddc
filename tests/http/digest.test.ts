import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditHash, auditRepository } from '../../db/repositories/audit.js'
import * as schema from '../../db/schema.js'
import { digestWeek } from '../../server/services/digest.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { addConfidantEntry, caseIdsOf, confidantSession } from '../helpers/confidant.js'
import { multipart, receiptCode } from '../helpers/forms.js'
import {
  type SeededAccount,
  type SeededOrganisation,
  seedActiveOrganisation,
  seedAdmin,
} from '../helpers/seed.js'
import { type ReceivedMail, startSmtp } from '../helpers/smtp.js'

// Issues 10 and 11: the weekly digest gives each administrator counts per organisation (never a case, a code or
// content) and the audit chain's head, once per ISO week across restarts and processes; the same scheduler
// purges closed cases past their retention, and survives a purge that cannot finish.

const CANARY = 'DIGESTCANARY the warehouse manager sells the returned stock'
const dbFile = (test: TestApp) => join(test.dataDir, 'meldpool.sqlite')

let smtp: Awaited<ReturnType<typeof startSmtp>>
let clock = Date.parse('2026-08-20T10:00:00Z')
let test: TestApp
let bakery: SeededOrganisation
let garage: SeededOrganisation
const admins: Record<'nl' | 'en' | 'disabled', SeededAccount> = {} as never
const codes: string[] = []
let closedCase: string
let dataDir: string

function write(test: TestApp, sql: string, ...params: unknown[]): void {
  const db = new Database(dbFile(test))
  try {
    db.prepare(sql).run(...params)
  } finally {
    db.close()
  }
}

async function reportAt(iso: string, slug: string): Promise<string> {
  clock = Date.parse(iso)
  const before = new Set(caseIdsOf(test, slug))
  const body = await multipart([
    ['lang', 'nl'],
    ['what', CANARY],
  ])
  const response = await test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body })
  expect(response.statusCode).toBe(200)
  codes.push(receiptCode(response.body))
  return caseIdsOf(test, slug).find((id) => !before.has(id))!
}

function acknowledgeAt(iso: string, organisation: SeededOrganisation, caseId: string): void {
  clock = Date.parse(iso)
  addConfidantEntry(test, organisation.confidant, caseId, 'acknowledgement', 'Ontvangen.')
}

/** The mail as a reader sees it: plain line ends, quoted-printable soft breaks joined, headers unfolded. */
function readable(mail: ReceivedMail): { to: string; subject: string; text: string } {
  const text = mail.raw.replace(/\r\n/g, '\n').replace(/=\n/g, '')
  const split = text.indexOf('\n\n')
  const headers = text.slice(0, split).replace(/\n[ \t]+/g, ' ')
  return {
    to: mail.to.join(','),
    subject: /^Subject: (.*)$/m.exec(headers)?.[1]?.trim() ?? '',
    text: `${headers}${text.slice(split)}`,
  }
}

/** Every mail delivered since the last call, as read; the digests among them by subject. */
async function delivered(app: TestApp = test): Promise<Array<ReturnType<typeof readable>>> {
  await app.app.services.mail.deliverDue()
  return smtp.received.splice(0).map(readable)
}
const digestsIn = (mails: Array<ReturnType<typeof readable>>) =>
  mails.filter(({ subject }) => /overzicht|overview/i.test(subject))

/** The chain's head as `audit verify` recomputes it: every hash from the genesis, then the last one. */
function recomputedHead(): { id: number; hex: string } {
  const sqlite = new Database(dbFile(test), { readonly: true })
  try {
    const audit = auditRepository(drizzle({ client: sqlite, schema }))
    let previous: Buffer = Buffer.alloc(64)
    for (const event of audit.all()) {
      expect(event.previousHash.equals(previous)).toBe(true)
      const hash = auditHash(previous, event)
      expect(hash.equals(event.hash)).toBe(true)
      previous = hash
    }
    const head = audit.head()!
    expect(head.hash.equals(previous)).toBe(true)
    return { id: head.id, hex: head.hash.toString('hex') }
  } finally {
    sqlite.close()
  }
}

/** "Label: n" lines of one organisation's block in a digest. */
function countsOf(text: string, organisation: string): Record<string, number> {
  const block = text.split('\n\n').find((part) => part.trimStart().startsWith(organisation))
  expect(block, organisation).toBeDefined()
  return Object.fromEntries(
    [...block!.matchAll(/^ {2}(.+): (\d+)$/gm)].map(([, label, n]) => [label, Number(n)]),
  )
}

beforeAll(async () => {
  smtp = await startSmtp()
  test = await createTestApp({ env: { MELDPOOL_SMTP_URL: smtp.url }, now: () => clock })
  dataDir = test.dataDir
  bakery = await seedActiveOrganisation(test, { locales: 'nl,en', confidants: 2 })
  garage = await seedActiveOrganisation(test, { slug: 'garage-de-vries', name: 'Garage De Vries' })
  test.app.services.organisations.edit(garage.slug, { retentionDays: 30 }, 'test')
  // A member without any case: counted, not listed.
  test.app.services.organisations.add({ slug: 'kapsalon', name: 'Kapsalon Knip' }, 'test')
  // Cases here are acknowledged by hand, on the dates the counts below depend on.
  write(test, 'UPDATE organisation SET auto_acknowledge = 0')
  admins.nl = await seedAdmin(test, 'beheer@example.org')
  admins.en = await seedAdmin(test, 'admin.en@example.org')
  admins.disabled = await seedAdmin(test, 'former.admin@example.org')
  write(test, "UPDATE user SET locale = 'en' WHERE id = ?", admins.en.id)
  write(test, 'UPDATE user SET disabled_at = ? WHERE id = ?', clock, admins.disabled.id)

  // Bakery: feedback overdue (acknowledged 21 Aug, due 21 Nov), feedback due within 14 days (due 3 Dec),
  // acknowledgement overdue (received 10 Nov), and one received in the week, awaiting acknowledgement.
  acknowledgeAt('2026-08-21T09:00:00Z', bakery, await reportAt('2026-08-20T10:00:00Z', bakery.slug))
  acknowledgeAt('2026-09-03T09:00:00Z', bakery, await reportAt('2026-09-01T10:00:00Z', bakery.slug))
  await reportAt('2026-11-10T10:00:00Z', bakery.slug)
  await reportAt('2026-11-25T10:00:00Z', bakery.slug)
  // Garage: one closed in the week, one received in the week and not yet acknowledged.
  closedCase = await reportAt('2026-11-02T10:00:00Z', garage.slug)
  acknowledgeAt('2026-11-03T09:00:00Z', garage, closedCase)
  addConfidantEntry(test, garage.confidant, closedCase, 'feedback', 'Afgehandeld.')
  clock = Date.parse('2026-11-27T15:00:00Z')
  test.app.services.caseWorkflow.close(confidantSession(garage.confidant), closedCase, 'substantiated')
  await reportAt('2026-11-24T10:00:00Z', garage.slug)
  await delivered() // new-report notices and reminders to the confidants
})
afterAll(async () => {
  await test?.app.close()
  await smtp?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the weekly digest', () => {
  it('waits for Monday 07:00 (Amsterdam), then goes once to each enabled administrator in their language', async () => {
    clock = Date.parse('2026-11-30T05:30:00Z') // Monday 06:30 in Amsterdam
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ digests: 0 })

    clock = Date.parse('2026-11-30T06:30:00Z') // 07:30
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ digests: 2 })
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ digests: 0 })
    const mails = await delivered()
    const digests = digestsIn(mails)
    expect(digests.map(({ to }) => to).sort()).toEqual([admins.en.email, admins.nl.email].sort())
    // No confidant (nor the disabled administrator) gets a digest.
    const confidants = [...bakery.confidants, garage.confidant].map(({ email }) => email)
    for (const mail of mails.filter(({ to }) => confidants.includes(to)))
      expect(mail.subject).not.toMatch(/overzicht|overview/i)

    const nl = digests.find(({ to }) => to === admins.nl.email)!
    const en = digests.find(({ to }) => to === admins.en.email)!
    expect(nl.subject).toBe('Wekelijks overzicht van meldpool, week 49 van 2026')
    expect(en.subject).toBe('Weekly overview of meldpool, week 49 of 2026')
    expect(nl.text).toContain('"In de week" is 23 november 2026 tot en met 29 november 2026')
    expect(en.text).toContain('"In the week" means 23 November 2026 to 29 November 2026')

    expect(countsOf(nl.text, 'Bakkerij Jansen B.V.')).toEqual({
      'Openstaande meldingen': 4,
      'Wachten op ontvangstbevestiging, binnen de termijn': 1,
      'Ontvangstbevestiging te laat': 1,
      'Terugkoppeling binnen 14 dagen': 1,
      'Terugkoppeling te laat': 1,
      'Ontvangen in de week': 1,
      'Afgesloten in de week': 0,
    })
    expect(countsOf(en.text, 'Garage De Vries')).toEqual({
      'Open cases': 1,
      'Awaiting acknowledgement, within the deadline': 1,
      'Acknowledgement overdue': 0,
      'Feedback due within 14 days': 0,
      'Feedback overdue': 0,
      'Received in the week': 1,
      'Closed in the week': 1,
    })
    expect(en.text).toContain('1 member organisation has nothing open and nothing in the week; not listed.')
    expect(nl.text).toContain('1 aangesloten organisatie heeft niets openstaan en niets in de week')
    expect(en.text).not.toContain('Kapsalon')
    expect(en.text).toContain('Administration: http://127.0.0.1:3000/staff/admin')
    expect(nl.text).toContain('Beheer: http://127.0.0.1:3000/staff/admin')

    // The head `audit verify` would print, and how to check it later.
    const head = recomputedHead()
    for (const { text } of [nl, en]) {
      expect(text).toContain(`audit head #${head.id} ${head.hex}`)
      expect(text).toContain(`\`npm run meldpool -- audit verify --anchor ${head.hex}\``)
    }
    expect(en.text).toContain('Keep this mail:')
    expect(nl.text).toContain('Bewaar dit bericht:')

    // Counts only: no report content, no case code, no case id.
    const caseIds = [...caseIdsOf(test, bakery.slug), ...caseIdsOf(test, garage.slug)]
    for (const { text } of digests) {
      for (const secret of [
        'DIGESTCANARY',
        'warehouse',
        ...codes,
        ...codes.map((code) => code.replace(/ /g, '')),
        ...caseIds,
      ])
        expect(text, secret).not.toContain(secret)
    }
  })

  it('is not sent again that week after a restart, nor by a second process; the next week it comes again', async () => {
    await test.app.close()
    clock = Date.parse('2026-12-02T12:00:00Z') // Wednesday of the same week
    test = await createTestApp({
      env: { MELDPOOL_SMTP_URL: smtp.url },
      now: () => clock,
      reopen: test.dataDir,
    })
    await test.app.ready() // the scheduler's first pass
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ digests: 0 })
    expect(digestsIn(await delivered())).toEqual([])
    expect(test.app.services.digest.sent().map(({ week }) => week)).toEqual(['2026-W49', '2026-W49'])

    const second = await createTestApp({
      env: { MELDPOOL_SMTP_URL: smtp.url },
      now: () => clock,
      reopen: test.dataDir,
    })
    try {
      clock = Date.parse('2026-12-07T07:00:00Z') // Monday 08:00, week 50
      const written = await Promise.all([
        test.app.services.scheduler.runDue(),
        second.app.services.scheduler.runDue(),
      ])
      expect(written.map(({ digests }) => digests).sort()).toEqual([0, 2])
    } finally {
      await second.app.close()
    }
    const digests = digestsIn(await delivered())
    expect(digests.map(({ to }) => to).sort()).toEqual([admins.en.email, admins.nl.email].sort())
    const en = digests.find(({ to }) => to === admins.en.email)!
    expect(en.subject).toBe('Weekly overview of meldpool, week 50 of 2026')
    expect(countsOf(en.text, 'Bakkerij Jansen B.V.')).toMatchObject({
      'Received in the week': 0,
      'Acknowledgement overdue': 2,
      'Feedback overdue': 2,
    })
  })

  it('comes at the first pass later in the week when the server was down on Monday', async () => {
    clock = Date.parse('2026-12-17T16:00:00Z') // Thursday of week 51
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ digests: 2 })
    expect(digestsIn(await delivered()).map(({ subject }) => subject)).toContain(
      'Weekly overview of meldpool, week 51 of 2026',
    )
  })
})

describe('the scheduled purge', () => {
  it('purges a closed case past its retention at night, logs a purge that cannot finish, and retries it', async () => {
    const caseRow = () => {
      const db = new Database(dbFile(test), { readonly: true })
      try {
        return {
          live: db.prepare('SELECT count(*) AS n FROM "case" WHERE id = ?').get(closedCase) as { n: number },
          tombstone: db
            .prepare('SELECT count(*) AS n FROM case_tombstone WHERE case_id = ?')
            .get(closedCase) as {
            n: number
          },
        }
      } finally {
        db.close()
      }
    }
    // Closed on 27 November with 30 days' retention: not before 27 December.
    clock = Date.parse('2026-12-26T02:30:00Z') // 03:30 in Amsterdam
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ purged: 0 })
    expect(caseRow()).toEqual({ live: { n: 1 }, tombstone: { n: 0 } })

    // The next night, while another connection (a backup, say) reads: the deletion commits, the WAL cannot be
    // truncated; the server logs it and carries on.
    clock = Date.parse('2026-12-28T02:30:00Z')
    const reader = new Database(dbFile(test), { readonly: true })
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM entry').get()
    const logged = test.logs.length
    try {
      expect(await test.app.services.scheduler.runDue()).toMatchObject({ purged: undefined })
    } finally {
      reader.exec('COMMIT')
      reader.close()
    }
    expect(caseRow()).toEqual({ live: { n: 0 }, tombstone: { n: 1 } })
    const warnings = test.logs.slice(logged).filter((line) => line.includes('scheduled purge did not finish'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('could not be truncated')

    // The next pass that day finishes the job, and says nothing.
    clock += 15 * 60 * 1000
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ purged: 0 })
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ purged: undefined })
    expect(test.logs.slice(logged).filter((line) => line.includes('purge')).length).toBe(1)
    expect(test.logs.join('\n')).not.toContain(closedCase)
  })

  it('runs once a night, across a restart and a second process: a case due after that night’s run waits for the next', async () => {
    // Garage: closed on 29 November at 11:00 local with 30 days' retention, so due on 29 December at 11:00.
    const later = await reportAt('2026-11-26T10:00:00Z', garage.slug)
    acknowledgeAt('2026-11-26T11:00:00Z', garage, later)
    addConfidantEntry(test, garage.confidant, later, 'feedback', 'Afgehandeld.')
    clock = Date.parse('2026-11-29T10:00:00Z')
    test.app.services.caseWorkflow.close(confidantSession(garage.confidant), later, 'substantiated')

    clock = Date.parse('2026-12-29T02:30:00Z') // 03:30 in Amsterdam: the night's run, nothing due yet
    expect(await test.app.services.scheduler.runDue()).toMatchObject({ purged: 0 })

    // At noon the case is due. The server restarts, and a second process opens the same database: neither
    // purges again that day.
    await test.app.close()
    clock = Date.parse('2026-12-29T11:00:00Z')
    test = await createTestApp({ env: { MELDPOOL_SMTP_URL: smtp.url }, now: () => clock, reopen: dataDir })
    const second = await createTestApp({ now: () => clock, reopen: dataDir })
    try {
      await test.app.ready() // the scheduler's first pass
      expect(await test.app.services.scheduler.runDue()).toMatchObject({ purged: undefined })
      expect(await second.app.services.scheduler.runDue()).toMatchObject({ purged: undefined })
      expect(caseIdsOf(test, garage.slug)).toContain(later)

      clock = Date.parse('2026-12-30T02:30:00Z') // the next night
      expect(await second.app.services.scheduler.runDue()).toMatchObject({ purged: 1 })
      expect(await test.app.services.scheduler.runDue()).toMatchObject({ purged: undefined })
    } finally {
      await second.app.close()
    }
    expect(caseIdsOf(test, garage.slug)).not.toContain(later)

    // One event per night's run, counts only, in the chain, which still verifies.
    const db = new Database(dbFile(test), { readonly: true })
    try {
      const runs = db
        .prepare("SELECT actor, action, at, subject FROM audit_event WHERE action = 'purge.run' AND at >= ?")
        .all(Date.parse('2026-12-29T00:00:00Z'))
      expect(runs).toEqual([
        { actor: 'system', action: 'purge.run', at: Date.parse('2026-12-29T02:30:00Z'), subject: 'cases=0' },
        { actor: 'system', action: 'purge.run', at: Date.parse('2026-12-30T02:30:00Z'), subject: 'cases=1' },
      ])
    } finally {
      db.close()
    }
    expect(test.app.services.audit.verify()).toMatchObject({ ok: true })
  })
})

describe('the digest week', () => {
  it.each([
    // [instant, ISO week, due (Monday 07:00 Amsterdam), reported week's first day]
    ['2026-11-29T22:59:59Z', '2026-W48', '2026-11-23T06:00:00Z', '2026-11-15T23:00:00Z'], // Sunday 23:59 local
    ['2026-11-29T23:00:00Z', '2026-W49', '2026-11-30T06:00:00Z', '2026-11-22T23:00:00Z'], // Monday 00:00 local
    ['2027-01-01T12:00:00Z', '2026-W53', '2026-12-28T06:00:00Z', '2026-12-20T23:00:00Z'], // Friday 1 January
    ['2027-01-04T12:00:00Z', '2027-W01', '2027-01-04T06:00:00Z', '2026-12-27T23:00:00Z'],
    ['2025-12-29T12:00:00Z', '2026-W01', '2025-12-29T06:00:00Z', '2025-12-21T23:00:00Z'], // Monday 29 December
    // Summer time starts on 29 March 2026: Monday 30 March 07:00 is 05:00 UTC; the week before began in winter.
    ['2026-03-31T12:00:00Z', '2026-W14', '2026-03-30T05:00:00Z', '2026-03-22T23:00:00Z'],
  ])('%s is in %s, due %s', (at, key, dueAt, from) => {
    const week = digestWeek(Date.parse(at))
    expect(week.key).toBe(key)
    expect(new Date(week.dueAt).toISOString()).toBe(new Date(dueAt).toISOString())
    expect(new Date(week.from).toISOString()).toBe(new Date(from).toISOString())
    expect(week.to - week.from).toBeGreaterThanOrEqual(7 * 24 * 60 * 60 * 1000 - 60 * 60 * 1000)
  })
})
