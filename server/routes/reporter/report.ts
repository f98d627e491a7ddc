import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Catalogue, catalogue, type Locale } from '../../../views/i18n/index.js'
import { ErrorPage } from '../../../views/pages/error.js'
import { OrganisationPage } from '../../../views/pages/reporter/organisation.js'
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
import { sendPage } from '../../render.js'
import type { ReportingPage } from '../../services/reports.js'
import { formLocale, paths, reporterLayout, reporterLocale, SlugParams } from './context.js'
import { BrowserSubmission, readEnvelope } from './envelopes.js'
import { readMultipart } from './multipart.js'
import { presentReceipt } from './present.js'

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

  app.get<{ Params: SlugParams }>(
    '/:slug/report',
    { schema: { params: SlugParams } },
    async (request, reply) => {
      const page = reports.reportingPage(request.params.slug)
      return renderForm(request, reply, page, reporterLocale(request, page), {})
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
          ErrorPage({ ...layoutFor(request, locale), status: 403, message, backHref: '/' }),
          403,
        )
      }
      const received = { fields: {} as Record<string, string> }
      let release: (() => void) | undefined
      try {
        release = await waitingInLine(request, () =>
          reports.admitReport(page.organisation.slug, 'form', announcedBytes(request)),
        )
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
        const links = paths(page.organisation.slug)
        return sendPage(
          reply,
          ReceiptPage({
            ...layoutFor(request, locale, false),
            receipt: presentReceipt(
              locale,
              page.organisation,
              `${config.publicUrl}${links.followUp}`,
              code,
              receivedAt,
            ),
            doneHref: links.done,
          }),
        )
      } catch (error) {
        const refused = release === undefined
        const problem = formProblem(error, catalogue(locale).reporter)
        if (!problem) throw error
        if (refused && problem.keepText) {
          // Refused before reading: read the text (never the files) so the reporter gets it back.
          await readMultipart(
            request,
            { fileBytes: config.maxFileBytes, files: LIMITS.filesPerEntry, keepFiles: false },
            received,
          ).catch(() => undefined)
        }
        if (!problem.keepText) reply.header('connection', 'close')
        locale = formLocale(received.fields.lang, page, locale)
        const retryAfter = retryAfterOf(error)
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
        const formProblemText = formProblem(error, catalogue(locale).reporter)!.text
        return renderForm(
          request,
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

  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    page: ReportingPage,
    locale: Locale,
    state: { values?: Record<string, string>; problems?: FieldProblem[]; formProblem?: string },
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
        pageHref: `${links.page}?lang=${locale}`,
        encryption: JSON.stringify({ ...page.encryption, submit: links.submit }),
        maxFileBytes: page.maxFileBytes,
        javaScriptRequired: !page.noJsFallback,
        receipt: presentReceipt(
          locale,
          page.organisation,
          `${config.publicUrl}${links.followUp}`,
          undefined,
          undefined,
        ),
        doneHref: links.done,
      }),
      status,
    )
  }
}

/** The body size the client announced, if it did (chunked uploads announce none and are cut at the limits). */
function announcedBytes(request: FastifyRequest): number | undefined {
  const value = request.headers['content-length']
  return value !== undefined && /^[0-9]{1,15}$/.test(value) ? Number(value) : undefined
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
