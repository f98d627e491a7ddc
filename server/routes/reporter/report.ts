import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { catalogue, type Locale } from '../../../views/i18n/index.js'
import { ErrorPage } from '../../../views/pages/error.js'
import { OrganisationPage } from '../../../views/pages/reporter/organisation.js'
import { receiptText } from '../../../views/pages/reporter/receipt-text.js'
import { DonePage, ReceiptPage, ReportFormPage } from '../../../views/pages/reporter/report.js'
import { formatDateTime } from '../../domain/deadlines.js'
import { type FieldProblem, LIMITS, readReportFields } from '../../domain/documents.js'
import { FileTooLarge, TooManyFiles } from '../../errors.js'
import { sendPage } from '../../render.js'
import type { ReportingPage } from '../../services/reports.js'
import { absolute, formLocale, paths, reporterLayout, reporterLocale, SlugParams } from './context.js'
import { BrowserSubmission, readEnvelope } from './envelopes.js'
import { readMultipart } from './multipart.js'
import { presentReceipt } from './present.js'

const FormQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 2 })),
  plain: Type.Optional(Type.String({ maxLength: 1 })),
})
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
  const { reports, instance, config } = app.services

  app.get<{ Params: SlugParams }>('/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const page = reports.reportingPage(request.params.slug)
    const locale = reporterLocale(request, page)
    const links = paths(page.organisation.slug)
    return sendPage(
      reply,
      OrganisationPage({
        ...layoutFor(request, locale),
        organisationName: page.organisation.name,
        confidants: page.confidants,
        acknowledgeDays: page.profile.acknowledgeDays,
        feedbackMonths: page.profile.feedbackMonths,
        authorities: page.profile.authorities,
        reportHref: `${links.report}?lang=${locale}`,
        followUpHref: `${links.followUp}?lang=${locale}`,
      }),
    )
  })

  app.get<{ Params: SlugParams; Querystring: Static<typeof FormQuery> }>(
    '/:slug/report',
    { schema: { params: SlugParams, querystring: FormQuery } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      // The version without JavaScript, chosen knowingly (its page says the server encrypts).
      const plain = request.query.plain === '1' && page.noJsFallback
      return renderForm(request, reply, page, reporterLocale(request, page), { plain })
    },
  )

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
      try {
        const form = await readMultipart(
          request,
          { fileBytes: config.maxFileBytes, files: LIMITS.filesPerEntry },
          received,
        )
        locale = formLocale(form.fields.lang, page, locale)
        const { fields, problems } = readReportFields(form.fields)
        if (problems.length > 0) {
          for (const file of form.files) file.data.fill(0)
          return renderForm(request, reply, page, locale, { values: form.fields, problems }, 400)
        }
        const { code, receivedAt } = await reports.submitFromForm(page.organisation.slug, fields, form.files)
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
        locale = formLocale(received.fields.lang, page, locale)
        const t = catalogue(locale).reporter
        const megabytes = Math.round(config.maxFileBytes / (1024 * 1024))
        if (error instanceof FileTooLarge) {
          return renderForm(
            request,
            reply,
            page,
            locale,
            { values: received.fields, formProblem: t.filesTooLarge(megabytes) },
            413,
          )
        }
        if (error instanceof TooManyFiles) {
          const formProblem = t.tooManyFiles(LIMITS.filesPerEntry)
          return renderForm(request, reply, page, locale, { values: received.fields, formProblem }, 400)
        }
        throw error
      }
    },
  )

  /** With JavaScript: everything arrives encrypted; the code was made in the browser and never sent. */
  app.post<{ Params: SlugParams }>(
    '/:slug/api/submit',
    { schema: { params: SlugParams }, config: { api: true } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      const { envelope, files, fields } = await readEnvelope(
        request,
        BrowserSubmission,
        page.maxEncryptedFileBytes,
      )
      const { receivedAt } = reports.submitFromBrowser(page.organisation.slug, envelope, files)
      const locale = formLocale(fields.lang, page, reporterLocale(request, page))
      // The browser shows this on its receipt; the code itself was never sent.
      return reply
        .status(201)
        .send({ receivedOn: formatDateTime(receivedAt, locale, page.organisation.timezone) })
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
      const page = reports.reportingPage(request.params.slug)
      const locale = reporterLocale(request, page)
      return sendPage(
        reply,
        DonePage({
          ...layoutFor(request, locale),
          acknowledgeDays: page.profile.acknowledgeDays,
          followUpHref: `${paths(page.organisation.slug).followUp}?lang=${locale}`,
        }),
      )
    },
  )

  function layoutFor(request: FastifyRequest, locale: Locale, languageSwitch = true) {
    return reporterLayout(request, locale, instance.current().name, languageSwitch)
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
    request: FastifyRequest,
    reply: FastifyReply,
    page: ReportingPage,
    locale: Locale,
    state: {
      values?: Record<string, string>
      problems?: FieldProblem[]
      formProblem?: string
      plain?: boolean
    },
    status = 200,
  ) {
    const links = paths(page.organisation.slug)
    const values = state.values ?? {}
    return sendPage(
      reply,
      ReportFormPage({
        ...layoutFor(request, locale, status === 200),
        organisationName: page.organisation.name,
        action: links.report,
        values: { ...values, ongoing: values.ongoing as 'yes' | 'no' | 'unknown' | undefined },
        problems: state.problems ?? [],
        formProblem: state.formProblem,
        encryption: JSON.stringify({ ...page.encryption, submit: links.submit }),
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
      }),
      status,
    )
  }
}
