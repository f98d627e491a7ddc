import { TZDate } from '@date-fns/tz'
import { PurgeNotCompacted } from '../errors.js'
import type { ServiceContext } from './context.js'
import { ASSOCIATION_TIME_ZONE, type DigestService } from './digest.js'
import type { MailLog } from './mail.js'
import { periodic } from './periodic.js'
import type { PurgeService } from './purge.js'

/** From this local hour the day's purge runs: at night, when few wait on VACUUM's write lock. */
const PURGE_HOUR = 3

export type SchedulerPass = {
  /** Digests written to the outbox in this pass. */
  digests: number
  /** Cases purged in this pass; undefined when no purge ran or it did not finish. */
  purged: number | undefined
}

/**
 * The scheduler of the weekly digest and the retention purge (issue 10, DESIGN §6), beside the reminders'
 * own: a pass every 15 minutes, on the injected clock.
 *
 * - The digest keeps its own record of what was written (digestService), so any pass may try it.
 * - The purge runs at the first pass of each day from 03:00 in the association's time zone, before the digest
 *   (whose audit head then includes it). Each finished run leaves a 'purge.run' audit event, so a restart or a
 *   second process the same day does not purge again: a case that falls due during the day waits for the
 *   next night. A purge that could not truncate the WAL (PurgeNotCompacted: its deletions are committed) or
 *   that failed is logged, without content, and tried again at the next pass. Nothing here ever throws into
 *   the server.
 */
export function schedulerService(
  context: Pick<ServiceContext, 'now'>,
  jobs: { digest: DigestService; purge: PurgeService },
  log: MailLog,
) {
  const { now } = context
  let purgedOn: string | undefined

  function digest(): number {
    try {
      return jobs.digest.runDue()
    } catch (error) {
      log.warn({ reason: (error as Error).message }, 'weekly digest failed; trying again at the next pass')
      return 0
    }
  }

  function purge(at: number): number | undefined {
    const local = new TZDate(at, ASSOCIATION_TIME_ZONE)
    const day = `${local.getFullYear()}-${local.getMonth() + 1}-${local.getDate()}`
    if (day === purgedOn || local.getHours() < PURGE_HOUR) return undefined
    const tonight = new TZDate(
      local.getFullYear(),
      local.getMonth(),
      local.getDate(),
      PURGE_HOUR,
      0,
      0,
      0,
      ASSOCIATION_TIME_ZONE,
    ).getTime()
    if ((jobs.purge.lastRunAt() ?? Number.NEGATIVE_INFINITY) >= tonight) {
      purgedOn = day
      return undefined
    }
    try {
      const result = jobs.purge.run({ record: true })
      purgedOn = day
      if (result.cases.length > 0) log.info({ purged: result.cases.length }, 'cases purged after retention')
      return result.cases.length
    } catch (error) {
      const reason =
        error instanceof PurgeNotCompacted
          ? 'purged cases, but the WAL was in use and could not be truncated'
          : (error as Error).message
      log.warn({ reason }, 'scheduled purge did not finish; trying again at the next pass')
      return undefined
    }
  }

  // Both jobs catch and log their own failures, so a pass never rejects.
  const passes = periodic(
    async (): Promise<SchedulerPass> => {
      const at = now()
      const purged = purge(at)
      return { digests: digest(), purged }
    },
    (error) => log.warn({ reason: error.message }, 'scheduler pass failed'),
  )

  return {
    /** One pass now; concurrent calls share it. */
    runDue: passes.now,
    start(intervalMs = 15 * 60_000): void {
      passes.start(intervalMs)
    },
    stop: passes.stop,
  }
}
export type SchedulerService = ReturnType<typeof schedulerService>
