import { statSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reporterSessionStore } from '../../server/services/reporter-sessions.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { cookiesOf, formBody, inputValue, multipart, receiptCode } from '../helpers/forms.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

let test: TestApp
let org: SeededOrganisation
beforeAll(async () => {
  test = await createTestApp({ env: { MELDPOOL_LOG_LEVEL: 'trace', MELDPOOL_MAX_FILE_MB: '1' } })
  org = await seedActiveOrganisation(test, { locales: 'nl,en' })
})
afterAll(() => test.close())

function count(table: string): number {
  const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return (db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

async function report(what: string) {
  const body = await multipart([
    ['lang', 'en'],
    ['what', what],
  ])
  const response = await test.app.inject({ method: 'POST', url: `/r/${org.slug}/report`, ...body })
  expect(response.statusCode).toBe(200)
  return { html: response.body, code: receiptCode(response.body) }
}

/** Opens a no-JS follow-up session; returns its cookies and form token. */
async function openSession(code: string) {
  const opened = await test.app.inject({
    method: 'POST',
    url: `/r/${org.slug}/follow-up`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ code, lang: 'en' }),
  })
  expect(opened.statusCode).toBe(303)
  const cookies = cookiesOf(opened)
  const thread = await test.app.inject({ url: `/r/${org.slug}/follow-up/case?lang=nl`, cookies })
  return { cookies, token: inputValue(thread.body, '_token') }
}

