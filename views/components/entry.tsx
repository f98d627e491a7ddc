import type { EntryDocument, TranscriptDocument } from '../../server/domain/documents.js'
import { catalogue, type Locale } from '../i18n/index.js'

export type EntryFile = { id: string; name: string; size: number; href?: string }

export type EntryBodyModel = {
  locale: Locale
  kind: string
  /** Undefined when the entry failed authentication: shown as unreadable, never trusted. */
  document: EntryDocument | undefined
  files: EntryFile[]
}

/**
 * The readable body of one thread entry. Rendered on the server for no-JS follow-up and in the browser after
 * decryption in JavaScript mode, so both show the same markup. All text is escaped (`safe`).
 */
export function EntryBody(model: EntryBodyModel) {
  const t = catalogue(model.locale).reporter
  if (!model.document) {
    return (
      <p class="error-message" safe>
        {t.unreadable}
      </p>
    )
  }
  const document = model.document
  const text: string = 'text' in document ? document.text : ''
  return (
    <div class="entry-content">
      {model.kind === 'report' && 'what' in document ? (
        <ReportFields locale={model.locale} report={document} />
      ) : (
        <p class="entry-text" safe>
          {text}
        </p>
      )}
      {model.files.length > 0 ? (
        <div class="entry-files">
          <h4 safe>{t.attachments}</h4>
          <ul>
            {model.files.map((file) => (
              <li>
                {file.href ? (
                  <a href={file.href} download={file.name} safe>
                    {file.name}
                  </a>
                ) : (
                  <button
                    type="button"
                    class="link-button"
                    data-attachment={file.id}
                    data-name={file.name}
                    safe
                  >
                    {file.name}
                  </button>
                )}{' '}
                <span class="file-size" safe>
                  {formatSize(file.size)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
    </div>
  )
}

function ReportFields(props: { locale: Locale; report: TranscriptDocument }) {
  const t = catalogue(props.locale).reporter
  const { report } = props
  const ongoing =
    { yes: t.ongoingYes, no: t.ongoingNo, unknown: t.ongoingUnknown }[report.ongoing] ?? t.ongoingUnknown
  const rows: Array<[string, string]> = [
    [t.what, report.what],
    [t.when, report.when],
    [t.where, report.where],
    [t.who, report.who],
    [t.how, report.how],
    [t.ongoing, ongoing],
  ]
  return (
    <>
      <dl class="report-fields">
        {rows
          .filter(([, value]) => value !== '')
          .map(([label, value]) => (
            <>
              <dt safe>{label}</dt>
              <dd class="entry-text" safe>
                {value}
              </dd>
            </>
          ))}
      </dl>
      {report.identity ? (
        <div class="identity">
          <h4 safe>{t.identityGiven}</h4>
          <p class="entry-text" safe>
            {[report.identity.name, report.identity.contact].filter(Boolean).join('\n')}
          </p>
        </div>
      ) : (
        ''
      )}
    </>
  )
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
