// Timing, percentiles and formatting for `npm run bench`.

export type Summary = { n: number; p50: number; p95: number; max: number; mean: number }

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1)!,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  }
}

/**
 * Sends every item with at most `concurrency` in flight and times each from just before `send` until it
 * resolves. `wallMs` covers the whole batch, for throughput.
 */
export async function timeEach<T>(
  items: T[],
  concurrency: number,
  send: (item: T) => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!
      const start = performance.now()
      await send(item)
      latencies.push(performance.now() - start)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane))
  return { latencies, wallMs: performance.now() - started }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const fmtMs = (value: number) => (value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`)
export const fmtMb = (value: number) => `${value.toFixed(0)} MiB`
export const fmtKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
export const fmtInt = (value: number) => Math.round(value).toLocaleString('en-US')
export const fmtRatio = (value: number) => `${value.toFixed(2)}×`

export function percentiles(summary: Summary): string {
  return `p50 ${fmtMs(summary.p50)}, p95 ${fmtMs(summary.p95)}, max ${fmtMs(summary.max)} (n=${summary.n})`
}

/** A markdown table with columns padded for the terminal (still valid markdown when pasted). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  return [
    line(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n')
}
