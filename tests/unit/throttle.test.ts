import { describe, expect, it } from 'vitest'
import { anonymousKey, createCodeAttemptGuard, createThrottle } from '../../server/domain/throttle.js'

const minute = 60_000

function throttleWithClock(options: { maxFailures: number; windowMs: number; maxEntries?: number }) {
  const clock = { now: 0 }
  const throttle = createThrottle({ ...options, now: () => clock.now })
  return { throttle, clock }
}

describe('failure throttle for case codes', () => {
  it('allows maxFailures wrong codes, then makes the next attempt wait until the oldest failure is a window old', () => {
    const { throttle, clock } = throttleWithClock({ maxFailures: 3, windowMs: minute })
    const key = anonymousKey(['203.0.113.5', 'acme'])

    for (const at of [0, 10_000, 20_000]) {
      clock.now = at
      expect(throttle.retryAfter(key)).toBe(0)
      throttle.recordFailure(key)
    }
    expect(throttle.retryAfter(key)).toBe(40_000)

    clock.now = 59_999
    expect(throttle.retryAfter(key)).toBe(1)
  })

  it('unblocks after the window, and the window slides: one more failure blocks until the next oldest expires', () => {
    const { throttle, clock } = throttleWithClock({ maxFailures: 3, windowMs: minute })
    for (const at of [0, 10_000, 20_000]) {
      clock.now = at
      throttle.recordFailure('k')
    }

    clock.now = minute
    expect(throttle.retryAfter('k')).toBe(0)
    throttle.recordFailure('k')
    expect(throttle.retryAfter('k')).toBe(10_000) // the failure at 10 s leaves the window at 70 s

    clock.now = 10 * minute
    expect(throttle.retryAfter('k')).toBe(0)
  })

  it('never blocks failures spread out wider than the window', () => {
    const { throttle, clock } = throttleWithClock({ maxFailures: 2, windowMs: minute })
    for (let i = 0; i < 10; i++) {
      clock.now = i * (minute / 2 + 1)
      expect(throttle.retryAfter('k')).toBe(0)
      throttle.recordFailure('k')
    }
  })

  it('keeps keys independent', () => {
    const { throttle } = throttleWithClock({ maxFailures: 1, windowMs: minute })
    const guesser = anonymousKey(['203.0.113.5', 'acme'])
    throttle.recordFailure(guesser)
    expect(throttle.retryAfter(guesser)).toBe(minute)
    expect(throttle.retryAfter(anonymousKey(['198.51.100.7', 'acme']))).toBe(0)
    expect(throttle.retryAfter(anonymousKey(['203.0.113.5', 'other-member']))).toBe(0)
  })

  it('forgets keys whose failures have all expired', () => {
    const { throttle, clock } = throttleWithClock({ maxFailures: 3, windowMs: minute })
    throttle.recordFailure('a')
    clock.now = 30_000
    throttle.recordFailure('b')
    expect(throttle.size()).toBe(2)

    clock.now = minute
    expect(throttle.size()).toBe(1)
    clock.now = minute + 30_000
    expect(throttle.size()).toBe(0)
  })

  it('stays bounded at maxEntries under 50 000 distinct keys, dropping the oldest', () => {
    const { throttle, clock } = throttleWithClock({ maxFailures: 1, windowMs: 10 * minute })
    for (let i = 0; i < 50_000; i++) {
      clock.now = i
      throttle.recordFailure(`key-${i}`)
    }
    expect(throttle.size()).toBe(10_000)
    expect(throttle.retryAfter('key-49999')).toBeGreaterThan(0)
    expect(throttle.retryAfter('key-40000')).toBeGreaterThan(0)
    expect(throttle.retryAfter('key-39999')).toBe(0)
  })

  it('honours a smaller maxEntries', () => {
    const { throttle } = throttleWithClock({ maxFailures: 3, windowMs: minute, maxEntries: 5 })
    for (let i = 0; i < 100; i++) throttle.recordFailure(`key-${i}`)
    expect(throttle.size()).toBe(5)
  })

  it('refuses options that would disable it', () => {
    expect(() => createThrottle({ maxFailures: 0, windowMs: minute })).toThrow(RangeError)
    expect(() => createThrottle({ maxFailures: 3, windowMs: Number.NaN })).toThrow(RangeError)
    expect(() => createThrottle({ maxFailures: 3, windowMs: minute, maxEntries: 0 })).toThrow(RangeError)
  })
})

