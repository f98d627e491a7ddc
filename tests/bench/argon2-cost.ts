// Choosing Argon2id's cost for case codes and account passwords (crypto/README.md "Argon2id cost"):
// `npx tsx tests/bench/argon2-cost.ts` (a few minutes on 2 cores). For each candidate (opslimit, memlimit):
// the time in Chromium with 4× CPU throttling (CDP Emulation.setCPUThrottlingRate, a mid-range phone) and
// in Node (the no-JS path's server-side derivation). The rule: the highest cost that the throttled
// Chromium derives in ≤ 1 s within 64–128 MiB, while a no-JS submission stays ≤ ~400 ms at p50 here.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { availableParallelism } from 'node:os'
import { build } from 'esbuild'
import sodium from 'libsodium-wrappers-sumo'
import { chromiumPath, launchChromium } from '../helpers/chromium.js'
import { argon2Samples } from './calibration.js'

type Candidate = { ops: number; mib: number }
const candidates: Candidate[] = [
  { ops: 2, mib: 64 },
  { ops: 3, mib: 64 },
  { ops: 4, mib: 64 },
  { ops: 5, mib: 64 },
  { ops: 2, mib: 96 },
  { ops: 3, mib: 96 },
  { ops: 2, mib: 128 },
  { ops: 3, mib: 128 },
]
// CANDIDATES=2/64,4/64 measures only those (ops/MiB).
const only = process.env.CANDIDATES?.split(',')
if (only)
  candidates.splice(0, candidates.length, ...candidates.filter((c) => only.includes(`${c.ops}/${c.mib}`)))
const THROTTLE = 4
const browserRuns = Number(process.env.RUNS ?? 5)
const nodeRuns = Number(process.env.RUNS ?? 5)

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!
const range = (samples: number[]) => `${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)}`
// On a shared, loaded machine absolute times swing widely; the fastest run and its ratio to the libsodium
// INTERACTIVE baseline (ops 2, 64 MiB) measured in the same run are the stable figures.
const ratio = (samples: number[], baseline: number[] | undefined) =>
  baseline ? `${(Math.min(...samples) / Math.min(...baseline)).toFixed(2)}×` : ''

async function inChromium(): Promise<Map<string, number[]>> {
  const results = new Map<string, number[]>()
  if (!chromiumPath) return results
  const bundle = await build({
    stdin: {
      contents:
        "import sodium from 'libsodium-wrappers-sumo'; globalThis.benchSodium = sodium; globalThis.benchReady = sodium.ready",
      resolveDir: process.cwd(),
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const script = bundle.outputFiles[0]!.contents
  const server = createServer((request, response) => {
    const isScript = request.url === '/sodium.js'
    response.writeHead(200, {
      'content-type': isScript ? 'text/javascript' : 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
    })
    response.end(isScript ? script : '<!doctype html><title>bench</title><script src="/sodium.js"></script>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const browser = await launchChromium()
  try {
    const context = await browser.newContext()
    for (const candidate of candidates) {
      // A fresh page per candidate: WebAssembly memory only grows, so each starts from the same state.
      const page = await context.newPage()
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      const cdp = await context.newCDPSession(page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
      // A string, not a function: tsx would wrap a function's inner helpers in `__name`, unknown in the page.
      const samples = (await page.evaluate(`(async () => {
        await globalThis.benchReady
        const s = globalThis.benchSodium
        const salt = s.randombytes_buf(16)
        const derive = (i) => s.crypto_pwhash(32, '1234567890123456-' + i, salt, ${candidate.ops},
          ${candidate.mib * 2 ** 20}, s.crypto_pwhash_ALG_ARGON2ID13)
        derive(-1)
        const times = []
        for (let i = 0; i < ${browserRuns}; i++) {
          const start = performance.now()
          derive(i)
          times.push(performance.now() - start)
        }
        return times
      })()`)) as number[]
      results.set(`${candidate.ops}/${candidate.mib}`, samples)
      await page.close()
    }
    console.log(`Chromium ${browser.version()}, CPU throttling ${THROTTLE}×`)
  } finally {
    await browser.close()
    server.close()
  }
  return results
}

await sodium.ready
console.log(`Machine: ${availableParallelism()} cores, Node ${process.version}; n = ${browserRuns} per cell`)
const browserResults = await inChromium()
console.log(
  '| ops | memory | Chromium 4× throttled: median (range), min vs baseline | Node: median (range), min vs baseline |',
)
console.log('| --- | --- | --- | --- |')
let nodeBaseline: number[] | undefined
const browserBaseline = browserResults.get('2/64')
for (const candidate of candidates) {
  const browser = browserResults.get(`${candidate.ops}/${candidate.mib}`)
  const node = await argon2Samples(candidate.ops, candidate.mib, nodeRuns)
  nodeBaseline ??= node
  const cell = (samples: number[] | undefined, baseline: number[] | undefined) =>
    samples ? `${median(samples).toFixed(0)} ms (${range(samples)}), ${ratio(samples, baseline)}` : 'skipped'
  console.log(
    `| ${candidate.ops} | ${candidate.mib} MiB | ${cell(browser, browserBaseline)} | ${cell(node, nodeBaseline)} |`,
  )
}
