import { expect, it } from 'vitest'
import { expectAccessible, expectOnlyOwnOrigin, openContext, useWorkspace } from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { seedDatedCases } from '../helpers/dated-cases.js'
import { seedStaff, signIn } from '../helpers/staff.js'

// Issue 11: the statistics page in Chromium: it loads no script, the server-drawn charts are visible and fit
// a phone's window, and axe finds no WCAG 2.1 A/AA violation.

const clock = Date.parse('2027-01-10T12:00:00Z')

describeInBrowser('statistics page in Chromium', () => {
  const workspace = useWorkspace(() => clock)

  it('shows the charts with no script on the page, and passes axe', async () => {
    const { browser, test, origin } = workspace()
    test.app.services.organisations.add({ slug: 'bakkerij-jansen', name: 'Bakkerij Jansen B.V.' }, 'test')
    seedDatedCases(
      test.config.databaseFile,
      test.config.migrationsFolder,
      Array.from({ length: 6 }, (_, i) => ({
        slug: 'bakkerij-jansen',
        receivedAt: `2026-10-0${i + 1}T08:00:00Z`,
        acknowledgedAt: `2026-10-0${i + 2}T08:00:00Z`,
        feedbackGivenAt: '2026-11-01T08:00:00Z',
        closedAt: '2026-11-02T08:00:00Z',
        outcome: 'substantiated' as const,
      })),
    )
    // Signed in over HTTP (the sign-in page itself has its own browser tests); the session cookie is handed on.
    const ada = await seedStaff(test, 'admin', 'ada@example.org')
    const { browser: session } = await signIn(test, ada, clock)
    // JavaScript on, as axe needs it to run; the page itself loads none (checked below).
    const { context, requests } = await openContext(browser)
    try {
      await context.addCookies(
        Object.entries(session.cookies).map(([name, value]) => ({ name, value, url: origin })),
      )
      const page = await context.newPage()
      const response = await page.goto(`${origin}/staff/admin/statistics?quarter=2026-Q4&lang=en`)
      expect(response!.status()).toBe(200)
      expect(await page.locator('script').count()).toBe(0)
      for (const id of ['chart-received', 'chart-deadlines', 'chart-outcomes']) {
        const chart = page.locator(`svg#${id}`)
        await expect.poll(() => chart.isVisible()).toBe(true)
        const box = await chart.boundingBox()
        expect(box!.width).toBeGreaterThan(100)
        expect(box!.height).toBeGreaterThan(20)
      }
      // The 6 substantiated cases are a bar; the other outcomes have none.
      const bars = page.locator('svg#chart-outcomes rect')
      expect(await bars.count()).toBe(1)
      expect((await bars.first().boundingBox())!.width).toBeGreaterThan(10)
      await expectAccessible(page, 'statistics page')
      // On a desktop and on a phone: no label or figure of a chart is cut off at its edge, the charts shrink
      // to the window instead of running off it, and only the wide tables scroll sideways, not the page.
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 })
        for (const id of ['chart-received', 'chart-deadlines', 'chart-outcomes']) {
          const chart = page.locator(`svg#${id}`)
          const box = (await chart.boundingBox())!
          expect(box.x).toBeGreaterThanOrEqual(0)
          expect(box.x + box.width).toBeLessThanOrEqual(width)
          expect(box.height).toBeGreaterThan(10)
          const texts = await chart.locator('text').evaluateAll((elements) =>
            elements.map((text) => {
              const { left, right } = text.getBoundingClientRect()
              return { text: text.textContent, left, right }
            }),
          )
          for (const text of texts) {
            expect(text.left, `${id} at ${width} px: ${text.text}`).toBeGreaterThanOrEqual(box.x - 1)
            expect(text.right, `${id} at ${width} px: ${text.text}`).toBeLessThanOrEqual(
              box.x + box.width + 1,
            )
          }
        }
        const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth)
        expect(pageWidth, `page width at ${width} px`).toBeLessThanOrEqual(width)
      }
      expectOnlyOwnOrigin(requests, origin)
    } finally {
      await context.close()
    }
  })
})
