// One reminder scheduler pass at pool scale for `npm run bench` (issue 10): 100 000 cases over 500 member
// organisations on a real SQLite file, seeded by `seedPool` below (the generator, committed). Two mixes:
// - realistic: three years of reports; nearly all acknowledged in time and most closed; 2 % of the cases of the
//   last six months never acknowledged and 3 % of those past their feedback date still open (overdue daily);
// - burst: tests/bench/inbox.ts's mix (120 days, 30 % still unacknowledged), a pool that fell far behind.
// Also runnable alone: `npx tsx tests/bench/reminders.ts`.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createAccountKeys, randomId, ready } from '../../crypto/index.js'
import { type Database, openDatabase } from '../../db/index.js'
import { loadConfig } from '../../server/config.js'
import { deadlinesFor } from '../../server/domain/deadlines.js'
import { profiles } from '../../server/domain/profiles.js'
import { newTotpSecret } from '../../server/domain/totp.js'
import { createServices, type Services } from '../../server/services/index.js'
import { fmtMs, markdownTable } from './measure.js'
import { cleanUp, tempDir } from './processes.js'

type Say = (line?: string) => void
type Mix = 'realistic' | 'burst'

export const REMINDER_PASS_GOAL_MS = 1000
const CASES = 100_000
const DAY = 24 * 60 * 60 * 1000

export type SeededCase = {
  receivedAt: number
  status: 'received' | 'acknowledged' | 'in_follow_up' | 'feedback_given' | 'closed'
  acknowledgedAt: number | null
  feedbackGivenAt: number | null
  closedAt: number | null
}

/** A case's history in the realistic mix, `random` uniform in [0, 1). */
export function realisticCase(now: number, random: () => number): SeededCase {
  const receivedAt = now - Math.floor(random() * 3 * 365 * DAY)
  const age = (now - receivedAt) / DAY
  const neverAcknowledged = age < 7 ? random() < 0.5 : age < 180 && random() < 0.02
  if (neverAcknowledged) {
    return { receivedAt, status: 'received', acknowledgedAt: null, feedbackGivenAt: null, closedAt: null }
  }
  const acknowledgedAt = Math.min(now, receivedAt + Math.floor((0.2 + random() * 5) * DAY))
  const feedbackBy = acknowledgedAt + 91 * DAY
  const late = (now - feedbackBy) / DAY
  if (late < 0 ? random() < 0.85 : late < 90 && random() < 0.03) {
    const status = random() < 0.5 ? 'acknowledged' : 'in_follow_up'
    return { receivedAt, status, acknowledgedAt, feedbackGivenAt: null, closedAt: null }
  }
  const feedbackGivenAt = Math.min(now, receivedAt + Math.floor((20 + random() * 70) * DAY))
  const closed = now - feedbackGivenAt > 30 * DAY && random() < 0.9
  return {
    receivedAt,
    status: closed ? 'closed' : 'feedback_given',
    acknowledgedAt,
    feedbackGivenAt,
    closedAt: closed ? feedbackGivenAt + 14 * DAY : null,
  }
}

/** The mix of tests/bench/inbox.ts: 120 days, 30 % received, 30 % acknowledged, 20 % in follow-up, 20 % done. */
function burstCase(now: number, random: () => number): SeededCase {
  const receivedAt = now - Math.floor(random() * 120 * DAY)
  const draw = random()
  if (draw < 0.3)
    return { receivedAt, status: 'received', acknowledgedAt: null, feedbackGivenAt: null, closedAt: null }
  const acknowledgedAt = receivedAt + 2 * DAY
  const status =
    draw < 0.6 ? 'acknowledged' : draw < 0.8 ? 'in_follow_up' : draw < 0.9 ? 'feedback_given' : 'closed'
  const done = status === 'feedback_given' || status === 'closed' ? acknowledgedAt : null
  return {
    receivedAt,
    status,
    acknowledgedAt,
    feedbackGivenAt: done,
    closedAt: status === 'closed' ? done : null,
  }
}

/**
 * Seeds `organisations` active members (each with two confidants, one reading Dutch and one English, both
 * assigned to every member) through the services, then `cases` cases with their statutory deadlines (NL
 * profile) in one prepared insert in one transaction. Case rows only: a pass reads no keys or entries.
 */
