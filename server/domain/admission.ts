/**
 * A bounded waiting room: at most `concurrent` holders at once, at most `waiting` in line behind them (FIFO).
 * Used so that many simultaneous reports wait their turn instead of all holding their files in memory and all
 * asking for Argon2id at once; only a full line is refused.
 */
export type Gate = {
  /** A release function once admitted; undefined at once when the line is full, or after `maxWaitMs` in line. */
  enter(maxWaitMs: number): Promise<(() => void) | undefined>
  /** Holders and waiters right now (for tests and the bench). */
  load(): { inside: number; waiting: number }
}

export function createGate(options: { concurrent: number; waiting: number }): Gate {
  let inside = 0
  const line: Array<(release: () => void) => void> = []

  function releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = line.shift()
      if (next) next(releaser())
      else inside--
    }
  }

  return {
    async enter(maxWaitMs) {
      if (inside < options.concurrent) {
        inside++
        return releaser()
      }
      if (line.length >= options.waiting) return undefined
      return new Promise((resolve) => {
        const admit = (release: () => void) => {
          clearTimeout(timer)
          resolve(release)
        }
        const timer = setTimeout(() => {
          const index = line.indexOf(admit)
          if (index >= 0) line.splice(index, 1)
          resolve(undefined)
        }, maxWaitMs)
        line.push(admit)
      })
    },
    load: () => ({ inside, waiting: line.length }),
  }
}
