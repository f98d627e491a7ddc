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

/** `describe` when a Chromium is available, `describe.skip` (after the loud warning above) when not. */
export const describeInBrowser = chromiumPath ? describe : describe.skip

export function launchChromium(options: { javaScriptEnabled?: boolean } = {}): Promise<Browser> {
  void options
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
