/** One bar; `value` undefined draws no bar and writes `text` instead (a withheld or not-yet-due figure). */
export type Bar = { label: string; value: number | undefined; text: string }

const WIDTH = 480
/** The longest bar; the rest of the width is for the figure written after it (a count or a percentage). */
const BAR_SPACE = 400
const FONT_SIZE = 14
const LINE = 18
const BAR_HEIGHT = 16
/** Below each bar, before the next label. */
const GAP = 12
/**
 * Characters per label line: DejaVu Sans and its like average under 0.55 em, so this many fit the width.
 * A label is wrapped at spaces; a single longer word stays whole and may run past the edge.
 */
const LABEL_CHARACTERS = Math.floor(WIDTH / (FONT_SIZE * 0.6))

/** `label` broken at spaces into lines of at most `width` characters. */
function wrapLabel(label: string, width = LABEL_CHARACTERS): string[] {
  const lines: string[] = []
  for (const word of label.split(' ')) {
    const last = lines.at(-1)
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines
}

/**
 * A horizontal bar chart drawn on the server as inline SVG: no JavaScript, no inline style (CSP). Each label
 * stands on its own lines above its bar, so a long one is never cut off, and the chart shrinks with a narrow
 * window. It is one image to assistive technology (role="img" with its <title>); the same numbers are always
 * in a table next to it, so nothing is only in the picture.
 */
export function BarChart(props: { id: string; title: string; bars: Bar[]; max?: number }) {
  const max = Math.max(props.max ?? 0, ...props.bars.map((bar) => bar.value ?? 0), 1)
  const titleId = `${props.id}-title`
  let y = 0
  const rows = props.bars.map((bar) => {
    const lines = wrapLabel(bar.label)
    const top = y
    y += lines.length * LINE + BAR_HEIGHT + GAP
    return { bar, lines, top }
  })
  const height = Math.max(y, 1)
  return (
    <figure class="chart">
      <svg
        id={props.id}
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={String(WIDTH)}
        height={String(height)}
        font-size={String(FONT_SIZE)}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={titleId} safe>
          {props.title}
        </title>
        {rows.map(({ bar, lines, top }) => {
          const barTop = top + lines.length * LINE + 2
          const length = bar.value === undefined ? 0 : Math.round((bar.value / max) * BAR_SPACE)
          return (
            <g class="chart-bar" data-label={bar.label} data-shown={bar.value === undefined ? 'no' : 'yes'}>
              {lines.map((line, i) => (
                <text x="0" y={String(top + (i + 1) * LINE - 4)} fill="#1a1a1a" safe>
                  {line}
                </text>
              ))}
              {bar.value === undefined ? (
                ''
              ) : (
                <rect
                  x="0"
                  y={String(barTop)}
                  width={String(length)}
                  height={String(BAR_HEIGHT)}
                  fill="#1f4e79"
                />
              )}
              <text
                x={String(length + (length > 0 ? 6 : 0))}
                y={String(barTop + BAR_HEIGHT - 3)}
                fill="#1a1a1a"
                font-weight="bold"
                safe
              >
                {bar.text}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption safe>{props.title}</figcaption>
    </figure>
  )
}
