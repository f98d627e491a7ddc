import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'

let test: TestApp
beforeAll(async () => {
  test = await createTestApp()
  test.app.get('/boom', async () => {
    throw new Error('secret internal detail 7f3a')
  })
})
afterAll(() => test.close())

const EXPECTED_CSP =
  "default-src 'self';script-src 'self' 'wasm-unsafe-eval';style-src 'self';img-src 'self' data:;connect-src 'self';" +
  "form-action 'self';frame-ancestors 'none';base-uri 'none';object-src 'none'"

describe('pages and headers', () => {
  it('the landing page names the association, in Dutch by default and in English on request', async () => {
    const dutch = await test.app.inject({ url: '/' })
    expect(dutch.statusCode).toBe(200)
    expect(dutch.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(dutch.body).toMatch(/^<!doctype html><html lang="nl"/)
    expect(dutch.body).toContain('meldpool beheert dit vertrouwelijke meldpunt')
    const english = await test.app.inject({ url: '/?lang=en' })
    expect(english.body).toContain('<html lang="en"')
    expect(english.body).toContain('meldpool runs this confidential reporting channel')
    const negotiated = await test.app.inject({ url: '/', headers: { 'accept-language': 'en-GB,en;q=0.9' } })
    expect(negotiated.body).toContain('<html lang="en"')
  })

  it('sends a strict CSP, no referrer and no-store on dynamic pages, and sets no cookie', async () => {
    for (const url of ['/', '/r/anything', '/staff/setup/not-a-token']) {
      const response = await test.app.inject({ url })
      expect(response.headers['content-security-policy'], url).toBe(EXPECTED_CSP)
      expect(response.headers['referrer-policy'], url).toBe('no-referrer')
      expect(response.headers['cache-control'], url).toBe('no-store')
      expect(response.headers['x-content-type-options'], url).toBe('nosniff')
      expect(response.headers['set-cookie'], url).toBeUndefined()
    }
  })

  it('serves its own stylesheet, so pages make no third-party request', async () => {
    const landing = await test.app.inject({ url: '/' })
    const stylesheet = landing.body.match(/<link rel="stylesheet" href="(\/assets\/style-[\w-]+\.css)"/)?.[1]
    const css = await test.app.inject({ url: stylesheet ?? '/assets/style.css' })
    expect(css.statusCode).toBe(200)
    expect(css.headers['content-type']).toMatch(/^text\/css/)
    expect((await test.app.inject({ url: '/assets/style.css' })).statusCode).toBe(404)
    const external = [...landing.body.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((match) => match[1]!)
      .filter((url) => /^(https?:)?\/\//.test(url))
    expect(external).toEqual([])
  })

  it('answers /healthz when the database answers', async () => {
    const response = await test.app.inject({ url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
  })

  it('renders unknown pages as a friendly 404 in the visitor’s language', async () => {
    const response = await test.app.inject({ url: '/no/such/page', headers: { 'accept-language': 'en' } })
    expect(response.statusCode).toBe(404)
    expect(response.body).toContain('This page does not exist.')
    const dutch = await test.app.inject({ url: '/no/such/page?lang=nl' })
    expect(dutch.body).toContain('Deze pagina bestaat niet.')
  })

  it('never shows the details of a server error, but logs them', async () => {
    const response = await test.app.inject({ url: '/boom?lang=en' })
    expect(response.statusCode).toBe(500)
    expect(response.body).toContain('Something went wrong on our side')
    expect(response.body).not.toContain('secret internal detail')
    expect(test.logs.join('')).toContain('secret internal detail 7f3a')
  })

  it('refuses an oversized form body with 413 and a page', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/staff/setup/x',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: `a=${'x'.repeat(200 * 1024)}`,
    })
    expect(response.statusCode).toBe(413)
    expect(response.body).toContain('What you sent is too large.')
  })
})
