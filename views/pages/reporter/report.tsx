import type { FieldProblem, ReportFields } from '../../../server/domain/documents.js'
import { LIMITS } from '../../../server/domain/documents.js'
import { type Catalogue, catalogue, type Locale } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'
import { type ReceiptModel, receiptDataUrl } from './receipt-text.js'

type FormValues = Partial<Omit<ReportFields, 'identity'>> & { name?: string; contact?: string }

export type ReportFormModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  organisationName: string
  action: string
  values: FormValues
  problems: FieldProblem[]
  /** A problem with the whole submission (too large, too many files, busy...). */
  formProblem?: string
  /** The organisation's page, linked beside a form problem so a refused reporter is never sent to `/`. */
  pageHref?: string
  /** Public keys and salt for encryption in the browser, as JSON. */
  encryption: string
  maxFileBytes: number
  /** The operator switched the no-JS fallback off: without JavaScript the page only explains. */
  javaScriptRequired: boolean
  /** The receipt the browser fills in after a JavaScript submission (no code yet). */
  receipt: ReceiptModel
  doneHref: string
}

export function ReportFormPage(model: ReportFormModel) {
  const t = catalogue(model.locale).reporter
  const megabytes = Math.round(model.maxFileBytes / (1024 * 1024))
  const problemOf = (field: FieldProblem['field']) =>
    model.problems.find((problem) => problem.field === field)
  const field = (name: 'what' | 'when' | 'where' | 'who' | 'how', label: string, hint?: string) => {
    const problem = problemOf(name)
    const describedBy = [hint ? `${name}-hint` : '', problem ? `${name}-problem` : '']
      .filter(Boolean)
      .join(' ')
    return (
      <>
        <label for={name} safe>
          {label}
        </label>
        {hint ? (
          <p id={`${name}-hint`} class="hint" safe>
            {hint}
          </p>
        ) : (
          ''
        )}
        {problem ? (
          <p id={`${name}-problem`} class="field-problem" safe>
            {problem.problem === 'required' ? t.fieldRequired : t.fieldTooLong}
          </p>
        ) : (
          ''
        )}
        <textarea
          id={name}
          name={name}
          rows={name === 'what' ? '8' : '2'}
          required={name === 'what'}
          maxlength={String(name === 'what' ? LIMITS.what : LIMITS.field)}
          aria-describedby={describedBy || undefined}
          aria-invalid={problem ? 'true' : undefined}
          safe
        >
          {model.values[name] ?? ''}
        </textarea>
      </>
    )
  }
  const ongoing = model.values.ongoing ?? 'unknown'
  return (
    <Layout {...model} title={t.formTitle} scripts={['report.js']}>
      {model.javaScriptRequired ? (
        <noscript>
          <p class="error-message" safe>
            {t.noJsOff}
          </p>
        </noscript>
      ) : (
        ''
      )}
      <section id="report-section">
        <h1 safe>{t.pageTitle(model.organisationName)}</h1>
        <h2 safe>{t.formTitle}</h2>
        <p safe>{t.formIntro}</p>
        {model.formProblem || model.problems.length > 0 ? (
          <>
            <p class="error-message" role="alert" id="form-problem" safe>
              {model.formProblem ?? t.fixProblems}
            </p>
            {model.formProblem && model.pageHref ? (
              <p>
                <a href={model.pageHref} safe>
                  {t.backToPage(model.organisationName)}
                </a>
              </p>
            ) : (
              ''
            )}
          </>
        ) : (
          ''
        )}
        <form
          id="report-form"
          class="stack"
          method="post"
          action={model.action}
          enctype="multipart/form-data"
          data-encryption={model.encryption}
          data-max-file-bytes={String(model.maxFileBytes)}
          data-max-files={String(LIMITS.filesPerEntry)}
          data-locale={model.locale}
        >
          <input type="hidden" name="lang" value={model.locale} />
          {field('what', t.what, t.whatHint)}
          {field('when', t.when)}
          {field('where', t.where)}
          {field('who', t.who)}
          {field('how', t.how, t.howHint)}
          <fieldset>
            <legend safe>{t.ongoing}</legend>
            {(
              [
                ['yes', t.ongoingYes],
                ['no', t.ongoingNo],
                ['unknown', t.ongoingUnknown],
              ] as const
            ).map(([value, label]) => (
              <label class="choice">
                <input type="radio" name="ongoing" value={value} checked={ongoing === value} />{' '}
                <span safe>{label}</span>
              </label>
            ))}
          </fieldset>
          <label for="files" safe>
            {t.files}
          </label>
          <p id="files-hint" class="hint" safe>
            {t.filesHint(megabytes, LIMITS.filesPerEntry)}
          </p>
          <input id="files" name="files" type="file" multiple aria-describedby="files-hint" />
          <fieldset class="identity">
            <legend safe>{t.identityTitle}</legend>
            <p class="hint" safe>
              {t.identityIntro}
            </p>
            <label for="name" safe>
              {t.identityName}
            </label>
            <input
              id="name"
              name="name"
              maxlength={String(LIMITS.name)}
              autocomplete="off"
              value={model.values.name ?? ''}
            />
            <label for="contact" safe>
              {t.identityContact}
            </label>
            <input
              id="contact"
              name="contact"
              maxlength={String(LIMITS.contact)}
              autocomplete="off"
              value={model.values.contact ?? ''}
            />
          </fieldset>
          <p id="report-status" class="status" role="status" aria-live="polite" />
          <progress id="report-progress" max="100" value="0" hidden />
          <button type="submit" safe>
            {t.submit}
          </button>
        </form>
      </section>
      <ReceiptSection locale={model.locale} receipt={model.receipt} doneHref={model.doneHref} hidden />
    </Layout>
  )
}

