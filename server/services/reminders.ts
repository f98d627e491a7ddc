import { setImmediate as nextTick } from 'node:timers/promises'
import { TZDate } from '@date-fns/tz'
import { addDays } from 'date-fns/addDays'
import { startOfDay } from 'date-fns/startOfDay'
import {
  type DayBoundaries,
  type ReminderCursor,
  type ReminderRecipient,
  START_OF_INDEX,
} from '../../db/index.js'
import { catalogue } from '../../views/i18n/index.js'
import { calendarDaysBetween, formatDate } from '../domain/deadlines.js'
import type { ServiceContext } from './context.js'
import type { MailLog, MailService } from './mail.js'
import { periodic } from './periodic.js'

/** Candidates per write transaction (see pass()). */
const BATCH = 500

export type ReminderKind = 'ack' | 'feedback'
/** Fault injection for tests: a smaller batch, and a hook run before each batch's transaction. */
export type PassOptions = { batchSize?: number; beforeBatch?: (batch: number) => void | Promise<void> }

/**
 * Today's local calendar days in `timezone` as UTC instants, once per pass (not one Intl call per case). A day
 * is not always 24 hours (DST), so each start is computed in the zone.
 */
export function dayBoundaries(at: number, timezone: string): DayBoundaries {
  const today = startOfDay(new TZDate(at, timezone))
  if (Number.isNaN(today.getTime())) throw new RangeError(`Unknown time zone: ${timezone}`)
  const ahead = (days: number) => startOfDay(addDays(today, days)).getTime()
  const iso = [today.getFullYear(), today.getMonth() + 1, today.getDate()]
    .map((part) => String(part).padStart(2, '0'))
    .join('-')
  return {
    timezone,
    today: today.getTime(),
    in1: ahead(1),
    in3: ahead(3),
    in4: ahead(4),
    in15: ahead(15),
    overdueStep: `overdue:${iso}`,
  }
}

/**
 * The in-process scheduler of statutory reminders (issue 10, DESIGN §5–§6). A pass reads, per time zone and in
 * batches, the open cases that SQL classifies as owed a reminder today and that have no record of it yet; each
 * batch is read, recorded and its mails written to the outbox in one write-locked transaction. The record's key
 * (case, kind, step, deadline) makes a second process, a restart or a repeated pass write nothing twice, and
 * reading inside the transaction means a case acknowledged or closed a moment ago is never reminded.
 *
 * A reminder is written in its recipient's language, else in the organisation's first locale.
 */
export function reminderService(context: ServiceContext, mail: MailService, log: MailLog) {
  const { repos, config, now } = context

  /** One batch, inside its transaction: read what is owed now, record it, write its mails. */
  function writeBatch(days: DayBoundaries, after: ReminderCursor, limit: number, at: number) {
    const candidates = repos.reminders.owedToday(days, after, limit)
    const recipients = new Map<string, ReminderRecipient[]>()
    let written = 0
    for (const candidate of candidates) {
      const { caseId, kind, step, dueBy } = candidate
      if (!repos.reminders.record({ caseId, kind, step, dueBy, sentAt: at })) continue
      let people = recipients.get(candidate.organisationId)
      if (!people) {
        people = repos.reminders.recipientsOf(candidate.organisationId)
        recipients.set(candidate.organisationId, people)
      }
      const organisationLocale = candidate.locales.split(',')[0] === 'en' ? 'en' : 'nl'
      const daysLeft = calendarDaysBetween(at, dueBy, days.timezone)
      const url = `${config.publicUrl}/staff/cases/${caseId}`
      for (const person of people) {
        const locale = person.locale ?? organisationLocale
        const t = catalogue(locale).reminders
        const date = formatDate(dueBy, locale, days.timezone)
        mail.enqueue({
          recipient: person.email,
          subject: t.subject(kind, daysLeft, candidate.organisationName, date),
          body: t.body(kind, daysLeft, candidate.organisationName, date, url),
        })
      }
      written++
    }
    const last = candidates.at(-1)
    const next = last && { nextDue: last.dueBy, receivedAt: last.receivedAt, caseId: last.caseId }
    return { read: candidates.length, written, next }
  }

  async function pass(options: PassOptions = {}): Promise<number> {
    const at = now()
    const limit = options.batchSize ?? BATCH
    let written = 0
    let batch = 0
    // In batches, each its own write transaction, with the event loop free in between: a burst of thousands of
    // reminders never holds the database (and reporters' submissions) for more than one batch. Each reminder is
    // still recorded in the same transaction as its mail, so a crash or a second process between batches
    // neither loses nor repeats one.
    for (const timezone of repos.reminders.activeTimezones()) {
      const days = dayBoundaries(at, timezone)
      let after: ReminderCursor = START_OF_INDEX
      for (;;) {
        // Let other work (and, in tests, a second instance) run before the write lock is taken.
        await nextTick()
        if (passes.stopping() && batch > 0) break
        await options.beforeBatch?.(batch++)
        const result = repos.immediateTransaction(() => writeBatch(days, after, limit, at))
        written += result.written
        if (result.read < limit || !result.next) break
        after = result.next
      }
    }
    if (written > 0) {
      log.info({ reminders: written }, 'reminders written to the outbox')
      mail.kick()
    }
    return written
  }

  const passes = periodic(pass, (error) => log.warn({ reason: error.message }, 'reminder pass failed'))

  return {
    /** One pass now; concurrent calls share it. Resolves to the number of reminders written. */
    runDue: (options?: PassOptions): Promise<number> => passes.now(options),
    /** What has been reminded (for operators and tests): case ids, kinds, steps; never content. */
    sent: () => repos.reminders.all(),
    start(intervalMs = 15 * 60_000): void {
      passes.start(intervalMs)
    },
    stop: passes.stop,
  }
}
export type ReminderService = ReturnType<typeof reminderService>
