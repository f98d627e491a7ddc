import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveReporterKeys, fromBase64Url, generateCaseCode, toBase64Url } from '../../crypto/index.js'
import { openReporterSharedKey, sealMessage, sealReport } from '../../server/domain/sealing.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { unusedValidCode } from '../helpers/confidant.js'
import { tracesOf } from '../helpers/files.js'
import { cookiesOf, decodeAttribute, multipart, receiptCode } from '../helpers/forms.js'
import { seedActiveOrganisation } from '../helpers/seed.js'

// DESIGN §7: no IP address or user agent is logged or stored for reporter routes. Here with the default
// proxy setting (the socket's address is the reporter's), over every reporter route, the JavaScript API and
// the throttle that wrong codes run into included.
const SOCKET_IP = '127.13.37.42'
// Not trusted by default, so ignored for request.ip; it must not be kept either.
const FORWARDED_IP = '198.51.100.73'
const USER_AGENT = 'TraceAgent/7.1 (ReporterPhone; distinctive build 5521)'

const addressBytes = (ip: string) => Buffer.from(ip.split('.').map(Number))

let test: TestApp
let slug: string
/** Every reporter route pattern that answered, from the request log. */
let routesSeen: Set<string>

const headers = { 'user-agent': USER_AGENT, 'x-forwarded-for': FORWARDED_IP }
const form = { ...headers, 'content-type': 'application/x-www-form-urlencoded' }

/** Every request comes from the distinctive socket address, with the distinctive user agent. */
function inject(options: InjectOptions): Promise<LightMyRequestResponse> {
  return test.app.inject({
    ...options,
    remoteAddress: SOCKET_IP,
    headers: { ...headers, ...(options.headers as Record<string, string> | undefined) },
  })
}

beforeAll(async () => {
  test = await createTestApp()
  expect(test.config.trustProxy).toBe(false)
  slug = (await seedActiveOrganisation(test)).slug

  // Pages.
  for (const url of [`/r/${slug}`, `/r/${slug}/report`, `/r/${slug}/done`, `/r/${slug}/follow-up`]) {
    expect((await inject({ url })).statusCode, url).toBe(200)
  }

  // No JavaScript: report, open the case, read, reply with a file, ask for a meeting, download, sign out.
  const report = await multipart([
    ['lang', 'en'],
    ['what', 'Something the confidant should know.'],
    ['files', { name: 'evidence.txt', data: 'evidence' }],
  ])
  const submitted = await inject({ method: 'POST', url: `/r/${slug}/report`, ...report })
  expect(submitted.statusCode).toBe(200)
  const code = receiptCode(submitted.body)
  const opened = await inject({
    method: 'POST',
    url: `/r/${slug}/follow-up`,
    headers: form,
    payload: `code=${encodeURIComponent(code)}`,
  })
  expect(opened.statusCode).toBe(303)
  const cookies = cookiesOf(opened)
  const thread = await inject({ url: `/r/${slug}/follow-up/case`, cookies })
  expect(thread.statusCode).toBe(200)
  const token = thread.body.match(/name="_token" value="([^"]+)"/)![1]!
  const reply = await multipart([
    ['_token', token],
    ['text', 'A reply.'],
    ['files', { name: 'more.txt', data: 'more' }],
  ])
  const replied = await inject({
    method: 'POST',
    url: `/r/${slug}/follow-up/case/message`,
    cookies,
    ...reply,
  })
  expect(replied.statusCode).toBe(303)
  const meeting = await inject({
    method: 'POST',
    url: `/r/${slug}/follow-up/case/meeting`,
    cookies,
    headers: form,
    payload: `_token=${token}&text=Can+we+meet`,
  })
  expect(meeting.statusCode).toBe(303)
  const fileLink = thread.body.match(/href="(\/r\/[^"]+\/follow-up\/case\/file\/[^"]+)"/)![1]!
  expect((await inject({ url: fileLink, cookies })).statusCode).toBe(200)
  const signedOut = await inject({
    method: 'POST',
    url: `/r/${slug}/follow-up/case/sign-out`,
    cookies,
    headers: form,
    payload: `_token=${token}`,
  })
  expect(signedOut.statusCode).toBe(303)

  // JavaScript: submit, read the thread, reply, fetch a file (what views/browser/*.ts do).
  const page = await inject({ url: `/r/${slug}/report` })
  const encryption = JSON.parse(decodeAttribute(page.body.match(/data-encryption="([^"]+)"/)![1]!))
  const reporter = deriveReporterKeys(generateCaseCode(), fromBase64Url(encryption.codeSalt))
  const fields = {
    what: 'Sent from a browser.',
    when: '',
    where: '',
    who: '',
    how: '',
    ongoing: 'unknown' as const,
  }
  const file = { name: 'photo.bin', type: 'application/octet-stream', data: new Uint8Array([1, 2, 3]) }
  const sealed = sealReport(reporter, encryption.recipients, fields, [file], 'en')
  const envelope = await multipart([
    ['lang', 'en'],
    ['envelope', JSON.stringify(sealed.envelope)],
    ...sealed.files.map((f): [string, { name: string; data: Uint8Array }] => [
      'file',
      { name: f.id, data: f.ciphertext },
    ]),
  ])
  expect((await inject({ method: 'POST', url: encryption.submit, ...envelope })).statusCode).toBe(201)
  const lookup = sealed.envelope.lookup
  const view = await inject({
    method: 'POST',
    url: `/r/${slug}/follow-up/view`,
    headers: form,
    payload: `lookup=${lookup}&lang=en`,
  })
  expect(view.statusCode).toBe(200)
  const sharedKey = openReporterSharedKey(
    fromBase64Url(view.body.match(/data-sealed-key="([^"]+)"/)![1]!),
    sealed.envelope.caseId,
    reporter,
  )
  // The report is entry 0 of the thread; this reply is entry 1.
  const message = sealMessage(
    { caseId: sealed.envelope.caseId, sharedKey, seq: 1 },
    'message',
    'And more.',
    [],
  )
  const sent = await multipart([['envelope', JSON.stringify({ lookup, ...message.message })]])
  expect((await inject({ method: 'POST', url: `/r/${slug}/api/message`, ...sent })).statusCode).toBe(201)
  const attachment = await inject({
    method: 'POST',
    url: `/r/${slug}/api/attachment`,
    headers: form,
    payload: `lookup=${lookup}&id=${sealed.files[0]!.id}`,
  })
  expect(attachment.statusCode).toBe(200)

  // Wrong codes until the throttle answers, on both paths: the throttle is keyed by the address.
  const throttled = async (ask: () => ReturnType<typeof inject>) => {
    for (let attempt = 0; attempt < 20; attempt++) if ((await ask()).statusCode === 429) return true
    return false
  }
  expect(
    await throttled(() =>
      inject({
        method: 'POST',
        url: `/r/${slug}/follow-up`,
        headers: form,
        payload: `code=${encodeURIComponent(unusedValidCode())}`,
      }),
    ),
  ).toBe(true)
  const unknownLookup = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
  for (const url of [`/r/${slug}/follow-up/view`, `/r/${slug}/api/attachment`]) {
    expect(
      await throttled(() =>
        inject({ method: 'POST', url, headers: form, payload: `lookup=${unknownLookup()}&id=x&lang=en` }),
      ),
      url,
    ).toBe(true)
  }
  const wrongMessage = await multipart([
    ['envelope', JSON.stringify({ ...message.message, lookup: unknownLookup() })],
  ])
  expect((await inject({ method: 'POST', url: `/r/${slug}/api/message`, ...wrongMessage })).statusCode).toBe(
    429,
  )

  routesSeen = new Set(
    test.logs.flatMap((line) => {
      const route = line.match(/"route":"(\/r\/[^"]*)"/)?.[1]
      return route ? [route] : []
    }),
  )
}, 180_000)
afterAll(() => test?.close())

