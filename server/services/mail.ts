import type { Transporter } from 'nodemailer'
import type { OutboxRow } from '../../db/index.js'
import type { ServiceContext } from './context.js'
import { periodic } from './periodic.js'

/** `messageId` is the same on every attempt of one outbox mail, so a receiver can tell a repeat from a new mail. */
export type Mail = { from: string; to: string; subject: string; text: string; messageId?: string }
export type MailTransport = { send(mail: Mail): Promise<void>; close(): void }
/** The two log levels mail uses; the app's pino logger fits, and so does a console adapter in the CLI. */
export type MailLog = {
  info(details: object, message: string): void
  warn(details: object, message: string): void
}

/** SMTP connections kept open at once, and mails over one before it is renewed (nodemailer's pool). */
const CONNECTIONS = 3
const MAILS_PER_CONNECTION = 100

/**
 * SMTP through nodemailer, from MELDPOOL_SMTP_URL (smtp:// or smtps://user:pass@host:port). nodemailer is
 * loaded with the first mail, not at start: most of the time the server has nothing to send (70 ms, 2 MB).
 * Pooled: a burst (a reminder run, a digest) goes over a few open connections instead of one handshake per
 * mail; close() drops them, and the next mail opens new ones.
 */
export function smtpTransport(url: string): MailTransport {
  let transporter: Promise<Transporter> | undefined
  return {
    async send(mail) {
      transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport({
          url,
          pool: true,
          maxConnections: CONNECTIONS,
          maxMessages: MAILS_PER_CONNECTION,
        }),
      )
      await (await transporter).sendMail(mail)
    },
    close() {
      const open = transporter
      transporter = undefined
      void open?.then((opened) => opened.close())
    },
  }
}

/** Mails read per step of a run; they are handed to the transport at once (the pool limits concurrency). */
const BATCH = 50
const FIRST_RETRY_MS = 60_000
const MAX_RETRY_MS = 6 * 60 * 60 * 1000

/** 1, 2, 4, 8 … minutes, at most six hours: an SMTP outage delays mail, it never loses it. */
export function retryDelay(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempts)
}

/**
 * Mail goes through the outbox (DESIGN §6): `enqueue` writes it in the transaction of its cause; the worker
 * delivers what is due and records each result, so a restart or an SMTP outage loses nothing. A crash between
 * a successful send and its record is the one case that can send a mail twice; the repeat carries the same
 * Message-ID, so the receiving side can tell it is a repeat. Mail never carries report content, reporter data
 * or case codes: callers write only "something to do for X, due on D" and a link.
 */
export function mailService(context: ServiceContext, transport: MailTransport | undefined, log: MailLog) {
  const { repos, config, now } = context
  const mailDomain = new URL(config.publicUrl).hostname

  /** Sends one mail and records the result: sent only once the server accepted it, else retried later. */
  async function attempt(sender: MailTransport, mail: OutboxRow): Promise<boolean> {
    try {
      await sender.send({
        from: config.mailFrom,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.body,
        messageId: `<outbox-${mail.id}-${mail.createdAt}@${mailDomain}>`,
      })
      repos.outbox.markSent(mail.id, now())
      log.info({ mail: mail.id, attempts: mail.attempts + 1 }, 'mail sent')
      return true
    } catch (error) {
      const reason = (error as Error).message.slice(0, 500)
      repos.outbox.markFailed(mail.id, reason, now() + retryDelay(mail.attempts))
      log.warn({ mail: mail.id, attempts: mail.attempts + 1, reason }, 'mail not delivered; will retry')
      return false
    }
  }

  /** Everything due, a batch at a time, each batch concurrently; stops at the first batch with a failure. */
  async function deliver(): Promise<void> {
    for (;;) {
      const due = repos.outbox.due(now(), BATCH)
      if (!transport) {
        for (const mail of due) {
          log.warn(
            { mail: mail.id, to: mail.recipient, subject: mail.subject },
            'mail not sent: MELDPOOL_SMTP_URL is not set',
          )
          repos.outbox.markSent(mail.id, now(), 'not sent: no SMTP server configured')
        }
      } else {
        const results = await Promise.all(due.map((mail) => attempt(transport, mail)))
        if (results.includes(false)) {
          // The server is refusing or going away: drop its open connections (retries open new ones) and leave
          // the rest of the queue to the next run rather than try every mail against it now.
          transport.close()
          return
        }
      }
      if (due.length < BATCH || runs.stopping()) return
    }
  }

  const runs = periodic(deliver, (error) => log.warn({ reason: error.message }, 'mail delivery run failed'))

  return {
    enqueue(mail: { recipient: string; subject: string; body: string }): void {
      repos.outbox.enqueue({ ...mail, createdAt: now() })
    },
    /** The outbox as stored (for operators and tests): recipients, subjects, attempts; never report content. */
    outbox: () => repos.outbox.all(),
    /** Delivers what is due now; concurrent calls share one run. */
    deliverDue: (): Promise<void> => runs.now(),
    /** Soon after a commit that enqueued mail, rather than at the next tick (only once started). */
    kick: runs.kick,
    start(intervalMs = 15_000): void {
      runs.start(intervalMs)
    },
    /** Waits for a delivery run in progress, then closes the SMTP connection. */
    async stop(): Promise<void> {
      await runs.stop()
      transport?.close()
    },
  }
}
export type MailService = ReturnType<typeof mailService>
