// A deadline scan at ten times pool scale for `npm run bench` (issue 10): 1 000 000 cases over 500 member
// organisations in a real SQLite file (the committed migrations, so the real indexes), seeded with one prepared
// insert in one transaction in the realistic mix of tests/bench/reminders.ts (three years of reports, most
// closed). Deadlines are seeded as received + 7 days and acknowledged + 91 days in UTC: the statutory
// arithmetic in the zone is tested elsewhere, and an hour either way changes nothing in a scan.
// The scans, each timed as the median of 5 runs after one warm-up:
// - "due or overdue now": every open case whose next deadline is at or before now, in deadline order: the
//   inbox's order and the case_next_due index (the query plan is printed to show it);
// - "the reminder pass's read": what a pass reads over all of it (db/repositories/reminders.ts owedToday, every
//   case owed a reminder today in one read, nothing written);
// - "per-organisation counts": overdue, due within 14 days and open cases for each organisation, a scan of
//   every case (what a digest or statistics page would ask).
// Also runnable alone: `npx tsx tests/bench/deadlines.ts`.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRepositories, openDatabase, START_OF_INDEX } from '../../db/index.js'
import { NO_DEADLINE } from '../../db/schema.js'
import { loadConfig } from '../../server/config.js'
import { dayBoundaries } from '../../server/services/reminders.js'
import { fmtMs, markdownTable } from './measure.js'
import { cleanUp, tempDir } from './processes.js'
import { realisticCase } from './reminders.js'

type Say = (line?: string) => void

export const DEADLINE_SCAN_GOAL_MS = 1000
const CASES = 1_000_000
const ORGANISATIONS = 500
const DAY = 24 * 60 * 60 * 1000

// The expression of db/schema.ts caseNextDue, written out: SQLite uses the index only for the same expression.
const NEXT_DUE = `(case status when 'received' then acknowledge_by when 'acknowledged' then feedback_by when 'in_follow_up' then feedback_by else ${NO_DEADLINE} end)`

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

export async function deadlinesSection(say: Say): Promise<string[][]> {
  const dataDir = tempDir('meldpool-bench-deadlines-')
  const config = loadConfig({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_LOG_LEVEL: 'warn' })
  const database = openDatabase(join(dataDir, 'meldpool.sqlite'), config.migrationsFolder)
  const { sqlite } = database
  const now = Date.now()
  try {
    const seeding = performance.now()
    const addOrganisation = sqlite.prepare(
      `insert into organisation (id, slug, name, profile, timezone, locales, retention_days, code_salt, status, created_at)
       values (?, ?, ?, 'nl', 'Europe/Amsterdam', 'nl,en', 1825, ?, 'active', ?)`,
    )
    const addCase = sqlite.prepare(
      `insert into "case" (id, organisation_id, lookup_verifier, reporter_public_key, received_at, acknowledge_by,
         feedback_by, acknowledged_at, feedback_given_at, closed_at, status, submitted_via)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'browser')`,
    )
    sqlite.transaction(() => {
      for (let i = 0; i < ORGANISATIONS; i++)
        addOrganisation.run(`org-${i}`, `member-${i}`, `Member ${i} B.V.`, randomBytes(16), now)
      for (let i = 0; i < CASES; i++) {
        const seeded = realisticCase(now, Math.random)
        const acknowledgeBy = seeded.receivedAt + 7 * DAY
        const feedbackBy = (seeded.acknowledgedAt ?? acknowledgeBy) + 91 * DAY
        addCase.run(
          `case-${i}`,
          `org-${i % ORGANISATIONS}`,
          randomBytes(32),
          randomBytes(32),
          seeded.receivedAt,
          acknowledgeBy,
          feedbackBy,
          seeded.acknowledgedAt,
          seeded.feedbackGivenAt,
          seeded.closedAt,
          seeded.status,
        )
      }
    })()
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    sqlite.exec('analyze')
    const seededMs = performance.now() - seeding

    const dueNow = sqlite.prepare(
      `select id, organisation_id, ${NEXT_DUE} as next_due from "case" where ${NEXT_DUE} <= ?
       order by ${NEXT_DUE}, received_at, id`,
    )
    const plan = (
      sqlite.prepare(`explain query plan ${dueNow.source}`).all(now) as Array<{ detail: string }>
    ).map((row) => row.detail)
    const repos = createRepositories(database)
    const days = dayBoundaries(now, 'Europe/Amsterdam')
    const perOrganisation = sqlite.prepare(
      `select organisation_id, sum(${NEXT_DUE} < ?) as overdue,
         sum(${NEXT_DUE} >= ? and ${NEXT_DUE} < ?) as due_soon, sum(${NEXT_DUE} < ${NO_DEADLINE}) as open
       from "case" group by organisation_id`,
    )
    const scans: Array<[string, () => number]> = [
      ['due or overdue now (index range, rows returned)', () => dueNow.all(now).length],
      [
        "the reminder pass's read (owed today, one read)",
        () => repos.reminders.owedToday(days, START_OF_INDEX, CASES).length,
      ],
      [
        'per-organisation counts: overdue, due within 14 days, open (full scan)',
        () => (perOrganisation.all(now, now, now + 14 * DAY) as unknown[]).length,
      ],
    ]
    const rows = scans.map(([label, scan]) => {
      const result = scan()
      const samples: number[] = []
      for (let i = 0; i < 5; i++) {
        const started = performance.now()
        scan()
        samples.push(performance.now() - started)
      }
      const ms = median(samples)
      return [label, result.toLocaleString('en'), fmtMs(ms), ms < DEADLINE_SCAN_GOAL_MS ? 'yes' : 'no']
    })
    const open = sqlite
      .prepare(`select count(*) from "case" where ${NEXT_DUE} < ${NO_DEADLINE}`)
      .pluck()
      .get()
    say(
      `Deadline scans over ${CASES.toLocaleString('en')} cases in ${ORGANISATIONS} organisations, ` +
        `${Number(open).toLocaleString('en')} open (seeded in ${fmtMs(seededMs)}); median of 5:`,
    )
    say()
    say(markdownTable(['scan', 'rows', 'time', `< ${DEADLINE_SCAN_GOAL_MS} ms`], rows))
    say()
    say(`Query plan of "due or overdue now": ${plan.join('; ')}`)
    return [
      [
        'Deadline scan, 1 000 000 cases: due or overdue now / per-organisation counts',
        `${rows[0]![2]} (${rows[0]![1]} rows) / ${rows[2]![2]} (goal < 1 s)`,
      ],
    ]
  } finally {
    database.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const rows = await deadlinesSection((line = '') => console.log(line))
    console.log(`\n${markdownTable(['Measure', 'Result'], rows)}`)
  } finally {
    cleanUp()
  }
}
