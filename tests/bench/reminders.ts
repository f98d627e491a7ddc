// One reminder scheduler pass at pool scale for `npm run bench` (issue 10): 100 000 cases over 500 member
// organisations, seeded by tests/bench/inbox.ts's `seedInbox` (120 days of reports in a realistic status mix;
// 30 % still unacknowledged, so the first pass is a burst of overdue reminders, the worst case).
// Also runnable alone: `npx tsx tests/bench/reminders.ts`.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { openDatabase } from '../../db/index.js'
import { loadConfig } from '../../server/config.js'
import { createServices } from '../../server/services/index.js'
import { seedInbox } from './inbox.js'
import { fmtMs, markdownTable } from './measure.js'
import { cleanUp, tempDir } from './processes.js'

type Say = (line?: string) => void

export const REMINDER_PASS_GOAL_MS = 1000
const CASES = 100_000

export async function remindersSection(say: Say): Promise<string[][]> {
  const dataDir = tempDir('meldpool-bench-reminders-')
  const config = loadConfig({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_LOG_LEVEL: 'warn' })
  const database = openDatabase(join(dataDir, 'meldpool.sqlite'), config.migrationsFolder)
  let now = Date.now()
  const quiet = { info: () => {}, warn: () => {} }
  const services = createServices({ config, database, log: quiet, now: () => now })
  try {
    const seeding = performance.now()
    await seedInbox(services, database, { organisations: 500, cases: CASES, now })
    const seededMs = performance.now() - seeding
    const timed = async (label: string): Promise<string[]> => {
      const started = performance.now()
      const written = await services.reminders.runDue()
      const ms = performance.now() - started
      return [label, String(written), fmtMs(ms), ms < REMINDER_PASS_GOAL_MS ? 'yes' : 'no']
    }
    const rows = [await timed('first pass (burst: every reminder owed today)')]
    rows.push(await timed('again the same day (nothing new)'))
    now += 24 * 60 * 60 * 1000
    rows.push(await timed('next day (daily overdue reminders again)'))
    say(
      `One reminder pass over ${CASES.toLocaleString('en')} cases in 500 organisations (seeded in ${fmtMs(seededMs)}):`,
    )
    say()
    say(markdownTable(['pass', 'reminders written', 'time', `< ${REMINDER_PASS_GOAL_MS} ms`], rows))
    return [
      ['Reminder pass, 100 000 cases (first pass / steady)', `${rows[0]![2]} / ${rows[1]![2]} (goal < 1 s)`],
    ]
  } finally {
    await services.close()
    database.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const rows = await remindersSection((line = '') => console.log(line))
    console.log(`\n${markdownTable(['Measure', 'Result'], rows)}`)
  } finally {
    cleanUp()
  }
}
