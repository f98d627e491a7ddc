// The real meldpool server for `npm run bench`: a data directory prepared with the CLI, the server started
// the way production starts it (node dist/server/server.js), its request log read back, and a timed SIGTERM.
import type { ChildProcess } from 'node:child_process'
import {
  cliJs,
  descendantsOf,
  isRunning,
  killGroup,
  runToCompletion,
  serverJs,
  spawnTracked,
} from './processes.js'

export const benchSlug = 'bench-org'
const confidantPassword = 'bench confidant password'

/** A confidant with keys, assigned to an ACTIVE organisation, as an operator would set it up. */
export async function prepareDataDir(dataDir: string): Promise<number> {
  const started = performance.now()
  const env = { MELDPOOL_DATA_DIR: dataDir }
  const steps: Array<{ args: string[]; stdin?: string }> = [
    {
      args: [
        'user',
        'add',
        '--email',
        'vp@example.org',
        '--name',
        'VP',
        '--role',
        'confidant',
        '--password-stdin',
      ],
      stdin: `${confidantPassword}\n`,
    },
    { args: ['org', 'add', '--slug', benchSlug, '--name', 'Bench B.V.'] },
    { args: ['assign', '--email', 'vp@example.org', '--org', benchSlug] },
    { args: ['org', 'activate', benchSlug] },
  ]
  for (const step of steps) {
    const result = await runToCompletion(process.execPath, [cliJs, ...step.args], {
      env,
      stdin: step.stdin,
      timeoutMs: 30_000,
    })
    if (result.status !== 0)
      throw new Error(`meldpool ${step.args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`)
  }
  return performance.now() - started
}

export type RequestLine = { method: string; route: string; status: number; ms: number }

export type Shutdown = {
  /** SIGTERM until the server process is gone (what a supervisor waits for). */
  serverMs: number
  exitCode: number | null
  forced: boolean
}

export type Meldpool = {
  url: string
  /** The node process that listens: the one spawned, with no wrapper. */
  serverPid: number
  /** Child processes of the server (there should be none: KDF workers are threads). */
  helperPids: number[]
  /** performance.now() when the server was spawned, to time the first answer from. */
  spawnedAt: number
  spawnToListeningMs: number
  /** What the server's own "meldpool is listening" log line says (measured from inside the process). */
  logged: { startupMs?: number; rssMb?: number }
  /** The server's own request log lines (route, status, ms) written while `run` ran. */
  recordRequests<T>(run: () => Promise<T>): Promise<{ value: T; lines: RequestLine[] }>
  /** Log lines at level error or fatal, and stderr: a clean run has neither. */
  problems(): string[]
  stop(): Promise<Shutdown>
}

export function startMeldpool(dataDir: string): Promise<Meldpool> {
  const spawnedAt = performance.now()
  const child = spawnTracked(process.execPath, [serverJs], {
    MELDPOOL_DATA_DIR: dataDir,
    MELDPOOL_PORT: '0',
    // As `npm start` and the Dockerfile run it: glibc's per-thread malloc arenas would otherwise add RSS.
    MALLOC_ARENA_MAX: '2',
    MELDPOOL_HOST: '127.0.0.1',
    // The bench sends far more reports to one organisation than the flood limit lets through in an hour.
    MELDPOOL_REPORTS_PER_HOUR: '999999',
  })
  const logged: Meldpool['logged'] = {}
  const problems: string[] = []
  let stderr = ''
  let startupOutput = ''
  let pending = ''
  let recording: RequestLine[] | undefined

  // Runs for every line the server prints, also under load, so JSON is only parsed when needed.
  const onLine = (line: string) => {
    if (!line.startsWith('{')) return
    const wanted = recording !== undefined && line.includes('"route"')
    const failed = line.includes('"level":50') || line.includes('"level":60')
    const listening = logged.startupMs === undefined && line.includes('"startupMs"')
    if (!wanted && !failed && !listening) return
    const entry = JSON.parse(line) as Record<string, unknown>
    if (failed) problems.push(line)
    if (listening) Object.assign(logged, { startupMs: entry.startupMs, rssMb: entry.rssMb })
    if (wanted)
      recording!.push({
        method: String(entry.method),
        route: String(entry.route),
        status: Number(entry.status),
        ms: Number(entry.ms),
      })
  }
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n')
    pending = lines.pop()!
    for (const line of lines) onLine(line)
  })
  child.stderr!.setEncoding('utf8')
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk
  })

  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL')
      fail(new Error(`meldpool did not start within 30 s:\n${startupOutput}${stderr}`))
    }, 30_000)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      fail(new Error(`meldpool exited (${code}) before listening:\n${startupOutput}${stderr}`))
    }
    child.once('exit', onExit)
    const onStartupData = (chunk: string) => {
      startupOutput += chunk
      const match = startupOutput.match(/meldpool is listening on (http:\/\/[^\s]+)/)
      if (!match) return
      const spawnToListeningMs = performance.now() - spawnedAt
      child.stdout!.off('data', onStartupData)
      child.off('exit', onExit)
      clearTimeout(timer)
      void waitFor(() => logged.startupMs !== undefined, 3_000).then(() =>
        done(handle(child, match[1]!, spawnToListeningMs)),
      )
    }
    child.stdout!.on('data', onStartupData)
  })

  function handle(child: ChildProcess, url: string, spawnToListeningMs: number): Meldpool {
    const serverPid = child.pid!
    return {
      url,
      serverPid,
      helperPids: descendantsOf(serverPid),
      spawnedAt,
      spawnToListeningMs,
      logged,
      async recordRequests(run) {
        const lines: RequestLine[] = []
        recording = lines
        try {
          const value = await run()
          // The log line is written after the response is sent: give the last ones a moment to arrive.
          await new Promise((resolve) => setTimeout(resolve, 200))
          return { value, lines }
        } finally {
          recording = undefined
        }
      },
      problems: () => (stderr.trim() ? [...problems, `stderr: ${stderr.trim()}`] : problems),
      stop: () => stop(child, serverPid),
    }
  }
}

async function stop(child: ChildProcess, serverPid: number): Promise<Shutdown> {
  const started = performance.now()
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
  child.kill('SIGTERM')
  // server.ts's own watchdog exits by 10 s; give it a little more before killing it.
  const gone = await waitFor(() => !isRunning(serverPid), 12_000, 2)
  const serverMs = performance.now() - started
  if (!gone) killGroup(child, 'SIGKILL')
  return { serverMs, exitCode: await exited, forced: !gone }
}

/** Polls `condition` every `everyMs` until it holds (true) or `timeoutMs` passes (false). */
async function waitFor(condition: () => boolean, timeoutMs: number, everyMs = 10): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  return true
}
