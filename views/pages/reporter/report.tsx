import type { FieldProblem, ReportFields } from '../../../server/domain/documents.js'
import { LIMITS } from '../../../server/domain/documents.js'
import type { DeadlineTerms } from '../../../server/domain/profiles.js'
import { ScriptGate } from '../../components/script-gate.js'
import { catalogue } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'
import { type ReceiptDownload, ReceiptSection } from './receipt.js'
import type { ReceiptModel } from './receipt-text.js'

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
  /**
   * 'script': the page script encrypts, and a browser that runs scripts cannot post until it is ready;
   * 'plain': chosen knowingly, no script, the server encrypts (the submit button is always there).
   */
  mode: 'script' | 'plain'
  /** The same form without JavaScript, for a browser whose script could not load. */
  plainHref: string
  /** What the browser needs to show the receipt after a JavaScript submission (no code yet). */
  receipt: ReceiptModel
  doneAction: string
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
  const submit = (
    <button type="submit" safe>
      {t.submit}
    </button>
  )
  return (
    <Layout
      {...model}
      title={t.formTitle}
      scripts={model.mode === 'script' ? ['report.js'] : []}
      encryptedWhere={model.mode === 'script' ? 'either' : 'server'}
    >
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
        {model.mode === 'plain' ? (
          <p class="notice" safe>
            {t.plainVersionNote}
          </p>
        ) : (
          ''
        )}
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
          data-organisation={model.receipt.organisationName}
          data-follow-up-url={model.receipt.followUpUrl}
          data-done-action={model.doneAction}
          data-msg-no-crypto={t.noCryptoHere}
          data-msg-send-plain={t.sendToServer}
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
          {/* Note: with no submit button, Enter in a text field submits only if the form has at most one such
              field (HTML implicit submission); name and contact make two, so nothing is posted early. */}
          {model.mode === 'script' ? (
            <ScriptGate
              pending={t.encryptionLoading}
              plainHref={model.plainHref}
              plainLabel={t.plainVersionLink}
            >
              {submit}
            </ScriptGate>
          ) : (
            submit
          )}
        </form>
      </section>
    </Layout>
  )
}

export type ReceiptPageModel = Omit<LayoutModel, 'title'> & {
  receipt: ReceiptModel
  doneAction: string
  download: ReceiptDownload
  savedProblem?: boolean
}

/** The receipt of a report made without JavaScript: the server encrypted it, so the footer says so. */
export function ReceiptPage(model: ReceiptPageModel) {
  const t = catalogue(model.locale).reporter
  return (
    <Layout {...model} title={t.receiptTitle} scripts={['receipt.js']} encryptedWhere="server">
      <ReceiptSection
        locale={model.locale}
        receipt={model.receipt}
        doneAction={model.doneAction}
        download={model.download}
        savedProblem={model.savedProblem}
      />
    </Layout>
  )
}

export type DonePageModel = Omit<LayoutModel, 'title'> & {
  deadlines: DeadlineTerms
  followUpHref: string
  /** Issue 10: the organisation's automatic acknowledgement is already in the case. */
  acknowledgedAtReceipt?: boolean
}

export function DonePage(model: DonePageModel) {
  const t = catalogue(model.locale).reporter
  return (
    <Layout {...model} title={t.doneTitle}>
      <h1 safe>{t.doneTitle}</h1>
      <p safe>
        {model.acknowledgedAtReceipt
          ? catalogue(model.locale).autoAcknowledgement.doneText
          : t.doneText(model.deadlines)}
      </p>
      <p safe>{t.doneTraces}</p>
      <p>
        <a href={model.followUpHref} safe>
          {t.followUp}
        </a>
      </p>
    </Layout>
  )
}
