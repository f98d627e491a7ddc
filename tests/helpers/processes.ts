import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { resolve } from 'node:path'
import { projectRoot } from './paths.js'

// The compiled programs, run by plain node exactly as in production (tests/global-setup.ts builds them):
// the PID a test holds is the server itself, not a wrapper, so a signal reaches what it means to reach.
const serverJs = resolve(projectRoot, 'dist', 'server', 'server.js')
const cliJs = resolve(projectRoot, 'dist', 'server', 'cli.js')

/** Only PATH and the caller's variables: the developer's MELDPOOL_* must not leak into a test. */
function spawnNode(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

/** Resolves with the exit code (null after a signal) once the process is gone, however long that takes. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (hasExited(child)) return Promise.resolve(child.exitCode)
  return new Promise((done) => child.once('exit', (code) => done(code)))
}

/** SIGKILL, then wait until the process is gone: a helper that gives up never leaves its child behind. */
async function killAndReap(child: ChildProcess): Promise<void> {
  if (!hasExited(child)) child.kill('SIGKILL')
  await exitOf(child)
}

/** `status` is -1 when the process was ended by a signal; `signal` then names it. */
export type CliResult = { status: number; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs the CLI (`npm run meldpool -- ...args` without npm's banner); kills it if it takes over `timeoutMs`. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  stdin = '',
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawnNode(cliJs, args, env)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr!.on('data', (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      void killAndReap(child).then(() =>
        fail(new Error(`meldpool ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${stderr}`)),
      )
    }, timeoutMs)
    child.on('error', fail)
    child.on('close', (status, signal) => {
      clearTimeout(timer)
      done({ status: status ?? -1, signal, stdout, stderr })
    })
    child.stdin!.end(stdin)
  })
}

export type RunningServer = {
  child: ChildProcess
  /** The server's own PID (node running dist/server/server.js). */
  pid: number
  url: string
  port: number
  output(): string
  /** Resolves once the output (stdout and stderr) matches, e.g. a log line the server writes after an event. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `node dist/server/server.js` and resolves once it prints that it is listening. */
export function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningServer> {
  const child = spawnNode(serverJs, [], env)
  let output = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    output += chunk
    for (const listener of listeners) listener()
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)

  function waitForOutput(pattern: RegExp, waitMs = timeoutMs): Promise<RegExpMatchArray> {
    return new Promise((done, fail) => {
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        listeners.delete(check)
        child.off('exit', onExit)
        clearTimeout(timer)
        if (error) fail(error)
        else done(match!)
      }
      const check = () => {
        const match = output.match(pattern)
        if (match) finish(undefined, match)
      }
      const onExit = (code: number | null, signal?: NodeJS.Signals | null) =>
        finish(new Error(`server exited with ${code ?? signal} before printing ${pattern}:\n${output}`))
      const timer = setTimeout(
        () => finish(new Error(`server did not print ${pattern} within ${waitMs} ms:\n${output}`)),
        waitMs,
      )
      listeners.add(check)
      child.on('exit', onExit)
      check()
      if (hasExited(child)) onExit(child.exitCode)
    })
  }

  const server: RunningServer = {
    child,
    pid: child.pid!,
    url: '',
    port: 0,
    output: () => output,
    waitForOutput,
    async stop(signal = 'SIGTERM') {
      if (!hasExited(child)) child.kill(signal)
      return exitOf(child)
    },
  }
  // The console line ends with "(data in …)": waiting for it means the whole line has arrived.
  return waitForOutput(/listening on (http:\/\/\S+) \(data in [^\n]*\n/).then(
    (match) => {
      server.url = match[1]!
      server.port = Number(new URL(server.url).port)
      return server
    },
    async (error: Error) => {
      await killAndReap(child)
      throw error
    },
  )
}

/** Direct children of `pid`, from /proc (Linux). */
export function childrenOf(pid: number): number[] {
  const children: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // `pid (comm) state ppid …`; comm may itself contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) children.push(Number(name))
    } catch {
      // Gone while we looked.
    }
  }
  return children
}

/** True once no live process has this PID (a zombie counts as gone: it holds no port and no file). */
export function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))
  } catch {
    return true
  }
}

/** Resolves true when a TCP connection to the port on 127.0.0.1 is refused, false when it is accepted. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((done, fail) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      done(false)
    })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') done(true)
      else fail(error)
    })
  })
}

export type NpmStarted = { npm: ChildProcess; serverPid: number; port: number; output(): string }

/**
 * `npm start` as the README says, minus its prestart build (the suite has built already, and rebuilding
 * dist/ under tests running in parallel would swap files under them). Resolves once the server listens.
 */
export function startWithNpm(env: Record<string, string>, timeoutMs = 60_000): Promise<NpmStarted> {
  const npm = spawn('npm', ['start', '--ignore-scripts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      void stopNpm().then(() =>
        fail(new Error(`npm start did not listen within ${timeoutMs} ms:\n${output}`)),
      )
    }, timeoutMs)
    async function stopNpm() {
      for (const pid of childrenOf(npm.pid!)) process.kill(pid, 'SIGKILL')
      await killAndReap(npm)
    }
    const onData = (chunk: Buffer) => {
      output += chunk
      const match = output.match(/listening on http:\/\/[^:]+:(\d+) \(data in [^\n]*\n/)
      if (!match) return
      clearTimeout(timer)
      const [serverPid] = childrenOf(npm.pid!)
      if (serverPid === undefined) fail(new Error('npm start listens, but npm has no child process'))
      else done({ npm, serverPid, port: Number(match[1]), output: () => output })
    }
    npm.stdout!.on('data', onData)
    npm.stderr!.on('data', onData)
    npm.once('exit', (code, signal) => {
      clearTimeout(timer)
      fail(new Error(`npm start exited with ${code ?? signal}:\n${output}`))
    })
  })
}

/** The command line of a live process, as /proc shows it. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}
