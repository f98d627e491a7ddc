import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetsDir } from '../../server/plugins/assets.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { seedActiveOrganisation } from '../helpers/seed.js'

let test: TestApp
let formPage: string
beforeAll(async () => {
  test = await createTestApp()
  const { slug } = await seedActiveOrganisation(test)
  formPage = (await test.app.inject({ url: `/r/${slug}/report` })).body
})
afterAll(() => test.close())

const fetchAsset = (url: string, acceptEncoding?: string) =>
  test.app.inject({ url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } })

/** Every file the page loads from our origin: stylesheet, script, and the chunks it preloads. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/<(?:link|script)\b[^>]*?(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)
}

describe('static assets', () => {
  it('pages link content-hashed names, and each is kept for a year by any cache', async () => {
    const linked = assetsOf(formPage)
    expect(linked).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/assets\/style-\w{8,}\.css$/),
        expect.stringMatching(/^\/assets\/report-\w{8,}\.js$/),
        expect.stringMatching(/^\/assets\/chunk-\w{8,}\.js$/),
      ]),
    )
    for (const url of linked) {
      const response = await fetchAsset(url)
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['cache-control'], url).toBe('public, max-age=31536000, immutable')
      expect(response.headers['content-type'], url).toMatch(
        url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      )
      expect(response.headers['content-security-policy'], url).toContain("default-src 'self'")
    }
  })

  it('sends brotli or gzip as the browser accepts them, the same bytes once decoded', async () => {
    const script = assetsOf(formPage).find((url) => /\/report-/.test(url))!
    const plain = await fetchAsset(script)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.vary).toMatch(/accept-encoding/i)
    const identity = plain.rawPayload

    const br = await fetchAsset(script, 'gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.rawPayload).equals(identity)).toBe(true)

    for (const accepted of ['gzip', 'gzip, br;q=0', 'br;q=0.5, gzip']) {
      const gzip = await fetchAsset(script, accepted)
      expect(gzip.headers['content-encoding'], accepted).toBe('gzip')
      expect(gunzipSync(gzip.rawPayload).equals(identity), accepted).toBe(true)
    }
    const refused = await fetchAsset(script, 'br;q=0, gzip;q=0')
    expect(refused.headers['content-encoding']).toBeUndefined()
    expect(refused.rawPayload.equals(identity)).toBe(true)
  })

  it('answers 404 for a name the build did not make: an unknown hash, the old unhashed paths', async () => {
    const script = assetsOf(formPage).find((url) => /\/report-/.test(url))!
    for (const url of [
      script.replace(/report-\w+/, 'report-AAAAAAAA'),
      '/assets/report.js',
      '/assets/js/report.js',
      '/assets/style.css',
      '/assets/htmx/htmx.min.js',
      '/assets/manifest.json',
      `${script}.br`,
    ]) {
      const response = await fetchAsset(url, 'br')
      expect(response.statusCode, url).toBe(404)
      expect(response.headers['cache-control'], url).toBe('no-store')
    }
  })

  it('serves htmx for staff pages under its hashed name', async () => {
    const manifest = JSON.parse(readFileSync(resolve(assetsDir, 'manifest.json'), 'utf8')) as {
      files: Record<string, string>
    }
    const htmx = await fetchAsset(`/assets/${manifest.files['htmx.min.js']}`)
    expect(htmx.statusCode).toBe(200)
    expect(htmx.body).toContain('htmx')
  })

  it('the report form’s scripts weigh at most 250 KB gzipped in all', async () => {
    const scripts = assetsOf(formPage).filter((url) => url.endsWith('.js'))
    let gzipped = 0
    for (const url of scripts) gzipped += (await fetchAsset(url, 'gzip')).rawPayload.length
    expect(scripts.length).toBeGreaterThan(1)
    expect(gzipped).toBeLessThanOrEqual(250 * 1000)
  })
})
