// The real meldpool server for `npm run bench`: a data directory prepared with the CLI, the server started
// the way `npm start` starts it (tsx server/server.ts), its request log read back, and a timed SIGTERM.
import type { ChildProcess } from 'node:child_process'
import {
  commandLine,
  descendantsOf,
  isRunning,
  killGroup,
  runToCompletion,
  spawnTracked,
  tsxBin,
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
    const result = await runToCompletion(tsxBin, ['server/cli.ts', ...step.args], {
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
  /** SIGTERM to the tsx wrapper until the listening node process is gone. */
  serverMs: number
  /** SIGTERM until the tsx wrapper itself exited (what a supervisor waits for). */
  wrapperMs: number
  exitCode: number | null
  forced: boolean
}

export type Meldpool = {
  url: string
  wrapperPid: number
  /** The node process that listens (tsx runs it as a child), or the wrapper if none was found. */
  serverPid: number
  helperPids: number[]
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
  const child = spawnTracked(tsxBin, ['server/server.ts'], {
    MELDPOOL_DATA_DIR: dataDir,
    MELDPOOL_PORT: '0',
    MELDPOOL_HOST: '127.0.0.1',
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
    const wrapperPid = child.pid!
    const tree = descendantsOf(wrapperPid)
    const serverPid = tree.find((pid) => commandLine(pid).includes('server/server.ts')) ?? wrapperPid
    return {
      url,
      wrapperPid,
      serverPid,
      helperPids: tree.filter((pid) => pid !== serverPid),
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
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, at: started })
    else child.once('exit', (code) => resolve({ code, at: performance.now() }))
  })
  child.kill('SIGTERM')
  const serverGone = await waitFor(() => !isRunning(serverPid), 15_000, 2)
  const serverMs = performance.now() - started
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), 5_000)
  })
  const forced = !serverGone || (await Promise.race([exited, late])) === 'late'
  clearTimeout(timer)
  if (forced) killGroup(child, 'SIGKILL')
  const { code, at } = await exited
  return { serverMs, wrapperMs: at - started, exitCode: code, forced }
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