describe('case-code attempt guard', () => {
  function guardWithClock() {
    const clock = { now: 0 }
    const guard = createCodeAttemptGuard({
      perVisitor: { maxFailures: 3, windowMs: minute },
      perOrganisation: { maxFailures: 10, windowMs: 60 * minute },
      pacedIntervalMs: 30_000,
      now: () => clock.now,
    })
    const admit = (visitor: string, organisation = 'org') => {
      const result = guard.admit(visitor, organisation)
      if ('retryAfterMs' in result) throw Object.assign(new Error('refused'), result)
      return result
    }
    const refusal = (visitor: string, organisation = 'org') => {
      const result = guard.admit(visitor, organisation)
      return 'retryAfterMs' in result ? result.retryAfterMs : 0
    }
    return { clock, admit, refusal }
  }

  it('lets one attempt per visitor be in flight; a second waits even before the first is checked', () => {
    const { admit, refusal } = guardWithClock()
    const first = admit('v')
    expect(refusal('v')).toBeGreaterThan(0)
    first.failed()
    admit('v').failed()
  })

  it('never refuses a visitor whose codes are correct, however often', () => {
    const { admit } = guardWithClock()
    for (let i = 0; i < 100; i++) admit('v').succeeded()
  })

  it('keeps the failure history across a success: it does not reset the count', () => {
    const { admit, refusal } = guardWithClock()
    admit('v').failed()
    admit('v').failed()
    admit('v').succeeded()
    admit('v').failed()
    expect(refusal('v')).toBe(minute)
  })

  it('counts attempts in flight against the organisation before they are checked', () => {
    const { admit, refusal } = guardWithClock()
    const inFlight = Array.from({ length: 10 }, (_, index) => admit(`v${index}`))
    // Budget spent by attempts not yet checked: one paced attempt, then the rest wait.
    admit('late-1')
    expect(refusal('late-2')).toBe(30_000)
    for (const attempt of inFlight) attempt.succeeded()
    expect(refusal('late-2')).toBe(0)
  })

  it('paces an organisation whose budget rotating visitors spent: one attempt per interval from anyone', () => {
    const { clock, admit, refusal } = guardWithClock()
    for (let i = 0; i < 10; i++) admit(`rotating-${i}`).failed()
    // The first paced attempt goes through (admit throws when refused).
    admit('reporter-with-the-right-code').succeeded()
    expect(refusal('another-fresh-address')).toBe(30_000)
    clock.now = 30_000
    admit('another-fresh-address').failed()
    // Other organisations are not affected.
    admit('rotating-0', 'other-org').failed()
    // The budget recovers when the failures leave the window.
    clock.now = 60 * minute + 30_001
    for (let i = 0; i < 5; i++) admit(`later-${i}`).failed()
  })

  it('does not count a success twice or a settled attempt again', () => {
    const { admit, refusal } = guardWithClock()
    const attempt = admit('v')
    attempt.succeeded()
    attempt.failed()
    attempt.failed()
    admit('v').failed()
    admit('v').failed()
    expect(refusal('v')).toBe(0)
  })
})

describe('anonymous rate-limit keys', () => {
  it('is the same for the same parts within a process', () => {
    expect(anonymousKey(['203.0.113.5', 'acme'])).toBe(anonymousKey(['203.0.113.5', 'acme']))
  })

  it('differs for different inputs, including parts that would join to the same string', () => {
    const keys = [
      anonymousKey(['203.0.113.5', 'acme']),
      anonymousKey(['203.0.113.6', 'acme']),
      anonymousKey(['203.0.113.5', 'acme2']),
      anonymousKey(['203.0.113.5acme']),
      anonymousKey(['203.0.113.5a', 'cme']),
    ]
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('never contains the address: 32 hex characters only', () => {
    const key = anonymousKey(['203.0.113.5', 'acme'])
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(key).not.toContain('203.0.113.5')
    expect(key).not.toContain('acme')
  })
})
