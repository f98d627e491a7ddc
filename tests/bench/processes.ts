// Child processes and temporary directories for `npm run bench`, and what /proc says about them.
// Every child runs in its own process group so that cleanup can end it together with whatever it spawned
// (npm start runs node as its child; SIGKILL on npm alone would orphan the server).
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { projectRoot } from '../helpers/paths.js'

export const tsxBin = resolve(projectRoot, 'node_modules', '.bin', 'tsx')
/** The compiled programs, as production runs them (`npm run build` writes them). */
export const serverJs = resolve(projectRoot, 'dist', 'server', 'server.js')
export const cliJs = resolve(projectRoot, 'dist', 'server', 'cli.js')

const children = new Set<ChildProcess>()
const tempDirs = new Set<string>()

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  tempDirs.add(dir)
  return dir
}

/** Spawns in the project root with only PATH, HOME and `env`, so the caller's MELDPOOL_* cannot leak in. */
export function spawnTracked(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess {
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

export type Completed = { status: number; stdout: string; stderr: string; ms: number }

/** Runs a command to completion (killing it after `timeoutMs`), feeding `stdin`. */
export function runToCompletion(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; timeoutMs: number },
): Promise<Completed> {
  return new Promise((done, fail) => {
    const started = performance.now()
    const child = spawnTracked(command, args, options.env)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr!.on('data', (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL')
      fail(new Error(`${args.join(' ')} did not finish within ${options.timeoutMs / 1000} s`))
    }, options.timeoutMs)
    child.on('error', fail)
    child.on('close', (status) => {
      clearTimeout(timer)
      done({ status: status ?? -1, stdout, stderr, ms: performance.now() - started })
    })
    child.stdin!.end(options.stdin ?? '')
  })
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

/** Synchronous, so it also works from process.on('exit'): kills what is left and removes the temp dirs. */
export function cleanUp(): void {
  for (const child of children) killGroup(child, 'SIGKILL')
  children.clear()
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  tempDirs.clear()
}

type ProcStat = { pid: number; ppid: number; state: string }

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // `pid (comm) state ppid …`, and comm may itself contain spaces and parentheses.
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { pid, ppid: Number(ppid), state: state! }
  } catch {
    return undefined
  }
}

export function isRunning(pid: number): boolean {
  const stat = readStat(pid)
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X'
}

export function descendantsOf(root: number): number[] {
  const stats = readdirSync('/proc')
    .filter((name) => /^[0-9]+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined)
  const found: number[] = []
  const queue = [root]
  while (queue.length > 0) {
    const parent = queue.shift()!
    for (const stat of stats) {
      if (stat.ppid === parent) {
        found.push(stat.pid)
        queue.push(stat.pid)
      }
    }
  }
  return found
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}

/** VmRSS and VmHWM (peak RSS) in MiB, or undefined once the process is gone. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0)
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
  } catch {
    return undefined
  }
}
