import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'

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
