import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { receiptCode } from './helpers/forms.js'
import { runCli, startServer } from './helpers/processes.js'

const dataDir = mkdtempSync(join(tmpdir(), 'meldpool-durability-'))
const env = { MELDPOOL_DATA_DIR: dataDir, MELDPOOL_PORT: '0' }
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

beforeAll(async () => {
  const steps: Array<[string[], string?]> = [
    [
      ['user', 'add', '--email', 'vp@example.org', '--name', 'VP', '--role', 'confidant', '--password-stdin'],
      'a long confidant passphrase',
    ],
    [['org', 'add', '--slug', 'durable', '--name', 'Durable B.V.']],
    [['assign', '--email', 'vp@example.org', '--org', 'durable']],
    [['org', 'activate', 'durable']],
  ]
  for (const [args, stdin] of steps)
    expect((await runCli(args, { MELDPOOL_DATA_DIR: dataDir }, stdin)).status).toBe(0)
}, 180_000)

describe('durability', () => {
  it('a report the reporter was told is received survives the server being killed right after', {
    timeout: 180_000,
  }, async () => {
    const first = await startServer(env)
    const form = new FormData()
    form.append('lang', 'en')
    form.append('what', 'Survives SIGKILL')
    const response = await fetch(`${first.url}/r/durable/report`, { method: 'POST', body: form })
    const html = await response.text()
    first.child.kill('SIGKILL')
    expect(response.status).toBe(200)
    const code = receiptCode(html)
    await new Promise((resolve) => first.child.on('exit', resolve))

    const second = await startServer(env)
    try {
      const opened = await fetch(`${second.url}/r/durable/follow-up`, {
        method: 'POST',
        body: new URLSearchParams({ code, lang: 'en' }),
        redirect: 'manual',
      })
      expect(opened.status).toBe(303)
      const cookie = opened.headers.get('set-cookie')!.split(';')[0]!
      // Locations are absolute (the configured public URL); ask this server for the same path.
      const location = new URL(opened.headers.get('location')!)
      const thread = await fetch(`${second.url}${location.pathname}${location.search}`, {
        headers: { cookie },
      })
      expect(await thread.text()).toContain('Survives SIGKILL')
    } finally {
      second.child.kill('SIGTERM')
    }
  })
})
