import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { filesContaining } from '../helpers/files.js'
import { multipart, receiptCode } from '../helpers/forms.js'
import { seedActiveOrganisation } from '../helpers/seed.js'

// DESIGN §7: no plaintext at rest; no IP address, user agent, referrer or case code logged or stored.
const CANARY = 'CANARY-7f3a9c-plaintext-must-never-touch-disk'
const FILE_CANARY = 'FILECANARY-0b5e-attachment-bytes'
const IP = '203.0.113.201'
const USER_AGENT = 'CanaryAgent/4.2 (ReporterLaptop)'
const REFERRER = 'https://intranet.employer.example/whistle'

let test: TestApp
let slug: string
let code: string
beforeAll(async () => {
  test = await createTestApp({ env: { MELDPOOL_TRUST_PROXY: 'on' } })
  slug = (await seedActiveOrganisation(test)).slug
  const headers = { 'x-forwarded-for': IP, 'user-agent': USER_AGENT, referer: REFERRER }

  const report = await multipart([
    ['lang', 'en'],
    ['what', `${CANARY} what`],
    ['who', `${CANARY} who`],
    ['name', `${CANARY} name`],
    ['files', { name: `${CANARY}.txt`, data: FILE_CANARY }],
  ])
  const submitted = await test.app.inject({
    method: 'POST',
    url: `/r/${slug}/report`,
    ...report,
    headers: { ...report.headers, ...headers },
  })
  code = receiptCode(submitted.body)

  const opened = await test.app.inject({
    method: 'POST',
    url: `/r/${slug}/follow-up`,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `code=${encodeURIComponent(code)}`,
  })
  const cookies = { [opened.cookies[0]!.name]: opened.cookies[0]!.value }
  const thread = await test.app.inject({ url: `/r/${slug}/follow-up/case`, cookies, headers })
  const token = thread.body.match(/name="_token" value="([^"]+)"/)![1]!
  const reply = await multipart([
    ['_token', token],
    ['text', `${CANARY} reply`],
    ['files', { name: 'reply.bin', data: FILE_CANARY }],
  ])
  await test.app.inject({
    method: 'POST',
    url: `/r/${slug}/follow-up/case/message`,
    cookies,
    ...reply,
    headers: { ...reply.headers, ...headers },
  })
  await test.app.inject({
    method: 'POST',
    url: `/r/${slug}/follow-up/case/meeting`,
    cookies,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_token=${token}&text=${encodeURIComponent(`${CANARY} meeting`)}`,
  })
  const after = await test.app.inject({ url: `/r/${slug}/follow-up/case`, cookies, headers })
  expect(after.body).toContain(`${CANARY} reply`)
})
afterAll(() => test.close())

describe('what a reporter leaves behind', () => {
  it('no report text, file content, file name, IP, user agent, referrer or case code in any file of the data directory, WAL included', () => {
    // Control: the search does see what is stored in the clear.
    expect(filesContaining(test.dataDir, 'Bakkerij Jansen B.V.').length).toBeGreaterThan(0)
    for (const needle of [CANARY, FILE_CANARY, IP, USER_AGENT, REFERRER, code, code.replace(/ /g, '')]) {
      expect(filesContaining(test.dataDir, needle), needle).toEqual([])
    }
  })

  it('none of it in the logs either', () => {
    const log = test.logs.join('\n')
    expect(log).toContain('"route":"/r/:slug/report"')
    for (const needle of [
      CANARY,
      FILE_CANARY,
      IP,
      USER_AGENT,
      'CanaryAgent',
      'intranet.employer',
      code,
      code.replace(/ /g, ''),
    ]) {
      expect(log, needle).not.toContain(needle)
    }
  })

  it('still none after the database is checkpointed and closed', async () => {
    await test.app.close()
    for (const needle of [CANARY, FILE_CANARY, IP, USER_AGENT, code.replace(/ /g, '')]) {
      expect(filesContaining(test.dataDir, needle), needle).toEqual([])
    }
  })
})
