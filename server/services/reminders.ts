import { setImmediate as nextTick } from 'node:timers/promises'
import type { ConfidantKey, ReminderCandidate } from '../../db/index.js'
import { catalogue } from '../../views/i18n/index.js'
import { calendarDaysBetween, formatDate } from '../domain/deadlines.js'
import type { ServiceContext } from './context.js'
import type { MailLog, MailService } from './mail.js'

const DAY_MS = 24 * 60 * 60 * 1000
// The furthest ahead a reminder reaches is 14 calendar days before the feedback; two days more cover any time
// zone and DST change between "now" and a local calendar day.
const WINDOW_MS = 16 * DAY_MS
/** Candidates per write transaction (see pass()). */
const BATCH = 500
/** Calendar days before a deadline that remind, latest first: a pass that was missed catches up with the latest only. */
const LEADS = { ack: [0, 2], feedback: [3, 14] } as const

export type ReminderKind = 'ack' | 'feedback'
export type DueReminder = { kind: ReminderKind; step: string; dueBy: number; daysLeft: number }

/**
 * The reminder a case is owed today, if any (issue 10): the acknowledgement 2 days before its deadline and on
 * it, the feedback 14 and 3 days before; both daily while overdue. Days are calendar days in the
 * organisation's time zone. A server that was down on a reminder day sends that step late (with the real
 * number of days left), never an earlier step as well, and never a missed overdue day: one mail per case a day.
 */
export function reminderDue(candidate: ReminderCandidate, now: number): DueReminder | undefined {
  const kind: ReminderKind = candidate.status === 'received' ? 'ack' : 'feedback'
  const dueBy = kind === 'ack' ? candidate.acknowledgeBy : candidate.feedbackBy
  const daysLeft = calendarDaysBetween(now, dueBy, candidate.timezone)
  if (daysLeft < 0) return { kind, step: `overdue:${localDate(now, candidate.timezone)}`, dueBy, daysLeft }
  const lead = LEADS[kind].find((days) => daysLeft <= days)
  if (lead === undefined) return undefined
  return { kind, step: lead === 0 ? '0' : `-${lead}`, dueBy, daysLeft }
}

const isoDates = new Map<string, Intl.DateTimeFormat>()
/** '2026-12-05': the local date in `timeZone` (en-CA writes dates as YYYY-MM-DD). */
function localDate(at: number, timeZone: string): string {
  let format = isoDates.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone })
    isoDates.set(timeZone, format)
  }
  return format.format(at)
}

/**
 * The in-process scheduler of statutory reminders (issue 10, DESIGN §5–§6). Each pass reads only the cases
 * whose next deadline falls within the window (an index range, see reminderRepository) and, in one
 * write-locked transaction, records each reminder owed today and writes its mails to the outbox: the record's
 * key (case, kind, step, deadline) makes a second process, a restart or a repeated pass write nothing twice.
 *
 * Users have no language of their own: a reminder is written in the organisation's first locale.
 */
export function reminderService(context: ServiceContext, mail: MailService, log: MailLog) {
  const { repos, config, now } = context
  let running: Promise<number> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  /** Reminders for one batch of candidates, each recorded in the transaction that writes its mail. */
  function writeDue(candidates: ReminderCandidate[], at: number): number {
    const confidants = new Map<string, ConfidantKey[]>()
    let written = 0
    for (const candidate of candidates) {
      const due = reminderDue(candidate, at)
      if (!due) continue
      if (!repos.reminders.record({ caseId: candidate.caseId, ...due, sentAt: at })) continue
      let recipients = confidants.get(candidate.organisationId)
      if (!recipients) {
        recipients = repos.organisations.confidantsWithKeys(candidate.organisationId)
        confidants.set(candidate.organisationId, recipients)
      }
      const locale = candidate.locales.split(',')[0] === 'en' ? 'en' : 'nl'
      const t = catalogue(locale).reminders
      const date = formatDate(due.dueBy, locale, candidate.timezone)
      const url = `${config.publicUrl}/staff/cases/${candidate.caseId}`
      for (const confidant of recipients) {
        mail.enqueue({
          recipient: confidant.email,
          subject: t.subject(due.kind, due.daysLeft, candidate.organisationName, date),
          body: t.body(due.kind, due.daysLeft, candidate.organisationName, date, url),
        })
      }
      written++
    }
    return written
  }

  async function pass(): Promise<number> {
    const at = now()
    const candidates = repos.reminders.dueWithin(at + WINDOW_MS)
    let written = 0
    // In batches, each its own write transaction, with the event loop free in between: a burst of thousands of
    // reminders never holds the database (and reporters' submissions) for more than one batch. Each reminder is
    // still recorded in the same transaction as its mail, so a crash or a second process between batches
    // neither loses nor repeats one.
    for (let start = 0; start < candidates.length; start += BATCH) {
      // Let other work (and, in tests, a second instance) run before the write lock is taken.
      await nextTick()
      if (stopped && start > 0) break
      const batch = candidates.slice(start, start + BATCH)
      written += repos.immediateTransaction(() => writeDue(batch, at))
    }
    if (written > 0) {
      log.info({ reminders: written }, 'reminders written to the outbox')
      mail.kick()
    }
    return written
  }

  function inBackground(): void {
    if (stopped) return
    service.runDue().catch((error: Error) => log.warn({ reason: error.message }, 'reminder pass failed'))
  }

  const service = {
    /** One pass now; concurrent calls share it. Resolves to the number of reminders written. */
    runDue(): Promise<number> {
      running ??= pass().finally(() => {
        running = undefined
      })
      return running
    },
    /** What has been reminded (for operators and tests): case ids, kinds, steps; never content. */
    sent: () => repos.reminders.all(),
    start(intervalMs = 15 * 60_000): void {
      stopped = false
      timer = setInterval(inBackground, intervalMs)
      timer.unref()
      inBackground()
    },
    async stop(): Promise<void> {
      stopped = true
      if (timer) clearInterval(timer)
      timer = undefined
      await running?.catch(() => undefined)
    },
  }
  return service
}
export type ReminderService = ReturnType<typeof reminderService>
