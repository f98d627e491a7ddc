import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogue } from '../../views/i18n/index.js'
import { createServedTestApp, type TestApp } from '../helpers/app.js'
import { casesAsConfidant } from '../helpers/confidant.js'
import { formBody, inputValue, multipart } from '../helpers/forms.js'
import { type SeededOrganisation, seedActiveOrganisation } from '../helpers/seed.js'

// The no-JS path's real users have text browsers: lynx from Debian (installed by .ci/run like Chromium).
const lynxFound = spawnSync('lynx', ['-version']).status === 0
if (!lynxFound) {
  const message = 'No lynx found (apt-get install lynx): the text-browser tests are SKIPPED.'
  if (process.env.CI === 'true') throw new Error(`${message} Under CI a missing lynx fails the run.`)
  console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n${'!'.repeat(100)}\n`)
}
const describeWithLynx = lynxFound ? describe : describe.skip
const t = catalogue('en').reporter

/**
 * Issue 8 §5: what lynx reads is what the reporter chose and what the page means. lynx cannot be scripted to
 * send a multipart form without a terminal, so the report itself is posted with exactly the fields lynx shows
 * (and sends for an untouched form); every page is read by `lynx -dump`, and every urlencoded step (receipt
 * download, "I have saved my code", opening the case, asking for a meeting) is sent by lynx itself.
 */
describeWithLynx('reporter journey in lynx', () => {
  let test: TestApp
  let origin: string
  let organisation: SeededOrganisation
  let home: string
  const cookieFile = () => join(home, 'cookies')

  beforeAll(async () => {
    ;({ test, origin } = await createServedTestApp())
    organisation = await seedActiveOrganisation(test, { locales: 'nl,en' })
    home = mkdtempSync(join(tmpdir(), 'meldpool-lynx-'))
    writeFileSync(cookieFile(), '')
    // Keep the follow-up cookie between lynx runs, as one interactive lynx session would.
    writeFileSync(join(home, 'lynx.cfg'), 'INCLUDE:/etc/lynx/lynx.cfg\nPERSISTENT_COOKIES:TRUE\n')
  })
  afterAll(async () => {
    rmSync(home, { recursive: true, force: true })
    await test?.close()
  })

  /** Runs lynx without blocking: the server answering it lives in this same process. */
  function run(args: string[], input: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'lynx',
        args,
        { encoding: 'utf8', env: { ...process.env, HOME: home, TERM: 'dumb' }, timeout: 60_000 },
        // lynx exits non-zero after a 4xx page; the page is what we read.
        (error, stdout, stderr) =>
          error && !stdout ? reject(new Error(`${error.message}: ${stderr}`)) : resolve(stdout),
      )
      child.stdin?.end(input)
    })
  }

  /** `lynx -dump` of a URL (optionally POSTing urlencoded data, as lynx's own form submission does). */
  function lynx(url: string, postData?: string): Promise<string> {
    const args = [
      `-cfg=${join(home, 'lynx.cfg')}`,
      '-dump',
      '-nolist',
      '-width=200',
      '-display_charset=utf-8',
      '-accept_all_cookies',
      `-cookie_file=${cookieFile()}`,
      `-cookie_save_file=${cookieFile()}`,
    ]
    if (postData !== undefined) args.push('-post_data')
    return run([...args, url], postData === undefined ? '' : `${postData}\n---\n`)
  }
  /** How lynx renders a page we already have (a multipart response). */
  function lynxHtml(html: string): Promise<string> {
    const file = join(home, 'page.html')
    writeFileSync(file, html)
    return lynx(`file://${file}`)
  }

  const slug = () => organisation.slug
  let code = ''
  let receiptHtml = ''

  it('reads the form as it is: one send button, the answer not chosen, no receipt, no script-only text', async () => {
    const form = await lynx(`${origin}/r/${slug()}/report?lang=en`)
    expect(form).toContain(`(*) ${t.ongoingUnknown}`)
    expect(form).toContain(`( ) ${t.ongoingYes}`)
    expect(form).toContain(`(BUTTON) ${t.submit}`)
    for (const absent of [
      t.receiptTitle,
      t.receiptCopy,
      t.receiptPrint,
      t.encryptionLoading,
      t.plainVersionLink,
    ]) {
      expect(form, absent).not.toContain(absent)
    }
    // Read without JavaScript too, so the footer claims no more than either path does.
    expect(form).not.toContain('Reports are encrypted before they leave your device')
    expect(form).toContain('without it as soon as they reach the server')
  })

  it('reports, and reads the receipt: the code, a download that works, and a box the server insists on', async () => {
    // Exactly what lynx sends for this form when only "what happened" is filled in.
    const body = await multipart([
      ['lang', 'en'],
      ['what', 'The weighing scales in the packing hall are set 3% light.'],
      ['when', ''],
      ['where', ''],
      ['who', ''],
      ['how', ''],
      ['ongoing', 'unknown'],
      ['name', ''],
      ['contact', ''],
    ])
    const response = await fetch(`${origin}/r/${slug()}/report`, {
      method: 'POST',
      body: new Uint8Array(body.payload),
      headers: body.headers,
    })
    expect(response.status).toBe(200)
    receiptHtml = await response.text()
    const receipt = await lynxHtml(receiptHtml)
    code = receipt.match(/\d{4} \d{4} \d{4} \d{4}/)![0]
    expect(receipt).toContain(`(BUTTON) ${t.receiptDownload}`)
    expect(receipt).toContain(`[ ] ${t.receiptSaved}`)
    expect(receipt).not.toContain(t.receiptCopy)
    expect(receipt).not.toContain('before they leave your device')
    const stored = casesAsConfidant(test, slug(), organisation.confidant).at(-1)!
    expect(stored.entries[0]!.document).toMatchObject({ ongoing: 'unknown' })

    const receivedOn = inputValue(receiptHtml, 'receivedOn')
    const file = await lynx(`${origin}/r/${slug()}/receipt`, formBody({ code, receivedOn, lang: 'en' }))
    expect(file).toContain(code)
    expect(file).toContain('Bakkerij Jansen B.V.')

    const unticked = await lynx(`${origin}/r/${slug()}/done`, formBody({ lang: 'en', code, receivedOn }))
    expect(unticked).toContain(t.receiptSavedRequired)
    expect(unticked).toContain(code)
    const done = await lynx(`${origin}/r/${slug()}/done`, formBody({ lang: 'en', code, saved: 'yes' }))
    expect(done).toContain(t.doneTitle)
  })

  it('follows up: opens the case with the code, reads it, asks for a meeting, signs out', async () => {
    const thread = await lynx(`${origin}/r/${slug()}/follow-up`, formBody({ code, lang: 'en' }))
    expect(thread).toContain('The weighing scales in the packing hall are set 3% light.')
    expect(thread).toContain(`(BUTTON) ${t.signOut}`)
    expect(thread).not.toContain('Close case')
    expect(thread).not.toContain('before they leave your device')

    // The form's hidden token, which lynx sends back with the form: read from the page with lynx's own cookie.
    const [name, value] = readFileSync(cookieFile(), 'utf8')
      .split('\n')
      .map((line) => line.split('\t'))
      .find((fields) => fields[5] === 'meldpool-follow-up')!
      .slice(5)
    const page = await fetch(`${origin}/r/${slug()}/follow-up/case?lang=en`, {
      headers: { cookie: `${name}=${value}` },
    })
    const source = await page.text()
    const token = inputValue(source, '_token')
    const asked = await lynx(
      `${origin}/r/${slug()}/follow-up/case/meeting`,
      formBody({ _token: token, lang: 'en', text: 'Mornings before eight' }),
    )
    expect(asked).toContain(t.meetingSent)
    expect(asked).toContain('Mornings before eight')

    const signedOut = await lynx(
      `${origin}/r/${slug()}/follow-up/case/sign-out`,
      formBody({ _token: token, lang: 'en' }),
    )
    expect(signedOut).toContain('Bakkerij Jansen B.V.')
    const after = await lynx(`${origin}/r/${slug()}/follow-up/case?lang=en`)
    expect(after).toContain(t.sessionExpired)
  })
})
