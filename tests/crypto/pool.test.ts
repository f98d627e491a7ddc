import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CaseCodeInvalid,
  deriveAccountSecrets,
  deriveReporterKeys,
  generateCaseCode,
  generateCodeSalt,
  ready,
  unlockAccountSecretKey,
  WrongPassword,
} from '../../crypto/index.js'
import { createKdfPool, KdfBusy, type KdfPool, KdfPoolClosed } from '../../server/kdf/pool.js'

beforeAll(ready)

/** OS threads of this process (Linux); undefined elsewhere, where the thread check is skipped. */
function threadCount(): number | undefined {
  return existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : undefined
}

describe('KDF worker pool', () => {
  let pool: KdfPool

  beforeAll(async () => {
    pool = createKdfPool({ size: 2 })
    await pool.warm()
  })
  afterAll(() => pool.close())

  it('derives exactly what the crypto functions derive in-thread', async () => {
    const code = generateCaseCode()
    const salt = generateCodeSalt()
    const [viaPool, accountViaPool] = await Promise.all([
      pool.deriveReporterKeys(code, salt),
      pool.deriveAccountSecrets('hunter2 but longer', salt),
    ])
    expect(viaPool).toEqual(deriveReporterKeys(code, salt))
    expect(viaPool.lookup).toBeInstanceOf(Uint8Array)
    expect(accountViaPool).toEqual(deriveAccountSecrets('hunter2 but longer', salt))
  })

  it('creates account keys that open with the password, and rewraps them', async () => {
    const account = await pool.createAccountKeys('pool password')
    const { kek } = deriveAccountSecrets('pool password', account.salt)
    expect(unlockAccountSecretKey(kek, account.encryptedSecretKey)).toEqual(account.secretKey)
    const changed = await pool.rewrapAccountSecretKey(
      'pool password',
      account.salt,
      account.encryptedSecretKey,
      'new',
    )
    const fresh = deriveAccountSecrets('new', changed.salt)
    expect(unlockAccountSecretKey(fresh.kek, changed.encryptedSecretKey)).toEqual(account.secretKey)
  })

  it('leaves the caller’s inputs intact (copied, not transferred)', async () => {
    const salt = generateCodeSalt()
    const copy = salt.slice()
    await pool.deriveAccountSecrets('x', salt)
    expect(salt).toEqual(copy)
  })

  it('rejects with the crypto layer’s own error classes', async () => {
    await expect(pool.deriveReporterKeys('1234', generateCodeSalt())).rejects.toBeInstanceOf(CaseCodeInvalid)
    const account = await pool.createAccountKeys('right')
    await expect(
      pool.rewrapAccountSecretKey('wrong', account.salt, account.encryptedSecretKey, 'new'),
    ).rejects.toBeInstanceOf(WrongPassword)
  })

  it('keeps the event loop turning while derivations run (they happen off the main thread)', async () => {
    // Counts event-loop turns between start and end of four derivations. Run on this thread, Argon2id would
    // hold the loop for the whole time and no turn could happen; no clock is read, so load cannot flake it.
    let turns = 0
    let done = false
    const spin = () => {
      if (done) return
      turns++
      setImmediate(spin)
    }
    setImmediate(spin)
    const salt = generateCodeSalt()
    await Promise.all([1, 2, 3, 4].map((n) => pool.deriveAccountSecrets(`password ${n}`, salt)))
    done = true
    expect(turns).toBeGreaterThan(20)
  })
})

