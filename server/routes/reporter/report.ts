import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { type Catalogue, catalogue, type Locale } from '../../../views/i18n/index.js'
import { ErrorPage } from '../../../views/pages/error.js'
import { OrganisationPage } from '../../../views/pages/reporter/organisation.js'
import { receiptText } from '../../../views/pages/reporter/receipt-text.js'
import { DonePage, ReceiptPage, ReportFormPage } from '../../../views/pages/reporter/report.js'
import { formatDateTime } from '../../domain/deadlines.js'
import { type FieldProblem, LIMITS, readReportFields } from '../../domain/documents.js'
import {
  DomainError,
  FileTooLarge,
  ServiceBusy,
  StorageLow,
  TooManyFiles,
  TooManyReports,
} from '../../errors.js'
import { KdfBusy } from '../../kdf/pool.js'
import { retryAfterOf } from '../../plugins/errors.js'
import { renderPage, sendPage, sendRendered } from '../../render.js'
import type { ReportingPage } from '../../services/reports.js'
import {
  absolute,
  announcedBytes,
  formLocale,
  formRoute,
  keptLayout,
  paths,
  reporterLayout,
  reporterLocale,
  SlugParams,
} from './context.js'
import { BrowserSubmission, readEnvelope } from './envelopes.js'
import { readMultipart } from './multipart.js'
import { presentReceipt } from './present.js'

/** A receipt's code as printed on it (groups of four); anything else is not ours. */
const printedCode = Type.String({ pattern: '^[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}$' })
const receivedOn = Type.String({ maxLength: 64, pattern: '^[^\\r\\n]*$' })
const ReceiptForm = Type.Object({
  code: printedCode,
  receivedOn,
  lang: Type.Optional(Type.String({ maxLength: 2 })),
})
const SavedForm = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 8 })),
  code: Type.Optional(printedCode),
  receivedOn: Type.Optional(receivedOn),
  lang: Type.Optional(Type.String({ maxLength: 2 })),
})

