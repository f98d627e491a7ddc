/** One bar; `value` undefined draws no bar and writes `text` instead (a withheld or not-yet-due figure). */
export type Bar = { label: string; value: number | undefined; text: string }

const WIDTH = 720
const LABEL_WIDTH = 300
const BAR_SPACE = 300
const ROW = 28

/**
 * A horizontal bar chart drawn on the server as inline SVG: no JavaScript, no inline style (CSP). It is one
 * image to assistive technology (role="img" with its <title>); the same numbers are always in a table next
 * to it, so nothing is only in the picture.
 */
export function BarChart(props: { id: string; title: string; bars: Bar[]; max?: number }) {
  const max = Math.max(props.max ?? 0, ...props.bars.map((bar) => bar.value ?? 0), 1)
  const height = props.bars.length * ROW + 8
  const titleId = `${props.id}-title`
  return (
    <figure class="chart">
      <svg
        id={props.id}
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={String(WIDTH)}
        height={String(height)}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={titleId} safe>
          {props.title}
        </title>
        {props.bars.map((bar, i) => {
          const y = 4 + i * ROW
          const length = bar.value === undefined ? 0 : Math.round((bar.value / max) * BAR_SPACE)
          return (
            <g class="chart-bar" data-label={bar.label} data-shown={bar.value === undefined ? 'no' : 'yes'}>
              <text x={String(LABEL_WIDTH - 8)} y={String(y + 18)} text-anchor="end" fill="#1a1a1a" safe>
                {bar.label}
              </text>
              {bar.value === undefined ? (
                ''
              ) : (
                <rect
                  x={String(LABEL_WIDTH)}
                  y={String(y + 4)}
                  width={String(length)}
                  height="18"
                  fill="#1f4e79"
                />
              )}
              <text x={String(LABEL_WIDTH + length + 6)} y={String(y + 18)} fill="#1a1a1a" safe>
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
