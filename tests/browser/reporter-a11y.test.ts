import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest'
import { catalogue, type Locale } from '../../views/i18n/index.js'
import { createServedTestApp, type TestApp } from '../helpers/app.js'
import { expectAccessible, expectOnlyOwnOrigin, openContext } from '../helpers/browser.js'
import { describeInBrowser, launchChromium } from '../helpers/chromium.js'
import {
  expectReporterHeaders,
  horizontalOverflow,
  type ReporterResponse,
  recordReporterResponses,
  snapshotAccessibilityChecker,
  unusedValidCode,
  withTypo,
} from '../helpers/confidant.js'
import { seedActiveOrganisation } from '../helpers/seed.js'

const languages: Locale[] = ['nl', 'en']
const browserLocale = { nl: 'nl-NL', en: 'en-GB' } as const

describeInBrowser('reporter pages: WCAG 2.1 AA in both languages, keyboard alone, 320 px wide', () => {
  let browser: Browser
  let test: TestApp
  let origin: string
  let slug: string
  // Everything every page in this file requested or answered, checked at the end.
  const requested: string[] = []
  const answered: ReporterResponse[] = []
  // Case codes from the no-JavaScript receipts, for the follow-up pages.
  const codes: Partial<Record<Locale, string>> = {}

  beforeAll(async () => {
    browser = await launchChromium()
    ;({ test, origin } = await createServedTestApp())
    slug = (await seedActiveOrganisation(test, { locales: 'nl,en' })).slug
    snapshots = await snapshotAccessibilityChecker(browser)
  })
  afterAll(async () => {
    await snapshots?.close()
    await browser?.close()
    await test?.close()
  })

  async function newPage(options: {
    lang: Locale
    javaScriptEnabled: boolean
    viewport?: { width: number; height: number }
  }): Promise<Page> {
    const { context, requests } = await openContext(browser, {
      javaScriptEnabled: options.javaScriptEnabled,
      locale: browserLocale[options.lang],
      viewport: options.viewport,
    })
    const page = await context.newPage()
    const responses = recordReporterResponses(page, origin)
    onTestFinished(async () => {
      requested.push(...requests)
      answered.push(...(await responses.all()))
      await context.close()
    })
    return page
  }

  let snapshots: Awaited<ReturnType<typeof snapshotAccessibilityChecker>>
  const checkWithoutJavaScript = (page: Page, label: string) => snapshots.expectAccessible(page, label)

  /** Posts a form without JavaScript and waits for the page it answers with. */
  async function post(page: Page, button: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.request().method() === 'POST'),
      page.click(`button:has-text("${button}")`),
    ])
    await page.waitForLoadState()
    return response.status()
  }

  /** For each visible radio button or checkbox: does it sit on the line of its own text, before it? */
  function choicesBesideTheirText(page: Page): Promise<boolean[]> {
    return page.$$eval('label.choice', (labels) =>
      labels
        .filter((label) => (label as HTMLElement).offsetParent !== null)
        .map((label) => {
          const box = label.querySelector('input')!.getBoundingClientRect()
          // The first line of the text: a long label wraps under the box.
          const text = label.querySelector('span')!.getClientRects()[0]!
          const middle = box.top + box.height / 2
          return middle >= text.top && middle <= text.bottom && box.right <= text.left
        }),
    )
  }

  /** A report made in JavaScript mode; returns the case code from the receipt. */
  async function reportWithJavaScript(page: Page, lang: Locale, what: string): Promise<string> {
    const t = catalogue(lang).reporter
    await page.goto(`${origin}/r/${slug}/report?lang=${lang}`)
    await page.fill('#what', what)
    await page.click(`button:has-text("${t.submit}")`)
    await page.waitForSelector('#receipt:not([hidden])')
    return (await page.textContent('#case-code'))!.trim()
  }

  for (const lang of languages) {
    const t = catalogue(lang).reporter

    it(`${lang}: organisation page, form, form with a problem and 404 have no axe violations`, async () => {
      const page = await newPage({ lang, javaScriptEnabled: false })
      await page.goto(`${origin}/r/${slug}?lang=${lang}`)
      expect(await page.getAttribute('html', 'lang')).toBe(lang)
      await checkWithoutJavaScript(page, `${lang} organisation page`)

      await page.goto(`${origin}/r/${slug}/report?lang=${lang}`)
      await checkWithoutJavaScript(page, `${lang} report form`)
      // Only spaces: the browser's `required` lets it through, the server does not.
      await page.fill('#what', '   ')
      expect(await post(page, t.submit)).toBe(400)
      expect(await page.textContent('#form-problem')).toBe(t.fixProblems)
      expect(await page.textContent('#what-problem')).toBe(t.fieldRequired)
      expect(await page.getAttribute('#what', 'aria-invalid')).toBe('true')
      expect(await page.getAttribute('#what', 'aria-describedby')).toContain('what-problem')
      await checkWithoutJavaScript(page, `${lang} report form with a problem`)

      const missing = await page.goto(`${origin}/r/no-such-organisation?lang=${lang}`)
      expect(missing?.status()).toBe(404)
      expect(await page.getAttribute('html', 'lang')).toBe(lang)
      await checkWithoutJavaScript(page, `${lang} 404`)
    })

    it(`${lang}: receipt and done page without JavaScript have no axe violations`, async () => {
      const page = await newPage({ lang, javaScriptEnabled: false })
      await page.goto(`${origin}/r/${slug}/report?lang=${lang}`)
      await page.fill('#what', `A report in ${lang} to check the pages.`)
      expect(await post(page, t.submit)).toBe(200)
      codes[lang] = (await page.textContent('#case-code'))!.trim()
      await checkWithoutJavaScript(page, `${lang} receipt`)
      await page.check('input[name=saved]')
      await Promise.all([
        page.waitForURL('**/done?**'),
        page.click(`button:has-text("${t.receiptContinue}")`),
      ])
      expect(await page.textContent('h1')).toBe(t.doneTitle)
      await checkWithoutJavaScript(page, `${lang} done`)
    })

    it(`${lang}: follow-up, with a problem, and the thread without JavaScript have no axe violations`, async () => {
      const code = codes[lang]!
      const page = await newPage({ lang, javaScriptEnabled: false })
      await page.goto(`${origin}/r/${slug}/follow-up?lang=${lang}`)
      await checkWithoutJavaScript(page, `${lang} follow-up`)
      await page.fill('#code', withTypo(code))
      expect(await post(page, t.openCase)).toBe(400)
      expect(await page.textContent('#code-problem')).toBe(t.codeTypo)
      await checkWithoutJavaScript(page, `${lang} follow-up with a problem`)

      await page.fill('#code', code)
      await Promise.all([
        page.waitForURL('**/follow-up/case?**'),
        page.click(`button:has-text("${t.openCase}")`),
      ])
      await checkWithoutJavaScript(page, `${lang} thread (no-JavaScript session)`)
      await page.fill('#reply-text', 'One more thing.')
      await Promise.all([
        page.waitForURL('**sent=message**'),
        page.click(`button:has-text("${t.replySend}")`),
      ])
      expect(await page.textContent('#thread .success')).toBe(t.replySent)
      await checkWithoutJavaScript(page, `${lang} thread with a notice`)
    })

    it(`${lang}: what JavaScript shows in the page (receipt, problem, opened thread) has no axe violations`, async () => {
      const page = await newPage({ lang, javaScriptEnabled: true })
      const code = await reportWithJavaScript(page, lang, `A report in ${lang} made with JavaScript.`)
      await expectAccessible(page, `${lang} receipt (JavaScript)`)

      await page.goto(`${origin}/r/${slug}/follow-up?lang=${lang}`)
      await page.fill('#code', unusedValidCode())
      await page.click(`button:has-text("${t.openCase}")`)
      await expect.poll(() => page.textContent('#code-status')).toBe(t.codeUnknown)
      await expectAccessible(page, `${lang} follow-up with a problem (JavaScript)`)

      await page.fill('#code', code)
      await page.click(`button:has-text("${t.openCase}")`)
      await page.waitForSelector('#thread .entry-content')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('thread-title')
      await expectAccessible(page, `${lang} thread (JavaScript)`)
      await page.fill('#reply-text', 'One more thing.')
      await page.click(`button:has-text("${t.replySend}")`)
      await expect.poll(() => page.locator('#thread .success').textContent()).toBe(t.replySent)
      await expectAccessible(page, `${lang} thread with a notice (JavaScript)`)
    })

    it(`${lang}: organisation page, form, receipt and thread fit a 320 px wide screen`, async () => {
      const viewport = { width: 320, height: 640 }
      const page = await newPage({ lang, javaScriptEnabled: true, viewport })
      await page.goto(`${origin}/r/${slug}?lang=${lang}`)
      expect(await horizontalOverflow(page), 'organisation page').toBe(0)
      await page.goto(`${origin}/r/${slug}/report?lang=${lang}`)
      expect(await horizontalOverflow(page), 'form').toBe(0)
      expect(await choicesBesideTheirText(page), 'radio buttons').toEqual([true, true, true])
      const code = await reportWithJavaScript(page, lang, 'Narrow screen.')
      expect(await horizontalOverflow(page), 'receipt').toBe(0)
      expect(await choicesBesideTheirText(page), 'the "saved" checkbox').toEqual([true])
      // The code is what the reporter must copy down: larger than the text around it.
      const fontSize = (selector: string) =>
        page.$eval(selector, (element) => Number.parseFloat(getComputedStyle(element).fontSize))
      expect(await fontSize('#case-code')).toBeGreaterThan(await fontSize('#receipt p'))
      await page.goto(`${origin}/r/${slug}/follow-up?lang=${lang}`)
      expect(await horizontalOverflow(page), 'follow-up').toBe(0)
      await page.fill('#code', code)
      await page.click(`button:has-text("${t.openCase}")`)
      await page.waitForSelector('#thread .entry-content')
      expect(await horizontalOverflow(page), 'thread').toBe(0)

      const plain = await newPage({ lang, javaScriptEnabled: false, viewport })
      await plain.goto(`${origin}/r/${slug}/report?lang=${lang}`)
      await plain.fill('#what', 'Narrow screen without JavaScript.')
      expect(await post(plain, t.submit)).toBe(200)
      expect(await horizontalOverflow(plain), 'receipt without JavaScript').toBe(0)
      const plainCode = (await plain.textContent('#case-code'))!.trim()
      await plain.goto(`${origin}/r/${slug}/follow-up?lang=${lang}`)
      await plain.fill('#code', plainCode)
      await Promise.all([
        plain.waitForURL('**/follow-up/case?**'),
        plain.click(`button:has-text("${t.openCase}")`),
      ])
      expect(await horizontalOverflow(plain), 'thread without JavaScript').toBe(0)
    })
  }

  it('a reporter can make a report with the keyboard alone, and always sees where the focus is', async () => {
    const t = catalogue('en').reporter
    const page = await newPage({ lang: 'en', javaScriptEnabled: true })
    await page.goto(`${origin}/r/${slug}?lang=en`)

    /** Presses Tab until the focused element matches; every element passed on the way shows its focus. */
    async function tabTo(selector: string): Promise<void> {
      for (let presses = 0; presses < 60; presses++) {
        await page.keyboard.press('Tab')
        const focus = await page.evaluate((wanted) => {
          const element = document.activeElement as HTMLElement | null
          if (!element || element === document.body) return { reached: false, outline: 'n/a', what: 'body' }
          const style = getComputedStyle(element)
          return {
            reached: element.matches(wanted),
            outline:
              style.outlineStyle === 'none' || style.outlineWidth === '0px' ? 'none' : style.outlineStyle,
            what: element.outerHTML.slice(0, 80),
          }
        }, selector)
        if (focus.what !== 'body')
          expect(focus.outline, `focus not visible on ${focus.what}`).not.toBe('none')
        if (focus.reached) return
      }
      throw new Error(`Tab never reached ${selector}`)
    }

    await tabTo(`a.button[href*="/report"]`)
    await Promise.all([page.waitForURL('**/report?lang=en'), page.keyboard.press('Enter')])
    await tabTo('#what')
    await page.keyboard.type('Reported with the keyboard alone.')
    await tabTo('input[name=ongoing][value=unknown]')
    await tabTo('#name')
    await tabTo('button[type=submit]')
    await page.keyboard.press('Enter')
    await page.waitForSelector('#receipt:not([hidden])')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('receipt-title')
    expect(await page.textContent('#case-code')).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/)

    await tabTo('input[name=saved]')
    await page.keyboard.press('Space')
    expect(await page.isChecked('input[name=saved]')).toBe(true)
    await tabTo(`#receipt button[type=submit]`)
    await Promise.all([page.waitForURL('**/done?**'), page.keyboard.press('Enter')])
    expect(await page.textContent('h1')).toBe(t.doneTitle)
  })

  it('no page loaded anything from elsewhere, and every reporter response carried the strict headers', async () => {
    expect(requested.length).toBeGreaterThan(0)
    expectOnlyOwnOrigin(requested, origin)
    expectReporterHeaders(answered)
  })
})
