// The process and memory part of `npm run bench`: what every process meldpool runs holds, what `npm start`
// adds as a launcher, what a KDF worker costs to start again, and the goals of issue 7 as ratios.
import { readdirSync } from 'node:fs'
import { createKdfPool } from '../../server/kdf/pool.js'
import { fmtMb, fmtMs, fmtRatio, markdownTable, sleep, summarise } from './measure.js'
import { type Meldpool, startMeldpool } from './meldpool.js'
import { commandLine, descendantsOf, isRunning, killGroup, memoryOf, spawnTracked } from './processes.js'

/** GlobaLeaks 4.14.8 measured on this machine (issue 7): the reference the goals are ratios of. */
export const GLOBALEAKS = { idleRssMb: 126, coldStartMs: 2_800 }
export const GOALS = { idleRssMb: 80, loadRssMb: 120, coldStartMs: 1_000 }

export type ProcessMemory = { pid: number; command: string; rssMb: number }

/** The server and every process below it (there should be none: KDF workers are threads of the server). */
export function memoryOfTree(rootPid: number): ProcessMemory[] {
  return [rootPid, ...descendantsOf(rootPid)].map((pid) => ({
    pid,
    command: commandLine(pid).replace(/^\S*\/node /, 'node '),
    rssMb: memoryOf(pid)?.rssMb ?? 0,
  }))
}

export const totalMb = (processes: ProcessMemory[]) => processes.reduce((sum, p) => sum + p.rssMb, 0)

export function describeTree(processes: ProcessMemory[]): string {
  return processes.map((p) => `${p.pid} \`${p.command}\` ${fmtMb(p.rssMb)}`).join('; ')
}

export type ColdStart = { server: Meldpool; firstOkMs: number; idle: ProcessMemory[]; idleThreads: number }

/**
 * Section 1 of the bench: spawns `node dist/server/server.js`, times spawn → first 200 of the landing page,
 * then reads the RSS of every process it runs after 2 s idle. The server is left running for the caller.
 */
export async function coldStart(dataDir: string, slug: string): Promise<ColdStart> {
  const server = await startMeldpool(dataDir)
  try {
    const first = await fetch(`${server.url}/r/${slug}`)
    await first.arrayBuffer()
    const firstOkMs = performance.now() - server.spawnedAt
    if (first.status !== 200) throw new Error(`the first GET /r/${slug} answered ${first.status}`)
    await sleep(2_000)
    return {
      server,
      firstOkMs,
      idleThreads: threadsOf(server.serverPid),
      idle: memoryOfTree(server.serverPid),
    }
  } catch (error) {
    await server.stop()
    throw error
  }
}

/** OS threads of a process: the main thread, libuv's and V8's helpers, and one per KDF worker. */
export function threadsOf(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length
  } catch {
    return 0
  }
}

/** Polls until the process is back to `threads` threads (its KDF workers ended) or `timeoutMs` passes. */
export async function untilThreads(pid: number, threads: number, timeoutMs: number): Promise<number> {
  const started = performance.now()
  while (threadsOf(pid) > threads && performance.now() - started < timeoutMs)
    await new Promise((resolve) => setTimeout(resolve, 250))
  return performance.now() - started
}

/**
 * What starting a KDF worker again costs once the idle timeout has ended it: the first derivation on an empty
 * pool (thread start, compiled worker load, libsodium's WASM, then Argon2id) against one on a warm worker.
 */
export async function kdfRestartCost(
  rounds = 5,
): Promise<{ cold: number[]; warm: number[]; startOnly: number[] }> {
  const salt = new Uint8Array(16)
  const cold: number[] = []
  const warm: number[] = []
  const startOnly: number[] = []
  for (let round = 0; round < rounds; round++) {
    const pool = createKdfPool({ size: 1 })
    try {
      let started = performance.now()
      await pool.deriveAccountSecrets(`cold ${round}`, salt)
      cold.push(performance.now() - started)
      started = performance.now()
      await pool.deriveAccountSecrets(`warm ${round}`, salt)
      warm.push(performance.now() - started)
    } finally {
      await pool.close()
    }
    const fresh = createKdfPool({ size: 1 })
    try {
      const started = performance.now()
      await fresh.warm()
      startOnly.push(performance.now() - started)
    } finally {
      await fresh.close()
    }
  }
  return { cold, warm, startOnly }
}

