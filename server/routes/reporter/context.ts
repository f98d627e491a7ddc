import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { Locale } from '../../../views/i18n/index.js'
import { anonymousKey } from '../../domain/throttle.js'
import { languageHref, languageHrefFor, pickLocale } from '../../locale.js'
import { renderPage, sendRendered } from '../../render.js'
import type { AssociationBrand } from '../../services/association.js'
import type { OrganisationPage } from '../../services/reports.js'

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 64 }) })
export type SlugParams = Static<typeof SlugParams>

/** `?lang=` picks the language; `?plain=1` the version without JavaScript, chosen knowingly. */
export const FormQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 2 })),
  plain: Type.Optional(Type.String({ maxLength: 1 })),
})
export type FormQuery = Static<typeof FormQuery>

/**
 * GET of a form anyone may fetch (the report form, the follow-up code form), kept rendered per organisation,
 * language and version (services/page-cache.ts). Opening a form starts a key-derivation worker, so the
 * first code or report does not wait for one.
 */
export function formRoute<Page extends Pick<OrganisationPage, 'organisation' | 'noJsFallback'>>(
  app: FastifyInstance,
  path: string,
  /** Cache keys: `data` for what `load` reads (shared with other pages that read the same), `view` for the page. */
  keys: { data: string; view: string },
  load: (slug: string) => Page,
  render: (page: Page, locale: Locale, state: { plain: boolean }) => JSX.Element,
): void {
  const { pages, prewarmKeyDerivation } = app.services
  app.get<{ Params: SlugParams; Querystring: FormQuery }>(
    path,
    { schema: { params: SlugParams, querystring: FormQuery } },
    async (request, reply: FastifyReply) => {
      const { slug } = request.params
      const kept = pages.current()
      const page = kept.remember(`${keys.data}|${slug}`, () => load(slug))
      prewarmKeyDerivation()
      const locale = reporterLocale(request, page)
      // The page without JavaScript says that the server encrypts or checks the code; only when offered.
      const plain = request.query.plain === '1' && page.noJsFallback
      return sendRendered(
        reply,
        kept.remember(`${keys.view}|${slug}|${locale}|${plain}`, () =>
          renderPage(render(page, locale, { plain })),
        ),
      )
    },
  )
}

/** The page language among the organisation's offered locales. */
export function reporterLocale(
  request: FastifyRequest,
  page: Pick<OrganisationPage, 'organisation'>,
): Locale {
  return pickLocale(request, page.organisation.locales[0] ?? 'nl', page.organisation.locales)
}

/** A language posted with a form, if the organisation offers it; otherwise the fallback. */
export function formLocale(
  value: string | undefined,
  page: Pick<OrganisationPage, 'organisation'>,
  fallback: Locale,
): Locale {
  return page.organisation.locales.find((locale) => locale === value) ?? fallback
}

/** The layout fields every reporter page shares. The switch is left out where it would lose a one-time code. */
export function reporterLayout(
  request: FastifyRequest,
  locale: Locale,
  association: AssociationBrand,
  languageSwitch = true,
) {
  return {
    locale,
    associationName: association.name,
    associationLogo: association.logo,
    otherLanguageHref: languageSwitch ? languageHref(request, locale) : undefined,
  }
}

/**
 * The layout of a page the page cache keeps: its language link is built from the page's own path, never from
 * the request URL, so what is kept is the same for every visitor (and no odd URL spelling can add entries).
 */
export function keptLayout(path: string, locale: Locale, association: AssociationBrand) {
  return {
    locale,
    associationName: association.name,
    associationLogo: association.logo,
    otherLanguageHref: languageHrefFor(path, locale),
  }
}

/** Throttling key for failed code attempts: a keyed hash of address and organisation; the address is never kept. */
export function attemptKey(request: FastifyRequest, slug: string): string {
  return anonymousKey([request.ip, slug])
}

export function paths(slug: string) {
  const base = `/r/${slug}`
  return {
    page: base,
    procedure: `${base}/procedure`,
    report: `${base}/report`,
    submit: `${base}/api/submit`,
    done: `${base}/done`,
    receipt: `${base}/receipt`,
    followUp: `${base}/follow-up`,
    followUpView: `${base}/follow-up/view`,
    messageApi: `${base}/api/message`,
    attachmentApi: `${base}/api/attachment`,
    case: `${base}/follow-up/case`,
    message: `${base}/follow-up/case/message`,
    meeting: `${base}/follow-up/case/meeting`,
    agree: `${base}/follow-up/case/agree`,
    signOut: `${base}/follow-up/case/sign-out`,
    file: (id: string) => `${base}/follow-up/case/file/${id}`,
  }
}

/** Absolute, from the configured public URL: a Location header that text browsers and proxies read alike. */
export function absolute(publicUrl: string, path: string): string {
  return `${publicUrl}${path}`
}

/** The body size the client announced, if it did (chunked uploads announce none and are cut at the limits). */
export function announcedBytes(request: FastifyRequest): number | undefined {
  const value = request.headers['content-length']
  return value !== undefined && /^[0-9]{1,15}$/.test(value) ? Number(value) : undefined
}
