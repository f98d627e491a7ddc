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
import { ReceiptSection } from '../pages/reporter/receipt.js'
import { enableReceiptActions } from './receipt-actions.js'
import { offerPlainVersion, openScriptGate } from './script-gate.js'

/** What the server answers when this page's recipients or acknowledgement setting are out of date. */
const staleConfig = ['RecipientsChanged', 'AcknowledgementChanged']

type EncryptionConfig = {
  codeSalt: string
  recipients: Array<{ holder: string; publicKey: string }>
  submit: string
  /** Issue 10: the organisation's automatic acknowledgement in this page's language; absent when it has it off. */
  acknowledgement?: string
}

/**
 * JavaScript mode of the report form (DESIGN §4): the case code is generated here and never sent; the report
 * and its files are encrypted here; the server receives ciphertext, sealed keys, `lookup` and a public key.
 * The form has no submit button until the encryption is ready (views/components/script-gate.tsx). If it cannot
 * start (no WebAssembly), the reporter is told and may choose the server-side path; nothing is sent silently.
 */
const form = document.querySelector<HTMLFormElement>('#report-form')
if (form) {
  const locale = isLocale(form.dataset.locale) ? form.dataset.locale : 'nl'
  const t = catalogue(locale).reporter
  const config = JSON.parse(form.dataset.encryption ?? '{}') as EncryptionConfig
  const maxFileBytes = Number(form.dataset.maxFileBytes)
  const status = form.querySelector<HTMLElement>('#report-status')!
  const progress = form.querySelector<HTMLProgressElement>('#report-progress')!
  const fileInput = form.querySelector<HTMLInputElement>('#files')!
  let button: HTMLButtonElement | undefined
  let cryptoReady = false
  // Registered before the gate opens, so no submission can ever reach the server as a plain post.
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (!cryptoReady || !button) return
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
    try {
      let sealed = await seal(fields, files)
      let receivedOn: string
      try {
        receivedOn = await send(sealed.body)
      } catch (error) {
        // The server takes a report only when it is sealed to exactly the current confidants (and recovery
        // key), with the automatic acknowledgement exactly when the organisation has it on: if either changed
        // since this page loaded, read the current page and seal once more.
        if (!(error instanceof Error && staleConfig.includes(error.message)) || !(await refreshRecipients()))
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

  ready().then(
    () => {
      openScriptGate(form)
      button = form.querySelector<HTMLButtonElement>('button[type=submit]') ?? undefined
      cryptoReady = true
    },
    () => offerPlainVersion(form, form.dataset.msgNoCrypto ?? '', form.dataset.msgSendPlain ?? ''),
  )

  /** The organisation's current recipients and acknowledgement, from a fresh copy of this page (public only). */
  async function refreshRecipients(): Promise<boolean> {
    try {
      const response = await fetch(window.location.href, { cache: 'no-store' })
      const fresh = new DOMParser()
        .parseFromString(await response.text(), 'text/html')
        .querySelector<HTMLFormElement>('#report-form')?.dataset.encryption
      if (!response.ok || !fresh) return false
      const current = JSON.parse(fresh) as EncryptionConfig
      config.recipients = current.recipients
      config.acknowledgement = current.acknowledgement
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
      const sealed = sealReport(reporter, config.recipients, fields, plain, locale, config.acknowledgement)
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
    const formatted = formatCaseCode(code)
    const section = document.querySelector<HTMLElement>('#report-section')!
    // Named escape hatch: ReceiptSection is the same escaped kitajs view the server renders without JavaScript.
    section.insertAdjacentHTML(
      'afterend',
      ReceiptSection({
        locale,
        receipt: {
          organisationName: form!.dataset.organisation ?? '',
          followUpUrl: form!.dataset.followUpUrl ?? '',
          receivedOn,
          code: formatted,
        },
        doneAction: form!.dataset.doneAction ?? '',
        download: { kind: 'browser' },
      }) as string,
    )
    section.remove()
    // Switching language reloads the form: the code, shown only once, would be gone.
    document.querySelector('.language-switch')?.remove()
    enableReceiptActions(formatted)
    document.querySelector<HTMLElement>('#receipt-title')!.focus()
  }

  function say(message: string, field: HTMLElement | null) {
    status.textContent = message
    status.classList.add('error-message')
    field?.setAttribute('aria-invalid', 'true')
    field?.focus()
  }
}
