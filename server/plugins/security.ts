import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * Strict CSP for every response: our origin only, no inline script or style. 'wasm-unsafe-eval' is the one
 * exception, because libsodium (Argon2id, X25519) runs as WebAssembly in the browser.
 */
/**
 * The headers helmet (the library @fastify/helmet wraps) chooses for these options: its defaults, this CSP, no
 * referrer, no Cross-Origin-Embedder-Policy. They are the same for every response, so helmet runs once, here,
 * and its headers are written as they are: the plugin re-ran it on every request, a tenth of a landing page's
 * CPU time.
 */
const SECURITY_HEADERS = helmetHeaders({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
})

function helmetHeaders(options: HelmetOptions): Map<string, string> {
  const headers = new Map<string, string>()
  const response = {
    setHeader: (name: string, value: string) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
  })
  return headers
}

export function installSecurityHeaders(app: FastifyInstance): void {
  // On the raw response, before any route runs, as helmet did: every answer carries them, errors and 404s too.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.raw.setHeaders(SECURITY_HEADERS)
    done()
  })
  // Nothing dynamic may be kept by a shared or browser cache: pages can show case data.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    done(null, payload)
  })
}
