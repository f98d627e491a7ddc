import type { FastifyReply } from 'fastify'

/**
 * Sends a rendered page. Views are synchronous kitajs templates, so `html` is a string. kitajs closes void
 * elements as `<input … checked/>`, which lynx and w3m read as an attribute named `checked/`: a radio choice
 * the reporter never made (issue 8 §5). A space before `/>` reads the same in every browser. Text and attribute
 * values are escaped, so `/>` occurs only where a tag ends.
 */
export function sendPage(reply: FastifyReply, html: JSX.Element, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${(html as string).replace(/([\w-])\/>/g, '$1 />')}`)
}

/** A page rendered once into the bytes sent, for pages the page cache keeps. */
export function renderPage(html: JSX.Element): Buffer {
  return Buffer.from(`<!doctype html>${html as string}`)
}

export function sendRendered(reply: FastifyReply, page: Buffer): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(page)
}
