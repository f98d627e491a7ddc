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
  /** Failures of this key still inside the window. */
  count(key: string): number
  /** Number of tracked keys (for tests / memory bound). */
  size(): number
}

/**
 * A sliding window of failures per opaque key (DESIGN §7: rate limits never need stored IPs).
 *
 * A key may fail `maxFailures` times within any `windowMs`; then it waits until the oldest of those failures is
 * `windowMs` old. Each key keeps only its last `maxFailures` failure times, so memory per key is fixed. Keys are
 * opaque: callers pass `anonymousKey([ip, slug])`, never a raw IP, so this map holds no address and the process
 * forgets everything on restart. A success wipes nothing: otherwise a guesser who also holds one valid code
 * (their own report) could reset their count at will.
 *
 * Bounded under attack: at `maxEntries` keys the least recently failing one is dropped. Memory wins over
 * recall: a client that controls more than `maxEntries` keys can push its own count out (the per-organisation
 * budget in `createCodeAttemptGuard` is what bounds such a client).
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

    count(key) {
      const at = now()
      return (failures.get(key) ?? []).filter((time) => time + windowMs > at).length
    },

    size() {
      pruneExpired(now())
      return failures.size
    },
  }
}

export type CodeAttemptGuardOptions = {
  /** Failures one visitor (a keyed hash of address and organisation) may make per window. */
  perVisitor: { maxFailures: number; windowMs: number }
  /** Failures all visitors together may make against one organisation per window, before pacing starts. */
  perOrganisation: { maxFailures: number; windowMs: number }
  /** Once an organisation's budget is spent: at most one attempt per this many ms, from anyone. */
  pacedIntervalMs: number
  now?: () => number
}

/** An admitted attempt: exactly one of the two must be called once the code has been checked. */
export type CodeAttempt = { failed(): void; succeeded(): void }

export type CodeAttemptGuard = {
  /** An attempt ticket, or how many ms to wait; the attempt counts from this moment, before any Argon2id. */
  admit(visitorKey: string, organisationKey: string): CodeAttempt | { retryAfterMs: number }
}

/** Retry-After for a visitor whose previous attempt is still being checked (Argon2id takes a fraction of this). */
const IN_FLIGHT_RETRY_MS = 2_000

/**
 * Online case-code guessing (SECURITY.md "Online guessing"). The rule, in order:
 * - an attempt counts the moment it is admitted, as if it will fail, so 40 concurrent wrong codes cannot all
 *   slip past a check made before the slow Argon2id; and one visitor has at most one attempt in flight;
 * - only failures are counted; a success releases its own slot and wipes no history;
 * - one visitor: `perVisitor` failures per window, then 429 until the oldest expires;
 * - one organisation, all visitors together (rotating addresses, Tor, NAT, spoofed headers): `perOrganisation`
 *   failures per window; after that the organisation is paced, not closed: one attempt per `pacedIntervalMs`
 *   from anyone. A correct code is indistinguishable from a guess until it has been checked, and checking it
 *   is the guess the budget limits, so under such a flood a correct code waits its turn (429 + Retry-After)
 *   rather than being refused for the whole window.
 */
export function createCodeAttemptGuard(options: CodeAttemptGuardOptions): CodeAttemptGuard {
  const now = options.now ?? Date.now
  const visitors = createThrottle({ ...options.perVisitor, now })
  const organisations = createThrottle({ ...options.perOrganisation, now, maxEntries: 100_000 })
  assertPositiveInteger(options.pacedIntervalMs, 'pacedIntervalMs')
  const inFlight = new Set<string>()
  const pendingPerOrganisation = new Map<string, number>()
  const lastPacedAdmit = new Map<string, number>()

  function pending(organisationKey: string): number {
    return pendingPerOrganisation.get(organisationKey) ?? 0
  }

  return {
    admit(visitorKey, organisationKey) {
      if (inFlight.has(visitorKey)) return { retryAfterMs: IN_FLIGHT_RETRY_MS }
      const visitorWait = visitors.retryAfter(visitorKey)
      if (visitorWait > 0) return { retryAfterMs: visitorWait }
      const at = now()
      // Attempts in flight count as failures against the budget until they turn out otherwise.
      const spent =
        organisations.count(organisationKey) + pending(organisationKey) >= options.perOrganisation.maxFailures
      if (spent) {
        const last = lastPacedAdmit.get(organisationKey)
        if (last !== undefined && at - last < options.pacedIntervalMs)
          return { retryAfterMs: last + options.pacedIntervalMs - at }
        for (const [key, time] of lastPacedAdmit)
          if (at - time >= options.pacedIntervalMs) lastPacedAdmit.delete(key)
        lastPacedAdmit.set(organisationKey, at)
      }
      inFlight.add(visitorKey)
      pendingPerOrganisation.set(organisationKey, pending(organisationKey) + 1)
      let settled = false
      const release = () => {
        if (settled) return false
        settled = true
        inFlight.delete(visitorKey)
        const left = pending(organisationKey) - 1
        if (left > 0) pendingPerOrganisation.set(organisationKey, left)
        else pendingPerOrganisation.delete(organisationKey)
        return true
      }
      return {
        failed() {
          if (!release()) return
          visitors.recordFailure(visitorKey)
          organisations.recordFailure(organisationKey)
        },
        succeeded() {
          release()
        },
      }
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
