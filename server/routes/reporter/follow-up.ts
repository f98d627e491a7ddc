import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { catalogue, type Locale } from '../../../views/i18n/index.js'
import { FollowUpPage, ProblemFragment, ThreadPage } from '../../../views/pages/reporter/follow-up.js'
import { ThreadView } from '../../../views/pages/reporter/thread.js'
import { LIMITS, readMessageText } from '../../domain/documents.js'
import {
  CaseCodeMalformed,
  CaseCodeTypo,
  CaseNotFound,
  CaseUnverifiable,
  NoJsFallbackOff,
  SubmissionInvalid,
  TooManyAttempts,
} from '../../errors.js'
import { sendPage } from '../../render.js'
import type { ReporterSession } from '../../services/reporter-sessions.js'
import type { ReportingPage } from '../../services/reports.js'
import { attemptKey, formLocale, paths, reporterLayout, reporterLocale, SlugParams } from './context.js'
import { BrowserMessage, readEnvelope } from './envelopes.js'
import { readMultipart } from './multipart.js'
import { presentEncryptedThread, presentOpenedThread } from './present.js'

const COOKIE = 'meldpool-follow-up'
const CodeForm = Type.Object({
  code: Type.String({ maxLength: 64 }),
  lang: Type.Optional(Type.String({ maxLength: 2 })),
})
const TokenForm = Type.Object({
  _token: Type.String({ maxLength: 64 }),
  text: Type.Optional(Type.String({ maxLength: LIMITS.field * 4 })),
  lang: Type.Optional(Type.String({ maxLength: 2 })),
})
const LookupForm = Type.Object({
  lookup: Type.String({ maxLength: 64 }),
  lang: Type.Optional(Type.String({ maxLength: 2 })),
  id: Type.Optional(Type.String({ maxLength: 32 })),
})
const FileParams = Type.Object({ slug: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 32 }) })

/**
 * Anonymous follow-up. With JavaScript the code never leaves the browser: it derives `lookup`, fetches the
 * encrypted thread and opens it. Without JavaScript the server checks the code once, keeps the opened case key
 * in memory for a short session, and refers to it from an httpOnly, SameSite=Strict cookie holding only a
 * random token.
 */
