import type { FastifyReply } from 'fastify'

/** Sends a rendered page. Views are synchronous kitajs templates, so `html` is a string. */
export function sendPage(reply: FastifyReply, html: JSX.Element, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(pageText(html))
}

function pageText(html: JSX.Element): string {
  return `<!doctype html>${forTextBrowsers(html as string)}`
}

// A whole self-closing tag as kitajs writes it: a name, then attributes whose values are always double-quoted.
const SELF_CLOSING = /<([a-zA-Z][\w-]*)((?:\s+[^\s"=/>]+(?:="[^"]*")?)*)\/>/g

/**
 * kitajs closes void elements as `<input … checked/>`, which lynx and w3m read as an attribute named
 * `checked/`: a radio choice the reporter never made (issue 8 §5). A space before `/>` reads the same in
 * every browser. Only whole tags are matched (text has every `<` escaped), so typed text is never touched.
 */
export function forTextBrowsers(html: string): string {
  return html.replace(SELF_CLOSING, '<$1$2 />')
}

/** A page rendered once into the bytes sent, for pages the page cache keeps. */
export function renderPage(html: JSX.Element): Buffer {
  return Buffer.from(pageText(html))
}

export function sendRendered(reply: FastifyReply, page: Buffer): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(page)
}
