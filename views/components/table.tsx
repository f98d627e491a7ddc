import type { Children } from '@kitajs/html'

/**
 * A table wider than a phone scrolls on its own, not the page: a region named by the table's caption (or
 * `label`) that keyboard users can focus and scroll.
 */
export function TableScroll(props: { labelledBy?: string; label?: string; children: Children }) {
  return (
    <section class="table-scroll" aria-labelledby={props.labelledBy} aria-label={props.label} tabindex="0">
      {props.children}
    </section>
  )
}

/** A table's head: one row of column headings. */
export function HeadRow(props: { headings: string[] }) {
  return (
    <thead>
      <tr>
        {props.headings.map((heading) => (
          <th scope="col" safe>
            {heading}
          </th>
        ))}
      </tr>
    </thead>
  )
}
