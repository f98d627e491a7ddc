import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Catalogue, catalogue } from '../../views/i18n/index.js'
import { ErrorPage } from '../../views/pages/error.js'
import {
  DomainError,
  FileTooLarge,
  ReportingPageNotFound,
  ServiceBusy,
  StorageLow,
  TooManyAttempts,
  TooManyReports,
} from '../errors.js'
import { KdfBusy } from '../kdf/pool.js'
import { languageHref, pickLocale } from '../locale.js'
import { sendPage } from '../render.js'

/** One handler renders every error as a page in the visitor's language; 5xx details stay in the log. */
export function installErrorPages(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = statusOf(error)
    // A full queue is load, not a fault: no error line per refused request.
    if (status >= 500 && status !== 503) request.log.error({ err: error }, 'request failed')
    reply.header('retry-after', String(retryAfterOf(error) ?? 60))
    if (status !== 503 && status !== 429) reply.removeHeader('retry-after')
    // A body refused unread is not drained for the next request on this connection: it is closed.
    if (error instanceof FileTooLarge && error.announced) reply.header('connection', 'close')
    // The page scripts' endpoints get a machine-readable answer; the name is a domain error, never a detail.
    if (request.routeOptions.config?.api) {
      return reply.status(status).send({
        error: error instanceof DomainError ? error.name : status >= 500 ? 'ServerError' : 'BadRequest',
      })
    }
    // An unknown or inactive member has no reporting page to go back to.
    return renderError(
      request,
      reply,
      status,
      error instanceof ReportingPageNotFound ? '/' : backHrefOf(request),
    )
  })
  app.setNotFoundHandler((request, reply) => renderError(request, reply, 404))
  // Every 429 and 503 says when to come back, whichever route answered it.
  // A callback hook, not an async one: it runs on every response, and a promise per response is measurable.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if ((reply.statusCode === 429 || reply.statusCode === 503) && !reply.hasHeader('retry-after'))
      reply.header('retry-after', '60')
    done(null, payload)
  })
}

export function renderError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  backHref = backHrefOf(request),
): FastifyReply {
  const services = request.server.services
  const locale = pickLocale(request, services.instance.current().defaultLocale)
  const brand = services.association.brand()
  return sendPage(
    reply,
    ErrorPage({
      locale,
      associationName: brand.name,
      associationLogo: brand.logo,
      status,
      message: messageFor(status, catalogue(locale)),
      backHref,
      otherLanguageHref: request.method === 'GET' ? languageHref(request, locale) : undefined,
    }),
    status,
  )
}

/** Seconds a 429 or 503 asks the client to wait, when the error knows. */
export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof TooManyAttempts || error instanceof TooManyReports)
    return Math.max(1, Math.ceil(error.retryAfterMs / 1000))
  if (error instanceof ServiceBusy || error instanceof StorageLow) return error.retryAfterSeconds
  if (error instanceof KdfBusy) return new ServiceBusy().retryAfterSeconds
  return undefined
}

/** Back to the organisation's own reporting page from anywhere in its area; else to the start. */
function backHrefOf(request: FastifyRequest): string {
  const slug = (request.params as { slug?: unknown } | undefined)?.slug
  return request.url.startsWith('/r/') && typeof slug === 'string' ? `/r/${encodeURIComponent(slug)}` : '/'
}

function statusOf(error: FastifyError): number {
  if (error instanceof DomainError) return error.status
  if (error instanceof KdfBusy) return 503
  const status = error.statusCode
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}

function messageFor(status: number, t: Catalogue): string {
  switch (status) {
    case 403:
      return t.errors.forbidden
    case 404:
    case 405:
      return t.errors.notFound
    case 413:
      return t.errors.tooLarge
    case 429:
      return t.errors.tooManyRequests
    case 503:
      return t.errors.unavailable
    default:
      return status >= 500 ? t.errors.serverError : t.errors.badRequest
  }
}
