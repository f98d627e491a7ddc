import type { Database } from '../../db/index.js'

export type Kept = { remember<T>(key: string, compute: () => T): T }

/**
 * What reporter pages are made of (an organisation's public facts, rendered pages), kept in memory until the
 * database changes. Any write counts, from this process or another one such as the CLI: a renamed,
 * suspended or reassigned organisation or a changed instance setting shows on the next request, and a rare
 * unrelated write (a new case, a mail sent) costs only one render more. The check is one cheap query.
 * Keys come only from pages that rendered: an unknown or inactive organisation throws and is never kept,
 * so the cache holds a few entries per active organisation at most.
 */
export function pageCache(database: Pick<Database, 'changeStamp'>) {
  const kept = new Map<string, unknown>()
  let keptAt = ''
  const view: Kept = {
    remember<T>(key: string, compute: () => T): T {
      if (kept.has(key)) return kept.get(key) as T
      const value = compute()
      // A write while computing (say, the instance row created on first use) could make the value stale.
      if (database.changeStamp() === keptAt) kept.set(key, value)
      return value
    },
  }
  return {
    /** What is kept, checked against the database once: call it once per request. */
    current(): Kept {
      const stamp = database.changeStamp()
      if (stamp !== keptAt) {
        kept.clear()
        keptAt = stamp
      }
      return view
    },
  }
}
export type PageCache = ReturnType<typeof pageCache>
