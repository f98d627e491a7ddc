// The confidant workspace in Chromium for `npm run bench` (issue 9): how long a confidant waits for their keys
// at sign-in, and for a case with a 20 MB attachment to open and its file to decrypt. The real app on its own
// SQLite file, the real pages and page scripts (from `npm run build`), Debian's Chromium.
// Also runnable alone: `npx tsx tests/bench/workspace.ts`.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { createAccountKeys, ready } from '../../crypto/index.js'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { newTotpSecret, totpCodeAt } from '../../server/domain/totp.js'
import { createKdfPool } from '../../server/kdf/pool.js'
import { assetsDir } from '../../views/browser/build.js'
import { catalogue } from '../../views/i18n/index.js'
import { chromiumPath, launchChromium } from '../helpers/chromium.js'
import { noJsReport } from './forms.js'
import { fmtMb, fmtMs, markdownTable, summarise } from './measure.js'
import { cleanUp, commandLine, descendantsOf, tempDir } from './processes.js'

type Say = (line?: string) => void

const LOGINS = 5
const CASE_OPENS = 3
const ATTACHMENT_BYTES = 20 * 1024 * 1024
const PASSWORD = 'bench confidant passphrase for the workspace'
const tc = catalogue('en').staffCase

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Memory of every Chromium process this bench started (browser, renderers, GPU, network), in MiB: the sum of
 * their PSS, so pages shared between them (libraries, shared memory) are counted once, not once per process.
 */
function chromiumPssMb(): number {
  return descendantsOf(process.pid)
    .filter((pid) => commandLine(pid).includes('chromium'))
    .reduce((sum, pid) => sum + pssMb(pid), 0)
}