export async function seedPool(
  services: Services,
  database: Database,
  options: { organisations: number; cases: number; now: number; mix: Mix },
): Promise<void> {
  await ready()
  const confidants = ['nl', 'en'].map((locale) => {
    const email = `pool-${locale}@example.org`
    services.accounts.create(
      {
        role: 'confidant',
        email,
        name: `Pool ${locale}`,
        keys: createAccountKeys(`bench confidant ${locale}`),
        totpSecret: newTotpSecret(),
      },
      'bench',
    )
    database.sqlite.prepare('update user set locale = ? where email = ?').run(locale, email)
    return email
  })
  const organisations: Array<{ id: string; timezone: string }> = []
  for (let i = 0; i < options.organisations; i++) {
    const slug = `member-${String(i).padStart(3, '0')}`
    services.organisations.add({ slug, name: `Member ${i} B.V.` }, 'bench')
    for (const email of confidants) services.organisations.assign(email, slug, 'bench')
    services.organisations.activate(slug, 'bench')
    organisations.push(
      database.sqlite.prepare('select id, timezone from organisation where slug = ?').get(slug) as {
        id: string
        timezone: string
      },
    )
  }
  const insert = database.sqlite.prepare(
    `insert into "case" (id, organisation_id, lookup_verifier, reporter_public_key, received_at, acknowledge_by,
       feedback_by, acknowledged_at, feedback_given_at, closed_at, status, submitted_via)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'browser')`,
  )
  const draw = options.mix === 'realistic' ? realisticCase : burstCase
  database.sqlite.transaction(() => {
    for (let i = 0; i < options.cases; i++) {
      const organisation = organisations[i % organisations.length]!
      const seeded = draw(options.now, Math.random)
      const due = deadlinesFor(seeded, profiles.nl!, organisation.timezone)
      insert.run(
        randomId(),
        organisation.id,
        randomBytes(32),
        randomBytes(32),
        seeded.receivedAt,
        due.acknowledgeBy,
        due.feedbackBy,
        seeded.acknowledgedAt,
        seeded.feedbackGivenAt,
        seeded.closedAt,
        seeded.status,
      )
    }
  })()
}

/** One mix: seed, then three passes; returns the table rows and what share of the cases was reminded. */
async function passes(mix: Mix): Promise<{ rows: string[][]; share: string; seededMs: number }> {
  const dataDir = tempDir('meldpool-bench-reminders-')
  const config = loadConfig({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_LOG_LEVEL: 'warn' })
  const database = openDatabase(join(dataDir, 'meldpool.sqlite'), config.migrationsFolder)
  let now = Date.now()
  const quiet = { info: () => {}, warn: () => {} }
  const services = createServices({ config, database, log: quiet, now: () => now })
  try {
    const seeding = performance.now()
    await seedPool(services, database, { organisations: 500, cases: CASES, now, mix })
    const seededMs = performance.now() - seeding
    const outbox = database.sqlite.prepare('select count(*) from outbox').pluck()
    const timed = async (label: string): Promise<string[]> => {
      const mailsBefore = outbox.get() as number
      const started = performance.now()
      const written = await services.reminders.runDue()
      const ms = performance.now() - started
      const mails = (outbox.get() as number) - mailsBefore
      return [
        `${mix}: ${label}`,
        `${written} (${((100 * written) / CASES).toFixed(1)} %)`,
        String(mails),
        fmtMs(ms),
        ms < REMINDER_PASS_GOAL_MS ? 'yes' : 'no',
      ]
    }
    const rows = [await timed('first pass of the day')]
    rows.push(await timed('again the same day (nothing new)'))
    now += DAY
    rows.push(await timed('next day'))
    return { rows, share: rows[0]![1]!, seededMs }
  } finally {
    await services.close()
    database.close()
  }
}

export async function remindersSection(say: Say): Promise<string[][]> {
  const header = ['pass', 'cases reminded (share)', 'mails', 'time', `< ${REMINDER_PASS_GOAL_MS} ms`]
  const mixes: Record<Mix, Awaited<ReturnType<typeof passes>>> = {} as never
  for (const mix of ['realistic', 'burst'] as const) {
    mixes[mix] = await passes(mix)
    say(
      `One reminder pass over ${CASES.toLocaleString('en')} cases in 500 organisations, two confidants (nl, en) ` +
        `each, ${mix} mix (seeded in ${fmtMs(mixes[mix].seededMs)}):`,
    )
    say()
    say(markdownTable(header, mixes[mix].rows))
    say()
  }
  const { realistic, burst } = mixes
  return [
    [
      'Reminder pass, 100 000 cases, realistic mix (first / same day again)',
      `${realistic.rows[0]![3]} / ${realistic.rows[1]![3]}, ${realistic.share} reminded (goal < 1 s)`,
    ],
    [
      'Reminder pass, 100 000 cases, burst mix (first / same day again)',
      `${burst.rows[0]![3]} / ${burst.rows[1]![3]}, ${burst.share} reminded`,
    ],
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const rows = await remindersSection((line = '') => console.log(line))
    console.log(`\n${markdownTable(['Measure', 'Result'], rows)}`)
  } finally {
    cleanUp()
  }
}