/** The case code, shown once: large, grouped, copyable, printable, downloadable, and confirmed as saved. */
export function ReceiptSection(props: {
  locale: Locale
  receipt: ReceiptModel
  doneHref: string
  hidden?: boolean
}) {
  const t: Catalogue['reporter'] = catalogue(props.locale).reporter
  const { receipt } = props
  return (
    <section
      id="receipt"
      class="receipt"
      hidden={props.hidden}
      aria-labelledby="receipt-title"
      data-organisation={receipt.organisationName}
      data-follow-up-url={receipt.followUpUrl}
    >
      <h1 id="receipt-title" tabindex="-1" safe>
        {t.receiptTitle}
      </h1>
      <p safe>{t.receiptIntro}</p>
      <p class="case-code-label" id="case-code-label" safe>
        {t.receiptCodeLabel}
      </p>
      <p class="case-code" id="case-code" safe>
        {receipt.code}
      </p>
      <p class="receipt-actions no-print">
        <button type="button" id="copy-code" class="secondary" hidden data-copied={t.receiptCopied} safe>
          {t.receiptCopy}
        </button>
        <button type="button" id="print-receipt" class="secondary" hidden safe>
          {t.receiptPrint}
        </button>
        <a
          class="button secondary"
          id="download-receipt"
          href={receipt.code ? receiptDataUrl(props.locale, receipt) : '#'}
          download="receipt.txt"
          safe
        >
          {t.receiptDownload}
        </a>
      </p>
      <p id="copy-status" class="status" role="status" aria-live="polite" />
      <p safe>{t.receiptWhy}</p>
      <p>
        <span safe>{t.receiptWhere}</span> <strong safe>{receipt.followUpUrl}</strong>
      </p>
      <form method="get" action={props.doneHref} class="stack no-print">
        <input type="hidden" name="lang" value={props.locale} />
        <label class="choice">
          <input type="checkbox" name="saved" value="yes" required /> <span safe>{t.receiptSaved}</span>
        </label>
        <button type="submit" safe>
          {t.receiptContinue}
        </button>
      </form>
    </section>
  )
}

export type ReceiptPageModel = Omit<LayoutModel, 'title'> & { receipt: ReceiptModel; doneHref: string }

export function ReceiptPage(model: ReceiptPageModel) {
  const t = catalogue(model.locale).reporter
  return (
    <Layout {...model} title={t.receiptTitle} scripts={['receipt.js']}>
      <ReceiptSection locale={model.locale} receipt={model.receipt} doneHref={model.doneHref} />
    </Layout>
  )
}

export type DonePageModel = Omit<LayoutModel, 'title'> & { acknowledgeDays: number; followUpHref: string }

export function DonePage(model: DonePageModel) {
  const t = catalogue(model.locale).reporter
  return (
    <Layout {...model} title={t.doneTitle}>
      <h1 safe>{t.doneTitle}</h1>
      <p safe>{t.doneText(model.acknowledgeDays)}</p>
      <p safe>{t.doneTraces}</p>
      <p>
        <a href={model.followUpHref} safe>
          {t.followUp}
        </a>
      </p>
    </Layout>
  )
}