export async function followUpRoutes(app: FastifyInstance): Promise<void> {
  const { reports, followUp, instance, config } = app.services
  const secure = config.publicUrl.startsWith('https://')

  app.get<{ Params: SlugParams }>(
    '/:slug/follow-up',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      return renderCodePage(request, reply, page, reporterLocale(request, page))
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof CodeForm> }>(
    '/:slug/follow-up',
    { schema: { params: SlugParams, body: CodeForm } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const locale = reporterLocale(request, page)
      const t = catalogue(locale).reporter
      const links = paths(page.organisation.slug)
      try {
        const { sessionToken } = await followUp.openWithCode(
          page.organisation.slug,
          request.body.code,
          attemptKey(request, page.organisation.slug),
        )
        reply.setCookie(COOKIE, sessionToken, {
          path: links.followUp,
          httpOnly: true,
          sameSite: 'strict',
          secure,
          maxAge: followUp.sessionSeconds,
        })
        return reply.redirect(`${links.case}?lang=${locale}`, 303)
      } catch (error) {
        if (error instanceof NoJsFallbackOff)
          return renderCodePage(request, reply, page, locale, t.noJsOff, 403)
        if (error instanceof CaseCodeTypo)
          return renderCodePage(request, reply, page, locale, t.codeTypo, 400)
        if (error instanceof CaseCodeMalformed)
          return renderCodePage(request, reply, page, locale, t.codeMalformed, 400)
        if (error instanceof CaseNotFound)
          return renderCodePage(request, reply, page, locale, t.codeUnknown, 404)
        if (error instanceof CaseUnverifiable)
          return renderCodePage(request, reply, page, locale, t.caseUnverifiable, 409)
        if (error instanceof TooManyAttempts) {
          reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)))
          return renderCodePage(request, reply, page, locale, t.codeTooMany, 429)
        }
        throw error
      }
    },
  )

  app.get<{ Params: SlugParams; Querystring: { sent?: string } }>(
    '/:slug/follow-up/case',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const locale = reporterLocale(request, page)
      const session = sessionOf(request, page)
      if (!session)
        return renderCodePage(request, reply, page, locale, catalogue(locale).reporter.sessionExpired, 401)
      const t = catalogue(locale).reporter
      const sent = request.query.sent
      const notice = sent === 'message' ? t.replySent : sent === 'meeting' ? t.meetingSent : undefined
      const links = paths(page.organisation.slug)
      let opened: ReturnType<typeof followUp.openedThread>
      try {
        opened = followUp.openedThread(page.organisation.slug, session)
      } catch (error) {
        if (!(error instanceof CaseUnverifiable)) throw error
        // The rows changed under the open session: nothing is shown under that key any more.
        followUp.endSession(request.cookies[COOKIE])
        reply.clearCookie(COOKIE, { path: links.followUp })
        return renderCodePage(request, reply, page, locale, t.caseUnverifiable, 409)
      }
      const thread = presentOpenedThread(
        {
          locale,
          organisationName: page.organisation.name,
          actions: { message: links.message, meeting: links.meeting, signOut: links.signOut },
          notice,
          formToken: session.formToken,
        },
        opened,
        links.file,
      )
      return sendPage(reply, ThreadPage({ ...layoutFor(request, locale), thread }))
    },
  )

  app.post<{ Params: SlugParams }>(
    '/:slug/follow-up/case/message',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const session = requireSession(request, page)
      const form = await readMultipart(request, {
        fileBytes: config.maxFileBytes,
        files: LIMITS.filesPerEntry,
      })
      if (!followUp.formTokenMatches(session, form.fields._token))
        throw new SubmissionInvalid('form token mismatch')
      const { text, problems } = readMessageText(form.fields.text, { required: form.files.length === 0 })
      if (problems.length > 0) throw new SubmissionInvalid('empty or too long message')
      followUp.addFromForm(page.organisation.slug, session, 'message', text, form.files)
      return reply.redirect(
        `${paths(page.organisation.slug).case}?sent=message&lang=${formLocale(form.fields.lang, page, reporterLocale(request, page))}`,
        303,
      )
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof TokenForm> }>(
    '/:slug/follow-up/case/meeting',
    { schema: { params: SlugParams, body: TokenForm } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const session = requireSession(request, page)
      if (!followUp.formTokenMatches(session, request.body._token))
        throw new SubmissionInvalid('form token mismatch')
      const { text, problems } = readMessageText(request.body.text, { required: false })
      if (problems.length > 0) throw new SubmissionInvalid('too long')
      followUp.addFromForm(page.organisation.slug, session, 'meeting_request', text, [])
      return reply.redirect(
        `${paths(page.organisation.slug).case}?sent=meeting&lang=${formLocale(request.body.lang, page, reporterLocale(request, page))}`,
        303,
      )
    },
  )

  app.get<{ Params: Static<typeof FileParams> }>(
    '/:slug/follow-up/case/file/:id',
    { schema: { params: FileParams } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const file = followUp.openedAttachment(requireSession(request, page), request.params.id)
      // Always a download, never rendered: a file is whatever the reporter or a confidant uploaded.
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(Buffer.from(file.data))
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof TokenForm> }>(
    '/:slug/follow-up/case/sign-out',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const links = paths(page.organisation.slug)
      followUp.endSession(request.cookies[COOKIE])
      reply.clearCookie(COOKIE, { path: links.followUp })
      return reply.redirect(links.page, 303)
    },
  )

  // --- JavaScript mode: the browser presents `lookup` (derived from the code) with each request. ---

  /** The thread as an HTML fragment whose entries are still sealed; the page script opens them. */
  app.post<{ Params: SlugParams; Body: Static<typeof LookupForm> }>(
    '/:slug/follow-up/view',
    { schema: { params: SlugParams, body: LookupForm } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const locale = formLocale(request.body.lang, page, reporterLocale(request, page))
      const t = catalogue(locale).reporter
      const links = paths(page.organisation.slug)
      try {
        const thread = followUp.encryptedThread(
          page.organisation.slug,
          request.body.lookup,
          attemptKey(request, page.organisation.slug),
        )
        const model = presentEncryptedThread(
          {
            locale,
            organisationName: page.organisation.name,
            actions: { message: links.message, meeting: links.meeting, signOut: links.page },
          },
          thread,
        )
        return reply.type('text/html; charset=utf-8').send(ThreadView(model))
      } catch (error) {
        const message =
          error instanceof CaseNotFound
            ? t.codeUnknown
            : error instanceof TooManyAttempts
              ? t.codeTooMany
              : error instanceof SubmissionInvalid
                ? t.codeMalformed
                : undefined
        if (!message) throw error
        const status = error instanceof CaseNotFound ? 404 : error instanceof TooManyAttempts ? 429 : 400
        return reply.status(status).type('text/html; charset=utf-8').send(ProblemFragment({ message }))
      }
    },
  )

  app.post<{ Params: SlugParams }>(
    '/:slug/api/message',
    { schema: { params: SlugParams }, config: { api: true } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const { envelope, files } = await readEnvelope(request, BrowserMessage, page.maxEncryptedFileBytes)
      followUp.addFromBrowser(
        page.organisation.slug,
        envelope,
        files,
        attemptKey(request, page.organisation.slug),
      )
      return reply.status(201).send({ received: true })
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof LookupForm> }>(
    '/:slug/api/attachment',
    { schema: { params: SlugParams, body: LookupForm }, config: { api: true } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const ciphertext = followUp.encryptedAttachment(
        page.organisation.slug,
        request.body.lookup,
        request.body.id ?? '',
        attemptKey(request, page.organisation.slug),
      )
      return reply.type('application/octet-stream').send(ciphertext)
    },
  )

  function sessionOf(request: FastifyRequest, page: ReportingPage): ReporterSession | undefined {
    return followUp.session(page.organisation.slug, request.cookies[COOKIE])
  }

  function requireSession(request: FastifyRequest, page: ReportingPage): ReporterSession {
    const session = sessionOf(request, page)
    if (!session) throw new SubmissionInvalid('no follow-up session')
    return session
  }

  function layoutFor(request: FastifyRequest, locale: Locale) {
    return reporterLayout(request, locale, instance.current().name)
  }

  function renderCodePage(
    request: FastifyRequest,
    reply: FastifyReply,
    page: ReportingPage,
    locale: Locale,
    problem?: string,
    status = 200,
  ) {
    const links = paths(page.organisation.slug)
    return sendPage(
      reply,
      FollowUpPage({
        ...layoutFor(request, locale),
        organisationName: page.organisation.name,
        action: links.followUp,
        viewAction: links.followUpView,
        messageApi: links.messageApi,
        attachmentApi: links.attachmentApi,
        codeSalt: page.encryption.codeSalt,
        javaScriptRequired: !page.noJsFallback,
        problem,
      }),
      status,
    )
  }
}
