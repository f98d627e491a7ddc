import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'

let test: TestApp
beforeAll(async () => {
  test = await createTestApp({ env: { MELDPOOL_TRUST_PROXY: 'on' } })
})
afterAll(() => test.close())

describe('request logging', () => {
  it('records method, route pattern and status, never IP, user agent, referrer, query or body', async () => {
    const identifying = {
      'x-forwarded-for': '203.0.113.77',
      'user-agent': 'CanaryBrowser/9.9 (Secret Laptop)',
      referer: 'https://intranet.employer.example/whistle',
      'accept-language': 'en',
    }
    await test.app.inject({ url: '/?code=4821-7731-0954-2210', headers: identifying })
    await test.app.inject({ url: '/r/some-org/follow-up?code=4821773109542210', headers: identifying })
    await test.app.inject({ url: '/staff/setup/TokenCanaryValue0123456789?x=1', headers: identifying })
    await test.app.inject({
      method: 'POST',
      url: '/staff/setup/TokenCanaryValue0123456789',
      headers: { ...identifying, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=canary-body%40example.org',
    })
    const log = test.logs.join('\n')
    expect(log).toContain('"route":"/"')
    expect(log).toContain('"route":"/staff/setup/:token"')
    expect(log).toContain('"status":404')
    for (const secret of [
      '203.0.113.77',
      '127.0.0.1',
      'remoteAddress',
      'CanaryBrowser',
      'intranet.employer',
      '4821',
      'TokenCanaryValue',
      'canary-body',
      'some-org',
      'hostname',
    ]) {
      expect(log, secret).not.toContain(secret)
    }
  })

  it('writes one line per request, HEAD and unmatched URLs included, each with its own request id', async () => {
    const before = test.logs.length
    const requests = [
      { method: 'GET', url: '/', route: '/', status: 200 },
      { method: 'HEAD', url: '/', route: '/', status: 200 },
      { method: 'GET', url: '/no/such/page', route: '(unmatched)', status: 404 },
      { method: 'GET', url: '/assets/missing.js', route: '(unmatched)', status: 404 },
      { method: 'GET', url: '/r/no-such-org', route: '/r/:slug', status: 404 },
    ] as const
    for (const { method, url } of requests) await test.app.inject({ method, url })
    const lines = test.logs
      .slice(before)
      .join('')
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines.map(({ method, route, status }) => ({ method, route, status }))).toEqual(
      requests.map(({ method, route, status }) => ({ method, route, status })),
    )
    expect(new Set(lines.map((line) => line.reqId)).size).toBe(requests.length)
    for (const line of lines)
      expect(Object.keys(line)).toEqual(['level', 'time', 'reqId', 'method', 'route', 'status', 'ms', 'msg'])
  })
})
