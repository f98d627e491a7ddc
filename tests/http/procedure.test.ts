import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ready } from '../../crypto/index.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { formBody, inputValue } from '../helpers/forms.js'
import { type Browserish, type StaffAccount, seedStaff, signIn } from '../helpers/staff.js'

// Issue 11: each member's reporting procedure — the model filled with its details, public while it is active,
// its own provisions added by an administrator (escaped, never HTML) — and its A4 poster.

let clock = Date.parse('2026-11-28T10:00:07Z')
let test: TestApp
const people: Record<string, StaffAccount> = {}
const sessions: Record<string, Browserish> = {}

function write(sql: string, ...params: unknown[]): void {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'))
  try {
    db.prepare(sql).run(...params)
  } finally {
    db.close()
  }
}

/** The page's text without tags and with entities decoded, as a reader sees it. */
function textOf(html: string): string {
  return html
    .replace(/<wbr\s*\/?>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&amp;', '&')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replace(/\s+/g, ' ')
}

const publicPage = (slug: string, lang: string) =>
  test.app.inject({ url: `/r/${slug}/procedure?lang=${lang}` })
const adminPage = (slug: string, as: Browserish, query = 'lang=en') =>
  test.app.inject({ url: `/staff/admin/organisations/${slug}/procedure?${query}`, cookies: as.cookies })

beforeAll(async () => {
  await ready()
  test = await createTestApp({ now: () => clock })
  const { organisations } = test.app.services
  people.vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
  people.piet = await seedStaff(test, 'confidant', 'piet@example.org', 'Piet Pieters')
  people.admin = await seedStaff(test, 'admin', 'ada@example.org')
  const members: Array<[string, string, string]> = [
    ['bakkerij', 'Bakkerij Jansen B.V.', 'nl'],
    ['boulangerie', 'Boulangerie Dupont', 'fr'],
    ['panaderia', 'Panadería García', 'es'],
    ['baeckerei', 'Bäckerei Müller', 'de'],
  ]
  for (const [slug, name, profile] of members) {
    organisations.add({ slug, name, profile, locales: 'nl,en' }, 'test')
    organisations.assign(people.vera.email, slug, 'test')
    organisations.activate(slug, 'test')
  }
  organisations.assign(people.piet.email, 'bakkerij', 'test')
  organisations.add({ slug: 'concept', name: 'Concept B.V.' }, 'test')
  organisations.add({ slug: 'geschorst', name: 'Geschorst B.V.' }, 'test')
  organisations.assign(people.vera.email, 'geschorst', 'test')
  organisations.activate('geschorst', 'test')
  organisations.suspend('geschorst', 'test')
  write(`update organisation set display_name = 'Bakkerij Jansen' where slug = 'bakkerij'`)
  test.app.services.instance.rename('Koninklijke Bakkersvereniging', 'test')
  for (const who of ['vera', 'admin']) {
    clock += 30_000
    const { response, browser } = await signIn(test, people[who]!, clock)
    expect(response.statusCode, who).toBe(200)
    sessions[who] = browser
  }
})
afterAll(() => test.close())

describe('the public procedure page', () => {
  it('is filled with the member: its display name, the association, the confidants by name only, the address', async () => {
    for (const lang of ['nl', 'en']) {
      const response = await publicPage('bakkerij', lang)
      expect(response.statusCode).toBe(200)
      const text = textOf(response.body)
      expect(text).toContain(
        lang === 'nl' ? 'Meldregeling van Bakkerij Jansen' : 'Reporting procedure of Bakkerij Jansen',
      )
      expect(text).not.toContain('Bakkerij Jansen B.V.')
      expect(text).toContain('Koninklijke Bakkersvereniging')
      expect(text).toContain('Vera de Vries')
      expect(text).toContain('Piet Pieters')
      expect(response.body).not.toContain('@example.org')
      expect(text).toContain(`${test.config.publicUrl}/r/bakkerij`)
      expect(text).toContain(`${test.config.publicUrl}/r/bakkerij/follow-up`)
      // The Wbk's three ways to report, anonymity, retaliation and retention are all there.
      for (const words of lang === 'nl'
        ? [
            'Schriftelijk',
            'Mondeling',
            'In een gesprek',
            'anoniem',
            'benadeling',
            '730 dagen',
            'in vertrouwen een adviseur',
          ]
        : [
            'In writing',
            'Orally',
            'In a meeting',
            'anonymously',
            'retaliation',
            '730 days',
            'adviser in confidence',
          ]) {
        expect(text, words).toContain(words)
      }
    }
    // Reporter pages: no cookie, no case data to cache privately.
    const response = await publicPage('bakkerij', 'en')
    expect(response.headers['set-cookie']).toBeUndefined()
  })

  it('names the nine authorities of the Huis voor Klokkenluiders for a Dutch member, with their websites', async () => {
    const text = textOf((await publicPage('bakkerij', 'nl')).body)
    const nine = [
      ['Autoriteit Consument & Markt (ACM)', 'www.acm.nl'],
      ['Autoriteit Financiële Markten (AFM)', 'www.afm.nl'],
      ['Autoriteit Nucleaire Veiligheid en Stralingsbescherming (ANVS)', 'www.autoriteitnvs.nl'],
      ['Autoriteit Persoonsgegevens (AP)', 'www.autoriteitpersoonsgegevens.nl'],
      ['De Nederlandsche Bank (DNB)', 'www.dnb.nl'],
      ['Inspectie Gezondheidszorg en Jeugd (IGJ)', 'www.igj.nl'],
      ['Nederlandse Voedsel- en Warenautoriteit (NVWA)', 'www.nvwa.nl'],
      ['Nederlandse Zorgautoriteit (NZa)', 'www.nza.nl'],
      ['Huis voor Klokkenluiders', 'www.huisvoorklokkenluiders.nl'],
    ]
    for (const [name, site] of nine) {
      expect(text, name).toContain(name)
      expect(text, site).toContain(site)
    }
    expect(text).toContain('dierenwelzijn') // what NVWA covers, in one line
    expect(text).toContain('Wbk art. 2 lid 4')
  })

  it('states the deadlines of the member’s profile in the reporter pages’ words', async () => {
    const nl = textOf((await publicPage('bakkerij', 'en')).body)
    expect(nl).toContain('within 7 days of receiving your report')
    expect(nl).toContain('Within 3 months of that acknowledgement')
    expect(nl).not.toContain('extend')

    const fr = textOf((await publicPage('boulangerie', 'en')).body)
    expect(fr).toContain('within 7 working days of receiving your report')
    expect(fr).toContain('competent authorities of France')
    expect(fr).not.toContain('Huis voor Klokkenluiders')
    const frNl = textOf((await publicPage('boulangerie', 'nl')).body)
    expect(frNl).toContain('binnen 7 werkdagen na ontvangst')

    const es = textOf((await publicPage('panaderia', 'en')).body)
    expect(es).toContain('Within 3 months of receiving your report')
    expect(es).toContain('extend this period once by up to 3 months')
    expect(es).toContain('3650 days')
    const esNl = textOf((await publicPage('panaderia', 'nl')).body)
    expect(esNl).toContain('Binnen 3 maanden na ontvangst van uw melding')

    const de = textOf((await publicPage('baeckerei', 'en')).body)
    expect(de).toContain('competent authorities of Germany')
    expect(de).toContain('1095 days')
  })

  it('is linked from the member’s reporting page in both languages', async () => {
    for (const [lang, words] of [
      ['nl', 'Lees de meldregeling'],
      ['en', 'Read the reporting procedure'],
    ]) {
      const landing = await test.app.inject({ url: `/r/bakkerij?lang=${lang}` })
      expect(landing.body).toContain(`href="/r/bakkerij/procedure?lang=${lang}"`)
      expect(landing.body).toContain(words)
    }
  })

  it('does not exist for a draft, a suspended or an unknown organisation', async () => {
    for (const slug of ['concept', 'geschorst', 'nobody', 'BAD%20slug']) {
      const response = await publicPage(slug, 'en')
      expect(response.statusCode, slug).toBe(404)
      expect(response.body).not.toContain('Reporting procedure of')
    }
  })
})

describe('the administrator’s procedure page', () => {
  it('shows the generated text, also for a draft, and says it is not public yet', async () => {
    const draft = await adminPage('concept', sessions.admin!)
    expect(draft.statusCode).toBe(200)
    expect(textOf(draft.body)).toContain('Reporting procedure of Concept B.V.')
    expect(textOf(draft.body)).toContain('not public yet')
    const active = await adminPage('bakkerij', sessions.admin!, 'lang=nl')
    expect(textOf(active.body)).toContain('Meldregeling van Bakkerij Jansen')
    expect(active.body).toContain('href="/r/bakkerij/procedure?lang=nl"')
    expect(active.body).toContain('href="/staff/admin/organisations/bakkerij/poster?lang=nl"')
  })

  it('is for administrators only: a confidant gets 403, nobody signed in goes to sign-in', async () => {
    const asConfidant = await adminPage('bakkerij', sessions.vera!)
    expect(asConfidant.statusCode).toBe(403)
    expect(asConfidant.body).not.toContain('Reporting procedure of')
    const poster = await test.app.inject({
      url: '/staff/admin/organisations/bakkerij/poster',
      cookies: sessions.vera!.cookies,
    })
    expect(poster.statusCode).toBe(403)
    const anonymous = await test.app.inject({ url: '/staff/admin/organisations/bakkerij/procedure' })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toContain('/staff/login')
    // A confidant cannot change a procedure either.
    const posted = await post('bakkerij', sessions.vera!, 'Changed by a confidant', 'save')
    expect(posted.statusCode).toBe(403)
    expect(textOf((await publicPage('bakkerij', 'en')).body)).not.toContain('Changed by a confidant')
  })

  /** The form as a browser posts it, with the session's CSRF token (the confidant's from the sign-in page). */
  async function post(slug: string, as: Browserish, additions: string, intent: 'preview' | 'save') {
    const page = await adminPage(slug, as)
    const csrf = page.statusCode === 200 ? inputValue(page.body, '_csrf') : as.csrf
    return test.app.inject({
      method: 'POST',
      url: `/staff/admin/organisations/${slug}/procedure`,
      cookies: as.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: csrf, lang: 'en', additions, intent }),
    })
  }

  const hostile =
    'Reports about the bakery ovens go to the safety officer first.\n\n<script>alert(1)</script> <img src=x onerror=alert(2)> **not bold**'

  it('previews the member’s own provisions without saving them, escaped', async () => {
    const preview = await post('bakkerij', sessions.admin!, hostile, 'preview')
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain('Preview — not saved yet')
    expect(preview.body).toContain('&lt;script>alert(1)&lt;/script>')
    expect(preview.body).not.toContain('<script>alert(1)')
    expect(preview.body).not.toContain('<img src=x')
    expect(textOf((await publicPage('bakkerij', 'en')).body)).not.toContain('safety officer')
  })

  it('saves them: the public page shows them as plain paragraphs after the model, in every language', async () => {
    const saved = await post('bakkerij', sessions.admin!, hostile, 'save')
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toContain('/staff/admin/organisations/bakkerij/procedure?lang=en&saved=1')
    const after = await adminPage('bakkerij', sessions.admin!, 'lang=en&saved=1')
    expect(after.body).toContain('Saved.')
    // The textarea holds the text as written, escaped.
    expect(after.body).toContain(
      '&lt;script>alert(1)&lt;/script> &lt;img src=x onerror=alert(2)> **not bold**</textarea>',
    )

    for (const [lang, heading] of [
      ['en', 'Further provisions of Bakkerij Jansen'],
      ['nl', 'Aanvullende bepalingen van Bakkerij Jansen'],
    ] as const) {
      const page = await publicPage('bakkerij', lang)
      expect(page.body).toContain(heading)
      expect(page.body).toContain('<p>Reports about the bakery ovens go to the safety officer first.</p>')
      expect(page.body).toContain(
        '<p>&lt;script>alert(1)&lt;/script> &lt;img src=x onerror=alert(2)> **not bold**</p>',
      )
      expect(page.body).not.toContain('<script>alert')
      // The model is still there, before the member's own text.
      expect(page.body.indexOf(heading)).toBeGreaterThan(page.body.indexOf('www.nza.nl'))
    }
  })

  it('refuses a save without the form’s CSRF token and changes nothing', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/staff/admin/organisations/bakkerij/procedure',
      cookies: sessions.admin!.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: 'forged', additions: 'Forged provisions', intent: 'save' }),
    })
    expect(response.statusCode).toBe(403)
    expect(textOf((await publicPage('bakkerij', 'en')).body)).not.toContain('Forged provisions')
  })
})

