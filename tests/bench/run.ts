// `npm run bench`: what meldpool costs on this machine, printed as figures and ratios (nothing is asserted;
// the exit status is 1 only when something is broken). About 2 minutes on 2 cores; talks to 127.0.0.1 only.
// The load generator shares the cores with the server, so absolute figures are noisy: compare ratios.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'
import type { Result } from 'autocannon'
import Database from 'better-sqlite3'
import { fromBase64Url, generateCaseCode, ready } from '../../crypto/index.js'
import { createKdfPool } from '../../server/kdf/pool.js'
import { type AssetManifest, assetsDir, scriptWeight } from '../../views/browser/build.js'
import { projectRoot } from '../helpers/paths.js'
// Issue 10: deadline scan and outbox throughput.
import { describeToday, globaleaksToday, REFERENCE_DAY } from './calibration.js'
import { deadlinesSection } from './deadlines.js'
import {
  browserSubmission,
  type Evidence,
  noJsReport,
  type PreparedBody,
  readEncryptionConfig,
  reportText,
} from './forms.js'
import { inboxSection } from './inbox.js'
import {
  fmtInt,
  fmtKb,
  fmtMb,
  fmtMs,
  fmtRatio,
  markdownTable,
  percentiles,
  type Summary,
  summarise,
  timeEach,
} from './measure.js'
import { benchSlug, type Meldpool, prepareDataDir, type RequestLine } from './meldpool.js'
import { outboxSection } from './outbox.js'
import { overloadSection } from './overload.js'
import { cleanUp, memoryOf, runToCompletion, tempDir, tsxBin } from './processes.js'
import { remindersSection } from './reminders.js'
import {
  coldStart,
  describeRestart,
  describeTree,
  goalsTable,
  kdfRestartCost,
  measureNpmStart,
  type RuntimeFigures,
  threadsOf,
  totalMb,
  untilThreads,
} from './runtime.js'
// Issue 11: statistics
import { statisticsSection } from './statistics.js'
import {
  GOALS,
  interleaved,
  LOAD,
  load,
  type Measured,
  meanCpuMs,
  meanPerSecond,
  startBareFastify,
  startPagesApp,
} from './throughput.js'
import { workspaceSection } from './workspace.js'

const NO_JS = { sequential: 40, concurrent: 40, concurrency: 4, warmUp: 2 }
const JS = { sequential: 100, concurrent: 100, concurrency: 8, warmUp: 2 }
const REPORT_TEXT_BYTES = 2 * 1024
const EVIDENCE_BYTES = 100 * 1024
const WATCHDOG_MS = 15 * 60_000

const summary: string[][] = []
const runtime: RuntimeFigures = {}
let idleThreads = 0
const failures: string[] = []
const runStarted = performance.now()

process.on('exit', cleanUp)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the benchmark's child processes and removing its temp dirs`)
    cleanUp()
    process.exit(130)
  })
}
setTimeout(() => {
  console.error(`\nThe benchmark ran longer than ${WATCHDOG_MS / 60_000} minutes: giving up`)
  cleanUp()
  process.exit(1)
}, WATCHDOG_MS).unref()

/** Runs one section; a failure is printed and remembered, and the sections that do not depend on it go on. */
async function section(title: string, body: () => Promise<void>): Promise<boolean> {
  console.log(`\n## ${title}\n`)
  try {
    await body()
    return true
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.log(`FAILED: ${message}`)
    failures.push(`${title}: ${message.split('\n')[0]}`)
    return false
  }
}

const say = (line = '') => console.log(line)
const loadAtStart = loadavg()[0]!

/** Other work on these cores skews every figure: say how busy the machine was. */
function machineLoad(when: string): string {
  const load = loadavg()[0]!
  const busy = load > availableParallelism() * 0.5
  return `load average (1 min) ${when}: ${load.toFixed(2)} on ${availableParallelism()} cores${busy ? ' (BUSY: other processes compete for the CPU, figures are pessimistic)' : ''}`
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8' }).trim()
  } catch {
    return '?'
  }
}

// --- HTTP helpers -------------------------------------------------------------------------------------

