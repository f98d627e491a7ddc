import type { Page } from 'playwright-core'
import QRCode from 'qrcode'
import { beforeAll, expect, it, onTestFinished } from 'vitest'
import { QR_OPTIONS } from '../../server/domain/qr.js'
import { LONG_NAME } from '../../views/pages/staff/admin/poster.js'
import { expectAccessible, FIXTURE_BUDGET_MS, openContext, useWorkspace } from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { seedActiveOrganisation } from '../helpers/seed.js'
import { seedStaff, signIn } from '../helpers/staff.js'

// Issue 11: the public procedure page and the A4 poster in a real Chromium — WCAG 2.1 AA (axe), and the poster
// printed to PDF: exactly one A4 page, whose QR code is the member's reporting address.

/** The pages of a PDF as Chromium writes it: page objects (`/Type /Page`, not `/Pages`) and their boxes. */
function pdfPages(pdf: Buffer): { count: number; mediaBoxes: number[][] } {
  const text = pdf.toString('latin1')
  const count = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length
  const mediaBoxes = [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.\s]+)\]/g)].map((match) =>
    match[1]!.trim().split(/\s+/).map(Number),
  )
  return { count, mediaBoxes }
}

/** The modules of a QR code as `qrcode` draws them: the dark path's data, which fixes every module. */
function darkModules(svg: string): string {
  const path = svg.match(/<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/)?.[1]
  if (!path) throw new Error('no dark modules in the SVG')
  return path
}

describeInBrowser('procedure page and poster in Chromium', () => {
  const clock = Date.parse('2026-11-28T10:00:07Z')
  const workspace = useWorkspace(() => clock)
  const slug = 'bakkerij-jansen'
  // Long names, each with the longest address (a 64-character slug): just short enough for the poster's
  // normal type, just too long for it, and the longest a name can be (120 characters).
  const longName =
    'Coöperatieve Vereniging van Zelfstandige Loodgietersbedrijven en Installatietechnische Ondernemingen in Noord-Holland UA'
  const longNames = [LONG_NAME, LONG_NAME + 1, 120].map((length, i) => ({
    slug: `${i}-cooperatieve-vereniging-zelfstandige-loodgietersbedrijven-noor`,
    name: longName.slice(0, length).replace(/ $/, '.'),
  }))
  let adminCookies: Array<{ name: string; value: string; domain: string; path: string }> = []

  beforeAll(async () => {
    const { test } = workspace()
    await seedActiveOrganisation(test, { slug, locales: 'nl,en' })
    for (const [i, member] of longNames.entries())
      await seedActiveOrganisation(test, {
        ...member,
        locales: 'nl,en',
        email: `vp${i}@loodgieters.example.org`,
      })
    const admin = await seedStaff(test, 'admin', 'ada@example.org')
    const { response, browser } = await signIn(test, admin, clock)
    expect(response.statusCode).toBe(200)
    adminCookies = Object.entries(browser.cookies).map(([name, value]) => ({
      name,
      value,
      domain: '127.0.0.1',
      path: '/',
    }))
  }, FIXTURE_BUDGET_MS)

  /** A page in a fresh context (closed after the test), as the administrator or as anyone. */
  async function open(path: string, as: 'admin' | 'anyone'): Promise<Page> {
    const { context } = await openContext(workspace().browser)
    onTestFinished(() => context.close())
    if (as === 'admin') await context.addCookies(adminCookies)
    const page = await context.newPage()
    const response = await page.goto(`${workspace().origin}${path}`)
    expect(response?.status(), path).toBe(200)
    return page
  }

  it('the public procedure page passes axe in both languages', async () => {
    for (const lang of ['nl', 'en'] as const) {
      const page = await open(`/r/${slug}/procedure?lang=${lang}`, 'anyone')
      await expect(page.locator('article.procedure h1').textContent()).resolves.toContain('Bakkerij Jansen')
      await expectAccessible(page, `procedure (${lang})`)
    }
  })

  it('the administrator’s procedure page passes axe', async () => {
    const page = await open(`/staff/admin/organisations/${slug}/procedure?lang=en`, 'admin')
    await expect(page.locator('textarea#additions').count()).resolves.toBe(1)
    await expectAccessible(page, 'admin procedure page')
  })

  it('the poster passes axe, prints on exactly one A4 page, and its QR code is the reporting address', async () => {
    const page = await open(`/staff/admin/organisations/${slug}/poster?lang=nl`, 'admin')
    await expectAccessible(page, 'poster')

    const reportUrl = `${workspace().origin}/r/${slug}`
    await expect(page.locator('.poster-url').textContent()).resolves.toBe(reportUrl)
    const svg = await page.locator('.poster-qr svg').evaluate((element) => element.outerHTML)
    const expected = await QRCode.toString(reportUrl, QR_OPTIONS)
    expect(darkModules(svg)).toBe(darkModules(expected))

    const pdf = await page.pdf({ format: 'A4' })
    const { count, mediaBoxes } = pdfPages(pdf)
    expect(count).toBe(1)
    // A4 is 210 × 297 mm: 595.3 × 841.9 points (Chromium rounds to whole pixels at 96 dpi).
    const [x0, y0, x1, y1] = mediaBoxes[0]!
    expect(Math.abs(x1! - x0! - 595.3)).toBeLessThan(1.5)
    expect(Math.abs(y1! - y0! - 841.9)).toBeLessThan(1.5)

    // On paper: both languages' text, the address and the QR code; no navigation, header or footer.
    await page.emulateMedia({ media: 'print' })
    for (const selector of [
      '.poster-qr svg',
      '.poster-url',
      '.poster-language[lang="nl"]',
      '.poster-language[lang="en"]',
    ]) {
      await expect(page.locator(selector).isVisible(), selector).resolves.toBe(true)
    }
    for (const selector of ['.admin-nav', '.site-header', '.site-footer']) {
      await expect(page.locator(selector).isVisible(), selector).resolves.toBe(false)
    }
  })
  it('the posters of long names and the longest address still print on one A4 page, the whole address shown', async () => {
    expect(longNames.map((member) => [member.name.length, member.slug.length])).toEqual([
      [LONG_NAME, 64],
      [LONG_NAME + 1, 64],
      [120, 64],
    ])
    for (const member of longNames) {
      const page = await open(`/staff/admin/organisations/${member.slug}/poster?lang=nl`, 'admin')
      await expect(page.locator('.poster-url').textContent()).resolves.toBe(
        `${workspace().origin}/r/${member.slug}`,
      )
      expect(pdfPages(await page.pdf({ format: 'A4' })).count, member.name).toBe(1)
      // Nothing runs off the paper's edge: every part lies within A4's printable width (178 mm at 96 dpi).
      await page.emulateMedia({ media: 'print' })
      await page.setViewportSize({ width: 673, height: 986 })
      for (const selector of [
        '.poster-organisation',
        '.poster h1',
        '.poster h2',
        '.poster-url',
        '.poster-qr svg',
      ]) {
        const box = (await page.locator(selector).first().boundingBox())!
        expect(box.x + box.width, `${selector} of ${member.name}`).toBeLessThanOrEqual(673)
      }
    }
  })
})
