import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { projectRoot } from './paths.js'

const tsx = resolve(projectRoot, 'node_modules', '.bin', 'tsx')

export type CliResult = { status: number; stdout: string; stderr: string }

/** Runs `npm run meldpool -- ...args` the way an operator does (through tsx, without npm's banner). */
export function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(tsx, ['server/cli.ts', ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', fail)
    child.on('close', (status) => done({ status: status ?? -1, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

/** Starts `server/server.ts` and resolves once it prints that it is listening. */
export function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  return new Promise((done, fail) => {
    const child = spawn(tsx, ['server/server.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ...env },
    })
    let output = ''
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk
      const match = output.match(/listening on (http:\/\/\S+) /)
      if (match && output.includes('\n', output.indexOf(match[0]))) {
        clearTimeout(timer)
        done({ child, output: () => output, url: match[1]! })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`server exited with ${code}:\n${output}`))
    })
  })
}