describe('KDF pool back-pressure and shutdown', () => {
  it('rejects with KdfBusy once every worker is busy and the queue is full', async () => {
    const pool = createKdfPool({ size: 1, maxQueue: 1 })
    try {
      const salt = generateCodeSalt()
      const running = pool.deriveAccountSecrets('a', salt)
      const queued = pool.deriveAccountSecrets('b', salt)
      await expect(pool.deriveAccountSecrets('c', salt)).rejects.toBeInstanceOf(KdfBusy)
      await Promise.all([running, queued])
      // Capacity comes back once the queue drains.
      await expect(pool.deriveAccountSecrets('d', salt)).resolves.toHaveProperty('auth')
    } finally {
      await pool.close()
    }
  })

  it('close() fails pending work, refuses new work and ends its threads', async () => {
    const before = threadCount()
    const pool = createKdfPool({ size: 2, maxQueue: 4 })
    const salt = generateCodeSalt()
    await pool.warm()
    if (before !== undefined) expect(threadCount()).toBe(before + 2)
    const pending = [pool.deriveAccountSecrets('a', salt), pool.deriveAccountSecrets('b', salt)]
    const settled = Promise.allSettled(pending)
    await pool.close()
    for (const result of await settled) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(KdfPoolClosed)
    }
    await expect(pool.deriveAccountSecrets('c', salt)).rejects.toBeInstanceOf(KdfPoolClosed)
    if (before !== undefined) expect(threadCount()).toBe(before)
  })

  it('prewarm() starts one worker ahead, which the next derivation uses instead of starting another', async () => {
    const before = threadCount()
    const pool = createKdfPool({ size: 2 })
    try {
      pool.prewarm()
      if (before !== undefined) {
        await until(() => threadCount() === before + 1)
        await pool.deriveAccountSecrets('warm', generateCodeSalt())
        expect(threadCount()).toBe(before + 1)
      }
    } finally {
      await pool.close()
    }
    pool.prewarm()
    if (before !== undefined) expect(threadCount()).toBe(before)
  })

  it('ends idle workers after the quiet period, and starts one again on demand', async () => {
    const before = threadCount()
    const pool = createKdfPool({ size: 2, idleTimeoutMs: 50 })
    try {
      const salt = generateCodeSalt()
      await Promise.all([pool.deriveAccountSecrets('a', salt), pool.deriveAccountSecrets('b', salt)])
      if (before !== undefined) await until(() => threadCount() === before)
      expect(await pool.deriveAccountSecrets('c', salt)).toEqual(deriveAccountSecrets('c', salt))
    } finally {
      await pool.close()
    }
  })

  // The CLI path: a process that derives once must exit by itself once its pool is idle, even without close().
  it('idle workers do not keep a process alive', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meldpool-pool-'))
    const poolModule = fileURLToPath(new URL('../../server/kdf/pool.ts', import.meta.url))
    const cryptoModule = fileURLToPath(new URL('../../crypto/index.ts', import.meta.url))
    const script = join(dir, 'derive.mts')
    writeFileSync(
      script,
      [
        `import { createAccountKeys, ready } from ${JSON.stringify(cryptoModule)}`,
        `import { createKdfPool } from ${JSON.stringify(poolModule)}`,
        'await ready()',
        'const keys = await createKdfPool().createAccountKeys("cli password")',
        'console.log(JSON.stringify({ ok: keys.publicKey.length === 32, sameShape: Object.keys(createAccountKeys("x")).sort().join() === Object.keys(keys).sort().join() }))',
      ].join('\n'),
    )
    try {
      // tsx only loads this TypeScript test script; the pool's workers run the compiled worker either way.
      const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url))
      const { code, stdout, stderr } = await new Promise<{
        code: number | null
        stdout: string
        stderr: string
      }>((resolve, reject) => {
        const child = spawn(process.execPath, [tsx, script], { stdio: ['ignore', 'pipe', 'pipe'] })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (data) => (stdout += data))
        child.stderr.on('data', (data) => (stderr += data))
        // A process kept alive by an idle worker never exits: end it and fail, after it is really gone. The
        // budget is generous: tsx, a cold worker and Argon2id on a loaded 2-core machine.
        const timer = setTimeout(() => {
          child.kill('SIGKILL')
          child.once('exit', () => reject(new Error(`process did not exit on its own; stderr: ${stderr}`)))
        }, 120_000)
        child.on('exit', (exitCode) => {
          clearTimeout(timer)
          resolve({ code: exitCode, stdout, stderr })
        })
      })
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(stdout)).toEqual({ ok: true, sameShape: true })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** Re-checks a condition every 10 ms until it holds; the test's own timeout bounds the wait. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
}
