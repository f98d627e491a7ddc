import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { describe } from 'vitest'

// Browser tests drive Debian's Chromium (playwright-core downloads nothing).
const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
export const chromiumPath = candidates.find((path): path is string => !!path && existsSync(path))

if (!chromiumPath) {
  const message =
    'No Chromium found (set CHROMIUM_PATH or apt-get install chromium): browser tests are SKIPPED.'
  if (process.env.CI === 'true') throw new Error(`${message} Under CI a missing Chromium fails the run.`)
  console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n${'!'.repeat(100)}\n`)
}

/**
 * The budget of one browser test. A test drives a real Chromium (several processes) next to the server on a
 * machine that may be shared and loaded: a page load that takes 100 ms alone can take seconds there. A test
 * that really hangs still fails, within this budget, instead of holding the suite.
 */
export const BROWSER_TEST_BUDGET_MS = 180_000

/** `describe` with the browser budget when a Chromium is available; `describe.skip` (after the loud warning above) when not. */
export function describeInBrowser(name: string, suite: () => void): void {
  if (chromiumPath) describe(name, { timeout: BROWSER_TEST_BUDGET_MS }, suite)
  else describe.skip(name, suite)
}

/** Use `useBrowser()` from browser.ts in tests: it shares one Chromium per test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}
