import { createHmac, randomBytes } from 'node:crypto'

export type ThrottleOptions = {
  maxFailures: number
  windowMs: number
  now?: () => number
  maxEntries?: number
}

export type Throttle = {
  /** ms the caller must wait before the next attempt is allowed (0 = allowed). */
  retryAfter(key: string): number
  recordFailure(key: string): void
  /** Clears that key. */
  recordSuccess(key: string): void
  /** Number of tracked keys (for tests / memory bound). */
  size(): number
}

/**
 * Slows down guessing of case codes after repeated failures (DESIGN §7: rate limits never need stored IPs).
 *
 * Sliding window: a key may fail `maxFailures` times within any `windowMs`; then it waits until the oldest of
 * those failures is `windowMs` old. Each key keeps only its last `maxFailures` failure times, so memory per key
 * is fixed. Keys are opaque: callers pass `anonymousKey([ip, slug])`, never a raw IP, so this map holds no
 * address and the process forgets everything on restart.
 *
 * Callers check `retryAfter` before verifying a code and record nothing for a refused attempt.
 * Bounded under attack: at `maxEntries` keys the least recently failing one is dropped. Memory wins over
 * recall: a client that controls more than `maxEntries` keys can push its own count out.
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const { maxFailures, windowMs, now = Date.now, maxEntries = 10_000 } = options
  assertPositiveInteger(maxFailures, 'maxFailures')
  assertPositiveInteger(windowMs, 'windowMs')
  assertPositiveInteger(maxEntries, 'maxEntries')

  // Failure times per key, oldest first. Map order is the order of each key's latest failure,
  // so expired keys are always at the front and pruning stops at the first live one.
  const failures = new Map<string, number[]>()

  const expired = (times: number[], at: number) => times[times.length - 1]! + windowMs <= at

  function pruneExpired(at: number): void {
    for (const [key, times] of failures) {
      if (!expired(times, at)) return
      failures.delete(key)
    }
  }

  return {
    retryAfter(key) {
      const at = now()
      pruneExpired(at)
      const times = failures.get(key)
      if (!times || times.length < maxFailures) return 0
      return Math.max(0, times[0]! + windowMs - at)
    },

    recordFailure(key) {
      const at = now()
      pruneExpired(at)
      const times = failures.get(key) ?? []
      times.push(at)
      if (times.length > maxFailures) times.shift()
      failures.delete(key)
      while (failures.size >= maxEntries) {
        const oldest = failures.keys().next().value!
        failures.delete(oldest)
      }
      failures.set(key, times)
    },

    recordSuccess(key) {
      failures.delete(key)
    },

    size() {
      pruneExpired(now())
      return failures.size
    },
  }
}

// Generated at module load and kept only in memory: after a restart no hash can be linked to an address again.
const processKey = randomBytes(32)

/**
 * A keyed hash of its parts (HMAC-SHA256, 128 bits as 32 hex characters), so a rate-limit key never contains
 * the IP address it was derived from. JSON encoding keeps ['a|b', 'c'] and ['a', 'b|c'] apart.
 */
export function anonymousKey(parts: string[]): string {
  return createHmac('sha256', processKey).update(JSON.stringify(parts)).digest('hex').slice(0, 32)
}

function assertPositiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`)
}
