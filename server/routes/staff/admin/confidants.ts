import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { catalogue, type Locale } from '../../../../views/i18n/index.js'
import { type ConfidantsModel, ConfidantsPage } from '../../../../views/pages/staff/admin/confidants.js'
import {
  EmailTaken,
  InvalidField,
  InvalidInput,
  NotAConfidant,
  OrganisationNotFound,
  UserNotFound,
} from '../../../errors.js'
import { pickLocale } from '../../../locale.js'
import { sendPage } from '../../../render.js'
import type { AdminRouteOptions } from './index.js'

const text = (maxLength: number) => Type.String({ maxLength, default: '' })
const InviteForm = Type.Object({
  _csrf: Type.Optional(text(200)),
  lang: Type.Optional(text(2)),
  email: text(254),
  name: text(200),
  role: Type.Union([Type.Literal('confidant'), Type.Literal('admin')], { default: 'confidant' }),
})
const AccountForm = Type.Object({
  _csrf: Type.Optional(text(200)),
  lang: Type.Optional(text(2)),
  email: text(254),
})
const AssignmentForm = Type.Object({
  _csrf: Type.Optional(text(200)),
  lang: Type.Optional(text(2)),
  email: text(254),
  slug: text(64),
})
const LocaleForm = Type.Object({
  _csrf: Type.Optional(text(200)),
  lang: Type.Optional(text(2)),
  email: text(254),
  locale: text(2),
})
const DoneQuery = Type.Object({ lang: Type.Optional(text(2)), done: Type.Optional(text(20)) })

const DONE = {
  disabled: 'disabledDone',
  assigned: 'assignedDone',
  unassigned: 'unassignedDone',
  locale: 'languageSaved',
} as const
type Done = keyof typeof DONE

/** Issue 11: the confidant pool — invite, assign, unassign, disable, reset, mail language. Plain forms. */
export async function confidantRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { organisations, confidantPool, invitations, instance, association, config } = app.services
  const preHandler = options.requireAdmin

  const localeOf = (request: FastifyRequest): Locale => pickLocale(request, instance.current().defaultLocale)

  function page(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Pick<ConfidantsModel, 'invite' | 'done' | 'problem' | 'link'>> = {},
    status = 200,
  ) {
    return sendPage(
      reply,
      ConfidantsPage({
        locale: localeOf(request),
        associationName: association.brand().name,
        csrfToken: reply.generateCsrf(),
        staff: confidantPool.list(),
        organisations: organisations.list().map(({ slug, name }) => ({ slug, name })),
        invite: { email: '', name: '', role: 'confidant' },
        ...extra,
      }),
      status,
    )
  }

  /** Runs one change; a refused one shows the page again with the sentence, nothing changed. */
  function change(request: FastifyRequest, reply: FastifyReply, done: Done, work: () => void) {
    try {
      work()
    } catch (error) {
      const problem = problemOf(error, catalogue(localeOf(request)).adminConfidants.problems)
      if (!problem) throw error
      return page(request, reply, { problem: problem.text }, problem.status)
    }
    return reply.redirect(
      `${config.publicUrl}/staff/admin/confidants?lang=${localeOf(request)}&done=${done}`,
      303,
    )
  }

  app.get<{ Querystring: Static<typeof DoneQuery> }>(
    '/confidants',
    { preHandler, schema: { querystring: DoneQuery } },
    (request, reply) => {
      const t = catalogue(localeOf(request)).adminConfidants
      const done = request.query.done
      return page(request, reply, { done: done && done in DONE ? t[DONE[done as Done]] : undefined })
    },
  )

  app.post<{ Body: Static<typeof InviteForm> }>(
    '/confidants/invite',
    { preHandler, schema: { body: InviteForm } },
    (request, reply) => {
      const t = catalogue(localeOf(request)).adminConfidants
      const { email, name, role } = request.body
      try {
        const invited = invitations.invite({ email, name, role }, request.staff!.userId)
        // Shown on the page itself, never in a redirect URL: the link is a credential.
        return page(request, reply, {
          link: { intro: t.invited(invited.email), url: invited.url, after: [] },
        })
      } catch (error) {
        const problem = problemOf(error, t.problems)
        if (!problem) throw error
        return page(request, reply, { problem: problem.text, invite: { email, name, role } }, problem.status)
      }
    },
  )

  app.post<{ Body: Static<typeof AccountForm> }>(
    '/confidants/reset',
    { preHandler, schema: { body: AccountForm } },
    (request, reply) => {
      const t = catalogue(localeOf(request)).adminConfidants
      try {
        const reset = confidantPool.reset(request.body.email, { id: request.staff!.userId })
        return page(request, reply, {
          link: {
            intro: t.resetDone(reset.email),
            url: reset.url,
            after: [t.caseKeysDeleted(reset.caseKeysDeleted), t.resetShare],
          },
        })
      } catch (error) {
        const problem = problemOf(error, t.problems)
        if (!problem) throw error
        return page(request, reply, { problem: problem.text }, problem.status)
      }
    },
  )

  app.post<{ Body: Static<typeof AccountForm> }>(
    '/confidants/disable',
    { preHandler, schema: { body: AccountForm } },
    (request, reply) =>
      change(request, reply, 'disabled', () => {
        confidantPool.disable(request.body.email, { id: request.staff!.userId })
      }),
  )

  app.post<{ Body: Static<typeof AssignmentForm> }>(
    '/confidants/assign',
    { preHandler, schema: { body: AssignmentForm } },
    (request, reply) =>
      change(request, reply, 'assigned', () => {
        organisations.assign(request.body.email, request.body.slug, request.staff!.userId)
      }),
  )

  app.post<{ Body: Static<typeof AssignmentForm> }>(
    '/confidants/unassign',
    { preHandler, schema: { body: AssignmentForm } },
    (request, reply) =>
      change(request, reply, 'unassigned', () => {
        organisations.unassign(request.body.email, request.body.slug, request.staff!.userId)
      }),
  )

  app.post<{ Body: Static<typeof LocaleForm> }>(
    '/confidants/locale',
    { preHandler, schema: { body: LocaleForm } },
    (request, reply) =>
      change(request, reply, 'locale', () => {
        confidantPool.setLocale(request.body.email, request.body.locale, { id: request.staff!.userId })
      }),
  )
}

function problemOf(
  error: unknown,
  problems: Record<string, string>,
): { text: string; status: number } | undefined {
  if (error instanceof EmailTaken) return { text: problems.emailTaken!, status: 409 }
  if (error instanceof NotAConfidant) return { text: problems.notAConfidant!, status: 409 }
  if (error instanceof UserNotFound || error instanceof OrganisationNotFound)
    return { text: problems.other!, status: 404 }
  if (error instanceof InvalidField && problems[error.field])
    return { text: problems[error.field]!, status: 400 }
  if (error instanceof InvalidInput) return { text: problems.other!, status: 400 }
  return undefined
}
