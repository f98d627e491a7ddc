import type { FastifyReply } from 'fastify'

/** Sends a rendered page. Views are synchronous kitajs templates, so `html` is a string. */
export function sendPage(reply: FastifyReply, html: JSX.Element, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${html as string}`)
}

/** A page rendered once into the bytes sent, for pages the page cache keeps. */
export function renderPage(html: JSX.Element): Buffer {
  return Buffer.from(`<!doctype html>${html as string}`)
}

export function sendRendered(reply: FastifyReply, page: Buffer): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(page)
}
