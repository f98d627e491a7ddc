import type { FastifyRequest } from 'fastify'
import { isLocale, type Locale, locales } from '../views/i18n/index.js'

/**
 * The page language: an explicit `lang` query or form field wins, then the browser's Accept-Language, then
 * the given fallback (the organisation's or the instance's default). Nothing about it is stored.
 */
export function pickLocale(
  request: FastifyRequest,
  fallback: Locale,
  offered: readonly Locale[] = locales,
): Locale {
  const explicit = (request.query as Record<string, unknown> | undefined)?.lang
  if (isLocale(explicit) && offered.includes(explicit)) return explicit
  const body = request.body as Record<string, unknown> | undefined
  if (body && typeof body === 'object' && isLocale(body.lang) && offered.includes(body.lang)) return body.lang
  const header = request.headers['accept-language']
  if (typeof header === 'string') {
    const preferred = header
      .split(',')
      .map((part) => part.trim().slice(0, 2).toLowerCase())
      .find((code): code is Locale => isLocale(code) && offered.includes(code))
    if (preferred) return preferred
  }
  return offered.includes(fallback) ? fallback : offered[0]!
}

/**
 * Link to the current page in another language (query dropped: it may hold nothing worth keeping). Only the
 * query is given: a path copied from the request (`//evil.example/x` on a 404) would be an off-site link.
 */
export function languageHref(_request: FastifyRequest, locale: Locale): string {
  return `?lang=${locale === 'nl' ? 'en' : 'nl'}`
}

/** The same link for a page rendered once and kept (no request to copy a path from). */
export function languageHrefFor(path: string, locale: Locale): string {
  return `${path}?lang=${locale === 'nl' ? 'en' : 'nl'}`
}