function describeLoad(result: Result): string {
  return (
    `${fmtInt(result.requests.average)} req/s mean, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
    `${fmtInt(result.requests.total)} requests, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`
  )
}

/**
 * (c) The same app, in a bench-only process (pages-app.ts), answering the landing page and the same bytes
 * precomputed through the same plugins; then the goals of issue 7 as ratios.
 */
async function landingGoals(dataDir: string, landingOnServer: Result): Promise<void> {
  const variant = await startPagesApp(dataDir, benchSlug)
  const pid = variant.child.pid!
  let rounds: Record<'landing' | 'precomputed', Measured[]>
  try {
    rounds = await interleaved(
      {
        landing: { pid, url: `${variant.url}/r/${benchSlug}` },
        precomputed: { pid, url: `${variant.url}/r/${benchSlug}/precomputed` },
      },
      2,
    )
  } finally {
    variant.stop()
  }
  const perSecond = (kind: keyof typeof rounds) => meanPerSecond(rounds[kind])
  const cpu = (kind: keyof typeof rounds) => meanCpuMs(rounds[kind])
  for (const kind of ['landing', 'precomputed'] as const) {
    for (const { result } of rounds[kind]) {
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${kind} in pages-app.ts: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
    }
    const cpuMs = cpu(kind)
    say(
      `(c) bench app ${kind === 'landing' ? `/r/${benchSlug}` : 'precomputed bytes'}: ` +
        rounds[kind].map((m) => `${fmtInt(m.result.requests.average)}`).join(' and ') +
        ` req/s (p99 ${rounds[kind].map((m) => m.result.latency.p99).join('/')} ms)` +
        (cpuMs === undefined
          ? ''
          : `; server CPU ${(cpuMs * 1000).toFixed(0)} µs per request = ${fmtInt(1000 / cpuMs)} req/s per core`),
    )
  }
  const ofPrecomputed = perSecond('landing') / perSecond('precomputed')
  const cpuLanding = cpu('landing')
  const cpuPrecomputed = cpu('precomputed')
  const cpuRatio = cpuLanding && cpuPrecomputed ? cpuPrecomputed / cpuLanding : undefined
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met')
  const server = landingOnServer.requests.average
  const p99 = landingOnServer.latency.p99
  // GlobaLeaks was measured on a faster day: its figure scaled to this machine's speed now (calibration.ts).
  const today = await globaleaksToday()
  say(describeToday(today))
  const rows = [
    [
      'Landing page req/s (server, c=50)',
      `${fmtInt(server)} = ${fmtRatio(server / GOALS.globaleaksPerSecond)} GlobaLeaks' ${fmtInt(GOALS.globaleaksPerSecond)}`,
      `≥ ${fmtInt(GOALS.perSecond)} (≥ 3×)`,
      verdict(server >= GOALS.perSecond),
    ],
    [
      'Landing page vs GlobaLeaks scaled to today',
      `${fmtRatio(server / today.landingPerSecond)} GlobaLeaks' ≈ ${fmtInt(today.landingPerSecond)} (its ${fmtInt(GOALS.globaleaksPerSecond)} ÷ ${today.factor.toFixed(2)})`,
      '≥ 3×',
      verdict(server / today.landingPerSecond >= 3),
    ],
    [
      'Landing ÷ precomputed bytes, same app',
      `${(ofPrecomputed * 100).toFixed(0)} % by req/s` +
        (cpuRatio === undefined ? '' : `, ${(cpuRatio * 100).toFixed(0)} % by CPU per request`),
      `≥ ${GOALS.ofPrecomputed * 100} %`,
      verdict(ofPrecomputed >= GOALS.ofPrecomputed),
    ],
    ['Landing p99 latency (server, c=50)', `${p99} ms`, `< ${GOALS.p99Ms} ms`, verdict(p99 < GOALS.p99Ms)],
  ]
  say()
  say(markdownTable(['Goal (issue 7)', 'measured', 'goal', ''], rows))
  for (const [goal, measured, target, met] of rows)
    summary.push([goal!, `${measured} (goal ${target}: ${met})`])
  if (cpuLanding)
    summary.push([
      'Landing page, server CPU per request',
      `${(cpuLanding * 1000).toFixed(0)} µs (≈ ${fmtInt(1000 / cpuLanding)} req/s per free core)`,
    ])
}

type Post = { status: number; body: string }

