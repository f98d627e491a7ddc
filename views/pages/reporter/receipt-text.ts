import { catalogue, type Locale } from '../../i18n/index.js'

export type ReceiptModel = {
  organisationName: string
  followUpUrl: string
  receivedOn: string
  /** Formatted as 1234 5678 9012 3456; empty in the JavaScript page until the browser fills it in. */
  code: string
}

/** The downloadable receipt: organisation, date, code and follow-up address — never any report content. */
export function receiptText(locale: Locale, receipt: ReceiptModel): string {
  const t = catalogue(locale).reporter
  return [
    t.receiptFileTitle,
    '',
    `${t.receiptFileOrganisation}: ${receipt.organisationName}`,
    `${t.receiptFileDate}: ${receipt.receivedOn}`,
    `${t.receiptFileCode}: ${receipt.code}`,
    `${t.receiptFileWhere}: ${receipt.followUpUrl}`,
    '',
    t.receiptFileNote,
    '',
  ].join('\r\n')
}

export function receiptDataUrl(locale: Locale, receipt: ReceiptModel): string {
  return `data:text/plain;charset=utf-8,${encodeURIComponent(receiptText(locale, receipt))}`
}
