// Outbox throughput for `npm run bench` (issue 10): 2 000 mails enqueued in one transaction (as a reminder
// burst writes them), then delivered by the mail worker (server/services/mail.ts: nodemailer's pooled
// transport, 3 connections, batches of 50 sent concurrently) to a real smtp-server listener on 127.0.0.1, until
// none is left.
// Also runnable alone: `npx tsx tests/bench/outbox.ts`.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRepositories, openDatabase } from '../../db/index.js'
import { loadConfig } from '../../server/config.js'
import { createServices } from '../../server/services/index.js'
import { startSmtp } from '../helpers/smtp.js'
import { fmtMs, markdownTable } from './measure.js'
import { cleanUp, tempDir } from './processes.js'

type Say = (line?: string) => void

const MAILS = 2_000

export async function outboxSection(say: Say): Promise<string[][]> {
  const smtp = await startSmtp()
  const dataDir = tempDir('meldpool-bench-outbox-')
  const config = loadConfig({
    MELDPOOL_DATA_DIR: dataDir,
    MELDPOOL_LOG_LEVEL: 'warn',
    MELDPOOL_SMTP_URL: smtp.url,
  })
  const database = openDatabase(join(dataDir, 'meldpool.sqlite'), config.migrationsFolder)
  const quiet = { info: () => {}, warn: () => {} }
  const services = createServices({ config, database, log: quiet, now: () => Date.now() })
  try {
    const repos = createRepositories(database)
    const enqueueing = performance.now()
    repos.transaction(() => {
      for (let i = 0; i < MAILS; i++) {
        services.mail.enqueue({
          recipient: `confidant-${i % 50}@example.org`,
          subject:
            'Herinnering: bevestig de ontvangst van een melding aan Member 7 B.V. uiterlijk 5 december 2026',
          body: `De ontvangstbevestiging van een melding aan Member 7 B.V. moet uiterlijk op 5 december 2026 gegeven worden, over 2 dagen.\n\nLog in bij meldpool om de melding te behandelen: ${config.publicUrl}/staff/cases/case-${i}\n\nDit bericht bevat geen inhoud van de melding. Stuur het niet door.`,
        })
      }
    })
    const enqueueMs = performance.now() - enqueueing
    const unsent = database.sqlite.prepare('select count(*) from outbox where sent_at is null').pluck()
    const delivering = performance.now()
    while ((unsent.get() as number) > 0) await services.mail.deliverDue()
    const deliverMs = performance.now() - delivering
    const failed = database.sqlite
      .prepare('select count(*) from outbox where attempts > 0')
      .pluck()
      .get() as number
    const perSecond = (MAILS / deliverMs) * 1000
    say(`${MAILS.toLocaleString('en')} mails through the outbox to a local smtp-server listener:`)
    say()
    say(
      markdownTable(
        ['step', 'time', 'rate'],
        [
          [
            'enqueue (one transaction)',
            fmtMs(enqueueMs),
            `${Math.round((MAILS / enqueueMs) * 1000)} mails/s`,
          ],
          [
            `deliver until none left (${smtp.received.length} received, ${failed} retried)`,
            fmtMs(deliverMs),
            `${perSecond.toFixed(0)} mails/s`,
          ],
        ],
      ),
    )
    return [['Outbox to a local SMTP listener, 2 000 mails', `${perSecond.toFixed(0)} mails/s delivered`]]
  } finally {
    await services.close()
    database.close()
    await smtp.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const rows = await outboxSection((line = '') => console.log(line))
    console.log(`\n${markdownTable(['Measure', 'Result'], rows)}`)
  } finally {
    cleanUp()
  }
}
