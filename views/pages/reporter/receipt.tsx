import { type Catalogue, catalogue, type Locale } from '../../i18n/index.js'
import { type ReceiptModel, receiptDataUrl } from './receipt-text.js'

export type ReceiptDownload =
  /** No JavaScript: a POST form to the server, which answers the text file as an attachment. */
  | { kind: 'form'; action: string }
  /** JavaScript: the file is made in the browser; the code never reaches the server. */
  | { kind: 'browser' }

/**
 * The case code, shown once: large, grouped, copyable, printable, downloadable, and confirmed as saved.
 * Rendered by the server for a no-JS report and in the browser after a JavaScript report — never sent hidden
 * inside the form page, where text browsers would show it.
 */
export function ReceiptSection(props: {
  locale: Locale
  receipt: ReceiptModel
  doneAction: string
  download: ReceiptDownload
  /** The server asked again because "I have saved my case code" was not ticked. */
  savedProblem?: boolean
}) {
  const t: Catalogue['reporter'] = catalogue(props.locale).reporter
  const { receipt } = props
  return (
    <section
      id="receipt"
      class="receipt"
      aria-labelledby="receipt-title"
      data-organisation={receipt.organisationName}
      data-follow-up-url={receipt.followUpUrl}
      data-copy={t.receiptCopy}
      data-copied={t.receiptCopied}
      data-print={t.receiptPrint}
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
      {props.download.kind === 'form' ? (
        <form method="post" action={props.download.action} class="receipt-actions no-print">
          <input type="hidden" name="code" value={receipt.code} />
          <input type="hidden" name="receivedOn" value={receipt.receivedOn} />
          <input type="hidden" name="lang" value={props.locale} />
          <button type="submit" class="secondary" id="download-receipt" safe>
            {t.receiptDownload}
          </button>
        </form>
      ) : (
        <p class="receipt-actions no-print">
          <a
            class="button secondary"
            id="download-receipt"
            href={receiptDataUrl(props.locale, receipt)}
            download="receipt.txt"
            safe
          >
            {t.receiptDownload}
          </a>
        </p>
      )}
      <p id="copy-status" class="status" role="status" aria-live="polite" />
      <p safe>{t.receiptWhy}</p>
      <p>
        <span safe>{t.receiptWhere}</span> <strong safe>{receipt.followUpUrl}</strong>
      </p>
      {/* POST, so the server can insist on the box: a GET with ?saved=yes would be checked by the browser only. */}
      <form method="post" action={props.doneAction} class="stack no-print" id="saved-form">
        <input type="hidden" name="lang" value={props.locale} />
        {/* Without JavaScript the server re-shows the receipt if the box was not ticked, so it needs the code. */}
        {props.download.kind === 'form' ? <input type="hidden" name="code" value={receipt.code} /> : ''}
        {props.download.kind === 'form' ? (
          <input type="hidden" name="receivedOn" value={receipt.receivedOn} />
        ) : (
          ''
        )}
        {props.savedProblem ? (
          <p class="error-message" role="alert" id="saved-problem" safe>
            {t.receiptSavedRequired}
          </p>
        ) : (
          ''
        )}
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
