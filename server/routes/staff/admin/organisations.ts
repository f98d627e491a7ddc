import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { catalogue, type Locale } from '../../../../views/i18n/index.js'
import {
  type OrganisationFormModel,
  OrganisationFormPage,
  type OrganisationFormValues,
  OrganisationListPage,
} from '../../../../views/pages/staff/admin/organisations.js'
import { profiles } from '../../../domain/profiles.js'
import { InvalidField, InvalidInput, NoConfidantWithKeys, SlugTaken } from '../../../errors.js'
import { pickLocale } from '../../../locale.js'
import { sendPage } from '../../../render.js'
import { acknowledgementTextOf, type OrganisationService } from '../../../services/organisations.js'
import type { AdminRouteOptions } from './index.js'

const text = (maxLength: number) => Type.String({ maxLength, default: '' })
const OrganisationForm = Type.Object({
  _csrf: Type.Optional(text(200)),
  lang: Type.Optional(text(2)),
  name: text(200),
  displayName: text(200),
  slug: Type.Optional(text(100)),
  profile: text(20),
  timezone: text(100),
  locales: Type.Array(Type.String({ maxLength: 5 }), { maxItems: 5, default: [] }),
  retentionDays: text(10),
  autoAcknowledge: Type.Optional(text(5)),
  acknowledgementNl: text(5000),
  acknowledgementEn: text(5000),
})
type OrganisationForm = Static<typeof OrganisationForm>
const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) })
type SlugParams = Static<typeof SlugParams>
const DoneQuery = Type.Object({ lang: Type.Optional(text(2)), done: Type.Optional(text(20)) })
type DoneQuery = Static<typeof DoneQuery>

type OrganisationRow = ReturnType<OrganisationService['get']>

const DONE = ['created', 'saved', 'activated', 'suspended'] as const

/** Issue 11: member organisations — the list, create, edit, activate and suspend. Plain forms, no script. */
export async function organisationRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { organisations, instance, association } = app.services
  const preHandler = options.requireAdmin
  const profileChoices = Object.values(profiles).map(({ id, label }) => ({ id, label }))

  const layout = (request: FastifyRequest) => {
    const locale = pickLocale(request, instance.current().defaultLocale)
    return { locale, associationName: association.brand().name }
  }
  const doneText = (locale: Locale, done: string | undefined) => {
    const t = catalogue(locale).adminOrganisations
    return (DONE as readonly string[]).includes(done ?? '') ? t[done as (typeof DONE)[number]] : undefined
  }
  const redirect = (reply: FastifyReply, slug: string, locale: Locale, done: (typeof DONE)[number]) =>
    reply.redirect(
      `${app.services.config.publicUrl}/staff/admin/organisations/${slug}?lang=${locale}&done=${done}`,
      303,
    )

  function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values: OrganisationFormValues; existing?: OrganisationRow; done?: string },
    failure?: unknown,
  ) {
    const base = layout(request)
    const t = catalogue(base.locale).adminOrganisations
    const problem = failure === undefined ? undefined : problemOf(failure, t.problems, t.activateBlocked)
    const model: OrganisationFormModel = {
      ...base,
      csrfToken: reply.generateCsrf(),
      profiles: profileChoices,
      values: form.values,
      done: form.done,
      problem: problem?.text,
      problemField: problem?.field,
      existing: form.existing && {
        slug: form.existing.slug,
        name: form.existing.name,
        status: form.existing.status,
        canActivate: organisations.canActivate(form.existing.slug),
      },
    }
    return sendPage(reply, OrganisationFormPage(model), failure === undefined ? 200 : statusOf(failure))
  }

  app.get<{ Querystring: DoneQuery }>(
    '/',
    { preHandler, schema: { querystring: DoneQuery } },
    (request, reply) => {
      const base = layout(request)
      return sendPage(
        reply,
        OrganisationListPage({
          ...base,
          organisations: organisations.overview(),
          done: doneText(base.locale, request.query.done),
        }),
      )
    },
  )

  app.get('/organisations/new', { preHandler }, (request, reply) =>
    formPage(request, reply, {
      values: {
        name: '',
        displayName: '',
        slug: '',
        profile: instance.current().defaultProfile,
        timezone: 'Europe/Amsterdam',
        locales: ['nl', 'en'],
        retentionDays: '',
        autoAcknowledge: true,
        acknowledgementNl: '',
        acknowledgementEn: '',
      },
    }),
  )

  app.post<{ Body: OrganisationForm }>(
    '/organisations/new',
    { preHandler, schema: { body: OrganisationForm } },
    (request, reply) => {
      const form = request.body
      const values = valuesOf(form)
      try {
        const created = organisations.add(
          { ...changesOf(form), slug: form.slug ?? '' },
          request.staff!.userId,
        )
        return redirect(reply, created.slug, layout(request).locale, 'created')
      } catch (error) {
        if (!isFormProblem(error)) throw error
        return formPage(request, reply, { values }, error)
      }
    },
  )

  app.get<{ Params: SlugParams; Querystring: DoneQuery }>(
    '/organisations/:slug',
    { preHandler, schema: { params: SlugParams, querystring: DoneQuery } },
    (request, reply) => {
      const existing = organisations.get(request.params.slug)
      return formPage(request, reply, {
        values: valuesOfRow(existing),
        existing,
        done: doneText(layout(request).locale, request.query.done),
      })
    },
  )

  app.post<{ Params: SlugParams; Body: OrganisationForm }>(
    '/organisations/:slug',
    { preHandler, schema: { params: SlugParams, body: OrganisationForm } },
    (request, reply) => {
      const existing = organisations.get(request.params.slug)
      try {
        organisations.edit(existing.slug, changesOf(request.body), request.staff!.userId)
        return redirect(reply, existing.slug, layout(request).locale, 'saved')
      } catch (error) {
        if (!isFormProblem(error)) throw error
        return formPage(request, reply, { values: valuesOf(request.body), existing }, error)
      }
    },
  )

  for (const move of ['activate', 'suspend'] as const) {
    app.post<{ Params: SlugParams }>(
      `/organisations/:slug/${move}`,
      { preHandler, schema: { params: SlugParams } },
      (request, reply) => {
        const existing = organisations.get(request.params.slug)
        try {
          organisations[move](existing.slug, request.staff!.userId)
        } catch (error) {
          if (!(error instanceof NoConfidantWithKeys)) throw error
          return formPage(request, reply, { values: valuesOfRow(existing), existing }, error)
        }
        return redirect(
          reply,
          existing.slug,
          layout(request).locale,
          move === 'activate' ? 'activated' : 'suspended',
        )
      },
    )
  }
}

