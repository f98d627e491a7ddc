// The landing page's throughput next to the same bytes precomputed, for `npm run bench`: one bench-only app
// process (pages-app.ts) answers both, so the ratio shows what rendering costs, not what the machine does.
// The server's own CPU time per request is read from /proc too: unlike req/s, it hardly moves when other
// processes compete for the cores (it is what one core could serve if the server had it to itself).
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import autocannon, { type Result } from 'autocannon'
import { killGroup, spawnTracked } from './processes.js'

export type Measured = { result: Result; cpuMsPerRequest: number | undefined }

/** GlobaLeaks 4.14.8's `/api/public` on this machine (issue 7), and the goals set against it. */
export const GOALS = { globaleaksPerSecond: 3_275, perSecond: 10_000, ofPrecomputed: 0.8, p99Ms: 20 }

/** autocannon's settings for every page load test: 50 connections, 10 s, after a 2 s warm-up. */
export const LOAD = { connections: 50, duration: 10, warmUp: 2 }

const TICKS_PER_SECOND = 100

export function load(url: string, duration: number): Promise<Result> {
  return autocannon({ url, connections: LOAD.connections, duration, timeout: 10 })
}

/** User plus system CPU time of a process so far, in ms (Linux /proc; undefined elsewhere). */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the command name: state is field 3 of stat(5), utime 14 and stime 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

export async function measure(
  pid: number,
  url: string,
  run: (url: string) => Promise<Result>,
): Promise<Measured> {
  const before = cpuMs(pid)
  const result = await run(url)
  const after = cpuMs(pid)
  const cpuMsPerRequest =
    before === undefined || after === undefined || result.requests.total === 0
      ? undefined
      : (after - before) / result.requests.total
  return { result, cpuMsPerRequest }
}

/** Starts the bench-only app on a prepared data directory; resolves with its URL and pid. */
export function startPagesApp(
  dataDir: string,
  slug: string,
): Promise<{ child: ChildProcess; url: string; bytes: number; stop(): void }> {
  const child = spawnTracked(process.execPath, ['--import', 'tsx', 'tests/bench/pages-app.ts', slug], {
    MELDPOOL_DATA_DIR: dataDir,
  })
  // The request log goes to stdout, as in production: read and drop it so the pipe never blocks.
  child.stdout!.resume()
  return new Promise((done, fail) => {
    let output = ''
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL')
      fail(new Error(`pages-app.ts did not start within 60 s: ${output}`))
    }, 60_000)
    child.stderr!.on('data', (chunk) => {
      output += chunk
      const match = output.match(/\{"port":(\d+),"bytes":(\d+)\}/)
      if (!match) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      done({
        child,
        url: `http://127.0.0.1:${match[1]}`,
        bytes: Number(match[2]),
        stop: () => killGroup(child, 'SIGTERM'),
      })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`pages-app.ts exited (${code}): ${output}`))
    })
  })
}

/** The yardstick (bare-fastify.ts) in its own process; resolves with its URL and pid. */
export function startBareFastify(): Promise<{ child: ChildProcess; url: string; stop(): void }> {
  const child = spawnTracked(process.execPath, ['--import', 'tsx', 'tests/bench/bare-fastify.ts'])
  return new Promise((done, fail) => {
    let output = ''
    child.stdout!.on('data', (chunk) => {
      output += chunk
      const match = output.match(/\{"port":(\d+)\}/)
      if (!match) return
      child.removeAllListeners('exit')
      done({ child, url: `http://127.0.0.1:${match[1]}/`, stop: () => killGroup(child, 'SIGTERM') })
    })
    child.stderr!.on('data', (chunk) => {
      output += chunk
    })
    child.once('exit', (code) => fail(new Error(`bare Fastify exited (${code}): ${output}`)))
  })
}

/**
 * Loads each target in turn for `rounds` rounds after one warm-up each: interleaved, so that a burst of work
 * elsewhere on the machine does not fall on one side only.
 */
export async function interleaved<K extends string>(
  targets: Record<K, { pid: number; url: string }>,
  rounds: number,
  duration = LOAD.duration,
): Promise<Record<K, Measured[]>> {
  const kinds = Object.keys(targets) as K[]
  const measured = Object.fromEntries(kinds.map((kind) => [kind, []])) as unknown as Record<K, Measured[]>
  for (const kind of kinds) await load(targets[kind].url, LOAD.warmUp)
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds)
      measured[kind].push(await measure(targets[kind].pid, targets[kind].url, (url) => load(url, duration)))
  }
  return measured
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length

export const meanPerSecond = (rounds: Measured[]) => mean(rounds.map((m) => m.result.requests.average))

/** The mean server CPU time per request over the rounds, in ms (undefined without /proc). */
export function meanCpuMs(rounds: Measured[]): number | undefined {
  const values = rounds.flatMap((m) => (m.cpuMsPerRequest === undefined ? [] : [m.cpuMsPerRequest]))
  return values.length > 0 ? mean(values) : undefined
}
