// Crypto figures for crypto/README.md: `npx tsx tests/bench/crypto.ts` (about a minute on 2 cores).
// Argon2id in Node and Chromium, browser bundle size, and the KDF pool's throughput with the event-loop
// delay seen while it runs.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { availableParallelism } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import type * as CryptoApi from '../../crypto/index.js'
import { deriveAccountSecrets, generateAccountSalt, KDF_V1, ready } from '../../crypto/index.js'
import { createKdfPool } from '../../server/kdf/pool.js'
import { chromiumPath, launchChromium } from '../helpers/chromium.js'

declare global {
  var meldpoolCrypto: typeof CryptoApi
}

const entry = fileURLToPath(new URL('../../crypto/index.ts', import.meta.url))
const ms = (value: number) => `${value.toFixed(1)} ms`

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length
  return `median ${ms(median)}, mean ${ms(mean)}, min ${ms(sorted[0]!)}, max ${ms(sorted.at(-1)!)} (n=${samples.length})`
}

async function argon2idInNode(runs: number): Promise<void> {
  const salt = generateAccountSalt()
  deriveAccountSecrets('warm-up', salt)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    deriveAccountSecrets(`password ${i}`, salt)
    samples.push(performance.now() - start)
  }
  console.log(`Argon2id KDF_V1 in Node ${process.version}: ${summary(samples)}`)
}

async function argon2idInChromium(runs: number): Promise<void> {
  if (!chromiumPath) return console.log('Argon2id in Chromium: skipped (no Chromium)')
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName: 'meldpoolCrypto',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const script = bundle.outputFiles[0]!.contents
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
  const server = createServer((request, response) => {
    const isScript = request.url === '/crypto.js'
    response.writeHead(200, {
      'content-type': isScript ? 'text/javascript' : 'text/html; charset=utf-8',
      'content-security-policy': csp,
    })
    response.end(isScript ? script : '<!doctype html><title>bench</title><script src="/crypto.js"></script>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const browser = await launchChromium()
  try {
    const page = await (await browser.newContext()).newPage()
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    const samples = await page.evaluate(async (count) => {
      const c = globalThis.meldpoolCrypto
      await c.ready()
      const salt = c.generateAccountSalt()
      c.deriveAccountSecrets('warm-up', salt)
      const times: number[] = []
      for (let i = 0; i < count; i++) {
        const start = performance.now()
        c.deriveAccountSecrets(`password ${i}`, salt)
        times.push(performance.now() - start)
      }
      return times
    }, runs)
    console.log(`Argon2id KDF_V1 in Chromium ${browser.version()}: ${summary(samples)}`)
  } finally {
    await browser.close()
    server.close()
  }
}

async function bundleSize(): Promise<void> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.contents
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
  console.log(`Browser bundle (esbuild --bundle --minify --format=esm --platform=browser crypto/index.ts):`)
  console.log(`  minified ${kib(code.length)}, gzip -9 ${kib(gzipSync(code, { level: 9 }).length)}`)
}

async function poolThroughput(derivations: number): Promise<void> {
  const size = Math.min(availableParallelism(), 8)
  const pool = createKdfPool({ maxQueue: derivations })
  try {
    const coldStart = performance.now()
    await pool.warm()
    console.log(`KDF pool: ${size} workers, cold start (warm()) ${ms(performance.now() - coldStart)}`)
    const salt = generateAccountSalt()
    const histogram = monitorEventLoopDelay({ resolution: 1 })
    histogram.enable()
    const start = performance.now()
    await Promise.all(
      Array.from({ length: derivations }, (_, i) => pool.deriveAccountSecrets(`password ${i}`, salt)),
    )
    const seconds = (performance.now() - start) / 1000
    histogram.disable()
    const delay = (value: number) => ms(value / 1e6)
    console.log(
      `  ${derivations} derivations in ${seconds.toFixed(2)} s = ${(derivations / seconds).toFixed(2)} derivations/s; ` +
        `event-loop delay p50 ${delay(histogram.percentile(50))}, p99 ${delay(histogram.percentile(99))}, max ${delay(histogram.max)}`,
    )
  } finally {
    await pool.close()
  }
}

await ready()
console.log(`KDF_V1: Argon2id13, opslimit ${KDF_V1.opsLimit}, memlimit ${KDF_V1.memLimit / 1024 / 1024} MiB`)
console.log(`Machine: ${availableParallelism()} cores, Node ${process.version}`)
await argon2idInNode(20)
await argon2idInChromium(10)
await bundleSize()
await poolThroughput(40)
