import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type CaseOutcome, caseOutcomes } from '../../server/domain/case-workflow.js'
import {
  MIN_CELL,
  noOutcomes,
  type OutcomeCounts,
  type OutcomeTable,
  parseQuarter,
  quarterBounds,
  type ShownCount,
  suppressOutcomes,
} from '../../server/domain/statistics.js'

/**
 * What a reader can work out from a published table: the withheld cells' sum under each total they know.
 * `whole` marks a total whose every cell is withheld: its sum is then that total itself, which tells nothing
 * about any outcome (a member with 3 closed cases and all 6 outcomes withheld reveals only the 3).
 */
function withheldSums(counts: Array<{ outcomes: OutcomeCounts }>, table: OutcomeTable<string>) {
  const hidden = (cell: ShownCount) => !cell.shown
  const sums: Array<{ under: string; sum: number; whole: boolean }> = []
  // Each member's closed cases (derivable from its other figures).
  counts.forEach((r, i) => {
    const cells = table.rows[i]!.cells
    sums.push({
      under: `member ${i}`,
      sum: caseOutcomes.filter((o) => hidden(cells[o])).reduce((s, o) => s + r.outcomes[o], 0),
      whole: caseOutcomes.every((o) => hidden(cells[o])),
    })
  })
  // Each outcome's association count, where it is published.
  for (const o of caseOutcomes)
    if (table.total[o].shown)
      sums.push({
        under: `outcome ${o}`,
        sum: counts.reduce((s, r, i) => s + (hidden(table.rows[i]!.cells[o]) ? r.outcomes[o] : 0), 0),
        whole: table.rows.every((row) => hidden(row.cells[o])),
      })
  // The association's closed cases.
  const totals = (o: CaseOutcome) => counts.reduce((s, r) => s + r.outcomes[o], 0)
  sums.push({
    under: 'association',
    sum: caseOutcomes.filter((o) => hidden(table.total[o])).reduce((s, o) => s + totals(o), 0),
    whole: caseOutcomes.every((o) => hidden(table.total[o])),
  })
  return sums
}

const outcomeCounts = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), {
    minLength: caseOutcomes.length,
    maxLength: caseOutcomes.length,
  })
  .map((values) => Object.fromEntries(caseOutcomes.map((o, i) => [o, values[i]!])) as OutcomeCounts)

describe('outcome counts are k-anonymous (at least 5 reports behind anything a reader can learn)', () => {
  it('shows no cell under 5, and no total gives away a withheld sum of 1 to 4 short of the whole total', () => {
    fc.assert(
      fc.property(fc.array(outcomeCounts, { minLength: 1, maxLength: 12 }), (tables) => {
        const counts = tables.map((outcomes, i) => ({ row: `m${i}`, outcomes }))
        const table = suppressOutcomes(counts)
        table.rows.forEach((row, i) => {
          for (const o of caseOutcomes) {
            const cell = row.cells[o]
            if (cell.shown) {
              expect(cell.count).toBe(counts[i]!.outcomes[o])
              expect(cell.count).toBeGreaterThanOrEqual(MIN_CELL)
            }
          }
        })
        for (const o of caseOutcomes) {
          const cell = table.total[o]
          if (cell.shown) expect(cell.count).toBeGreaterThanOrEqual(MIN_CELL)
        }
        for (const { under, sum, whole } of withheldSums(counts, table))
          expect(whole || sum === 0 || sum >= MIN_CELL, `${under}: withheld cells sum to ${sum}`).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('withholds every outcome of a member with fewer than 5 closed cases, so only their number is known', () => {
    const outcomes = { ...noOutcomes(), withdrawn_or_no_information: 1 }
    const { rows, total } = suppressOutcomes([{ row: 'bakery', outcomes }])
    for (const o of caseOutcomes) {
      expect(rows[0]!.cells[o].shown, o).toBe(false)
      expect(total[o].shown, o).toBe(false)
    }
  })

  it('withholds a larger cell too when the only small one could be worked out from the member’s total', () => {
    const outcomes = { ...noOutcomes(), substantiated: 12, not_substantiated: 2 }
    const { rows } = suppressOutcomes([{ row: 'bakery', outcomes }])
    // 2 alone withheld, 14 closed cases known: 14 − 12 would reveal the 2.
    expect(rows[0]!.cells.not_substantiated.shown).toBe(false)
    expect(rows[0]!.cells.substantiated.shown).toBe(false)
  })

  it('shows every cell of a table where all counts reach 5 or are 0 under a zero sum', () => {
    const outcomes = { ...noOutcomes(), substantiated: 5, outside_scope: 9 }
    const { rows, total } = suppressOutcomes([{ row: 'garage', outcomes }])
    expect(rows[0]!.cells.substantiated).toEqual({ shown: true, count: 5 })
    expect(rows[0]!.cells.outside_scope).toEqual({ shown: true, count: 9 })
    expect(total.outside_scope).toEqual({ shown: true, count: 9 })
    expect(rows[0]!.cells.withdrawn_or_no_information.shown).toBe(false)
  })
})

describe('quarters are counted in each member’s own time zone', () => {
  it('starts and ends at local midnight, whatever daylight saving time is in force', () => {
    const q4 = parseQuarter('2026-Q4')!
    expect(quarterBounds(q4, 'Europe/Amsterdam')).toEqual({
      starts: Date.UTC(2026, 8, 30, 22), // 1 October 00:00 CEST
      ends: Date.UTC(2026, 11, 31, 23), // 1 January 00:00 CET
    })
    expect(quarterBounds(q4, 'Europe/Lisbon')).toEqual({
      starts: Date.UTC(2026, 8, 30, 23), // 1 October 00:00 WEST
      ends: Date.UTC(2027, 0, 1, 0), // 1 January 00:00 WET
    })
  })

  it('reads only well-formed quarters', () => {
    expect(parseQuarter('2026-Q1')).toEqual({ year: 2026, quarter: 1 })
    for (const bad of ['2026-Q5', '2026-Q0', '1999-Q4', '2026Q1', '2026-q1', ' 2026-Q1'])
      expect(parseQuarter(bad), bad).toBeUndefined()
  })
})
