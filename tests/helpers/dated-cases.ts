import { randomBytes } from 'node:crypto'
import { randomId } from '../../crypto/index.js'
import { createRepositories, type Database, openDatabase } from '../../db/index.js'
import type { CaseOutcome } from '../../server/domain/case-workflow.js'
import { deadlinesFor } from '../../server/domain/deadlines.js'
import { profileOf } from '../../server/domain/profiles.js'

/** A case as statistics see it: dates and an outcome, with its statutory deadlines worked out as usual. */
export type DatedCase = {
  slug: string
  receivedAt: string
  acknowledgedAt?: string
  feedbackGivenAt?: string
  closedAt?: string
  outcome?: CaseOutcome
  /** Closed and due for purging at this time (a purge run then leaves a tombstone). */
  purgeAfter?: string
}

/**
 * Inserts cases with known dates straight through the repositories, on a second connection to the app's
 * database file (as the CLI would): statistics read metadata only, so keys and entries are random bytes.
 */
export function seedDatedCases(databaseFile: string, migrationsFolder: string, cases: DatedCase[]): string[] {
  const database: Database = openDatabase(databaseFile, migrationsFolder)
  try {
    const repos = createRepositories(database)
    return repos.transaction(() =>
      cases.map((item) => {
        const organisation = repos.organisations.findBySlug(item.slug)
        if (!organisation) throw new Error(`no organisation ${item.slug}`)
        const at = (text: string | undefined) => (text === undefined ? null : Date.parse(text))
        const receivedAt = Date.parse(item.receivedAt)
        const acknowledgedAt = at(item.acknowledgedAt)
        const due = deadlinesFor(
          { receivedAt, acknowledgedAt },
          profileOf(organisation),
          organisation.timezone,
        )
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
            submittedVia: 'browser',
          },
          keys: [{ caseId, holder: 'reporter', kind: 'shared', sealedKey: randomBytes(112) }],
          entry: {
            id: randomId(),
            caseId,
            kind: 'report',
            author: 'reporter',
            seq: 0,
            createdAt: receivedAt,
            nonce: randomBytes(24),
            ciphertext: randomBytes(64),
          },
        })
        const feedbackGivenAt = at(item.feedbackGivenAt)
        const closedAt = at(item.closedAt)
        repos.cases.updateCase(caseId, {
          acknowledgedAt,
          feedbackGivenAt,
          closedAt,
          outcome: item.outcome ?? null,
          purgeAfter: at(item.purgeAfter),
          status: closedAt
            ? 'closed'
            : feedbackGivenAt
              ? 'feedback_given'
              : acknowledgedAt
                ? 'acknowledged'
                : 'received',
        })
        return caseId
      }),
    )
  } finally {
    database.close()
  }
}