describe('receipt without JavaScript', () => {
  it('insists on "I have saved my case code" on the server, showing the code again until it is ticked', async () => {
    const { html, code } = await report('The receipt checkbox is checked by the server.')
    const unticked = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/done`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ lang: 'en', code, receivedOn: inputValue(html, 'receivedOn') }),
    })
    expect(unticked.statusCode).toBe(400)
    expect(unticked.body).toContain('Please save your case code first')
    expect(receiptCode(unticked.body)).toBe(code)
    const ticked = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/done`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ lang: 'en', code, saved: 'yes' }),
    })
    expect(ticked.statusCode).toBe(303)
    expect(ticked.headers.location).toBe(`http://127.0.0.1:3000/r/${org.slug}/done?lang=en`)
  })

  it('does not claim on a no-JS page that the report was encrypted on the device', async () => {
    const { html } = await report('Footer check.')
    expect(html).not.toContain('before they leave your device')
    expect(html).toContain('encrypted on the server as soon as it arrives')
  })

  it('never offers a receipt for a code that is not one, and never puts the code in a URL', async () => {
    const { html } = await report('Receipt download check.')
    expect(html).toMatch(/<form method="post" action="\/r\/[^"]+\/receipt"/)
    expect(html).not.toMatch(/href="[^"]*\d{4}(%20| |-)\d{4}/)
    const forged = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/receipt`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ code: 'Organisation: Evil\r\nCase code', receivedOn: 'x' }),
    })
    expect(forged.statusCode).toBe(400)
  })
})

describe('no-JS follow-up forms keep what was typed', () => {
  it('an empty reply, a too-large file and a stale form token show the thread again with the text, in the form language', async () => {
    const { code } = await report('Keep-the-text check.')
    const { cookies, token } = await openSession(code)
    const before = count('entry')

    const empty = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/message`,
      cookies,
      ...(await multipart([
        ['_token', token],
        ['lang', 'en'],
        ['text', '   '],
      ])),
    })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Please write a message or add a file.')
    expect(empty.body).toContain('<html lang="en"')

    const tooLarge = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/message`,
      cookies,
      ...(await multipart([
        ['_token', token],
        ['lang', 'en'],
        ['text', 'My long reply that must not be lost.'],
        ['files', { name: 'big.bin', data: new Uint8Array(2 * 1024 * 1024) }],
      ])),
    })
    expect(tooLarge.statusCode).toBe(413)
    expect(tooLarge.body).toContain('larger than 1 MB')
    expect(tooLarge.body).toContain('My long reply that must not be lost.</textarea>')

    const stale = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/meeting`,
      cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _token: 'stale-ü-token', lang: 'nl', text: 'Dinsdagmiddag graag' }),
    })
    expect(stale.statusCode).toBe(400)
    expect(stale.body).toContain('<html lang="nl"')
    expect(stale.body).toContain('Dinsdagmiddag graag</textarea>')
    expect(count('entry')).toBe(before)
  })

  it('an expired session gives the reply back on the code page, with a link to the organisation page', async () => {
    const expired = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up/case/message`,
      cookies: { 'meldpool-follow-up': 'no-such-session' },
      ...(await multipart([
        ['_token', 'x'],
        ['lang', 'en'],
        ['text', 'Written during a long lunch break.'],
      ])),
    })
    expect(expired.statusCode).toBe(403)
    expect(expired.body).toContain('Your session has ended.')
    expect(expired.body).toContain('Written during a long lunch break.</textarea>')
    expect(expired.body).toContain(`href="/r/${org.slug}?lang=en"`)
    expect(expired.body).not.toContain('href="/"')
  })

  it('the sign-out is not labelled like closing the report', async () => {
    const { code } = await report('Sign-out label check.')
    const { cookies } = await openSession(code)
    const thread = await test.app.inject({ url: `/r/${org.slug}/follow-up/case?lang=en`, cookies })
    expect(thread.body).toContain('Sign out of this case')
    expect(thread.body).not.toContain('Close case')
  })
})

describe('smaller findings (issue 8 §6)', () => {
  it('refuses a cross-site reporter POST with a 403 page and changes nothing; old browsers without the headers pass', async () => {
    const before = count('case')
    const body = await multipart([
      ['lang', 'en'],
      ['what', 'Posted from another site.'],
    ])
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }]) {
      const response = await test.app.inject({
        method: 'POST',
        url: `/r/${org.slug}/report`,
        payload: body.payload,
        headers: { ...body.headers, ...headers },
      })
      expect(response.statusCode).toBe(403)
    }
    expect(count('case')).toBe(before)
    const same = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/report`,
      payload: body.payload,
      headers: { ...body.headers, 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3000' },
    })
    expect(same.statusCode).toBe(200)
  })

  it('a 404 for //host/x offers no link off the site', async () => {
    const response = await test.app.inject({ url: '//evil.example/x' })
    expect(response.statusCode).toBe(404)
    const hrefs = [...response.body.matchAll(/<a [^>]*href="([^"]*)"/g)].map((match) => match[1]!)
    expect(hrefs.length).toBeGreaterThan(0)
    for (const href of hrefs) expect(new URL(href, 'https://meldpool.test/a/b').host).toBe('meldpool.test')
  })

  it('form-token comparison answers false, never throws, on non-ASCII of the same length', () => {
    const store = reporterSessionStore(Date.now)
    const token = store.create({ organisationId: 'o', caseId: 'c', sharedKey: new Uint8Array(32) })
    const session = store.get(token, 'o')!
    expect(store.formTokenMatches(session, 'é'.repeat(session.formToken.length))).toBe(false)
    expect(store.formTokenMatches(session, session.formToken)).toBe(true)
    store.close()
  })

  it('sweeps expired sessions without a visit and wipes their keys', async () => {
    let now = 0
    const store = reporterSessionStore(() => now, 5)
    const key = new Uint8Array(32).fill(7)
    store.create({ organisationId: 'o', caseId: 'c', sharedKey: key })
    now = 2 * 60 * 60 * 1000
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(store.size()).toBe(0)
    expect([...key].every((byte) => byte === 0)).toBe(true)
    store.close()
  })

  it('keeps the database, WAL and SHM at 0600 whatever the umask', () => {
    for (const name of ['meldpool.sqlite', 'meldpool.sqlite-wal', 'meldpool.sqlite-shm']) {
      expect((statSync(join(test.dataDir, name)).mode & 0o777).toString(8), name).toBe('600')
    }
  })

  it('writes backups as 0600', async () => {
    const previous = process.umask(0o000)
    try {
      const file = await test.app.services.backup.backup(join(test.dataDir, 'backup.sqlite'))
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600')
    } finally {
      process.umask(previous)
    }
  })

  it('logs no header, cookie, code or body at trace level', async () => {
    await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: 'meldpool-follow-up=CookieCanary123',
        'x-canary': 'HeaderCanary456',
      },
      payload: formBody({ code: '4821 7731 0954 2210', lang: 'en' }),
    })
    const body = await multipart([
      ['lang', 'en'],
      ['what', 'Trace canary report'],
    ])
    await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/report`,
      payload: body.payload,
      headers: { ...body.headers, cookie: 'x=CookieCanary123', 'x-canary': 'HeaderCanary456' },
    })
    const log = test.logs.join('\n')
    // The code whole and without spaces: a group of four digits alone also turns up inside timestamps.
    for (const canary of [
      'CookieCanary123',
      'HeaderCanary456',
      '4821 7731 0954 2210',
      '4821773109542210',
      '7731 0954',
      'x-canary',
      '127.0.0.1',
    ]) {
      expect(
        log.split('\n').filter((line) => line.includes(canary)),
        canary,
      ).toEqual([])
    }
  })

  it('audits reporter visits by the day only', async () => {
    const { code } = await report('Audit time check.')
    await openSession(code)
    const db = new BetterSqlite3(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
    const rows = db.prepare(`select at from audit_event where action like 'case.reporter-%'`).all() as Array<{
      at: number
    }>
    db.close()
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.at % (24 * 60 * 60 * 1000)).toBe(0)
  })
})
