// Sections 1 and 2 of `npm run bench` alone, for working on start-up, memory and the landing page's CPU cost
// without the 15-minute run (it uses the same functions as run.ts):
//
//   npm run build && npx tsx tests/bench/landing.ts [rounds=3] [seconds=10]
//
// Cold start and idle RSS are taken over several fresh server starts. Page load runs interleaved rounds of
// bare Fastify, the landing page and its precomputed bytes (pages-app.ts), and prints the server CPU time per
// request: unlike req/s it hardly moves when other processes load the machine.
import { loadavg } from 'node:os'
import { fmtInt, fmtMb, fmtMs, summarise } from './measure.js'
import { benchSlug, prepareDataDir } from './meldpool.js'
import { cleanUp, tempDir } from './processes.js'
import { coldStart, describeTree, GOALS, totalMb } from './runtime.js'
import { interleaved, meanCpuMs, meanPerSecond, startBareFastify, startPagesApp } from './throughput.js'

const rounds = Number(process.argv[2] ?? 3)
const seconds = Number(process.argv[3] ?? 10)
process.on('exit', cleanUp)
process.on('SIGINT', () => process.exit(130))

const dataDir = tempDir('meldpool-landing-')
await prepareDataDir(dataDir)
console.log(`load average (1 min) at start: ${loadavg()[0]!.toFixed(2)}`)

console.log('\n## 1. Cold start and idle RSS (node dist/server/server.js)\n')
const firstOk: number[] = []
const idleRss: number[] = []
for (let round = 0; round < rounds; round++) {
  const started = await coldStart(dataDir, benchSlug)
  await started.server.stop()
  firstOk.push(started.firstOkMs)
  idleRss.push(totalMb(started.idle))
  console.log(
    `spawn → first 200 ${fmtMs(started.firstOkMs)} (listening ${fmtMs(started.server.spawnToListeningMs)}, ` +
      `startupMs ${started.server.logged.startupMs}); idle RSS after 2 s: ${describeTree(started.idle)}`,
  )
}
const first = summarise(firstOk)
const rss = summarise(idleRss)
console.log(
  `→ first 200 p50 ${fmtMs(first.p50)} (goal < ${fmtMs(GOALS.coldStartMs)}); ` +
    `idle RSS p50 ${fmtMb(rss.p50)}, max ${fmtMb(rss.max)} (goal < ${GOALS.idleRssMb} MB)`,
)

console.log(`\n## 2. Landing page under autocannon -c 50, ${rounds} interleaved rounds of ${seconds} s\n`)
const bare = await startBareFastify()
const pages = await startPagesApp(dataDir, benchSlug)
try {
  const pid = pages.child.pid!
  const measured = await interleaved(
    {
      'bare Fastify hello': { pid: bare.child.pid!, url: bare.url },
      [`/r/${benchSlug}`]: { pid, url: `${pages.url}/r/${benchSlug}` },
      'precomputed bytes, same app': { pid, url: `${pages.url}/r/${benchSlug}/precomputed` },
    },
    rounds,
    seconds,
  )
  for (const [kind, results] of Object.entries(measured)) {
    const failed = results.filter((m) => m.result.non2xx > 0 || m.result.errors > 0)
    if (failed.length > 0) throw new Error(`${kind}: non-2xx answers or errors under load`)
    const cpu = meanCpuMs(results)
    console.log(
      `${kind}: ${fmtInt(meanPerSecond(results))} req/s (${results.map((m) => fmtInt(m.result.requests.average)).join(', ')}; ` +
        `p99 ${results.map((m) => m.result.latency.p99).join('/')} ms)` +
        (cpu === undefined ? '' : `; server CPU ${(cpu * 1000).toFixed(0)} µs per request`),
    )
  }
} finally {
  bare.stop()
  pages.stop()
}
console.log(`\nload average (1 min) at the end: ${loadavg()[0]!.toFixed(2)}`)
