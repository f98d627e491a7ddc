// The confidant inbox at pool scale for `npm run bench` (issue 9): 10 000 cases over 500 member organisations,
// one confidant assigned to all of them (the worst case), seeded by `seedInbox` below on a real SQLite file.
// Also runnable alone: `npx tsx tests/bench/inbox.ts`.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createAccountKeys, randomId, ready } from '../../crypto/index.js'
import { createRepositories, type Database, openDatabase } from '../../db/index.js'
import { loadConfig } from '../../server/config.js'
import { addCalendarDays, deadlinesFor } from '../../server/domain/deadlines.js'
import { profiles } from '../../server/domain/profiles.js'
import { newTotpSecret } from '../../server/domain/totp.js'
import { createServices, type Services } from '../../server/services/index.js'
import { fmtMs, markdownTable, summarise } from './measure.js'
import { cleanUp, tempDir } from './processes.js'

type Say = (line?: string) => void

export const INBOX_GOAL_MS = 30
const STATUSES = [
  ['received', 0.3],
  ['acknowledged', 0.3],
  ['in_follow_up', 0.2],
  ['feedback_given', 0.1],
  ['closed', 0.1],
] as const

/** A status at random in the shares of STATUSES (`draw` uniform in [0, 1)). */
function pickStatus(draw: number): (typeof STATUSES)[number][0] {
  let left = draw
  for (const [status, share] of STATUSES) {
    if (left < share) return status
    left -= share
  }
  return 'received'
}

/**
 * Seeds `organisations` active members and `cases` cases spread over them and over the last 120 days, in a
 * realistic mix of statuses with their statutory deadlines. Case keys and entries are random bytes of the
 * real sizes: the inbox reads metadata only, and nothing here is ever opened.
 */
export async function seedInbox(
  services: Services,
  database: Database,
  options: { organisations: number; cases: number; now: number },
): Promise<{ confidantId: string }> {
  await ready()
  const keys = createAccountKeys('bench confidant passphrase')
  const { id: confidantId } = services.accounts.create(
    { role: 'confidant', email: 'pool@example.org', name: 'Pim Pool', keys, totpSecret: newTotpSecret() },
    'bench',
  )
  const organisations = Array.from({ length: options.organisations }, (_, i) => {
    const slug = `member-${String(i).padStart(3, '0')}`
    services.organisations.add({ slug, name: `Member ${i} B.V.` }, 'bench')
    services.organisations.assign('pool@example.org', slug, 'bench')
    services.organisations.activate(slug, 'bench')
    return slug
  })
  const repos = createRepositories(database)
  const rows = organisations.map((slug) => repos.organisations.findBySlug(slug)!)
  repos.transaction(() => {
    for (let i = 0; i < options.cases; i++) {
      const organisation = rows[i % rows.length]!
      const receivedAt = options.now - Math.floor(Math.random() * 120 * 24 * 60 * 60 * 1000)
      const status = pickStatus(Math.random())
      const acknowledgedAt =
        status === 'received' ? null : addCalendarDays(receivedAt, 2, organisation.timezone)
      const due = deadlinesFor({ receivedAt, acknowledgedAt }, profiles.nl!, organisation.timezone)
      const caseId = randomId()
      repos.cases.insertSubmission({
        case: {
          id: caseId,
          organisationId: organisation.id,
          lookupVerifier: randomBytes(32),
          reporterPublicKey: randomBytes(32),
          receivedAt,
          acknowledgeBy: due.acknowledgeBy,
          feedbackBy: due.feedbackBy,
          acknowledgedAt,
          status,
          submittedVia: 'browser',
        },
        keys: [{ caseId, holder: confidantId, kind: 'shared', sealedKey: randomBytes(112) }],
        entry: {
          id: randomId(),
          caseId,
          kind: 'report',
          author: 'reporter',
          seq: 0,
          createdAt: receivedAt,
          nonce: randomBytes(24),
          ciphertext: randomBytes(1040),
        },
      })
    }
  })
  return { confidantId }
}

/** Runs the section; returns rows for the run's summary table. */
export async function inboxSection(say: Say): Promise<string[][]> {
  const dataDir = tempDir('meldpool-bench-inbox-')
  const config = loadConfig({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_LOG_LEVEL: 'warn' })
  const database = openDatabase(join(dataDir, 'meldpool.sqlite'), config.migrationsFolder)
  const now = Date.now()
  const quiet = { info: () => {}, warn: () => {} }
  const services = createServices({ config, database, log: quiet, now: () => now })
  try {
    const seeding = performance.now()
    const { confidantId } = await seedInbox(services, database, { organisations: 500, cases: 10_000, now })
    const seededMs = performance.now() - seeding
    const views: Array<[string, Record<string, string>]> = [
      ['open cases, first page', {}],
      ['one organisation', { organisation: services.inbox.inbox(confidantId, {}).organisations[7]!.id }],
      ['status "received"', { status: 'received' }],
      ['page 10', { page: '10' }],
    ]
    const rows = views.map(([label, query]) => {
      for (let i = 0; i < 20; i++) services.inbox.inbox(confidantId, query)
      const samples: number[] = []
      for (let i = 0; i < 200; i++) {
        const started = performance.now()
        services.inbox.inbox(confidantId, query)
        samples.push(performance.now() - started)
      }
      const summary = summarise(samples)
      return [label, fmtMs(summary.p50), fmtMs(summary.p95), summary.p95 < INBOX_GOAL_MS ? 'yes' : 'no']
    })
    say(
      `Inbox of one confidant over 10 000 cases in 500 organisations (seeded in ${fmtMs(seededMs)}), 200 reads each:`,
    )
    say()
    say(markdownTable(['view', 'p50', 'p95', `p95 < ${INBOX_GOAL_MS} ms`], rows))
    return [['Inbox p95, 10 000 cases / 500 organisations (first page)', `${rows[0]![2]} (goal < 30 ms)`]]
  } finally {
    await services.close()
    database.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const rows = await inboxSection((line = '') => console.log(line))
    console.log(`\n${markdownTable(['Measure', 'Result'], rows)}`)
  } finally {
    cleanUp()
  }
}
