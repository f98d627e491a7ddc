/** One link of a pager; `rel` only where the link really goes one page back or on (prev/next). */
export type PagerLink = { href: string | undefined; text: string; rel?: 'prev' | 'next' }

/**
 * The links below a paged list (the inbox, the audit log), named for the list by `label` so that a screen
 * reader's landmarks tell one navigation from another; a link without a page to go to is left out.
 */
export function Pager(props: { label: string; back: PagerLink; forward: PagerLink }) {
  return (
    <nav class="inbox-pages" aria-label={props.label}>
      <PageLink {...props.back} />
      <PageLink {...props.forward} />
    </nav>
  )
}

function PageLink(link: PagerLink) {
  return link.href ? (
    <a href={link.href} rel={link.rel} safe>
      {link.text}
    </a>
  ) : (
    ''
  )
}
