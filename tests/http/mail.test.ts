import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { multipart, receiptCode } from '../helpers/forms.js'
import { seedActiveOrganisation, seedPool } from '../helpers/seed.js'
import { startSmtp } from '../helpers/smtp.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function report(
  test: TestApp,
  slug: string,
  what: string,
  identity?: { name: string; contact: string },
): Promise<string> {
  const body = await multipart([
    ['lang', 'en'],
    ['what', what],
    ...(identity
      ? ([
          ['name', identity.name],
          ['contact', identity.contact],
        ] as Array<[string, string]>)
      : []),
  ])
  const response = await test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body })
  expect(response.statusCode).toBe(200)
  return receiptCode(response.body)
}

describe('new-report notices', () => {
  it('go to exactly the organisation’s confidants, and say nothing about the report or the reporter', async () => {
    const smtp = await startSmtp()
    cleanups.push(() => smtp.close())
    const clock = Date.parse('2026-11-28T09:30:00Z')
    const test = await createTestApp({ env: { MELDPOOL_SMTP_URL: smtp.url }, now: () => clock })
    cleanups.push(() => test.close())
    const pool = await seedPool(test)
    await test.app.ready()
    const reporter = { name: 'Jan Klaassen-Vermeulen', contact: 'jan.klaassen@example.net' }
    const code = await report(test, pool.bakery.slug, 'MAILCANARY the cash register is skimmed', reporter)
    await test.app.services.mail.deliverDue()

    // One notice per confidant of the bakery; nobody of the garage, the unassigned confidant or the admin.
    const recipients = smtp.received.flatMap((mail) => mail.to).sort()
    expect(recipients).toEqual(pool.bakery.confidants.map(({ email }) => email).sort())
    expect(smtp.received).toHaveLength(pool.bakery.confidants.length)
    for (const mail of smtp.received) {
      expect(mail.raw).toContain('Subject: Nieuwe melding voor Bakkerij Jansen B.V.')
      expect(mail.raw).toContain('5 december 2026')
      expect(mail.raw).toContain('http://127.0.0.1:3000/')
      // Quoted-printable soft line breaks could split a needle across lines: join them before searching.
      const text = mail.raw.replace(/=\r?\n/g, '')
      // The organisation's name ends in "B.V.": the sentence after it has one full stop, not two.
      expect(text).toContain('binnengekomen voor Bakkerij Jansen B.V.')
      // Straight to the case in the workspace (issue 9).
      expect(text).toMatch(/http:\/\/127\.0\.0\.1:3000\/staff\/cases\/[A-Za-z0-9_-]{22}\s/)
      expect(text).not.toContain('B.V..')
      for (const secret of [
        'MAILCANARY',
        'cash register',
        reporter.name,
        'Klaassen',
        reporter.contact,
        code,
        code.replace(/ /g, ''),
      ]) {
        expect(text, secret).not.toContain(secret)
      }
    }
  })

  it('survive an SMTP outage and a restart, and are sent once', async () => {
    const smtp = await startSmtp()
    cleanups.push(() => smtp.close())
    smtp.refuse = true
    let clock = Date.parse('2026-11-28T09:30:00Z')
    const first = await createTestApp({ env: { MELDPOOL_SMTP_URL: smtp.url }, now: () => clock })
    const { slug } = await seedActiveOrganisation(first)
    await report(first, slug, 'during the outage')
    await first.app.services.mail.deliverDue()
    expect(smtp.received).toHaveLength(0)
    const [pending] = first.app.services.mail.outbox()
    expect(pending).toMatchObject({ attempts: 1, sentAt: null })
    expect(pending!.lastError).toContain('try again later')
    // The retry waits for its backoff: nothing is attempted before it is due.
    await first.app.services.mail.deliverDue()
    expect(first.app.services.mail.outbox()[0]!.attempts).toBe(1)
    await first.app.close()

    smtp.refuse = false
    clock += 2 * 60_000
    const second = await createTestApp({
      env: { MELDPOOL_SMTP_URL: smtp.url },
      now: () => clock,
      reopen: first.dataDir,
    })
    cleanups.push(async () => {
      await second.close()
      await first.close()
    })
    await second.app.services.mail.deliverDue()
    await second.app.services.mail.deliverDue()
    expect(smtp.received).toHaveLength(1)
    expect(second.app.services.mail.outbox()[0]).toMatchObject({ attempts: 1, lastError: null })
    expect(second.app.services.mail.outbox()[0]!.sentAt).toBe(clock)
  })

  it('without MELDPOOL_SMTP_URL are written to the log as not sent', async () => {
    const test = await createTestApp()
    cleanups.push(() => test.close())
    const { slug } = await seedActiveOrganisation(test)
    await report(test, slug, 'LOGCANARY nobody configured mail')
    await test.app.services.mail.deliverDue()
    const log = test.logs.join('\n')
    expect(log).toContain('mail not sent: MELDPOOL_SMTP_URL is not set')
    expect(log).toContain('Nieuwe melding voor Bakkerij Jansen B.V.')
    expect(log).not.toContain('LOGCANARY')
    expect(test.app.services.mail.outbox()[0]!.lastError).toBe('not sent: no SMTP server configured')
  })

  it('go out in a burst of 200 over a few pooled SMTP connections, each mail exactly once', async () => {
    // A real listener that also counts the connections made to it (the shared helper does not).
    const received: Array<{ to: string; messageId: string | undefined }> = []
    let connections = 0
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect(_session, callback) {
        connections++
        callback()
      },
      onData(stream, session, callback) {
        let raw = ''
        stream.on('data', (chunk: Buffer) => {
          raw += chunk.toString()
        })
        stream.on('end', () => {
          const messageId = /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim()
          for (const rcpt of session.envelope.rcptTo) received.push({ to: rcpt.address, messageId })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { port } = server.server.address() as AddressInfo
    const test = await createTestApp({ env: { MELDPOOL_SMTP_URL: `smtp://127.0.0.1:${port}` } })
    cleanups.push(() => test.close())

    const MAILS = 200
    const recipients = Array.from({ length: MAILS }, (_, i) => `confidant-${i}@example.org`)
    for (const recipient of recipients) {
      test.app.services.mail.enqueue({ recipient, subject: 'Herinnering', body: 'Log in bij meldpool.' })
    }
    // One run delivers everything due, not just a first batch.
    await test.app.services.mail.deliverDue()

    expect(received.map(({ to }) => to).sort()).toEqual([...recipients].sort())
    expect(new Set(received.map(({ messageId }) => messageId)).size).toBe(MAILS)
    expect(test.app.services.mail.outbox().filter((mail) => mail.sentAt === null)).toEqual([])
    expect(test.app.services.mail.outbox().every((mail) => mail.attempts === 0)).toBe(true)
    // Pooled: a handful of connections, not one per mail.
    expect(connections).toBeLessThanOrEqual(3)
  })
})