export function describeRestart(cost: { cold: number[]; warm: number[]; startOnly: number[] }): string[] {
  const cold = summarise(cost.cold)
  const warm = summarise(cost.warm)
  const start = summarise(cost.startOnly)
  return [
    `first derivation on an empty pool (worker start + Argon2id): p50 ${fmtMs(cold.p50)}, max ${fmtMs(cold.max)}`,
    `derivation on a warm worker: p50 ${fmtMs(warm.p50)}, max ${fmtMs(warm.max)}`,
    `worker start alone (thread + compiled worker + libsodium ready): p50 ${fmtMs(start.p50)}, max ${fmtMs(start.max)} (n=${start.n})`,
    `→ restart cost ≈ ${fmtMs(cold.p50 - warm.p50)} on the first no-JS submission or code check after ${30} s idle, ` +
      'unless the form page prewarmed a worker',
  ]
}

export type Launched = {
  spawnToListeningMs: number
  npm: ProcessMemory
  server: ProcessMemory
  stopMs: number
  npmExitCode: number | null
  serverGone: boolean
}

/** `npm start` (without its prestart build, done already): RSS of npm itself next to the server it runs. */
export function measureNpmStart(dataDir: string): Promise<Launched> {
  const spawnedAt = performance.now()
  const npm = spawnTracked('npm', ['start', '--ignore-scripts'], {
    MELDPOOL_DATA_DIR: dataDir,
    MELDPOOL_PORT: '0',
  })
  let output = ''
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      killGroup(npm, 'SIGKILL')
      fail(new Error(`npm start did not listen within 30 s:\n${output}`))
    }, 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk
      if (!/meldpool is listening on \S+ \(data in [^\n]*\n/.test(output)) return
      clearTimeout(timer)
      npm.stdout!.off('data', onData)
      const spawnToListeningMs = performance.now() - spawnedAt
      void (async () => {
        await new Promise((resolve) => setTimeout(resolve, 2_000))
        const [serverPid] = descendantsOf(npm.pid!)
        const tree = memoryOfTree(npm.pid!)
        const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve))
        const stopStarted = performance.now()
        npm.kill('SIGTERM')
        const npmExitCode = await exited
        done({
          spawnToListeningMs,
          npm: tree[0]!,
          server: tree.find((p) => p.pid === serverPid) ?? { pid: 0, command: '?', rssMb: 0 },
          stopMs: performance.now() - stopStarted,
          npmExitCode,
          serverGone: serverPid === undefined || !isRunning(serverPid),
        })
      })().catch(fail)
    }
    npm.stdout!.on('data', onData)
    npm.stderr!.on('data', (chunk) => {
      output += chunk
    })
  })
}

export type RuntimeFigures = {
  coldStartMs?: number
  idleRssMb?: number
  pageLoadRssMb?: number
  afterWorkersEndedMb?: number
  launcherMb?: number
}

/** The goals of issue 7 with today's figures, as ratios of GlobaLeaks' and of the target. */
export function goalsTable(figures: RuntimeFigures): string {
  const row = (
    measure: string,
    value: number | undefined,
    goal: number,
    reference: number | undefined,
    fmt: (v: number) => string,
  ) => [
    measure,
    value === undefined ? '?' : fmt(value),
    `< ${fmt(goal)}`,
    value === undefined ? '?' : value < goal ? 'met' : 'NOT met',
    reference === undefined ? '–' : fmt(reference),
    value === undefined || reference === undefined ? '–' : fmtRatio(value / reference),
  ]
  return markdownTable(
    ['goal', 'meldpool', 'target', '', 'GlobaLeaks', 'meldpool ÷ GlobaLeaks'],
    [
      row(
        'idle RSS of everything meldpool runs',
        figures.idleRssMb,
        GOALS.idleRssMb,
        GLOBALEAKS.idleRssMb,
        fmtMb,
      ),
      row('RSS under page load', figures.pageLoadRssMb, GOALS.loadRssMb, undefined, fmtMb),
      row('cold start to first 200', figures.coldStartMs, GOALS.coldStartMs, GLOBALEAKS.coldStartMs, fmtMs),
    ],
  )
}