async function post(url: string, prepared: PreparedBody): Promise<Post> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': prepared.contentType },
    body: prepared.body,
    signal: AbortSignal.timeout(30_000),
  })
  return { status: response.status, body: await response.text() }
}

/** Times a batch of submissions and checks every answer; returns client latencies and the server's own. */
async function submitBatch(
  server: Meldpool,
  label: string,
  bodies: PreparedBody[],
  concurrency: number,
  target: { url: string; route: string; accept: (answer: Post) => boolean },
): Promise<{ client: Summary; server: Summary | undefined; perSecond: number }> {
  const rejected: Post[] = []
  const { value, lines } = await server.recordRequests(() =>
    timeEach(bodies, concurrency, async (body) => {
      const answer = await post(target.url, body)
      if (!target.accept(answer)) rejected.push(answer)
    }),
  )
  const client = summarise(value.latencies)
  const serverMs = lines
    .filter((line: RequestLine) => line.method === 'POST' && line.route === target.route)
    .map((line) => line.ms)
  const perSecond = bodies.length / (value.wallMs / 1000)
  say(`${label}:`)
  say(`  client  ${percentiles(client)}`)
  const serverSide = serverMs.length > 0 ? summarise(serverMs) : undefined
  if (serverSide) say(`  server  ${percentiles(serverSide)}  (the server's own request log, whole ms)`)
  if (!label.startsWith('warm-up'))
    say(`  ${perSecond.toFixed(2)} submissions/s over ${(value.wallMs / 1000).toFixed(1)} s`)
  if (rejected.length > 0) {
    const first = rejected[0]!
    throw new Error(
      `${rejected.length} of ${bodies.length} submissions were refused; first: ${first.status} ${first.body.slice(0, 300)}`,
    )
  }
  return { client, server: serverSide, perSecond }
}

// --- Files on disk -------------------------------------------------------------------------------------

function databaseBytes(dataDir: string): { main: number; wal: number; shm: number } {
  const size = (file: string) => (existsSync(file) ? statSync(file).size : 0)
  const main = resolve(dataDir, 'meldpool.sqlite')
  return { main: size(main), wal: size(`${main}-wal`), shm: size(`${main}-shm`) }
}

