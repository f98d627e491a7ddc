import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll } from 'vitest'
import { ready } from '../../crypto/index.js'
import { type AppOptions, buildApp } from '../../server/app.js'
import { type Config, loadConfig } from '../../server/config.js'
import { createKdfPool, type KdfPool } from '../../server/kdf/pool.js'
import { templateDatabase } from './paths.js'

let pool: KdfPool | undefined
/** One Argon2id worker pool per test file (workers are real; creating them per test would be slow). */
export function testKdfPool(): KdfPool {
  if (!pool) {
    pool = createKdfPool({ size: 1 })
    afterAll(async () => {
      await pool?.close()
      pool = undefined
    })
  }
  return pool
}

export type TestApp = {
  app: FastifyInstance
  config: Config
  dataDir: string
  logs: string[]
  close(): Promise<void>
}

/** The real app on a real SQLite file (a copy of the migrated template) in its own temporary data directory. */
export async function createTestApp(
  options: {
    env?: Record<string, string>
    now?: () => number
    reopen?: string
    /** Overrides for fault injection: a small KDF pool, a full disk, a short idle timeout. */
    app?: Pick<AppOptions, 'kdf' | 'freeBytes' | 'idleTimeoutMs'>
  } = {},
): Promise<TestApp> {
  // `reopen`: start again on an existing data directory, as after a restart (the caller removes it).
  const dataDir = options.reopen ?? mkdtempSync(join(tmpdir(), 'meldpool-test-'))
  if (!options.reopen) copyFileSync(templateDatabase, join(dataDir, 'meldpool.sqlite'))
  const config = loadConfig({ MELDPOOL_DATA_DIR: dataDir, MELDPOOL_LOG_LEVEL: 'info', ...options.env })
  const logs: string[] = []
  // The server loads libsodium on the first request that needs it; tests also use it directly (seeding keys,
  // opening what was stored) before any request.
  await ready()
  const app = await buildApp({
    config,
    kdf: testKdfPool(),
    logStream: { write: (line) => logs.push(line) },
    now: options.now,
    ...options.app,
  })
  return {
    app,
    config,
    dataDir,
    logs,
    async close() {
      await app.close()
      if (!options.reopen) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * A free local port, so a served test app can be told its public URL before it listens: redirects are absolute,
 * built from that URL, as in production.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** The real app listening on 127.0.0.1 with a public URL that matches, for browser and lynx tests. */
export async function createServedTestApp(
  options: { env?: Record<string, string> } = {},
): Promise<{ test: TestApp; origin: string }> {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const test = await createTestApp({ env: { MELDPOOL_PUBLIC_URL: origin, ...options.env } })
  await test.app.listen({ host: '127.0.0.1', port })
  return { test, origin }
}