function isFormProblem(error: unknown): boolean {
  return error instanceof InvalidInput || error instanceof SlugTaken || error instanceof NoConfidantWithKeys
}

function statusOf(error: unknown): number {
  return error instanceof SlugTaken || error instanceof NoConfidantWithKeys ? 409 : 400
}

/** The sentence for a refused form, in the page's language, and the field it is about. */
function problemOf(
  error: unknown,
  problems: Record<string, string>,
  activateBlocked: string,
): { text: string; field?: string } {
  if (error instanceof NoConfidantWithKeys) return { text: activateBlocked }
  if (error instanceof SlugTaken) return { text: problems.slugTaken!, field: 'slug' }
  if (error instanceof InvalidField && problems[error.field])
    return { text: problems[error.field]!, field: error.field }
  return { text: problems.other! }
}

/** The form as the service takes it: empty retention means the profile's default (create) or no change. */
function changesOf(form: OrganisationForm) {
  const retention = form.retentionDays.trim()
  return {
    name: form.name,
    displayName: form.displayName,
    profile: form.profile,
    timezone: form.timezone.trim(),
    locales: form.locales.join(','),
    retentionDays:
      retention === '' ? undefined : /^[0-9]{1,6}$/.test(retention) ? Number(retention) : Number.NaN,
    autoAcknowledge: form.autoAcknowledge === 'on',
    acknowledgementText: { nl: form.acknowledgementNl, en: form.acknowledgementEn },
  }
}

function valuesOf(form: OrganisationForm): OrganisationFormValues {
  return {
    name: form.name,
    displayName: form.displayName,
    slug: form.slug ?? '',
    profile: form.profile,
    timezone: form.timezone,
    locales: form.locales,
    retentionDays: form.retentionDays,
    autoAcknowledge: form.autoAcknowledge === 'on',
    acknowledgementNl: form.acknowledgementNl,
    acknowledgementEn: form.acknowledgementEn,
  }
}

function valuesOfRow(row: OrganisationRow): OrganisationFormValues {
  const text = acknowledgementTextOf(row)
  return {
    name: row.name,
    displayName: row.displayName ?? '',
    slug: row.slug,
    profile: row.profile,
    timezone: row.timezone,
    locales: row.locales.split(','),
    retentionDays: String(row.retentionDays),
    autoAcknowledge: row.autoAcknowledge,
    acknowledgementNl: text.nl ?? '',
    acknowledgementEn: text.en ?? '',
  }
}
