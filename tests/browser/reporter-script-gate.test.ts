import { randomUUID } from 'node:crypto'
import type { Browser, Page, Request, Route } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest'
import { catalogue } from '../../views/i18n/index.js'
import { createServedTestApp, type TestApp } from '../helpers/app.js'
import { openContext } from '../helpers/browser.js'
import { describeInBrowser, launchChromium } from '../helpers/chromium.js'
import { casesAsConfidant, countCases } from '../helpers/confidant.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

const t = catalogue('en').reporter
const CANARY = `CANARY-${randomUUID()}`

/**
 * Issue 8 §3: a browser that runs JavaScript never posts the plaintext report or the case code to the server's
 * no-JS endpoints unless the reporter chooses that knowingly — not while the page script is still on its way
 * (slow Tor link), not when it fails to load, not when the encryption cannot start.
 */
describeInBrowser('a browser with JavaScript, before or without its page script', () => {
  let browser: Browser
  let test: TestApp
  let origin: string
  let organisation: SeededOrganisation
  const slug = () => organisation.slug

  beforeAll(async () => {
    browser = await launchChromium()
    ;({ test, origin } = await createServedTestApp())
    organisation = await seedActiveOrganisation(test, { locales: 'nl,en' })
  })
  afterAll(async () => {
    await browser?.close()
    await test?.close()
  })

  /** A fresh page whose own scripts are held (until `release`) or aborted; records every POST it makes. */
  async function pageWithScripts(mode: 'held' | 'aborted') {
    const { context } = await openContext(browser)
    onTestFinished(() => context.close())
    const page = await context.newPage()
    const posts: Request[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request)
    })
    const held: Route[] = []
    let released = false
    await page.route('**/assets/*.js', (route) => {
      if (mode === 'aborted') return route.abort()
      if (released) return route.continue()
      held.push(route)
    })
    const release = async () => {
      released = true
      for (const route of held.splice(0)) await route.continue()
    }
    return { page, posts, release }
  }

  /** The text a browser that runs scripts shows for an element, generated content included. */
  function shownText(page: Page, selector: string) {
    return page.$eval(selector, (element) => {
      const before = (node: Element) => {
        const content = getComputedStyle(node, '::before').content
        return content === 'none' || content === 'normal' ? '' : content.replace(/^"|"$/g, '')
      }
      return [element, ...element.querySelectorAll('*')].map(before).join(' ') + element.textContent
    })
  }

  it('while the script loads, the report form has no send button, Enter posts nothing, and says why', async () => {
    const { page, posts, release } = await pageWithScripts('held')
    // Module scripts hold back DOMContentLoaded: wait for the parsed form instead.
    await page.goto(`${origin}/r/${slug()}/report?lang=en`, { waitUntil: 'commit' })
    await page.waitForSelector('.script-gate')
    await page.fill('#what', `Typed before the script arrived. ${CANARY}`)
    await page.fill('#name', 'Early Reporter')
    await page.press('#name', 'Enter')
    await page.press('#contact', 'Enter')
    expect(await page.locator('#report-form button[type=submit]').count()).toBe(0)
    expect(await shownText(page, '.script-gate')).toContain(t.encryptionLoading)
    expect(posts).toEqual([])

    await release()
    await page.click(`button:has-text("${t.submit}")`)
    await page.waitForSelector('#receipt #case-code')
    expect(posts.map((post) => new URL(post.url()).pathname)).toEqual([`/r/${slug()}/api/submit`])
    expect(posts[0]!.postDataBuffer()?.includes(CANARY)).toBe(false)
    expect(casesAsConfidant(test, slug(), organisation.confidant).at(-1)!.submittedVia).toBe('browser')
  })

  it('while the script loads, the follow-up page has no field for the code at all', async () => {
    const { page, posts, release } = await pageWithScripts('held')
    await page.goto(`${origin}/r/${slug()}/follow-up?lang=en`, { waitUntil: 'commit' })
    await page.waitForSelector('.script-gate')
    expect(await page.locator('#code').count()).toBe(0)
    expect(await page.locator('#code-form button[type=submit]').count()).toBe(0)
    expect(await shownText(page, '.script-gate')).toContain(t.codeLoading)
    await page.keyboard.press('Enter')
    expect(posts).toEqual([])
    await release()
    await page.waitForSelector('#code')
    expect(await page.locator('.script-gate').count()).toBe(0)
    expect(posts).toEqual([])
  })

  it('when the script cannot load, nothing is posted and the reporter is offered the version without JavaScript', async () => {
    const before = countCases(test)
    const { page, posts } = await pageWithScripts('aborted')
    await page.goto(`${origin}/r/${slug()}/report?lang=en`)
    await page.fill('#what', `Typed on a page whose script failed. ${CANARY}`)
    await page.press('#name', 'Enter')
    expect(await page.locator('#report-form button[type=submit]').count()).toBe(0)
    const gate = await shownText(page, '.script-gate')
    expect(gate).toContain(t.encryptionLoading)
    expect(gate).toContain(t.plainVersionLink)

    await page.goto(`${origin}/r/${slug()}/follow-up?lang=en`)
    expect(await page.locator('#code').count()).toBe(0)
    expect(posts).toEqual([])
    expect(countCases(test)).toBe(before)

    // Chosen knowingly: the plain version says the server encrypts, loads no script, and works.
    await page.goto(`${origin}/r/${slug()}/report?lang=en`)
    await Promise.all([page.waitForURL('**plain=1'), page.click('.script-gate a')])
    expect(await page.textContent('main')).toContain(t.plainVersionNote)
    await page.fill('#what', 'Sent knowingly without JavaScript.')
    await page.click(`button:has-text("${t.submit}")`)
    await page.waitForSelector('#case-code')
    expect(casesAsConfidant(test, slug(), organisation.confidant).at(-1)!.submittedVia).toBe('server')
  })

  it('when the encryption cannot start (no WebAssembly), it says so and sends only when the reporter asks', async () => {
    const { context } = await openContext(browser)
    onTestFinished(() => context.close())
    const page = await context.newPage()
    // Fault injection: a browser where WebAssembly cannot be instantiated (some hardened configurations).
    await page.addInitScript(() => {
      WebAssembly.instantiate = (() => Promise.reject(new Error('disabled'))) as never
    })
    const posts: Request[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request)
    })
    await page.goto(`${origin}/r/${slug()}/report?lang=en`)
    await page.waitForSelector('#send-plain')
    expect(await page.textContent('#report-form')).toContain(t.noCryptoHere)
    await page.fill('#what', 'Reported from a browser without WebAssembly.')
    await page.press('#name', 'Enter')
    expect(posts).toEqual([])
    await page.click('#send-plain')
    await page.waitForSelector('#case-code')
    const code = (await page.textContent('#case-code'))!.trim()
    const stored = casesAsConfidant(test, slug(), organisation.confidant).at(-1)!
    expect(stored.submittedVia).toBe('server')
    expect(stored.entries[0]!.document).toMatchObject({
      what: 'Reported from a browser without WebAssembly.',
    })

    await page.goto(`${origin}/r/${slug()}/follow-up?lang=en`)
    await page.waitForSelector('#send-plain')
    await page.fill('#code', code)
    await page.press('#code', 'Enter')
    expect(posts.map((post) => new URL(post.url()).pathname)).toEqual([`/r/${slug()}/report`])
    await Promise.all([page.waitForURL(`**/r/${slug()}/follow-up/case?**`), page.click('#send-plain')])
    expect(await page.textContent('#thread')).toContain('Reported from a browser without WebAssembly.')
  })
})
