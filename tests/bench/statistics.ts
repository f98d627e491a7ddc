// Issue 11: the administrator's statistics page at pool scale for `npm run bench`: 10 000 cases over 500
// member organisations in five time zones, a tenth of the closed ones already purged to tombstones, on a real
// SQLite file; the page asked for through the real app with a signed-in administrator.
// Also runnable alone: `npx tsx tests/bench/statistics.ts`.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ready } from '../../crypto/index.js'
import { openDatabase } from '../../db/index.js'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { caseOutcomes } from '../../server/domain/case-workflow.js'
import { createKdfPool } from '../../server/kdf/pool.js'
import type { TestApp } from '../helpers/app.js'
import { type DatedCase, seedDatedCases } from '../helpers/dated-cases.js'
import { seedStaff, signIn } from '../helpers/staff.js'
import { fmtMs, markdownTable, summarise } from './measure.js'
import { cleanUp, tempDir } from './processes.js'

type Say = (line?: string) => void

export const STATISTICS_GOAL_MS = 100
const DAY = 24 * 60 * 60 * 1000
const TIMEZONES = ['Europe/Amsterdam', 'Europe/Paris', 'Europe/Madrid', 'Europe/Warsaw', 'Europe/Lisbon']

/** Runs the section; returns rows for the run's summary table. */
/**
 * The bench's pool: 500 members in five time zones and 10 000 cases received over the last year, with
 * acknowledgements, feedback and outcomes at random; a tenth of the closed ones are purged to tombstones by the
 * real purge. Seeded through `seedDatedCases` (a second connection to the app's file, as the CLI would).
 */
export function seedStatisticsPool(app: TestApp['app'], config: TestApp['config'], now: number): number {
  const slugs = Array.from({ length: 500 }, (_, i) => `member-${String(i).padStart(3, '0')}`)
  slugs.forEach((slug, i) => {
    app.services.organisations.add({ slug, name: `Member ${i} B.V.`, timezone: TIMEZONES[i % 5] }, 'bench')
  })
  const iso = (at: number | null) => (at === null ? undefined : new Date(at).toISOString())
  const cases: DatedCase[] = Array.from({ length: 10_000 }, (_, i) => {
    const receivedAt = now - Math.floor(Math.random() * 365 * DAY)
    const acknowledgedAt =
      Math.random() < 0.9 ? Math.min(receivedAt + Math.floor(Math.random() * 10 * DAY), now) : null
    const feedbackGivenAt =
      acknowledgedAt !== null && now - receivedAt > 120 * DAY
        ? acknowledgedAt + Math.floor(Math.random() * 100 * DAY)
        : null
    const closedAt = feedbackGivenAt !== null && Math.random() < 0.7 ? feedbackGivenAt + 5 * DAY : null
    return {
      slug: slugs[i % slugs.length]!,
      receivedAt: iso(receivedAt)!,
      acknowledgedAt: iso(acknowledgedAt),
      feedbackGivenAt: iso(feedbackGivenAt),
      closedAt: iso(closedAt),
      outcome: closedAt === null ? undefined : caseOutcomes[Math.floor(Math.random() * caseOutcomes.length)]!,
      purgeAfter: closedAt !== null && Math.random() < 0.1 ? iso(now - DAY) : undefined,
    }
  })
  seedDatedCases(join(config.dataDir, 'meldpool.sqlite'), config.migrationsFolder, cases)
  return app.services.purge.run().cases.length
}

export async function statisticsSection(say: Say): Promise<string[][]> {
  await ready()
  const dataDir = tempDir('meldpool-bench-statistics-')
  const config = loadConfig({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_LOG_LEVEL: 'warn' })
  const database = openDatabase(join(dataDir, 'meldpool.sqlite'), config.migrationsFolder)
  const now = Date.now()
  const kdf = createKdfPool({ size: 1 })
  const app = await buildApp({ config, database, kdf, now: () => now })
  try {
    const seeding = performance.now()
    const purged = seedStatisticsPool(app, config, now)
    const seededMs = performance.now() - seeding
    const test = { app, config, dataDir, logs: [], close: async () => {} } satisfies TestApp
    const ada = await seedStaff(test, 'admin', 'ada@example.org')
    const { browser } = await signIn(test, ada, now)

    const views: Array<[string, string]> = [
      ['page, all 500 members, this quarter', '/staff/admin/statistics?lang=en'],
      [
        'page, one member, last quarter',
        `/staff/admin/statistics?organisation=member-007&quarter=${lastQuarter(now)}`,
      ],
      ['CSV, all members', '/staff/admin/statistics.csv'],
    ]
    const rows: string[][] = []
    for (const [label, url] of views) {
      for (let i = 0; i < 5; i++) await app.inject({ url, cookies: browser.cookies })
      const samples: number[] = []
      let bytes = 0
      // CPU time of this process per request: less sensitive than wall time to other work on the machine.
      const cpuBefore = process.cpuUsage()
      for (let i = 0; i < 50; i++) {
        const started = performance.now()
        const response = await app.inject({ url, cookies: browser.cookies })
        samples.push(performance.now() - started)
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`)
        bytes = response.rawPayload.length
      }
      const cpu = process.cpuUsage(cpuBefore)
      const summary = summarise(samples)
      rows.push([
        label,
        `${Math.round(bytes / 1024)} KiB`,
        fmtMs(summary.p50),
        fmtMs(summary.p95),
        fmtMs((cpu.user + cpu.system) / 1000 / samples.length),
        summary.p95 < STATISTICS_GOAL_MS ? 'yes' : 'no',
      ])
    }
    say(
      `Statistics over 10 000 cases in 500 organisations, 5 time zones, ${purged} purged to tombstones (seeded in ${fmtMs(seededMs)}); 50 requests each through the app (inject), signed in as an administrator:`,
    )
    say()
    say(
      markdownTable(
        ['view', 'size', 'p50', 'p95', 'CPU per request', `p95 < ${STATISTICS_GOAL_MS} ms`],
        rows,
      ),
    )
    return [
      [
        'Statistics page p95, 10 000 cases / 500 organisations (all members)',
        `${rows[0]![3]} (goal < 100 ms), CPU ${rows[0]![4]} per request`,
      ],
    ]
  } finally {
    await app.close()
    await kdf.close()
    database.close()
  }
}

function lastQuarter(at: number): string {
  const date = new Date(at)
  const index = date.getUTCFullYear() * 4 + Math.floor(date.getUTCMonth() / 3) - 1
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const rows = await statisticsSection((line = '') => console.log(line))
    console.log(`\n${markdownTable(['Measure', 'Result'], rows)}`)
  } finally {
    cleanUp()
  }
}
