import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, startServer } from './helpers/processes.js'

const dataDir = mkdtempSync(join(tmpdir(), 'meldpool-server-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('npm start', () => {
  it('creates its database, prints a one-time setup link, serves, and stops cleanly on SIGTERM', {
    timeout: 180_000,
  }, async () => {
    let token = ''
    const server = await startServer({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_PORT: '0' })
    try {
      await new Promise((resolve) => setTimeout(resolve, 300))
      const link = server.output().match(/(http:\/\/127\.0\.0\.1:\d+\/staff\/setup\/[A-Za-z0-9_-]{43})/)
      expect(link, server.output()).not.toBeNull()
      const health = await fetch(`${server.url}/healthz`)
      expect(await health.json()).toEqual({ status: 'ok' })
      const setupPath = new URL(link![1]!).pathname
      token = setupPath.split('/').pop()!
      expect((await fetch(`${server.url}${setupPath}`)).status).toBe(200)
    } finally {
      const exited = new Promise<number | null>((resolve) => server.child.on('exit', resolve))
      server.child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
    // The setup link was printed to the console, never written to the structured log (which has the route pattern only).
    const logLines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
    expect(logLines.some((line) => line.includes('"startupMs"'))).toBe(true)
    expect(logLines.join('\n')).toContain('"route":"/staff/setup/:token"')
    expect(logLines.join('\n')).not.toContain(token)
  })

  it('refuses to start on a bad configuration with one line per problem', { timeout: 180_000 }, async () => {
    await expect(startServer({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_PORT: 'http' })).rejects.toThrow(
      /exited with 1:\s+Invalid configuration:\s+MELDPOOL_PORT: "http" is not valid/,
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
      await new Promise((resolve) => setTimeout(resolve, 300))
      server.child.kill('SIGTERM')
      expect(server.output()).not.toContain('/staff/setup/')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
