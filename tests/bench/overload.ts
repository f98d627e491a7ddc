// Overload figures for `npm run bench` (issue 8 §1): the server's RSS while a 10 × 20 MB no-JS report (and two
// at once) arrives, and 50 no-JS reports at once. Runs its own server on its own data directory.
// Also runnable alone: `npx tsx tests/bench/overload.ts`.
import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { fmtMb, fmtMs, markdownTable, type Summary, sleep, summarise } from './measure.js'
import { benchSlug, prepareDataDir, startMeldpool } from './meldpool.js'
import { cleanUp, memoryOf, tempDir } from './processes.js'

type Say = (line?: string) => void

/** A browser's no-JS form: text, `files` files of `fileBytes` random bytes, then name and contact. */
async function noJsForm(
  files: number,
  fileBytes: number,
): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const form = new FormData()
  form.append('lang', 'en')
  form.append('what', 'The purchasing manager approves invoices from a supplier owned by a relative.')
  for (let i = 0; i < files; i++)
    form.append(
      'files',
      new Blob([randomBytes(fileBytes)], { type: 'application/octet-stream' }),
      `scan-${i}.pdf`,
    )
  form.append('name', 'Anna Bakker')
  form.append('contact', 'anna@example.org')
  const response = new Response(form)
  return {
    body: new Uint8Array(await response.arrayBuffer()),
    contentType: response.headers.get('content-type')!,
  }
}

async function post(url: string, form: { body: Uint8Array<ArrayBuffer>; contentType: string }) {
  const started = performance.now()
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: form.body,
      headers: { 'content-type': form.contentType },
    })
    const html = await response.text()
    return {
      status: response.status,
      ms: performance.now() - started,
      receipt: html.includes('class="case-code"'),
      keptText: html.includes('value="Anna Bakker"') && html.includes('supplier owned by a relative'),
      retryAfter: response.headers.get('retry-after'),
    }
  } catch (error) {
    return {
      status: 0,
      ms: performance.now() - started,
      receipt: false,
      keptText: false,
      retryAfter: null,
      error,
    }
  }
}

/** Samples the RSS of `pid` every 20 ms while `work` runs; returns the highest sample. */
async function peakRssDuring<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peakMb = memoryOf(pid)?.rssMb ?? 0
  let running = true
  const sampler = (async () => {
    while (running) {
      peakMb = Math.max(peakMb, memoryOf(pid)?.rssMb ?? 0)
      await sleep(20)
    }
  })()
  try {
    return { value: await work(), peakMb }
  } finally {
    running = false
    await sampler
    peakMb = Math.max(peakMb, memoryOf(pid)?.rssMb ?? 0)
  }
}

/** Runs the section; returns rows for the run's summary table. */
export async function overloadSection(say: Say): Promise<string[][]> {
  const dataDir = tempDir('meldpool-bench-overload-')
  await prepareDataDir(dataDir)
  const server = await startMeldpool(dataDir)
  const url = `${server.url}/r/${benchSlug}/report`
  const rows: string[][] = []
  try {
    // Memory first, on the fresh server: idle is the process as it sits after serving pages, before any key
    // derivation (no worker yet); the budget is 2× that + 64 MB, for one 10 × 20 MB report and for two at once.
    const large = await noJsForm(10, 20 * 1024 * 1024)
    for (let i = 0; i < 20; i++) await fetch(`${server.url}/r/${benchSlug}`).then((r) => r.text())
    await sleep(2_000)
    const idleMb = memoryOf(server.serverPid)?.rssMb ?? 0
    const one = await peakRssDuring(server.serverPid, () => post(url, large))
    await sleep(1_000)
    const afterOneMb = memoryOf(server.serverPid)?.rssMb ?? 0
    const two = await peakRssDuring(server.serverPid, () => Promise.all([post(url, large), post(url, large)]))
    const budgetMb = 2 * idleMb + 64
    say(
      `RSS of the listening process, workers included (idle before any report ${fmtMb(idleMb)}; goal < 2× idle + 64 = ${fmtMb(budgetMb)}):`,
    )
    say()
    say(
      markdownTable(
        ['no-JS report', 'status', 'RSS before', 'peak RSS', 'within goal'],
        [
          [
            '10 × 20 MB',
            String(one.value.status),
            fmtMb(idleMb),
            fmtMb(one.peakMb),
            one.peakMb < budgetMb ? 'yes' : 'no',
          ],
          [
            'two of them at once',
            two.value.map((r) => r.status).join(' + '),
            fmtMb(afterOneMb),
            fmtMb(two.peakMb),
            two.peakMb < budgetMb ? 'yes' : 'no',
          ],
        ],
      ),
    )
    rows.push([
      'Peak RSS, one 10 × 20 MB no-JS report / two at once (idle)',
      `${fmtMb(one.peakMb)} / ${fmtMb(two.peakMb)} (idle ${fmtMb(idleMb)}, goal < ${fmtMb(budgetMb)})`,
    ])

    const small = await noJsForm(1, 100 * 1024)
    const parallel = await Promise.all(Array.from({ length: 50 }, () => post(url, small)))
    const receipts = parallel.filter((r) => r.status === 200 && r.receipt).length
    const busy = parallel.filter((r) => r.status === 503)
    const serverErrors = parallel.filter((r) => r.status >= 500 && r.status !== 503).length
    const other = parallel.length - receipts - busy.length - serverErrors
    const latency: Summary = summarise(parallel.map((r) => r.ms))
    say()
    say('50 no-JS reports (100 KiB file each) posted at once:')
    say()
    say(
      markdownTable(
        ['receipts', '503 (form kept, Retry-After)', '5xx other than 503', 'other', 'p50', 'p95', 'max'],
        [
          [
            String(receipts),
            `${busy.length} (${busy.filter((r) => r.keptText && r.retryAfter).length} kept text)`,
            String(serverErrors),
            String(other),
            fmtMs(latency.p50),
            fmtMs(latency.p95),
            fmtMs(latency.max),
          ],
        ],
      ),
    )
    rows.push([
      '50 parallel no-JS reports: receipts / 503 / 5xx (p50, p95)',
      `${receipts} / ${busy.length} / ${serverErrors} (${fmtMs(latency.p50)}, ${fmtMs(latency.p95)})`,
    ])
    return rows
  } finally {
    await server.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const rows = await overloadSection((line = '') => console.log(line))
    console.log(`\n${markdownTable(['Measure', 'Result'], rows)}`)
  } finally {
    cleanUp()
  }
}
