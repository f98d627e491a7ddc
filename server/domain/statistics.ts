import { TZDate } from '@date-fns/tz'
import { type CaseOutcome, caseOutcomes } from './case-workflow.js'

/** A calendar quarter, '2026-Q4'. Its bounds are local midnights in each organisation's own time zone. */
export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 }

const QUARTER = /^(\d{4})-Q([1-4])$/

export function parseQuarter(text: string): Quarter | undefined {
  const match = QUARTER.exec(text)
  if (!match) return undefined
  const year = Number(match[1])
  if (year < 2000 || year > 2999) return undefined
  return { year, quarter: Number(match[2]) as Quarter['quarter'] }
}

export function quarterLabel(q: Quarter): string {
  return `${q.year}-Q${q.quarter}`
}

/** The quarter `at` falls in, in `timeZone`. */
export function quarterOf(at: number, timeZone: string): Quarter {
  const local = new TZDate(at, timeZone)
  return { year: local.getFullYear(), quarter: (Math.floor(local.getMonth() / 3) + 1) as Quarter['quarter'] }
}

export function shiftQuarter(q: Quarter, by: number): Quarter {
  const index = q.year * 4 + (q.quarter - 1) + by
  return { year: Math.floor(index / 4), quarter: ((index % 4) + 1) as Quarter['quarter'] }
}

/** [starts, ends) in UTC milliseconds: from local midnight of the quarter's first day to the next quarter's. */
export function quarterBounds(q: Quarter, timeZone: string): { starts: number; ends: number } {
  const midnight = (year: number, month: number) => new TZDate(year, month, 1, timeZone).getTime()
  const next = shiftQuarter(q, 1)
  return { starts: midnight(q.year, (q.quarter - 1) * 3), ends: midnight(next.year, (next.quarter - 1) * 3) }
}

/** Below this many reports an outcome count is never shown (k-anonymity: no small member identifiable). */
export const MIN_CELL = 5

/** A count as published: the number, or withheld. */
export type ShownCount = { shown: true; count: number } | { shown: false }

export type OutcomeCounts = Record<CaseOutcome, number>

export type OutcomeTable<Row extends string> = {
  rows: Array<{ row: Row; cells: Record<CaseOutcome, ShownCount> }>
  total: Record<CaseOutcome, ShownCount>
}

/**
 * Which outcome counts may be published, for member rows and the association's total row.
 *
 * Rule: a cell is shown only when it counts at least MIN_CELL reports, and every group of withheld cells that
 * a total covers sums to 0, to at least MIN_CELL, or to that whole total. The totals a reader knows or can
 * work out are each member's closed cases (from other figures, e.g. reports received minus those still open)
 * and the association's count per outcome (the total row) and overall. If withheld cells under such a total
 * summed to 1–4, subtracting the shown cells from the total would reveal that small number; so the smallest
 * shown cell of that row or column is withheld too (complementary suppression), repeated until no total
 * gives one away. Subtraction can then only reveal that withheld cells are all 0 (no report to identify),
 * a sum of at least MIN_CELL spread over several cells, or the whole of a small total (a member with 3
 * closed cases has all its outcomes withheld: the 3 is known, no outcome is). Every withheld cell reads the
 * same ("fewer than 5" or complementary alike), so a reader cannot tell which kind it is; HTML, SVG and CSV
 * all publish this result.
 */
export function suppressOutcomes<Row extends string>(
  counts: Array<{ row: Row; outcomes: OutcomeCounts }>,
): OutcomeTable<Row> {
  const hidden = counts.map((r) => new Set(caseOutcomes.filter((o) => r.outcomes[o] < MIN_CELL)))
  const totals = Object.fromEntries(
    caseOutcomes.map((o) => [o, counts.reduce((sum, r) => sum + r.outcomes[o], 0)]),
  ) as OutcomeCounts
  const totalHidden = new Set(caseOutcomes.filter((o) => totals[o] < MIN_CELL))
  const risky = (sum: number) => sum > 0 && sum < MIN_CELL

  /** Withholds the smallest shown cell among `cells`; false when none is left to withhold. */
  function withholdSmallest(cells: Array<{ count: number; withhold: () => void }>): boolean {
    const smallest = cells.sort((a, b) => a.count - b.count)[0]
    smallest?.withhold()
    return smallest !== undefined
  }

  let changed = true
  while (changed) {
    changed = false
    // Each member row against its (derivable) total of closed cases.
    counts.forEach((r, i) => {
      const set = hidden[i]!
      const sum = caseOutcomes.filter((o) => set.has(o)).reduce((s, o) => s + r.outcomes[o], 0)
      if (!risky(sum)) return
      const shown = caseOutcomes.filter((o) => !set.has(o))
      if (withholdSmallest(shown.map((o) => ({ count: r.outcomes[o], withhold: () => set.add(o) }))))
        changed = true
    })
    // Each outcome column against the association's count for that outcome.
    for (const o of caseOutcomes) {
      const sum = counts.reduce((s, r, i) => s + (hidden[i]!.has(o) ? r.outcomes[o] : 0), 0)
      if (!risky(sum)) continue
      const shown = counts.flatMap((r, i) =>
        hidden[i]!.has(o) ? [] : [{ count: r.outcomes[o], withhold: () => hidden[i]!.add(o) }],
      )
      if (!totalHidden.has(o)) shown.push({ count: totals[o], withhold: () => totalHidden.add(o) })
      if (withholdSmallest(shown)) changed = true
    }
    // The total row against the association's total of closed cases.
    const sum = caseOutcomes.filter((o) => totalHidden.has(o)).reduce((s, o) => s + totals[o], 0)
    if (risky(sum)) {
      const shown = caseOutcomes.filter((o) => !totalHidden.has(o))
      if (withholdSmallest(shown.map((o) => ({ count: totals[o], withhold: () => totalHidden.add(o) }))))
        changed = true
    }
  }

  const publish = (set: Set<CaseOutcome>, values: OutcomeCounts) =>
    Object.fromEntries(
      caseOutcomes.map((o) => [o, set.has(o) ? { shown: false } : { shown: true, count: values[o] }]),
    ) as Record<CaseOutcome, ShownCount>
  return {
    rows: counts.map((r, i) => ({ row: r.row, cells: publish(hidden[i]!, r.outcomes) })),
    total: publish(totalHidden, totals),
  }
}

export function noOutcomes(): OutcomeCounts {
  return Object.fromEntries(caseOutcomes.map((o) => [o, 0])) as OutcomeCounts
}

/** part / whole as a percentage; undefined when nothing was due. */
export function percentage(part: number, whole: number): number | undefined {
  return whole === 0 ? undefined : (100 * part) / whole
}
