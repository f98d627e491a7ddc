import { TZDate } from '@date-fns/tz'
import type { DigestCounts } from '../../db/index.js'
import { catalogue, type Locale } from '../../views/i18n/index.js'
import { formatDate } from '../domain/deadlines.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import type { MailLog, MailService } from './mail.js'

/**
 * The association's time zone. The instance has no time zone of its own: meldpool is run by a Dutch
 * association (DESIGN §1), and organisations default to this zone too. The digest's week and the nightly purge
 * are reckoned in it.
 */
export const ASSOCIATION_TIME_ZONE = 'Europe/Amsterdam'
/** Monday at 07:00 local time: in the inbox when the week starts, after the night's purge. */
const DUE_HOUR = 7
const DAY_MS = 24 * 60 * 60 * 1000
/** "Feedback due soon" looks this far ahead, as the first feedback reminder does. */
const SOON_MS = 14 * DAY_MS

export type DigestWeek = {
  /** '2026-W49': the ISO week, the key that makes the digest once per week and administrator. */
  key: string
  year: number
  week: number
  /** Monday 07:00 local: no digest of this week before it. */
  dueAt: number
  /** The week the digest reports on ("received in the week"): the previous ISO week, Monday 00:00 to Monday 00:00. */
  from: number
  to: number
}

/** The ISO week (Monday first, the week holding the year's first Thursday is week 1) that `at` falls in, locally. */
export function digestWeek(at: number, timeZone = ASSOCIATION_TIME_ZONE): DigestWeek {
  const local = new TZDate(at, timeZone)
  const [year, month, day] = [local.getFullYear(), local.getMonth(), local.getDate()]
  const monday = day - ((local.getDay() + 6) % 7)
  // The ISO year and week are those of this week's Thursday (plain calendar arithmetic, no time zone).
  const thursday = new Date(Date.UTC(year, month, monday + 3))
  const isoYear = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS)) + 1
  const localTime = (date: number, hour: number) =>
    new TZDate(year, month, date, hour, 0, 0, 0, timeZone).getTime()
  return {
    key: `${isoYear}-W${String(week).padStart(2, '0')}`,
    year: isoYear,
    week,
    dueAt: localTime(monday, DUE_HOUR),
    from: localTime(monday - 7, 0),
    to: localTime(monday, 0),
  }
}

type DigestText = {
  association: string
  week: DigestWeek
  counts: DigestCounts[]
  head: { id: number; hash: Buffer } | undefined
  adminUrl: string
}

/** The digest as plain text: counts per organisation, the administration link and the audit head. */
function digestMail(locale: Locale, text: DigestText): { subject: string; body: string } {
  const t = catalogue(locale).digest
  const { week } = text
  const from = formatDate(week.from, locale, ASSOCIATION_TIME_ZONE)
  const to = formatDate(week.to - 1, locale, ASSOCIATION_TIME_ZONE)
  const labels = Object.entries(t.counts) as Array<[keyof typeof t.counts, string]>
  // A member with nothing open and nothing in the week is only counted: a pool of hundreds stays readable.
  const listed = text.counts.filter((line) => labels.some(([key]) => line[key] > 0))
  const quiet = text.counts.length - listed.length
  const organisations = listed.map((line) => {
    const status = t.status[line.status]
    return [
      status ? `${line.organisationName} (${status})` : line.organisationName,
      ...labels.map(([key, label]) => `  ${label}: ${line[key]}`),
    ].join('\n')
  })
  const hash = text.head?.hash.toString('hex')
  const body = [
    t.intro(text.association, from, to),
    t.countsOnly,
    '',
    ...(text.counts.length === 0 ? [t.noOrganisations] : organisations.join('\n\n').split('\n')),
    ...(quiet > 0 ? ['', t.quiet(quiet)] : []),
    '',
    t.adminLink(text.adminUrl),
    '',
    ...(text.head && hash ? [t.auditHead(text.head.id, hash), t.anchor(hash)] : [t.auditEmpty]),
  ].join('\n')
  return { subject: t.subject(text.association, week.week, week.year), body }
}

/**
 * The weekly digest to administrators (issues 10 and 11, DESIGN §6): on Monday from 07:00 in the association's
 * time zone, or at the first pass later that ISO week when the server was down, every enabled administrator
 * gets counts per organisation (never a case, a case code or content), a link to the administration and the
 * audit chain's head, which anchors the log outside the database.
 *
 * Once per week and administrator, across restarts and processes, as the reminders: a digest_sent row
 * (week, administrator) is inserted in the write-locked transaction that writes the mail to the outbox.
 */
export function digestService(
  context: ServiceContext,
  instance: InstanceService,
  mail: MailService,
  log: MailLog,
) {
  const { repos, config, now } = context

  return {
    /** Writes this week's digest to each administrator who is owed it; resolves to the number written. */
    runDue(): number {
      const at = now()
      const week = digestWeek(at)
      if (at < week.dueAt) return 0
      // Cheap check first: on all but one pass a week, nobody is owed a digest and no case is counted.
      if (repos.digest.pending(week.key, week.dueAt).length === 0) return 0
      // Counted before the write lock is taken (a read of every case: seconds at 100 000 cases), so reporters'
      // submissions never wait for it; the head is any point of the chain, and a later one proves as much.
      const text: DigestText = {
        association: instance.current().name,
        week,
        counts: repos.digest.countsPerOrganisation({ at, from: week.from, to: week.to, soonMs: SOON_MS }),
        head: repos.audit.head(),
        adminUrl: `${config.publicUrl}/staff/admin`,
      }
      const written = repos.immediateTransaction(() => {
        const recipients = repos.digest.pending(week.key, week.dueAt)
        const defaultLocale = instance.current().defaultLocale
        let count = 0
        for (const recipient of recipients) {
          if (!repos.digest.record({ week: week.key, userId: recipient.id, sentAt: at })) continue
          mail.enqueue({ recipient: recipient.email, ...digestMail(recipient.locale ?? defaultLocale, text) })
          count++
        }
        return count
      })
      if (written > 0) {
        log.info({ digests: written, week: week.key }, 'weekly digests written to the outbox')
        mail.kick()
      }
      return written
    },
    /** Which digests were written: weeks and administrator ids, never content. */
    sent: () => repos.digest.sent(),
  }
}
export type DigestService = ReturnType<typeof digestService>