// --- The run ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  const dirty = git('status', '--porcelain').length > 0 ? ' + uncommitted changes' : ''
  say('# meldpool benchmark (`npm run bench`)')
  say()
  say(`${new Date().toISOString()} · ${availableParallelism()} cores (${cpu}) · Node ${process.version}`)
  say(`commit ${git('rev-parse', '--short', 'HEAD')}${dirty}`)
  say('The load generator runs on the same cores as the server: absolute figures are noisy, ratios less so.')
  say(machineLoad('at start'))

  const dataDir = tempDir('meldpool-bench-')
  let baseline = { main: 0, wal: 0, shm: 0 }
  const prepared = await section('0. Preparation', async () => {
    const buildStarted = performance.now()
    execFileSync('npm', ['run', '--silent', 'build'], {
      cwd: projectRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    say(`npm run build: ${fmtMs(performance.now() - buildStarted)}`)
    const cliMs = await prepareDataDir(dataDir)
    baseline = databaseBytes(dataDir)
    say(
      `data dir ${dataDir}: confidant, organisation ${benchSlug}, assignment, activation via node dist/server/cli.js ` +
        `(4 CLI runs, ${fmtMs(cliMs)}); empty database ${fmtKb(baseline.main + baseline.wal)}`,
    )
  })

  let server: Meldpool | undefined
  const cases = { noJs: 0, js: 0 }
  let liveBytes = { main: 0, wal: 0, shm: 0 }
  let rssAfterPages: number | undefined
  try {
    if (prepared)
      await section('1. Cold start and idle RSS (node dist/server/server.js, MELDPOOL_PORT=0)', async () => {
        const started = await coldStart(dataDir, benchSlug)
        server = started.server
        const { firstOkMs, idle: tree } = started
        runtime.coldStartMs = firstOkMs
        say(`listening at ${server.url}`)
        say(
          `spawn → "meldpool is listening" on stdout: ${fmtMs(server.spawnToListeningMs)}; ` +
            `spawn → first 200 of /r/${benchSlug}: ${fmtMs(firstOkMs)}`,
        )
        say(
          `the server's own log line: startupMs ${server.logged.startupMs} (since its process started), ` +
            `rssMb ${server.logged.rssMb}`,
        )
        idleThreads = started.idleThreads
        runtime.idleRssMb = totalMb(tree)
        say(
          `idle RSS after 2 s, every process meldpool runs: ${describeTree(tree)} → ${fmtMb(totalMb(tree))} ` +
            `(${idleThreads} threads, no KDF worker started yet)`,
        )
        summary.push([
          'Cold start: spawn → listening / → first 200',
          `${fmtMs(server.spawnToListeningMs)} / ${fmtMs(firstOkMs)} (startupMs in log: ${server.logged.startupMs} ms)`,
        ])
        summary.push([
          'Idle RSS after 2 s (all processes)',
          `${fmtMb(totalMb(tree))} in ${tree.length} process${tree.length === 1 ? '' : 'es'}`,
        ])
      })

    const running = server
    if (running) {
      await section(
        `2. Landing-page throughput next to a bare Fastify route (autocannon -c ${LOAD.connections} -d ${LOAD.duration})`,
        async () => {
          say(
            `Each target gets a ${LOAD.warmUp} s warm-up first (not counted). meldpool logs one JSON line per request ` +
              'to stdout at the default level (info), as in production.',
          )
          const bareFastify = await startBareFastify()
          let bare: Result
          try {
            await load(bareFastify.url, LOAD.warmUp)
            bare = await load(bareFastify.url, LOAD.duration)
          } finally {
            bareFastify.stop()
          }
          say(`(a) bare fastify() hello, own process:  ${describeLoad(bare)}`)
          summary.push([
            'Bare Fastify hello (own process)',
            `${fmtInt(bare.requests.average)} req/s, p50/p99 ${bare.latency.p50}/${bare.latency.p99} ms`,
          ])
          let landing: Result | undefined
          for (const [label, path] of [
            [`landing page /r/${benchSlug}`, `/r/${benchSlug}`],
            ['root /', '/'],
          ] as const) {
            const url = `${running.url}${path}`
            const check = await fetch(url)
            await check.arrayBuffer()
            if (check.status !== 200) throw new Error(`${url} answered ${check.status} before the load test`)
            await load(url, LOAD.warmUp)
            const result = await load(url, LOAD.duration)
            const ratio = result.requests.average / bare.requests.average
            say(`(b) meldpool ${label}:  ${describeLoad(result)}`)
            say(`    meldpool/bare: ${fmtRatio(ratio)}`)
            summary.push([
              `meldpool ${label}`,
              `${fmtInt(result.requests.average)} req/s (${fmtRatio(ratio)} bare), p50/p99 ${result.latency.p50}/${result.latency.p99} ms, non-2xx ${result.non2xx}`,
            ])
            if (result.non2xx > 0 || result.errors > 0)
              throw new Error(
                `${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors under load`,
              )
            if (path !== '/') landing = result
          }
          rssAfterPages = memoryOf(running.serverPid)?.rssMb
          await landingGoals(dataDir, landing!)
          runtime.pageLoadRssMb = memoryOf(running.serverPid)?.peakMb
          say(`RSS of the listening node process after the page load tests: ${fmtMb(rssAfterPages ?? 0)}`)
        },
      )

      const what = reportText(REPORT_TEXT_BYTES)
      const evidence: Evidence = {
        name: 'evidence.pdf',
        type: 'application/pdf',
        data: new Uint8Array(randomBytes(EVIDENCE_BYTES)),
      }

      await section('3. No-JS submission (server-side Argon2id and encryption)', async () => {
        const body = await noJsReport(what, evidence)
        const target = {
          url: `${running.url}/r/${benchSlug}/report`,
          route: '/r/:slug/report',
          accept: (answer: Post) => answer.status === 200 && answer.body.includes('class="case-code"'),
        }
        say(
          `POST multipart ${fmtKb(body.body.length)} to /r/${benchSlug}/report: what ${REPORT_TEXT_BYTES} B, when, ` +
            `lang=en, one ${fmtKb(EVIDENCE_BYTES)} file; each answer must be 200 with class="case-code".`,
        )
        const warm = await submitBatch(
          running,
          `warm-up (${NO_JS.warmUp}, not counted)`,
          Array(NO_JS.warmUp).fill(body),
          1,
          target,
        )
        cases.noJs += NO_JS.warmUp
        say(`  slowest warm-up ${fmtMs(warm.client.max)}: the first submission starts the KDF worker threads`)
        const sequential = await submitBatch(
          running,
          `sequential, N=${NO_JS.sequential}`,
          Array(NO_JS.sequential).fill(body),
          1,
          target,
        )
        cases.noJs += NO_JS.sequential
        const concurrent = await submitBatch(
          running,
          `concurrency ${NO_JS.concurrency}, N=${NO_JS.concurrent}`,
          Array(NO_JS.concurrent).fill(body),
          NO_JS.concurrency,
          target,
        )
        cases.noJs += NO_JS.concurrent
        // Issue 8: ≥ 6× faster than GlobaLeaks, whose figure is from another day: scaled to today's speed.
        const globaleaks = await globaleaksToday()
        const ratio = globaleaks.submissionMs / sequential.client.p50
        say(
          `${describeToday(globaleaks)}, so GlobaLeaks' ${fmtInt(REFERENCE_DAY.globaleaksSubmissionMs)} ms stands for ≈ ${fmtMs(globaleaks.submissionMs)} now; ` +
            `meldpool's sequential p50 ${fmtMs(sequential.client.p50)} is ${fmtRatio(ratio)} faster (goal ≥ 6×: ${ratio >= 6 ? 'met' : 'NOT met'})`,
        )
        summary.push([
          'No-JS submit vs GlobaLeaks (scaled to today by Argon2id speed)',
          `${fmtRatio(ratio)} faster (goal ≥ 6×)`,
        ])
        for (const [label, batch] of [
          ['sequential', sequential],
          [`c=${NO_JS.concurrency}`, concurrent],
        ] as const) {
          summary.push([
            `No-JS submit, ${label} (N=${batch.client.n})`,
            `p50 ${fmtMs(batch.client.p50)}, p95 ${fmtMs(batch.client.p95)}, max ${fmtMs(batch.client.max)}; ${batch.perSecond.toFixed(1)}/s`,
          ])
        }
      })

      await section('4. JS-mode submission (browser-sealed envelope, server stores ciphertext)', async () => {
        const page = await fetch(`${running.url}/r/${benchSlug}/report`)
        const config = readEncryptionConfig(await page.text())
        const url = new URL(config.submit, running.url).href
        say(
          `encryption config from <form id="report-form" data-encryption>: ${config.recipients.length} recipient(s), submit ${config.submit}`,
        )

        const count = JS.warmUp + JS.sequential + JS.concurrent
        const prepareStarted = performance.now()
        await ready()
        const pool = createKdfPool({ maxQueue: count })
        const salt = fromBase64Url(config.codeSalt)
        let bodies: PreparedBody[]
        try {
          const reporters = await Promise.all(
            Array.from({ length: count }, () => pool.deriveReporterKeys(generateCaseCode(), salt)),
          )
          bodies = await Promise.all(
            reporters.map((reporter) => browserSubmission(config, reporter, what, evidence)),
          )
        } finally {
          await pool.close()
        }
        say(
          `prepared ${count} envelopes (a fresh case code each, deriveReporterKeys in a 2-thread KDF pool, ` +
            `${fmtKb(bodies[0]!.body.length)} per POST) in ${fmtMs(performance.now() - prepareStarted)}: not timed`,
        )
        const target = {
          url,
          route: '/r/:slug/api/submit',
          accept: (answer: Post) => answer.status === 201 && answer.body.includes('"receivedOn"'),
        }
        await submitBatch(
          running,
          `warm-up (${JS.warmUp}, not counted)`,
          bodies.slice(0, JS.warmUp),
          1,
          target,
        )
        cases.js += JS.warmUp
        const sequential = await submitBatch(
          running,
          `sequential, N=${JS.sequential}`,
          bodies.slice(JS.warmUp, JS.warmUp + JS.sequential),
          1,
          target,
        )
        cases.js += JS.sequential
        const concurrent = await submitBatch(
          running,
          `concurrency ${JS.concurrency}, N=${JS.concurrent}`,
          bodies.slice(JS.warmUp + JS.sequential),
          JS.concurrency,
          target,
        )
        cases.js += JS.concurrent
        say(
          "The server log's ms starts once Fastify has the request; the client's figure also holds the time a " +
            'request waits for the event loop behind the others in flight (queueing).',
        )
        for (const [label, batch] of [
          ['sequential', sequential],
          [`c=${JS.concurrency}`, concurrent],
        ] as const) {
          const serverSide = batch.server
            ? ` (server log p50/p95 ${batch.server.p50}/${batch.server.p95} ms)`
            : ''
          summary.push([
            `JS submit, ${label} (N=${batch.client.n})`,
            `p50 ${fmtMs(batch.client.p50)}, p95 ${fmtMs(batch.client.p95)}${serverSide}; ${batch.perSecond.toFixed(0)}/s`,
          ])
        }
      })

      await section('5. Memory after the load tests, and shutdown', async () => {
        const after = memoryOf(running.serverPid)
        const pages = rssAfterPages === undefined ? '?' : fmtMb(rssAfterPages)
        say(
          `RSS of the server process: ${pages} after the page load tests; after the submissions ` +
            `(which start the Argon2id worker threads) ${fmtMb(after?.rssMb ?? 0)}; peak (VmHWM) ${fmtMb(after?.peakMb ?? 0)}`,
        )
        summary.push([
          'RSS after page load / after submissions (peak)',
          `${pages} / ${fmtMb(after?.rssMb ?? 0)} (peak ${fmtMb(after?.peakMb ?? 0)})`,
        ])
        // KDF workers end after 30 s without work and return their Argon2id arenas.
        const waited = await untilThreads(running.serverPid, idleThreads, 45_000)
        const quiet = memoryOf(running.serverPid)
        runtime.afterWorkersEndedMb = quiet?.rssMb
        say(
          `${fmtMs(waited)} later the KDF workers had ended (${threadsOf(running.serverPid)} threads, ${idleThreads} at idle): ` +
            `RSS ${fmtMb(quiet?.rssMb ?? 0)}`,
        )
        summary.push(['RSS once the KDF workers ended (idle timeout)', fmtMb(quiet?.rssMb ?? 0)])
        liveBytes = databaseBytes(dataDir)
        const problems = running.problems()
        server = undefined
        const shutdown = await running.stop()
        say(
          `SIGTERM to the server → process gone: ${fmtMs(shutdown.serverMs)} ` +
            `(exit code ${shutdown.exitCode}${shutdown.forced ? ', had to be KILLED' : ''})`,
        )
        summary.push(['Shutdown after SIGTERM', fmtMs(shutdown.serverMs)])
        if (problems.length > 0) say(`server errors during the run:\n${indent(problems.join('\n'))}`)
        if (shutdown.forced || shutdown.exitCode !== 0 || problems.length > 0)
          throw new Error('the server did not run or stop cleanly')
      })
    }
  } finally {
    if (server) await server.stop()
  }

  await section('5b. npm start as the launcher, and starting a KDF worker again', async () => {
    const launched = await measureNpmStart(dataDir)
    runtime.launcherMb = launched.npm.rssMb
    say(
      `npm start → listening: ${fmtMs(launched.spawnToListeningMs)}; npm itself ${fmtMb(launched.npm.rssMb)}, ` +
        `its child \`${launched.server.command}\` ${fmtMb(launched.server.rssMb)}`,
    )
    say(
      `SIGTERM to npm → npm exited ${launched.npmExitCode} after ${fmtMs(launched.stopMs)}, ` +
        `server ${launched.serverGone ? 'gone' : 'STILL RUNNING'}`,
    )
    summary.push([
      'npm start: launcher RSS (not counted in the goal; production runs node directly)',
      `npm ${fmtMb(launched.npm.rssMb)} + server ${fmtMb(launched.server.rssMb)}`,
    ])
    if (!launched.serverGone || launched.npmExitCode !== 0)
      throw new Error('SIGTERM to npm start did not stop the server cleanly')
    const restart = describeRestart(await kdfRestartCost())
    for (const line of restart) say(line)
    summary.push(['KDF worker restart cost (after the idle timeout)', restart.at(-1)!.replace(/^→ /, '')])
  })

  const submitted = cases.noJs + cases.js
  if (submitted > 0)
    await section('6. Database size per report', async () => {
      const closed = databaseBytes(dataDir)
      const database = new Database(resolve(dataDir, 'meldpool.sqlite'), { readonly: true })
      let stored: {
        cases: number
        browser: number
        attachmentBytes: number
        tables: Array<{ name: string; bytes: number }>
      }
      try {
        const count = database.prepare('SELECT count(*) AS n, sum(submitted_via = ?) AS browser FROM "case"')
        const row = count.get('browser') as { n: number; browser: number }
        const attachments = database.prepare(
          'SELECT coalesce(sum(length(bytes)), 0) AS bytes FROM attachment_chunk',
        )
        const tables = database
          .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 6')
          .all() as Array<{ name: string; bytes: number }>
        stored = {
          cases: row.n,
          browser: row.browser,
          attachmentBytes: (attachments.get() as { bytes: number }).bytes,
          tables,
        }
      } finally {
        database.close()
      }
      if (stored.cases !== submitted)
        throw new Error(`${submitted} submissions were accepted but the database holds ${stored.cases} cases`)
      const live = liveBytes.main + liveBytes.wal
      const start = baseline.main + baseline.wal
      const perCase = (live - start) / stored.cases
      const perCaseClosed = (closed.main + closed.wal - start) / stored.cases
      const textOnly = (closed.main + closed.wal - start - stored.attachmentBytes) / stored.cases
      const perGiB = (bytes: number) => fmtInt(2 ** 30 / bytes)
      say(
        `${stored.cases} cases (${stored.cases - stored.browser} no-JS, ${stored.browser} JS), each with a ` +
          `${REPORT_TEXT_BYTES} B report and one ${fmtKb(EVIDENCE_BYTES)} file`,
      )
      say(
        `while running: meldpool.sqlite ${fmtKb(liveBytes.main)} + -wal ${fmtKb(liveBytes.wal)} ` +
          `(-shm ${fmtKb(liveBytes.shm)}, not counted); empty database before: ${fmtKb(start)}`,
      )
      say(`  → ${fmtKb(perCase)} per case, about ${perGiB(perCase)} such cases per GiB`)
      say(
        `after shutdown (WAL checkpointed): meldpool.sqlite ${fmtKb(closed.main)} + -wal ${fmtKb(closed.wal)}`,
      )
      say(`  → ${fmtKb(perCaseClosed)} per case, about ${perGiB(perCaseClosed)} per GiB`)
      say(
        `attachment ciphertext ${fmtKb(stored.attachmentBytes / stored.cases)} per case; without the file a case takes ` +
          `about ${fmtKb(textOnly)} (≈ ${perGiB(textOnly)} text-only cases per GiB)`,
      )
      say(
        `largest tables and indexes (dbstat): ${stored.tables.map((t) => `${t.name} ${fmtKb(t.bytes)}`).join(', ')}`,
      )
      summary.push([
        `Database per case (2 KB text + 100 KB file)`,
        `${fmtKb(perCaseClosed)} → ≈ ${perGiB(perCaseClosed)} cases/GiB (text only ≈ ${fmtKb(textOnly)} → ${perGiB(textOnly)}/GiB)`,
      ])
    })

  await section('7. What the browser downloads (dist/assets, fresh from npm run build)', async () => {
    const manifest = JSON.parse(readFileSync(resolve(assetsDir, 'manifest.json'), 'utf8')) as AssetManifest
    const rows: string[][] = []
    for (const name of ['report.js', 'follow-up.js', 'receipt.js', 'setup.js', 'style.css', 'htmx.min.js']) {
      const weight = scriptWeight(manifest, name)
      rows.push([name, weight.files.join(' + '), fmtKb(weight.raw), fmtKb(weight.gzip), fmtKb(weight.brotli)])
      summary.push([
        `${name}${weight.files.length > 1 ? ' + chunks' : ''}`,
        `${fmtKb(weight.raw)} raw, ${fmtKb(weight.gzip)} gzip, ${fmtKb(weight.brotli)} brotli (as served)`,
      ])
    }
    say(markdownTable(['asset', 'files (hashed, with imported chunks)', 'raw', 'gzip', 'brotli'], rows))
    const report = scriptWeight(manifest, 'report.js')
    say(
      `the report form's JavaScript: ${fmtKb(report.gzip)} gzip (goal ≤ 250 KB: ${report.gzip <= 250_000 ? 'met' : 'NOT met'})`,
    )
  })

  await section('8. Crypto figures (tsx tests/bench/crypto.ts, server stopped)', async () => {
    const env: Record<string, string> = process.env.CHROMIUM_PATH
      ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH }
      : {}
    const result = await runToCompletion(tsxBin, ['tests/bench/crypto.ts'], { env, timeoutMs: 150_000 })
    say(indent(result.stdout))
    if (result.status !== 0) throw new Error(`crypto.ts exited ${result.status}: ${result.stderr.trim()}`)
    const out = result.stdout
    const node = out.match(/Argon2id KDF_V1 in Node [^:]*: median ([\d.]+ ms)/)?.[1]
    const chromium = out.match(/Argon2id KDF_V1 in Chromium ([\d.]+)[^:]*: median ([\d.]+ ms)/)
    if (!chromium) say('(Chromium part skipped: no Chromium on this machine)')
    const pool = out.match(/= ([\d.]+) derivations\/s; event-loop delay p50 ([\d.]+ ms), p99 ([\d.]+ ms)/)
    const bundle = out.match(/minified ([\d.]+ KiB), gzip -9 ([\d.]+ KiB)/)
    summary.push([
      'Argon2id KDF_V1 median: Node / Chromium',
      `${node ?? '?'} / ${chromium ? `${chromium[2]} (Chromium ${chromium[1]})` : 'skipped (no Chromium)'}`,
    ])
    if (pool)
      summary.push(['KDF pool throughput (event-loop delay p99)', `${pool[1]} derivations/s (${pool[3]})`])
    if (bundle) summary.push(['crypto/ browser bundle', `${bundle[1]} min, ${bundle[2]} gzip -9`])
  })

  await section(
    '9. Overload: 50 no-JS reports at once, RSS during 10 × 20 MB reports (own server)',
    async () => {
      summary.push(...(await overloadSection(say)))
    },
  )

  await section('10. Confidant inbox: 10 000 cases over 500 organisations (own database)', async () => {
    summary.push(...(await inboxSection(say)))
  })

  await section(
    '11. Confidant workspace in Chromium: keys unlocked at sign-in, a case with a 20 MB file (own server)',
    async () => {
      summary.push(...(await workspaceSection(say)))
    },
  )

  // Issue 10: the reminder scheduler.
  await section(
    '12. Reminder scheduler: one pass over 100 000 cases in 500 organisations (own database)',
    async () => {
      summary.push(...(await remindersSection(say)))
    },
  )

  // Issue 10: the deadline scan at 1 000 000 cases and the outbox's throughput.
  await section('13. Deadline scan: 1 000 000 cases in 500 organisations (own database)', async () => {
    summary.push(...(await deadlinesSection(say)))
  })
  await section('14. Outbox: 2 000 mails to a local SMTP listener (own database)', async () => {
    summary.push(...(await outboxSection(say)))
  })
  // Issue 11: the statistics page.
  await section('15. Statistics page: 10 000 cases over 500 organisations (own database)', async () => {
    summary.push(...(await statisticsSection(say)))
  })
}

try {
  await main()
} catch (error) {
  failures.push(error instanceof Error ? (error.stack ?? error.message) : String(error))
} finally {
  cleanUp()
}

const wallSeconds = (performance.now() - runStarted) / 1000
summary.unshift(['Command', '`npm run bench` (tsx tests/bench/run.ts)'])
summary.push([
  'Machine load (1-min average) at start / end',
  `${loadAtStart.toFixed(2)} / ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`,
])
summary.push(['Total wall time of `npm run bench`', `${wallSeconds.toFixed(0)} s`])
say(`\n${machineLoad('at the end')}`)
say(`\n## Goals of issue 7 (process and memory; GlobaLeaks 4.14.8 as measured on this machine)\n`)
say(goalsTable(runtime))
say(`\n## Summary (\`npm run bench\`, ${availableParallelism()} cores, Node ${process.version})\n`)
say(markdownTable(['Measure', 'Result'], summary))
if (failures.length > 0) {
  say(`\n${failures.length} problem(s):`)
  for (const failure of failures) say(`- ${failure}`)
}
process.exit(failures.length > 0 ? 1 : 0)
