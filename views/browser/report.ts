import {
  deriveReporterKeys,
  encryptAttachment,
  encryptEntry,
  formatCaseCode,
  fromBase64Url,
  generateAttachmentKey,
  generateCaseCode,
  generateCaseKeys,
  memzero,
  randomId,
  ready,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'
import {
  type AttachmentRef,
  cleanFileName,
  cleanFileType,
  LIMITS,
  type ReportDocument,
  readReportFields,
} from '../../server/domain/documents.js'
import { catalogue, isLocale } from '../i18n/index.js'
import { receiptDataUrl } from '../pages/reporter/receipt-text.js'
import { enableReceiptActions } from './receipt-actions.js'

type EncryptionConfig = { codeSalt: string; recipients: Array<{ holder: string; publicKey: string }>; submit: string }

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
  let cryptoWorks = false
  ready().then(
    () => {
      cryptoWorks = true
    },
    () => {},
  )

  form.addEventListener('submit', async (event) => {
    if (!cryptoWorks) return // leave it to the server-side fallback
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
    try {
      const sealed = await seal(fields, files)
      const receivedOn = await send(sealed.body)
      showReceipt(sealed.code, receivedOn)
    } catch {
      button.disabled = false
      progress.hidden = true
      say(t.sendFailed, button)
    }
  })

  async function seal(fields: ReturnType<typeof readReportFields>['fields'], files: File[]) {
    const code = generateCaseCode()
    const reporter = deriveReporterKeys(code, fromBase64Url(config.codeSalt))
    const caseKeys = generateCaseKeys()
    const caseId = randomId()
    const entryId = randomId()
    const body = new FormData()
    try {
      const attachments: AttachmentRef[] = []
      const sizes: Array<{ id: string; size: number }> = []
      for (const file of files) {
        const key = generateAttachmentKey()
        const id = randomId()
        const ciphertext = encryptAttachment(key, new Uint8Array(await file.arrayBuffer()))
        attachments.push({ id, name: cleanFileName(file.name), type: cleanFileType(file.type), size: file.size, key: toBase64Url(key) })
        sizes.push({ id, size: ciphertext.length })
        body.append('file', new Blob([ciphertext as BlobPart]), id)
        memzero(key)
      }
      const document: ReportDocument = { v: 1, ...fields, attachments }
      const entry = encryptEntry(caseKeys.shared, { caseId, entryId, kind: 'report', author: 'reporter' }, document)
      const keys = [
        { holder: 'reporter', kind: 'shared', sealedKey: toBase64Url(sealKeyFor(caseKeys.shared, reporter.publicKey)) },
        ...config.recipients.flatMap(({ holder, publicKey }) => [
          { holder, kind: 'shared', sealedKey: toBase64Url(sealKeyFor(caseKeys.shared, fromBase64Url(publicKey))) },
          { holder, kind: 'internal', sealedKey: toBase64Url(sealKeyFor(caseKeys.internal, fromBase64Url(publicKey))) },
        ]),
      ]
      const envelope = {
        caseId,
        entryId,
        lookup: toBase64Url(reporter.lookup),
        reporterPublicKey: toBase64Url(reporter.publicKey),
        keys,
        entry: { nonce: toBase64Url(entry.nonce), ciphertext: toBase64Url(entry.ciphertext) },
        attachments: sizes,
      }
      // Text fields before files, as the server reads them in order.
      const ordered = new FormData()
      ordered.append('lang', locale)
      ordered.append('envelope', JSON.stringify(envelope))
      for (const [name, value] of body) ordered.append(name, value)
      return { code, body: ordered }
    } finally {
      memzero(reporter.secretKey)
      memzero(reporter.lookup)
      memzero(caseKeys.shared)
      memzero(caseKeys.internal)
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
        request.status === 201 ? resolve(String(request.response?.receivedOn ?? '')) : reject(new Error(String(request.status))),
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
