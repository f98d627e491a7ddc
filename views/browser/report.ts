import {
  deriveReporterKeys,
  formatCaseCode,
  fromBase64Url,
  generateCaseCode,
  memzero,
  ready,
} from '../../crypto/index.js'
import { LIMITS, type ReportFields, readReportFields } from '../../server/domain/documents.js'
import { envelopeForm, sealReport } from '../../server/domain/sealing.js'
import { catalogue, isLocale } from '../i18n/index.js'
import { receiptDataUrl } from '../pages/reporter/receipt-text.js'
import { enableReceiptActions } from './receipt-actions.js'

type EncryptionConfig = {
  codeSalt: string
  recipients: Array<{ holder: string; publicKey: string }>
  submit: string
}

/**
 * JavaScript mode of the report form (DESIGN §4): the case code is generated here and never sent; the report
 * and its files are encrypted here; the server receives ciphertext, sealed keys, `lookup` and a public key.
 * If anything here fails before sending (no WebAssembly, say), the ordinary no-JS form post takes over.
 */
const form = document.querySelector<HTMLFormElement>('#report-form')
if (form) {
  const locale = isLocale(form.dataset.locale) ? form.dataset.locale : 'nl'
  const t = catalogue(locale).reporter
  const config = JSON.parse(form.dataset.encryption ?? '{}') as EncryptionConfig
  const maxFileBytes = Number(form.dataset.maxFileBytes)
  const status = form.querySelector<HTMLElement>('#report-status')!
  const progress = form.querySelector<HTMLProgressElement>('#report-progress')!
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  const fileInput = form.querySelector<HTMLInputElement>('#files')!
  // Settles once libsodium's WebAssembly has loaded (true) or failed to load (false). A submission made before
  // then waits for it: sending the form to the server meanwhile would hand over the plaintext needlessly.
  const cryptoWorks = ready().then(
    () => true,
    () => false,
  )

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const files = [...(fileInput.files ?? [])]
    if (files.length > LIMITS.filesPerEntry) return say(t.tooManyFiles(LIMITS.filesPerEntry), fileInput)
    const tooLarge = files.find((file) => file.size > maxFileBytes)
    if (tooLarge) return say(t.fileTooLarge(tooLarge.name, Math.round(maxFileBytes / 2 ** 20)), fileInput)
    const raw = Object.fromEntries([...new FormData(form)].filter(([, value]) => typeof value === 'string'))
    const { fields, problems } = readReportFields(raw)
    if (problems.length > 0) {
      const field = form.querySelector<HTMLElement>(`[name=${problems[0]!.field}]`)
      return say(problems[0]!.problem === 'required' ? t.fieldRequired : t.fieldTooLong, field)
    }
    button.disabled = true
    status.textContent = t.encrypting
    if (!(await cryptoWorks)) {
      // No WebAssembly here: leave it to the server-side fallback (form.submit() fires no submit event).
      button.disabled = false
      form.submit()
      return
    }
    try {
      let sealed = await seal(fields, files)
      let receivedOn: string
      try {
        receivedOn = await send(sealed.body)
      } catch (error) {
        // The server takes a report only when it is sealed to exactly the current confidants (and recovery
        // key): if they changed since this page loaded, read the current list and seal once more.
        if (
          !(error instanceof Error && error.message === 'RecipientsChanged') ||
          !(await refreshRecipients())
        )
          throw error
        sealed = await seal(fields, files)
        receivedOn = await send(sealed.body)
      }
      showReceipt(sealed.code, receivedOn)
    } catch (error) {
      button.disabled = false
      progress.hidden = true
      say(
        error instanceof Error && error.message === 'RecipientsChanged' ? t.recipientsChanged : t.sendFailed,
        button,
      )
    }
  })

  /** The organisation's current recipients, from a fresh copy of this page (public keys only). */
  async function refreshRecipients(): Promise<boolean> {
    try {
      const response = await fetch(window.location.href, { cache: 'no-store' })
      const fresh = new DOMParser()
        .parseFromString(await response.text(), 'text/html')
        .querySelector<HTMLFormElement>('#report-form')?.dataset.encryption
      if (!response.ok || !fresh) return false
      config.recipients = (JSON.parse(fresh) as EncryptionConfig).recipients
      return true
    } catch {
      return false
    }
  }

  async function seal(fields: ReportFields, files: File[]) {
    const code = generateCaseCode()
    const reporter = deriveReporterKeys(code, fromBase64Url(config.codeSalt))
    try {
      const plain = await Promise.all(
        files.map(async (file) => ({
          name: file.name,
          type: file.type,
          data: new Uint8Array(await file.arrayBuffer()),
        })),
      )
      const sealed = sealReport(reporter, config.recipients, fields, plain)
      return { code, body: envelopeForm(sealed.envelope, sealed.files, locale) }
    } finally {
      memzero(reporter.secretKey)
      memzero(reporter.lookup)
      memzero(reporter.keyProof)
    }
  }

  /** XMLHttpRequest rather than fetch: it reports upload progress for large files. */
  function send(body: FormData): Promise<string> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest()
      request.open('POST', config.submit)
      request.responseType = 'json'
      progress.hidden = false
      request.upload.addEventListener('progress', (event) => {
        if (!event.lengthComputable) return
        const percent = Math.round((event.loaded / event.total) * 100)
        progress.value = percent
        status.textContent = t.uploading(percent)
      })
      request.addEventListener('load', () =>
        request.status === 201
          ? resolve(String(request.response?.receivedOn ?? ''))
          : reject(new Error(String(request.response?.error ?? request.status))),
      )
      request.addEventListener('error', () => reject(new Error('network')))
      request.send(body)
    })
  }

  function showReceipt(code: string, receivedOn: string) {
    const receipt = document.querySelector<HTMLElement>('#receipt')!
    const formatted = formatCaseCode(code)
    receipt.querySelector('#case-code')!.textContent = formatted
    const followUpUrl = receipt.dataset.followUpUrl ?? ''
    const organisationName = receipt.dataset.organisation ?? ''
    const download = receipt.querySelector<HTMLAnchorElement>('#download-receipt')!
    download.href = receiptDataUrl(locale, { organisationName, followUpUrl, receivedOn, code: formatted })
    document.querySelector<HTMLElement>('#report-section')!.remove()
    // Switching language reloads the form: the code, shown only once, would be gone.
    document.querySelector('.language-switch')?.remove()
    receipt.hidden = false
    enableReceiptActions(formatted)
    receipt.querySelector<HTMLElement>('#receipt-title')!.focus()
  }

  function say(message: string, field: HTMLElement | null) {
    status.textContent = message
    status.classList.add('error-message')
    field?.setAttribute('aria-invalid', 'true')
    field?.focus()
  }
}
