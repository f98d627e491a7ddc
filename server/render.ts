import type { FastifyReply } from 'fastify'

/** Sends a rendered page. Views are synchronous kitajs templates, so `html` is a string. */
export function sendPage(reply: FastifyReply, html: JSX.Element, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${html as string}`)
}
