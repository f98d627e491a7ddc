import { createServer, request as forward } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { createTestApp, freePort, type TestApp } from './app.js'
import { launchChromium } from './chromium.js'
import { type SeededOrganisation, seedActiveOrganisation } from './seed.js'

/**
 * Setting up a browser suite (Chromium, an app on a fresh database, seeding with Argon2id) is slow on a loaded
 * machine, so it gets its own budget instead of eating into the first test's.
 */
export const FIXTURE_BUDGET_MS = 240_000

// Each test file runs in its own worker process: one Chromium serves the whole file, every suite in it.
let launched: Promise<Browser> | undefined
let users = 0

/** The file's one Chromium, launched before the suite and closed after the last suite that uses it. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    users++
    launched ??= launchChromium()
    browser = await launched
  }, FIXTURE_BUDGET_MS)
  afterAll(async () => {
    if (--users > 0 || !launched) return
    const closing = launched
    launched = undefined
    await (await closing).close()
  }, FIXTURE_BUDGET_MS)
  return () => {
    if (!browser) throw new Error('useBrowser(): the browser is only there inside tests and hooks')
    return browser
  }
}

export type Workspace = { browser: Browser; test: TestApp; origin: string }

/**
 * A workspace test file's fixture: the shared Chromium and the real app listening on a free port, its public URL
 * set to that port (links in mail), on the test's clock (each sign-in needs a later TOTP step than the last).
 */
export function useWorkspace(now: () => number): () => Workspace {
  const sharedBrowser = useBrowser()
  let workspace: Workspace | undefined
  beforeAll(async () => {
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const test = await createTestApp({ now, env: { MELDPOOL_PUBLIC_URL: origin } })
    await test.app.listen({ host: '127.0.0.1', port })
    workspace = { browser: sharedBrowser(), test, origin }
  }, FIXTURE_BUDGET_MS)
  afterAll(async () => {
    await workspace?.test.close()
  })
  return () => {
    if (!workspace) throw new Error('useWorkspace(): the app is only there inside tests and hooks')
    return workspace
  }
}

export type ReporterSite = {
  browser: Browser
  test: TestApp
  /** Where the pages are loaded from: the app, or the recording proxy in front of it. */
  origin: string
  organisation: SeededOrganisation
  slug: string
  /** Every request as the server received it, bodies included (only with `recordRequests`). */
  atServer: RecordedRequest[]
}

/**
 * The reporter browser suites' one fixture: the shared Chromium, the real app listening on 127.0.0.1 with an
 * active organisation (`locales` nl,en), and optionally a recording proxy in front. Fields are set before
 * the first test and torn down after the last.
 */
export function useReporterSite(
  options: { env?: Record<string, string>; recordRequests?: boolean; confidants?: number } = {},
): ReporterSite {
  const browser = useBrowser()
  const site = { atServer: [] as RecordedRequest[] } as ReporterSite
  let closeProxy: (() => Promise<void>) | undefined
  beforeAll(async () => {
    site.browser = browser()
    // Redirects are absolute, built from the public URL, as in production: it names where the browser loads
    // pages from (the recording proxy when there is one), so that port is chosen before the app starts.
    const port = await freePort()
    site.test = await createTestApp({
      env: { MELDPOOL_PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.env },
    })
    site.organisation = await seedActiveOrganisation(site.test, {
      locales: 'nl,en',
      confidants: options.confidants,
    })
    site.slug = site.organisation.slug
    if (options.recordRequests) {
      const listening = await site.test.app.listen({ host: '127.0.0.1', port: 0 })
      const proxy = await startRecordingProxy(listening, port)
      site.origin = proxy.origin
      site.atServer = proxy.received
      closeProxy = proxy.close
    } else site.origin = await site.test.app.listen({ host: '127.0.0.1', port })
  }, FIXTURE_BUDGET_MS)
  afterAll(async () => {
    await closeProxy?.()
    await site.test?.close()
  }, FIXTURE_BUDGET_MS)
  return site
}

/** A fresh context per test: no shared cookies or storage. Records every request the pages make. */
export async function openContext(
  browser: Browser,
  options: {
    javaScriptEnabled?: boolean
    locale?: string
    viewport?: { width: number; height: number }
  } = {},
): Promise<{ context: BrowserContext; requests: string[] }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: options.locale ?? 'en-GB',
    viewport: options.viewport ?? { width: 1024, height: 768 },
  })
  const requests: string[] = []
  context.on('request', (request) => requests.push(request.url()))
  return { context, requests }
}

/** WCAG 2.1 A and AA rules, checked by axe-core inside the real page. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  const violations = results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.map((node) => node.target.join(' ')),
  }))
  expect(violations, `${label}: axe violations`).toEqual([])
}

/** Every request the page made went to our own origin (data: URLs are inline). */
export function expectOnlyOwnOrigin(requests: string[], origin: string): void {
  const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))
  expect(foreign).toEqual([])
}

export type RecordedRequest = { method: string; path: string; body: Buffer }

/**
 * What the server receives, byte for byte: a pass-through proxy in front of the app. (The DevTools protocol
 * does not hand over request bodies built from Blobs, so the browser side cannot show what was sent.)
 */
export async function startRecordingProxy(
  target: string,
  port = 0,
): Promise<{ origin: string; received: RecordedRequest[]; close(): Promise<void> }> {
  const received: RecordedRequest[] = []
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const body = Buffer.concat(chunks)
      received.push({ method: incoming.method ?? '', path: incoming.url ?? '', body })
      const upstream = forward(
        `${target}${incoming.url}`,
        { method: incoming.method, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
          answer.pipe(outgoing)
        },
      )
      upstream.on('error', () => outgoing.destroy())
      upstream.end(body)
    })
  })
  await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening))
  const address = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${address.port}`,
    received,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections()
        server.close(() => closed())
      }),
  }
}
