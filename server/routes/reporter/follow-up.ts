import { Readable } from 'node:stream'
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
  DomainError,
  FileTooLarge,
  NoJsFallbackOff,
  ServiceBusy,
  SubmissionInvalid,
  TooManyAttempts,
  TooManyFiles,
} from '../../errors.js'
import { retryAfterOf } from '../../plugins/errors.js'
import { sendPage } from '../../render.js'
import type { ReporterSession } from '../../services/reporter-sessions.js'
import type { OrganisationPage, ReportingPage } from '../../services/reports.js'
import type { SealedUpload } from '../../services/uploads.js'
import {
  absolute,
  announcedBytes,
  attemptKey,
  formLocale,
  formRoute,
  keptLayout,
  paths,
  reporterLayout,
  reporterLocale,
  SlugParams,
} from './context.js'
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
  const { reports, followUp, uploads, config, association } = app.services
  const uploadLimits = { fileBytes: config.maxFileBytes, files: LIMITS.filesPerEntry }
  const secure = config.publicUrl.startsWith('https://')

  formRoute(
    app,
    '/:slug/follow-up',
    { data: 'organisation', view: 'follow-up' },
    reports.organisationPage,
    codePage,
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
        return reply.redirect(absolute(config.publicUrl, `${links.case}?lang=${locale}`), 303)
      } catch (error) {
        if (error instanceof NoJsFallbackOff)
          return renderCodePage(reply, page, locale, { problem: t.noJsOff }, 403)
        if (error instanceof CaseCodeTypo)
          return renderCodePage(reply, page, locale, { problem: t.codeTypo }, 400)
        if (error instanceof CaseCodeMalformed)
          return renderCodePage(reply, page, locale, { problem: t.codeMalformed }, 400)
        if (error instanceof CaseNotFound)
          return renderCodePage(reply, page, locale, { problem: t.codeUnknown }, 404)
        if (error instanceof CaseUnverifiable)
          return renderCodePage(reply, page, locale, { problem: t.caseUnverifiable }, 409)
        if (error instanceof TooManyAttempts) {
          reply.header('retry-after', String(retryAfterOf(error)))
          return renderCodePage(reply, page, locale, { problem: t.codeTooMany }, 429)
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
      if (!session) {
        // 403, not 401: lynx answers a 401 without a WWW-Authenticate challenge with an empty screen.
        const problem = catalogue(locale).reporter.sessionExpired
        return renderCodePage(reply, page, locale, { problem }, 403)
      }
      const t = catalogue(locale).reporter
      const sent = request.query.sent
      const notice =
        sent === 'message'
          ? t.replySent
          : sent === 'meeting'
            ? t.meetingSent
            : sent === 'agreement'
              ? catalogue(locale).oralReporter.agreementSent
              : undefined
      try {
        return renderThread(request, reply, page, locale, session, { notice })
      } catch (error) {
        if (!(error instanceof CaseUnverifiable)) throw error
        // The rows changed under the open session: nothing is shown under that key any more.
        followUp.endSession(request.cookies[COOKIE])
        reply.clearCookie(COOKIE, { path: paths(page.organisation.slug).followUp })
        return renderCodePage(reply, page, locale, { problem: t.caseUnverifiable }, 409)
      }
    },
  )

  /**
   * A no-JS reply. Whatever goes wrong — the session ended, an empty message, a file too large, a stale form —
   * the reporter gets the text back in the language of the form, never a bare error page (issue 8 §1).
   */
  app.post<{ Params: SlugParams }>(
    '/:slug/follow-up/case/message',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const received = { fields: {} as Record<string, string> }
      // Without a session the files are not even stored: the form comes back with the text alone.
      const sink = sessionOf(request, page) ? followUp.fileSink() : undefined
      let files: SealedUpload[] = []
      let release: (() => void) | undefined
      let problem: { text: string; status: number } | undefined
      try {
        followUp.checkAnnounced('form', announcedBytes(request))
        if (sink) release = await followUp.enterUpload()
        ;({ files } = await readMultipart(request, uploadLimits, release && sink, received))
      } catch (error) {
        problem = uploadProblem(error, formLocale(received.fields.lang, page, reporterLocale(request, page)))
        if (error instanceof FileTooLarge && error.announced) {
          // Larger than any honest reply: not read at all, and the connection is not kept for more of it.
          reply.header('connection', 'close')
        } else if (sink && !release) {
          // Refused before reading (too many uploads at once): read the text so the reporter gets it back.
          await readMultipart(request, uploadLimits, undefined, received).catch(() => undefined)
        }
      }
      const { fields } = received
      try {
        return await keepOnFailure(request, reply, page, 'message', fields, problem, () => {
          const { text, problems } = readMessageText(fields.text, { required: files.length === 0 })
          return {
            text,
            problems,
            store: (session) => followUp.addFromForm(page.organisation.slug, session, 'message', text, files),
          }
        })
      } finally {
        sink?.discard(files)
        release?.()
      }
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof TokenForm> }>(
    '/:slug/follow-up/case/meeting',
    { schema: { params: SlugParams, body: TokenForm } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const fields = { ...request.body } as Record<string, string>
      return keepOnFailure(request, reply, page, 'meeting', fields, undefined, () => {
        const { text, problems } = readMessageText(fields.text, { required: false })
        return {
          text,
          problems,
          store: (session) =>
            followUp.addFromForm(page.organisation.slug, session, 'meeting_request', text, []),
        }
      })
    },
  )

  /** No-JS: the reporter agrees that the record of their oral report is correct (Directive art. 18(4)). */
  app.post<{ Params: SlugParams; Body: Static<typeof TokenForm> }>(
    '/:slug/follow-up/case/agree',
    { schema: { params: SlugParams, body: TokenForm } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const fields = { ...request.body } as Record<string, string>
      return keepOnFailure(request, reply, page, 'agreement', fields, undefined, () => ({
        text: '',
        problems: [],
        store: (session) => followUp.agreeFromForm(page.organisation.slug, session),
      }))
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
        .header('content-length', String(file.size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(Readable.from(file.data))
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
      return reply.redirect(absolute(config.publicUrl, links.page), 303)
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
            actions: {
              message: links.message,
              meeting: links.meeting,
              signOut: links.page,
              agree: links.agree,
            },
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
        if (error instanceof TooManyAttempts) reply.header('retry-after', String(retryAfterOf(error)))
        return reply.status(status).type('text/html; charset=utf-8').send(ProblemFragment({ message }))
      }
    },
  )

  app.post<{ Params: SlugParams }>(
    '/:slug/api/message',
    { schema: { params: SlugParams }, config: { api: true } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const throttleKey = attemptKey(request, page.organisation.slug)
      followUp.checkAnnounced('browser', announcedBytes(request))
      const release = await followUp.enterUpload()
      try {
        const { envelope, files } = await readEnvelope(
          request,
          BrowserMessage,
          page.maxEncryptedFileBytes,
          uploads,
          (announced) => followUp.admitBrowserMessage(page.organisation.slug, announced.lookup, throttleKey),
        )
        followUp.addFromBrowser(page.organisation.slug, envelope, files, throttleKey)
      } finally {
        release()
      }
      return reply.status(201).send({ received: true })
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof LookupForm> }>(
    '/:slug/api/attachment',
    { schema: { params: SlugParams, body: LookupForm }, config: { api: true } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const file = followUp.encryptedAttachment(
        page.organisation.slug,
        request.body.lookup,
        request.body.id ?? '',
        attemptKey(request, page.organisation.slug),
      )
      return reply
        .type('application/octet-stream')
        .header('content-length', String(file.size))
        .send(Readable.from(file.data))
    },
  )

  function sessionOf(request: FastifyRequest, page: OrganisationPage): ReporterSession | undefined {
    return followUp.session(page.organisation.slug, request.cookies[COOKIE])
  }

  function requireSession(request: FastifyRequest, page: OrganisationPage): ReporterSession {
    const session = sessionOf(request, page)
    if (!session) throw new SubmissionInvalid('no follow-up session')
    return session
  }

  function layoutFor(request: FastifyRequest, locale: Locale) {
    return reporterLayout(request, locale, association.brand())
  }

  /**
   * Stores a no-JS reply or meeting request, or shows its form again with the text kept: on the code page when
   * the session has ended, on the thread otherwise.
   */
  function keepOnFailure(
    request: FastifyRequest,
    reply: FastifyReply,
    page: ReportingPage,
    form: 'message' | 'meeting' | 'agreement',
    fields: Record<string, string>,
    uploadProblem: { text: string; status: number } | undefined,
    read: () => {
      text: string
      problems: Array<{ problem: string }>
      store: (session: ReporterSession) => void
    },
  ) {
    const locale = formLocale(fields.lang, page, reporterLocale(request, page))
    const t = catalogue(locale).reporter
    const text = typeof fields.text === 'string' ? fields.text : ''
    const session = sessionOf(request, page)
    if (!session)
      return renderCodePage(reply, page, locale, { problem: t.sessionExpired, keptText: text }, 403)
    const again = (problem: string, status: number) =>
      form === 'agreement'
        ? renderThread(request, reply, page, locale, session, { problem }, status)
        : renderThread(request, reply, page, locale, session, { kept: { form, text, problem } }, status)
    if (uploadProblem) return again(uploadProblem.text, uploadProblem.status)
    if (!followUp.formTokenMatches(session, fields._token)) return again(t.replyKept, 400)
    const checked = read()
    const [first] = checked.problems
    if (first) return again(first.problem === 'required' ? t.replyRequired : t.fieldTooLong, 400)
    try {
      checked.store(session)
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500) throw error
      return again(t.replyKept, error.status)
    }
    const sent = form
    const links = paths(page.organisation.slug)
    return reply.redirect(absolute(config.publicUrl, `${links.case}?sent=${sent}&lang=${locale}`), 303)
  }

  function uploadProblem(error: unknown, locale: Locale): { text: string; status: number } {
    const t = catalogue(locale).reporter
    if (error instanceof FileTooLarge)
      return { text: t.filesTooLarge(Math.round(config.maxFileBytes / 2 ** 20)), status: 413 }
    if (error instanceof TooManyFiles) return { text: t.tooManyFiles(LIMITS.filesPerEntry), status: 400 }
    if (error instanceof ServiceBusy) return { text: t.busy(error.retryAfterSeconds), status: 503 }
    if (error instanceof SubmissionInvalid) return { text: t.replyKept, status: 400 }
    throw error
  }

  function renderThread(
    request: FastifyRequest,
    reply: FastifyReply,
    page: ReportingPage,
    locale: Locale,
    session: ReporterSession,
    extra: {
      notice?: string
      kept?: { form: 'message' | 'meeting'; text: string; problem: string }
      /** A problem not tied to a text (an agreement that could not be stored). */
      problem?: string
    },
    status = 200,
  ) {
    const links = paths(page.organisation.slug)
    const thread = presentOpenedThread(
      {
        locale,
        organisationName: page.organisation.name,
        actions: {
          message: links.message,
          meeting: links.meeting,
          signOut: links.signOut,
          agree: links.agree,
        },
        notice: extra.notice,
        problem: extra.problem,
        formToken: session.formToken,
        kept: extra.kept,
      },
      followUp.openedThread(page.organisation.slug, session),
      links.file,
    )
    return sendPage(reply, ThreadPage({ ...layoutFor(request, locale), thread }), status)
  }

  function renderCodePage(
    reply: FastifyReply,
    page: OrganisationPage,
    locale: Locale,
    state: CodePageState = {},
    status = 200,
  ) {
    return sendPage(reply, codePage(page, locale, state), status)
  }

  function codePage(page: OrganisationPage, locale: Locale, state: CodePageState = {}) {
    const links = paths(page.organisation.slug)
    return FollowUpPage({
      ...keptLayout(links.followUp, locale, association.brand()),
      organisationName: page.organisation.name,
      action: links.followUp,
      viewAction: links.followUpView,
      messageApi: links.messageApi,
      attachmentApi: links.attachmentApi,
      codeSalt: page.codeSalt,
      javaScriptRequired: !page.noJsFallback,
      // After a no-JS post (expired session) the page stays without scripts: the reporter is already there.
      mode: state.plain || state.keptText !== undefined ? 'plain' : 'script',
      plainHref: `${links.followUp}?lang=${locale}&plain=1`,
      problem: state.problem,
      keptText: state.keptText,
      backHref: `${links.page}?lang=${locale}`,
    })
  }
}

type CodePageState = { problem?: string; keptText?: string; plain?: boolean }