describe('no address or user agent kept for reporters (default proxy setting)', () => {
  it('every reporter route was exercised, the JavaScript API included', () => {
    expect([...routesSeen].sort()).toEqual(
      [
        '/r/:slug',
        '/r/:slug/report',
        '/r/:slug/api/submit',
        '/r/:slug/done',
        '/r/:slug/follow-up',
        '/r/:slug/follow-up/case',
        '/r/:slug/follow-up/case/message',
        '/r/:slug/follow-up/case/meeting',
        '/r/:slug/follow-up/case/file/:id',
        '/r/:slug/follow-up/case/sign-out',
        '/r/:slug/follow-up/view',
        '/r/:slug/api/message',
        '/r/:slug/api/attachment',
      ].sort(),
    )
  })

  it('the search finds an address where it is, in each spelling it looks for', () => {
    // Control, so that the checks below cannot pass by searching wrongly.
    const inLog = (secret: string | Buffer, line: string) =>
      tracesOf(secret, test.dataDir, [line]).includes('the logs')
    const bytes = addressBytes(SOCKET_IP)
    expect(inLog(SOCKET_IP, `{"ip":"${SOCKET_IP}"}`)).toBe(true)
    expect(inLog(bytes, bytes.toString('hex'))).toBe(true)
    for (const filler of ['', 'x', 'xy']) {
      expect(inLog(SOCKET_IP, Buffer.from(`${filler}${SOCKET_IP}!`).toString('base64'))).toBe(true)
      expect(inLog(SOCKET_IP, Buffer.from(`${filler}${SOCKET_IP}`).toString('base64url'))).toBe(true)
      expect(inLog(bytes, Buffer.concat([Buffer.from(filler), bytes]).toString('base64'))).toBe(true)
    }
    expect(inLog(SOCKET_IP, 'nothing here')).toBe(false)
  })

  for (const [what, secret] of [
    ['the socket address', SOCKET_IP],
    ['the socket address as 4 bytes', addressBytes(SOCKET_IP)],
    ['the forwarded address', FORWARDED_IP],
    ['the forwarded address as 4 bytes', addressBytes(FORWARDED_IP)],
    ['the user agent', USER_AGENT],
    ['the distinctive part of the user agent', 'ReporterPhone'],
  ] as const) {
    it(`${what}: in no file of the data directory (WAL included) and not in the logs`, () => {
      expect(tracesOf(secret, test.dataDir, test.logs)).toEqual([])
    })
  }
})