function pssMb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    return Number(rollup.match(/^Pss:\s+(\d+) kB/m)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

/**
 * Peaks while `during` runs, sampled every 25 ms: the page's JS heap (CDP Performance.getMetrics; ArrayBuffers
 * such as the file's bytes and libsodium's memory are outside it) and Chromium's memory (PSS, /proc).
 */
async function peaksDuring<T>(
  cdp: CDPSession,
  during: () => Promise<T>,
): Promise<{ value: T; heapMb: number; pssMb: number; pssBeforeMb: number }> {
  let heap = 0
  let pss = 0
  let running = true
  const pssBeforeMb = chromiumPssMb()
  const sample = async () => {
    pss = Math.max(pss, chromiumPssMb())
    const { metrics } = await cdp.send('Performance.getMetrics')
    heap = Math.max(heap, metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0)
  }
  const sampler = (async () => {
    while (running) {
      await sample().catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  })()
  try {
    const value = await during()
    await sample().catch(() => undefined)
    return { value, heapMb: heap / (1024 * 1024), pssMb: pss, pssBeforeMb }
  } finally {
    running = false
    await sampler
  }
}

/** Runs the section; returns rows for the run's summary table. */
export async function workspaceSection(say: Say): Promise<string[][]> {
  if (!chromiumPath) {
    say('No Chromium (set CHROMIUM_PATH or apt-get install chromium): skipped.')
    return [['Workspace in Chromium', 'skipped: no Chromium']]
  }
  if (!existsSync(assetsDir) || !readdirSync(assetsDir).some((name) => name.startsWith('case-'))) {
    throw new Error('no page scripts in dist/assets: run npm run build first')
  }
  await ready()
  const dataDir = tempDir('meldpool-bench-workspace-')
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  // The server's clock moves on 30 s before each sign-in, so each uses a fresh TOTP step (a code is single use).
  let clock = Date.now()
  const config = loadConfig({
    MELDPOOL_DATA_DIR: dataDir,
    MELDPOOL_LOG_LEVEL: 'warn',
    MELDPOOL_PUBLIC_URL: origin,
  })
  const kdf = createKdfPool({ size: 1 })
  const app = await buildApp({ config, kdf, logStream: { write: () => {} }, now: () => clock })
  let browser: Browser | undefined
  try {
    const { services } = app
    const totpSecret = newTotpSecret()
    const email = 'vera@example.org'
    const { id: confidantId } = services.accounts.create(
      { role: 'confidant', email, name: 'Vera de Vries', keys: createAccountKeys(PASSWORD), totpSecret },
      'bench',
    )
    services.organisations.add({ slug: 'bakkerij', name: 'Bakkerij Jansen B.V.', locales: 'en' }, 'bench')
    services.organisations.assign(email, 'bakkerij', 'bench')
    services.organisations.activate('bakkerij', 'bench')
    await app.listen({ host: '127.0.0.1', port })

    // One report with a 20 MB file, made without JavaScript (sealed by the server, as a reporter's would be).
    const evidence = {
      name: 'site-survey.bin',
      type: 'application/octet-stream',
      data: randomBytes(ATTACHMENT_BYTES),
    }
    const form = await noJsReport('The scaffolding on the north side was never inspected.', evidence)
    const made = await fetch(`${origin}/r/bakkerij/report`, {
      method: 'POST',
      headers: { 'content-type': form.contentType },
      body: form.body,
    })
    await made.arrayBuffer()
    if (made.status !== 200) throw new Error(`the 20 MB report was refused: ${made.status}`)
    const caseId = services.inbox.inbox(confidantId, {}).cases[0]?.id
    if (!caseId) throw new Error('the report made no case in the inbox')

    browser = await launchChromium()
    const signIn = async (page: Page) => {
      clock += 30_000
      await page.goto(`${origin}/staff/login?lang=en`)
      await page.fill('#email', email)
      await page.fill('#password', PASSWORD)
      await page.fill('#totp', totpCodeAt(totpSecret, clock))
      const started = performance.now()
      await Promise.all([page.waitForURL(`${origin}/staff`), page.click('button[type=submit]')])
      await page.waitForSelector('#key-status[data-unlocked="yes"]')
      return performance.now() - started
    }

    // (a) Sign-in: Argon2id with the protocol's fixed parameters in the page, then the private key opened.
    const unlocks: number[] = []
    for (let i = 0; i < LOGINS; i++) {
      const context = await browser.newContext()
      try {
        unlocks.push(await signIn(await context.newPage()))
      } finally {
        await context.close()
      }
    }

    // (b) The case with its 20 MB file: the report decrypted, then the file downloaded and decrypted.
    const opens: number[] = []
    const files: number[] = []
    const heaps: number[] = []
    const pssPeaks: number[] = []
    const pssBefore: number[] = []
    let context: BrowserContext | undefined
    try {
      context = await browser.newContext({ acceptDownloads: true })
      const page = await context.newPage()
      await signIn(page)
      const cdp = await context.newCDPSession(page)
      await cdp.send('Performance.enable')
      for (let i = 0; i < CASE_OPENS; i++) {
        const peaks = await peaksDuring(cdp, async () => {
          const started = performance.now()
          await page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
          await page.waitForFunction(
            (opened) => document.querySelector('#case-status')?.textContent === opened,
            tc.opened,
          )
          opens.push(performance.now() - started)
          const clicked = performance.now()
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.click(`button[data-attachment][data-name="${evidence.name}"]`),
          ])
          const path = await download.path()
          files.push(performance.now() - clicked)
          if (statSync(path).size !== ATTACHMENT_BYTES)
            throw new Error('the decrypted file has the wrong size')
          await download.delete()
        })
        heaps.push(peaks.heapMb)
        pssPeaks.push(peaks.pssMb)
        pssBefore.push(peaks.pssBeforeMb)
      }
      await cdp.detach()
    } finally {
      await context?.close()
    }

    const unlock = summarise(unlocks)
    const open = summarise(opens)
    const file = summarise(files)
    const heap = Math.max(...heaps)
    const pssPeak = Math.max(...pssPeaks)
    const pssIdle = Math.min(...pssBefore)
    say(
      `Chromium ${browser.version()}, the real pages on their own server; Argon2id at the protocol's fixed cost (crypto/params.ts KDF_V1).`,
    )
    say()
    say(
      markdownTable(
        ['measure', 'runs', 'p50', 'p95', 'max'],
        [
          [
            'Sign-in: submit → key usable in the tab',
            String(unlock.n),
            fmtMs(unlock.p50),
            fmtMs(unlock.p95),
            fmtMs(unlock.max),
          ],
          [
            'Case with a 20 MB file: navigate → report decrypted',
            String(open.n),
            fmtMs(open.p50),
            fmtMs(open.p95),
            fmtMs(open.max),
          ],
          [
            '20 MB file: click → decrypted download complete',
            String(file.n),
            fmtMs(file.p50),
            fmtMs(file.p95),
            fmtMs(file.max),
          ],
        ],
      ),
    )
    say()
    say(
      `While opening the case and decrypting the file: peak JS heap of the page ${fmtMb(heap)} (CDP JSHeapUsedSize, ArrayBuffers not included); Chromium's memory, all its processes, ${fmtMb(pssIdle)} before → ${fmtMb(pssPeak)} at peak (sum of PSS from /proc, sampled every 25 ms).`,
    )
    return [
      [
        'Workspace: sign-in to key unlocked in Chromium',
        `p50 ${fmtMs(unlock.p50)}, p95 ${fmtMs(unlock.p95)} (n=${unlock.n})`,
      ],
      [
        'Workspace: case with a 20 MB file, report decrypted / file decrypted',
        `p50 ${fmtMs(open.p50)} / ${fmtMs(file.p50)} (n=${open.n}); Chromium PSS ${fmtMb(pssIdle)} → peak ${fmtMb(pssPeak)}`,
      ],
    ]
  } finally {
    await browser?.close()
    await app.close()
    await kdf.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const rows = await workspaceSection((line = '') => console.log(line))
    console.log(`\n${markdownTable(['Measure', 'Result'], rows)}`)
  } finally {
    cleanUp()
  }
}