/** Making a report: the member's page, the form (with and without JavaScript), the receipt. */
export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const { reports, uploads, config, pages, association } = app.services
  const uploadLimits = { fileBytes: config.maxFileBytes, files: LIMITS.filesPerEntry }

  // The pages anyone may fetch are kept rendered per organisation, language and page (services/page-cache.ts).
  app.get<{ Params: SlugParams }>(
    '/:slug',
    { schema: { params: SlugParams }, config: { crypto: false } },
    async (request, reply) => {
      const { slug } = request.params
      const kept = pages.current()
      const page = kept.remember(`landing|${slug}`, () => reports.landingPage(slug))
      const locale = reporterLocale(request, page)
      return sendRendered(
        reply,
        kept.remember(`landing|${slug}|${locale}`, () => {
          const links = paths(page.organisation.slug)
          return renderPage(
            OrganisationPage({
              ...keptLayout(links.page, locale, association.brand()),
              organisationName: page.organisation.name,
              confidants: page.confidants,
              deadlines: page.profile,
              authorities: page.profile.authorities,
              reportHref: `${links.report}?lang=${locale}`,
              followUpHref: `${links.followUp}?lang=${locale}`,
              procedureHref: `${links.procedure}?lang=${locale}`,
            }),
          )
        }),
      )
    },
  )

  formRoute(app, '/:slug/report', { data: 'report', view: 'report' }, reports.reportingPage, formPage)

  /** Without JavaScript: the server encrypts in memory (DESIGN §4) and shows the code once. */
  app.post<{ Params: SlugParams }>(
    '/:slug/report',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      let locale = reporterLocale(request, page)
      if (!config.noJsFallback) {
        const message = catalogue(locale).reporter.noJsOff
        return sendPage(
          reply,
          ErrorPage({
            ...layoutFor(request, locale),
            status: 403,
            message,
            backHref: paths(page.organisation.slug).page,
          }),
          403,
        )
      }
      const received = { fields: {} as Record<string, string> }
      let release: (() => void) | undefined
      try {
        release = await waitingInLine(request, () =>
          reports.admitReport(page.organisation.slug, 'form', announcedBytes(request)),
        )
        // Files are encrypted and written as they arrive; a refused form removes them again.
        const sink = reports.fileSink()
        const form = await readMultipart(request, uploadLimits, sink, received)
        locale = formLocale(form.fields.lang, page, locale)
        const { fields, problems } = readReportFields(form.fields)
        if (problems.length > 0) {
          sink.discard(form.files)
          return renderForm(reply, page, locale, { values: form.fields, problems }, 400)
        }
        const { code, receivedAt } = await reports.submitFromForm(
          page.organisation.slug,
          fields,
          form.files,
          locale,
        )
        return renderReceipt(
          request,
          reply,
          page,
          locale,
          presentReceipt(
            locale,
            page.organisation,
            absolute(config.publicUrl, paths(page.organisation.slug).followUp),
            code,
            receivedAt,
          ),
        )
      } catch (error) {
        const refused = release === undefined
        const problem = formProblem(error, catalogue(locale).reporter)
        if (!problem) throw error
        if (refused && problem.keepText) {
          // Refused before reading: read the text (never the files) so the reporter gets it back.
          await readMultipart(request, uploadLimits, undefined, received).catch(() => undefined)
        }
        if (!problem.keepText) reply.header('connection', 'close')
        locale = formLocale(received.fields.lang, page, locale)
        const retryAfter = retryAfterOf(error)
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
        const formProblemText = formProblem(error, catalogue(locale).reporter)!.text
        return renderForm(
          reply,
          page,
          locale,
          { values: received.fields, formProblem: formProblemText },
          problem.status,
        )
      } finally {
        release?.()
      }
    },
  )

  /** Why a new report was not taken, as the text the form shows above what the reporter typed. */
  function formProblem(error: unknown, t: Catalogue['reporter']) {
    const megabytes = Math.round(config.maxFileBytes / (1024 * 1024))
    const status = error instanceof DomainError ? error.status : 500
    const seconds = retryAfterOf(error) ?? 60
    if (error instanceof FileTooLarge && error.announced)
      return { status, keepText: false, text: t.bodyTooLarge(LIMITS.filesPerEntry, megabytes) }
    if (error instanceof FileTooLarge) return { status, keepText: true, text: t.filesTooLarge(megabytes) }
    if (error instanceof TooManyFiles)
      return { status, keepText: true, text: t.tooManyFiles(LIMITS.filesPerEntry) }
    if (error instanceof ServiceBusy || error instanceof KdfBusy)
      return { status: 503, keepText: true, text: t.busy(seconds) }
    if (error instanceof StorageLow) return { status, keepText: true, text: t.storageLow }
    if (error instanceof TooManyReports)
      return { status, keepText: true, text: t.tooManyReports(Math.ceil(seconds / 60)) }
    return undefined
  }

  /** With JavaScript: everything arrives encrypted; the code was made in the browser and never sent. */
  app.post<{ Params: SlugParams }>(
    '/:slug/api/submit',
    { schema: { params: SlugParams }, config: { api: true } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const release = await waitingInLine(request, () =>
        reports.admitReport(page.organisation.slug, 'browser', announcedBytes(request)),
      )
      try {
        const { envelope, files, fields } = await readEnvelope(
          request,
          BrowserSubmission,
          page.maxEncryptedFileBytes,
          uploads,
        )
        const { receivedAt } = reports.submitFromBrowser(page.organisation.slug, envelope, files)
        const locale = formLocale(fields.lang, page, reporterLocale(request, page))
        // The browser shows this on its receipt; the code itself was never sent.
        return reply
          .status(201)
          .send({ receivedOn: formatDateTime(receivedAt, locale, page.organisation.timezone) })
      } finally {
        release()
      }
    },
  )

  /**
   * The no-JS receipt as a text file. The code arrives in a POST body (never a URL, never logged) and is only
   * echoed back as an attachment, nothing is looked up or stored.
   */
  app.post<{ Params: SlugParams; Body: Static<typeof ReceiptForm> }>(
    '/:slug/receipt',
    { schema: { params: SlugParams, body: ReceiptForm } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const locale = formLocale(request.body.lang, page, reporterLocale(request, page))
      const receipt = presentReceiptFromForm(page, locale, request.body.code, request.body.receivedOn)
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', 'attachment; filename="receipt.txt"')
        .header('cache-control', 'no-store')
        .send(receiptText(locale, receipt))
    },
  )

  /** "I have saved my case code", checked here: text browsers do not enforce `required`. */
  app.post<{ Params: SlugParams; Body: Static<typeof SavedForm> }>(
    '/:slug/done',
    { schema: { params: SlugParams, body: SavedForm } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const locale = formLocale(request.body.lang, page, reporterLocale(request, page))
      const links = paths(page.organisation.slug)
      if (request.body.saved === 'yes')
        return reply.redirect(absolute(config.publicUrl, `${links.done}?lang=${locale}`), 303)
      const { code } = request.body
      if (code) {
        const receipt = presentReceiptFromForm(page, locale, code, request.body.receivedOn ?? '')
        return renderReceipt(request, reply, page, locale, receipt, 400)
      }
      const message = catalogue(locale).reporter.receiptSavedRequired
      return sendPage(
        reply,
        ErrorPage({ ...layoutFor(request, locale, false), status: 400, message, backHref: links.page }),
        400,
      )
    },
  )

  app.get<{ Params: SlugParams }>(
    '/:slug/done',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params
      const kept = pages.current()
      const page = kept.remember(`organisation|${slug}`, () => reports.organisationPage(slug))
      const locale = reporterLocale(request, page)
      return sendRendered(
        reply,
        kept.remember(`done|${slug}|${locale}`, () => {
          const links = paths(page.organisation.slug)
          return renderPage(
            DonePage({
              ...keptLayout(links.done, locale, association.brand()),
              deadlines: page.profile,
              followUpHref: `${links.followUp}?lang=${locale}`,
              acknowledgedAtReceipt: page.autoAcknowledge,
            }),
          )
        }),
      )
    },
  )

  function layoutFor(request: FastifyRequest, locale: Locale, languageSwitch = true) {
    return reporterLayout(request, locale, association.brand(), languageSwitch)
  }

  function presentReceiptFromForm(page: ReportingPage, locale: Locale, code: string, on: string) {
    const followUpUrl = absolute(config.publicUrl, paths(page.organisation.slug).followUp)
    return { ...presentReceipt(locale, page.organisation, followUpUrl, code, undefined), receivedOn: on }
  }

  function renderReceipt(
    request: FastifyRequest,
    reply: FastifyReply,
    page: ReportingPage,
    locale: Locale,
    receipt: ReturnType<typeof presentReceipt>,
    status = 200,
  ) {
    const links = paths(page.organisation.slug)
    return sendPage(
      reply,
      ReceiptPage({
        ...layoutFor(request, locale, false),
        receipt,
        doneAction: links.done,
        download: { kind: 'form', action: links.receipt },
        savedProblem: status !== 200,
      }),
      status,
    )
  }

  function renderForm(
    reply: FastifyReply,
    page: ReportingPage,
    locale: Locale,
    state: FormState,
    status: number,
  ) {
    return sendPage(reply, formPage(page, locale, state, status), status)
  }

  function formPage(page: ReportingPage, locale: Locale, state: FormState, status = 200) {
    const links = paths(page.organisation.slug)
    const values = state.values ?? {}
    const brand = association.brand()
    // A form sent back with problems keeps its values: no language link that would lose them.
    const layout =
      status === 200
        ? keptLayout(links.report, locale, brand)
        : { ...keptLayout(links.report, locale, brand), otherLanguageHref: undefined }
    return ReportFormPage({
      ...layout,
      organisationName: page.organisation.name,
      action: links.report,
      values: { ...values, ongoing: values.ongoing as 'yes' | 'no' | 'unknown' | undefined },
      problems: state.problems ?? [],
      formProblem: state.formProblem,
      pageHref: `${links.page}?lang=${locale}`,
      // Issue 10: the automatic acknowledgement the browser seals with the report, in this page's language.
      encryption: JSON.stringify({
        ...page.encryption,
        submit: links.submit,
        acknowledgement: page.autoAcknowledgement?.[locale],
      }),
      maxFileBytes: page.maxFileBytes,
      javaScriptRequired: !page.noJsFallback,
      mode: state.plain ? 'plain' : 'script',
      plainHref: `${links.report}?lang=${locale}&plain=1`,
      receipt: presentReceipt(
        locale,
        page.organisation,
        absolute(config.publicUrl, links.followUp),
        undefined,
        undefined,
      ),
      doneAction: links.done,
    })
  }
}

type FormState = {
  values?: Record<string, string>
  problems?: FieldProblem[]
  formProblem?: string
  plain?: boolean
}

/**
 * While a report waits for its place in line its body is deliberately not read, so the socket is idle by our
 * choice, not the client's: the idle timeout (a stalled client) is paused for that wait and resumes after.
 */
async function waitingInLine<T>(request: FastifyRequest, admit: () => Promise<T>): Promise<T> {
  const socket = request.raw.socket as typeof request.raw.socket | undefined
  // Injected requests (tests) have no real socket to pause.
  if (typeof socket?.setTimeout !== 'function') return admit()
  const idleMs = request.server.server.timeout
  socket.setTimeout(0)
  try {
    return await admit()
  } finally {
    if (!socket.destroyed) socket.setTimeout(idleMs)
  }
}
