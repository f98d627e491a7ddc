import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export type ReceivedMail = { to: string[]; raw: string }

/**
 * A real SMTP listener on 127.0.0.1; `refuse` makes it answer 451 (try later) to every message while set.
 * `port` listens again where an earlier listener was (after an outage); `onMail` runs after each accepted mail.
 */
export async function startSmtp(options: { port?: number; onMail?: (count: number) => void } = {}): Promise<{
  url: string
  port: number
  received: ReceivedMail[]
  refuse: boolean
  close(): Promise<void>
}> {
  const state = { received: [] as ReceivedMail[], refuse: false }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString()
      })
      stream.on('end', () => {
        if (state.refuse) {
          const error = new Error('try again later') as Error & { responseCode: number }
          error.responseCode = 451
          return callback(error)
        }
        state.received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw })
        options.onMail?.(state.received.length)
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}
