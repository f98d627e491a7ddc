import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccountKeys } from '../../crypto/index.js'
import { newTotpSecret } from '../../server/domain/totp.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { runCli } from '../helpers/processes.js'
import { seedActiveOrganisation } from '../helpers/seed.js'

// Reporter pages are kept rendered (server/services/page-cache.ts). What is kept must never outlive a change.
let test: TestApp
let slug: string
beforeAll(async () => {
  test = await createTestApp()
  ;({ slug } = await seedActiveOrganisation(test, { name: 'Bakkerij Jansen B.V.', locales: 'nl,en' }))
})
afterAll(() => test.close())

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await test.app.inject({ url, headers })
  return { status: response.statusCode, body: response.body }
}
const encryptionOf = (body: string) =>
  JSON.parse(
    (body.match(/data-encryption="([^"]+)"/)?.[1] ?? '{}').replaceAll('&#34;', '"').replaceAll('&quot;', '"'),
  ) as { recipients?: Array<{ holder: string }> }

describe('kept reporter pages', () => {
  it('keep each language apart', async () => {
    const dutch = await get(`/r/${slug}`)
    const english = await get(`/r/${slug}`, { 'accept-language': 'en' })
    expect(dutch.body).toContain('<html lang="nl"')
    expect(english.body).toContain('<html lang="en"')
    // Asked again in the other order, each visitor still gets their own language.
    expect((await get(`/r/${slug}?lang=en`)).body).toBe(english.body)
    expect((await get(`/r/${slug}`)).body).toBe(dutch.body)
    for (const page of ['report', 'follow-up', 'done']) {
      const nl = await get(`/r/${slug}/${page}?lang=nl`)
      const en = await get(`/r/${slug}/${page}?lang=en`)
      expect(nl.body, page).toContain('<html lang="nl"')
      expect(en.body, page).toContain('<html lang="en"')
    }
  })

  it('link the other language from the page itself, whatever URL spelling asked for it', async () => {
    const odd = await get(`/r/${slug.replace('b', '%62')}`)
    expect(odd.status).toBe(200)
    expect(odd.body).toContain(`href="/r/${slug}?lang=en"`)
    expect((await get(`/r/${slug}`)).body).toBe(odd.body)
  })

  it('show an assignment change on the next request: the new confidant is named and sealed to', async () => {
    const before = await get(`/r/${slug}/report`)
    expect(encryptionOf(before.body).recipients).toHaveLength(1)
    expect((await get(`/r/${slug}`)).body).not.toContain('Karel Kok')

    const { services } = test.app
    services.accounts.create(
      {
        role: 'confidant',
        email: 'karel@example.org',
        name: 'Karel Kok',
        keys: createAccountKeys('second confidant passphrase'),
        totpSecret: newTotpSecret(),
      },
      'test',
    )
    services.organisations.assign('karel@example.org', slug, 'test')
    expect((await get(`/r/${slug}`)).body).toContain('Karel Kok')
    expect(encryptionOf((await get(`/r/${slug}/report`)).body).recipients).toHaveLength(2)

    services.organisations.unassign('karel@example.org', slug, 'test')
    expect((await get(`/r/${slug}`)).body).not.toContain('Karel Kok')
    expect(encryptionOf((await get(`/r/${slug}/report`)).body).recipients).toHaveLength(1)
  })

  it('show a renamed association on the next request, on every reporter page and the home page', async () => {
    const pages = ['/', `/r/${slug}`, `/r/${slug}/report`, `/r/${slug}/follow-up`, `/r/${slug}/done`]
    for (const url of pages) expect((await get(url)).body, url).not.toContain('Metaalunie Zuid')
    test.app.services.instance.rename('Metaalunie Zuid', 'test')
    for (const url of pages) expect((await get(url)).body, url).toContain('Metaalunie Zuid')
  })

  it('show a change made by the CLI in its own process, and answer 404 as soon as it suspends the organisation', {
    timeout: 120_000,
  }, async () => {
    const env = { MELDPOOL_DATA_DIR: test.dataDir }
    // The pages that name the organisation; all four answer 404 once it is suspended.
    const named = [`/r/${slug}`, `/r/${slug}/report`]
    const pages = [...named, `/r/${slug}/follow-up`, `/r/${slug}/done`]
    for (const url of named) expect((await get(url)).body, url).toContain('Bakkerij Jansen B.V.')
    for (const url of pages) expect((await get(url)).status, url).toBe(200)

    const renamed = await runCli(['org', 'edit', slug, '--name', 'Banketbakkerij Jansen'], env)
    expect(renamed.status, renamed.stderr).toBe(0)
    for (const url of named) {
      const page = await get(url)
      expect(page.body, url).toContain('Banketbakkerij Jansen')
      expect(page.body, url).not.toContain('Bakkerij Jansen B.V.')
    }

    const suspended = await runCli(['org', 'suspend', slug], env)
    expect(suspended.status, suspended.stderr).toBe(0)
    for (const url of pages) expect((await get(url)).status, url).toBe(404)
  })
})
