import { LIMITS, oralChannels } from '../../../server/domain/documents.js'
import { catalogue, type Locale } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'

export type OralReportModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  organisation: { slug: string; name: string; timezone: string }
  /** Public material only: the code salt and the public keys the new case is sealed to. */
  encryption: { codeSalt: string; recipients: Array<{ holder: string; publicKey: string }> }
  userId: string
  csrfToken: string
  api: string
  followUpUrl: string
}

/**
 * Recording an oral report (Directive art. 18; DESIGN §5). The page script (views/browser/oral.ts) does what a
 * reporter's browser does for a new report: a new case code, the reporter's keys, the case keys sealed to the
 * reporter and to the organisation's recipients. The form has no usable submit until that script is ready, and
 * posts nowhere a transcript could be read: the server receives ciphertext only.
 */
export function OralReportPage(model: OralReportModel) {
  const t = catalogue(model.locale).oral
  const { organisation } = model
  return (
    <Layout {...model} title={t.title} scripts={['oral.js']}>
      <p class="no-print">
        <a href="/staff" safe>
          {catalogue(model.locale).staffCase.back}
        </a>
      </p>
      <section id="oral-section" aria-labelledby="oral-title">
        <h1 id="oral-title" safe>{`${t.title} · ${organisation.name}`}</h1>
        <p safe>{t.intro(organisation.name)}</p>
        <noscript>
          <p class="notice" safe>
            {catalogue(model.locale).staff.javascriptNeeded}
          </p>
        </noscript>
        <form
          id="oral-form"
          class="stack"
          method="post"
          data-locale={model.locale}
          data-encryption={JSON.stringify(model.encryption)}
          data-organisation={organisation.name}
          data-timezone={organisation.timezone}
          data-user-id={model.userId}
          data-csrf={model.csrfToken}
          data-api={model.api}
          data-follow-up-url={model.followUpUrl}
        >
          <fieldset>
            <legend safe>{t.channel}</legend>
            {oralChannels.map((channel) => (
              <label class="choice">
                <input type="radio" name="channel" value={channel} required />{' '}
                <span safe>{t.channels[channel] ?? channel}</span>
              </label>
            ))}
          </fieldset>
          <label for="received-at" safe>
            {t.receivedAt}
          </label>
          <p id="received-at-hint" class="hint" safe>
            {t.receivedAtHint(organisation.timezone)}
          </p>
          <input
            id="received-at"
            name="receivedAt"
            type="datetime-local"
            required
            aria-describedby="received-at-hint"
          />
          <label for="transcript" safe>
            {t.text}
          </label>
          <p id="transcript-hint" class="hint" safe>
            {t.textHint}
          </p>
          <textarea
            id="transcript"
            name="text"
            rows="14"
            required
            maxlength={String(LIMITS.what)}
            aria-describedby="transcript-hint"
          />
          <p id="oral-status" class="status" role="status" aria-live="polite" />
          {/* Disabled until the encryption is ready: a disabled default button also stops Enter from posting. */}
          <button type="submit" disabled safe>
            {t.submit}
          </button>
        </form>
      </section>
    </Layout>
  )
}

export type OralReceiptModel = {
  locale: Locale
  organisationName: string
  receivedOn: string
  /** Grouped: 1234 5678 9012 3456. Shown once, never stored. */
  code: string
  followUpUrl: string
  caseHref: string
}

/**
 * The printable receipt the confidant hands to the reporter: the new case code, where to follow up, and what
 * to do with the record (read, correct, agree). Rendered in the browser only: the code never reaches the server.
 */
export function OralReceipt(model: OralReceiptModel) {
  const t = catalogue(model.locale).oral
  return (
    <section id="oral-receipt" class="receipt" aria-labelledby="oral-receipt-title">
      <h1 id="oral-receipt-title" tabindex="-1" safe>
        {t.receiptTitle}
      </h1>
      <p class="no-print" safe>
        {t.receiptIntro}
      </p>
      <dl class="receipt-facts">
        <dt safe>{t.receiptOrganisation}</dt>
        <dd safe>{model.organisationName}</dd>
        <dt safe>{t.receiptReceived}</dt>
        <dd safe>{model.receivedOn}</dd>
        <dt safe>{t.receiptWhere}</dt>
        <dd>
          <strong safe>{model.followUpUrl}</strong>
        </dd>
      </dl>
      <p class="case-code-label" id="case-code-label" safe>
        {t.receiptCode}
      </p>
      <p class="case-code" id="case-code" safe>
        {model.code}
      </p>
      <h2 safe>{t.receiptStepsTitle}</h2>
      <ol class="receipt-steps">
        {t.receiptSteps.map((step) => (
          <li safe>{step}</li>
        ))}
      </ol>
      <p safe>{t.receiptSecret}</p>
      <p class="receipt-actions no-print">
        <button type="button" id="print-receipt" class="secondary" safe>
          {t.print}
        </button>{' '}
        <a href={model.caseHref} id="open-case" safe>
          {t.openCase}
        </a>
      </p>
    </section>
  )
}

/** On the workspace: one way in per organisation assigned to the confidant. */
export function OralReportLinks(props: {
  locale: Locale
  organisations: Array<{ slug: string; name: string }>
}) {
  const t = catalogue(props.locale).oral
  if (props.organisations.length === 0) return ''
  return (
    <section aria-labelledby="oral-heading" class="oral-links">
      <h2 id="oral-heading" safe>
        {t.start}
      </h2>
      <ul>
        {props.organisations.map((organisation) => (
          <li>
            <a href={`/staff/oral/${organisation.slug}?lang=${props.locale}`} safe>
              {t.startFor(organisation.name)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