describe('the poster', () => {
  it('carries the reporting address as text and as an inline SVG QR code, in the member’s languages', async () => {
    const response = await test.app.inject({
      url: '/staff/admin/organisations/bakkerij/poster?lang=en',
      cookies: sessions.admin!.cookies,
    })
    expect(response.statusCode).toBe(200)
    const text = textOf(response.body)
    // The address is printed whole; it may only break after a slash.
    const address = response.body.match(/<span class="poster-url">(.*?)<\/span><\/figcaption>/)?.[1]
    expect(address?.replace(/<\/?span>|<wbr \/>/g, '')).toBe(`${test.config.publicUrl}/r/bakkerij`)
    expect(text).toContain('Een vermoeden van een misstand melden bij Bakkerij Jansen')
    expect(text).toContain('Report a suspected wrongdoing at Bakkerij Jansen')
    expect(response.body).toMatch(/<svg aria-hidden="true" focusable="false" class="qr-code"[^>]*viewBox/)
    expect(response.body).not.toContain('<img')
    expect(response.body).not.toContain('<script')
  })

  it('is there for a draft too (printed before going live), and 404 for an unknown slug', async () => {
    const draft = await test.app.inject({
      url: '/staff/admin/organisations/concept/poster',
      cookies: sessions.admin!.cookies,
    })
    expect(draft.statusCode).toBe(200)
    const unknown = await test.app.inject({
      url: '/staff/admin/organisations/nobody/poster',
      cookies: sessions.admin!.cookies,
    })
    expect(unknown.statusCode).toBe(404)
  })
})
