import type { PurgeCandidate } from '../../db/index.js'
import { PurgeNotCompacted } from '../errors.js'
import type { ServiceContext } from './context.js'

/** The audit action of a run that purged or vacuumed. */
const RUN_EVENT = 'purge.run'

export type PurgeResult = {
  dryRun: boolean
  /** The cases removed (or, in a dry run, that would be). */
  cases: PurgeCandidate[]
  totals: { cases: number; entries: number; attachments: number; attachmentBytes: number; keys: number }
  /** Whether the file was rewritten (VACUUM) after this run; never in a dry run. */
  vacuumed: boolean
}

/**
 * Retention and purge (issue 10, DESIGN §5): a closed case whose purge_after has passed is replaced by a
 * tombstone (dates, statuses, outcome, deadlines met; no keys, no content) with a 'case.purged' audit event.
 *
 * Then the freed pages must not keep the ciphertext. PRAGMA secure_delete=ON (db/client.ts) zeroes deleted
 * cells and freed pages, but in WAL mode those zeroed pages are new frames in the -wal file: the main file
 * keeps the old page until a checkpoint copies the zeroed one over it, and the -wal file keeps every older
 * frame (including the ones written when the report arrived) until it is overwritten or truncated. So after
 * purging: checkpoint, VACUUM (rewrites the file without free pages; auto_vacuum is off), and checkpoint with
 * TRUNCATE again, since VACUUM itself writes through the WAL.
 *
 * Safe while the server holds the database open (the CLI runs it from another process): each case is one
 * short write transaction, VACUUM waits for the write lock like any writer (busy_timeout), and readers keep
 * their snapshot. A checkpoint cannot truncate the WAL while another connection is reading it; then the run
 * fails with PurgeNotCompacted and the next run (which always checkpoints) finishes the job.
 *
 * The scheduler's nightly run ends with a 'purge.run' audit event (counts only), written once the file is
 * compacted, also when nothing was due: it is the record that the night's purge is done, read back so that a
 * restart or a second process does not purge again that day. Other runs (the CLI) write only case.purged.
 */
export function purgeService({ database, repos, now }: ServiceContext) {
  function totalsOf(cases: PurgeCandidate[]): PurgeResult['totals'] {
    const sum = (pick: (c: PurgeCandidate) => number) => cases.reduce((total, c) => total + pick(c), 0)
    return {
      cases: cases.length,
      entries: sum((c) => c.entries),
      attachments: sum((c) => c.attachments),
      attachmentBytes: sum((c) => c.attachmentBytes),
      keys: sum((c) => c.keys),
    }
  }

  function truncateWal(): void {
    const [result] = database.sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>
    if (result && result.busy !== 0) throw new PurgeNotCompacted()
  }

  return {
    /** When the last recorded run finished (its 'purge.run' audit event), if one did. */
    lastRunAt: (): number | undefined => repos.audit.lastAt(RUN_EVENT),

    /** What a run at this moment would remove; changes nothing. */
    due(): PurgeCandidate[] {
      return repos.retention.due(now())
    },

    /**
     * Purges every case past its retention (or, with dryRun, only lists them). The scheduler calls this with
     * `record`: a run that finished (the file compacted) then ends with a 'purge.run' audit event.
     */
    run(options: { dryRun?: boolean; record?: boolean } = {}): PurgeResult {
      const at = now()
      const candidates = repos.retention.due(at)
      if (options.dryRun)
        return { dryRun: true, cases: candidates, totals: totalsOf(candidates), vacuumed: false }
      const purged = candidates.filter((candidate) =>
        // One transaction per case: a crash mid-run leaves whole cases, and the server's writers are not held up.
        repos.transaction(() => {
          if (!repos.retention.replaceByTombstone(candidate.caseId, at)) return false
          repos.audit.append({ at, actor: 'system', action: 'case.purged', subject: candidate.caseId })
          return true
        }),
      )
      truncateWal()
      const freePages = database.sqlite.pragma('freelist_count', { simple: true }) as number
      // Also after an earlier run that purged but could not finish: free pages are left behind.
      const vacuumed = purged.length > 0 || freePages > 0
      if (vacuumed) {
        database.sqlite.exec('VACUUM')
        truncateWal()
      }
      if (options.record) {
        repos.transaction(() =>
          repos.audit.append({ at, actor: 'system', action: RUN_EVENT, subject: `cases=${purged.length}` }),
        )
      }
      return { dryRun: false, cases: purged, totals: totalsOf(purged), vacuumed }
    },
  }
}
export type PurgeService = ReturnType<typeof purgeService>
