import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  commandLine,
  connectionRefused,
  exitOf,
  isGone,
  runCli,
  startServer,
  startWithNpm,
} from './helpers/processes.js'

const dataDir = mkdtempSync(join(tmpdir(), 'meldpool-server-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const setupLink = /(http:\/\/127\.0\.0\.1:\d+\/staff\/setup\/[A-Za-z0-9_-]{43})\n/

describe('the server process', () => {
  it('creates its database, prints a one-time setup link, serves, and stops cleanly on SIGTERM', {
    timeout: 180_000,
  }, async () => {
    let token = ''
    const server = await startServer({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_PORT: '0' })
    try {
      const [, link] = await server.waitForOutput(setupLink)
      const health = await fetch(`${server.url}/healthz`)
      expect(await health.json()).toEqual({ status: 'ok' })
      const setupPath = new URL(link!).pathname
      token = setupPath.split('/').pop()!
      expect((await fetch(`${server.url}${setupPath}`)).status).toBe(200)
      // The page scripts read an error's class name from the API's answer: the compiled bundle keeps it.
      const api = await fetch(`${server.url}/r/no-such-member/api/message`, { method: 'POST' })
      expect(api.status).toBe(404)
      expect(await api.json()).toEqual({ error: 'ReportingPageNotFound' })
      // The request line is logged once the response is done; wait for it instead of guessing a delay.
      await server.waitForOutput(/"route":"\/staff\/setup\/:token"/)
    } finally {
      // Exit code 0 is the graceful path; the 10 s watchdog in server.ts exits 1, a lost signal leaves null.
      expect(await server.stop('SIGTERM')).toBe(0)
    }
    expect(await connectionRefused(server.port)).toBe(true)
    // The setup link was printed to the console, never written to the structured log (which has the route pattern only).
    const logLines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
    expect(logLines.some((line) => line.includes('"startupMs"'))).toBe(true)
    expect(logLines.join('\n')).toContain('"route":"/staff/setup/:token"')
    expect(logLines.join('\n')).not.toContain(token)
  })

  it('stops cleanly on SIGINT (Ctrl-C)', { timeout: 180_000 }, async () => {
    const server = await startServer({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_PORT: '0' })
    expect(await server.stop('SIGINT')).toBe(0)
    expect(server.output()).toContain('"signal":"SIGINT"')
    expect(await connectionRefused(server.port)).toBe(true)
  })

  it('refuses to start on a bad configuration with one line per problem', { timeout: 180_000 }, async () => {
    await expect(startServer({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_PORT: 'http' })).rejects.toThrow(
      /exited with 1 before printing .*:\s+Invalid configuration:\s+MELDPOOL_PORT: "http" is not valid/s,
    )
  })

  it('prints no setup link once an administrator exists', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meldpool-server-'))
    try {
      const init = await runCli(
        ['init', '--admin-email', 'a@example.org', '--password-stdin'],
        { MELDPOOL_DATA_DIR: dir },
        'long enough passphrase',
      )
      expect(init.status).toBe(0)
      const server = await startServer({ MELDPOOL_DATA_DIR: dir, MELDPOOL_PORT: '0' })
      // server.ts prints the link (if any) before it installs its signal handlers: a clean exit on SIGTERM
      // proves that point was passed, so the whole output is in.
      expect(await server.stop('SIGTERM')).toBe(0)
      expect(server.output()).not.toContain('/staff/setup/')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`runs node itself, and ${signal} to npm stops the server cleanly`, { timeout: 180_000 }, async () => {
      const started = await startWithNpm({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_PORT: '0' })
      // npm's child is the server itself: no shell, no tsx in between to swallow the signal.
      expect(commandLine(started.serverPid)).toMatch(/^\S*node dist\/server\/server\.js$/)
      started.npm.kill(signal)
      expect(await exitOf(started.npm)).toBe(0)
      expect(started.output()).toContain(`"signal":"${signal}"`)
      expect(isGone(started.serverPid)).toBe(true)
      expect(await connectionRefused(started.port)).toBe(true)
    })
  }
})
