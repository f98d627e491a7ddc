import { TZDate } from '@date-fns/tz'
import {
  deriveReporterKeys,
  formatCaseCode,
  fromBase64Url,
  generateCaseCode,
  memzero,
  ready,
} from '../../crypto/index.js'
import { type OralChannel, readTranscriptFields } from '../../server/domain/documents.js'
import { sealTranscript } from '../../server/domain/sealing.js'
import { catalogue, isLocale } from '../i18n/index.js'
import { OralReceipt } from '../pages/staff/oral.js'

type Encryption = { codeSalt: string; recipients: Array<{ holder: string; publicKey: string }> }

/**
 * Recording an oral report (Directive art. 18): this browser does what a reporter's browser does for a new
 * report (views/browser/report.ts). It generates the case code, derives the reporter's keys from it with the
 * protocol's fixed Argon2id parameters, seals the transcript as the new case's first entry and the case keys to
 * the reporter and the organisation's recipients. The server receives ciphertext; the code is shown once here.
 */
const form = document.querySelector<HTMLFormElement>('#oral-form')
if (form) {
  const data = form.dataset
  const locale = isLocale(data.locale) ? data.locale : 'nl'
  const t = catalogue(locale).oral
  const timeZone = data.timezone ?? 'UTC'
  let encryption = JSON.parse(data.encryption ?? '{}') as Encryption
  const status = form.querySelector<HTMLElement>('#oral-status')!
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  const receivedInput = form.querySelector<HTMLInputElement>('#received-at')!
  const textarea = form.querySelector<HTMLTextAreaElement>('#transcript')!
  let cryptoReady = false
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (cryptoReady) void record()
  })
  ready().then(() => {
    cryptoReady = true
    button.disabled = false
    receivedInput.max = wallClock(Date.now())
  })

  async function record() {
    const { text, channel, problems } = readTranscriptFields({
      text: textarea.value,
      channel: new FormData(form!).get('channel'),
    })
    if (!channel) return say(t.channelRequired, form!.querySelector('input[name=channel]'))
    const receivedAt = instantOf(receivedInput.value)
    if (receivedAt === undefined) return say(t.timeRequired, receivedInput)
    if (receivedAt > Date.now()) return say(t.timeInFuture, receivedInput)
    if (receivedAt < Date.now() - 366 * 24 * 60 * 60 * 1000) return say(t.timeTooOld, receivedInput)
    if (problems.length > 0) return say(problems[0] === 'required' ? t.required : t.tooLong, textarea)
    button.disabled = true
    status.classList.remove('error-message')
    status.textContent = t.working
    try {
      let sealed = seal(text, channel, receivedAt)
      let response = await send(sealed.submission, receivedAt)
      // Sealed to exactly the organisation's current recipients: if they changed, read them and seal again.
      if (response.status === 409 && (await errorOf(response)) === 'RecipientsChanged' && (await refresh())) {
        sealed = seal(text, channel, receivedAt)
        response = await send(sealed.submission, receivedAt)
      }
      if (response.status !== 201) {
        const error = await errorOf(response)
        button.disabled = false
        if (response.status === 401) return say(t.sessionEnded, button)
        if (error === 'RecipientsChanged') return say(t.recipientsChanged, button)
        if (error === 'ReceiptTimeInvalid') return say(t.timeInFuture, receivedInput)
        return say(t.failed, button)
      }
      const { caseId } = (await response.json()) as { caseId: string }
      showReceipt(sealed.code, receivedAt, caseId)
    } catch {
      button.disabled = false
      say(t.failed, button)
    }
  }

  function seal(text: string, channel: OralChannel, receivedAt: number) {
    const code = generateCaseCode()
    const reporter = deriveReporterKeys(code, fromBase64Url(encryption.codeSalt))
    try {
      const submission = sealTranscript(reporter, encryption.recipients, data.userId!, {
        text,
        channel,
        receivedAt,
      })
      return { code, submission }
    } finally {
      memzero(reporter.secretKey)
      memzero(reporter.lookup)
      memzero(reporter.keyProof)
    }
  }

  function send(submission: unknown, receivedAt: number): Promise<Response> {
    return fetch(data.api!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'csrf-token': data.csrf! },
      body: JSON.stringify({ receivedAt, submission }),
    })
  }

  async function errorOf(response: Response): Promise<string | undefined> {
    const body = (await response
      .clone()
      .json()
      .catch(() => ({}))) as { error?: string }
    return body.error
  }

  /** The organisation's current recipients, from a fresh copy of this page (public keys only). */
  async function refresh(): Promise<boolean> {
    try {
      const response = await fetch(window.location.href, { cache: 'no-store' })
      const fresh = new DOMParser()
        .parseFromString(await response.text(), 'text/html')
        .querySelector<HTMLFormElement>('#oral-form')?.dataset.encryption
      if (!response.ok || !fresh) return false
      encryption = JSON.parse(fresh) as Encryption
      return true
    } catch {
      return false
    }
  }

  function showReceipt(code: string, receivedAt: number, caseId: string) {
    const section = document.querySelector<HTMLElement>('#oral-section')!
    const receivedOn = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone,
    }).format(receivedAt)
    // Named escape hatch: OralReceipt is an escaped kitajs view; the code exists only in this page.
    section.insertAdjacentHTML(
      'afterend',
      OralReceipt({
        locale,
        organisationName: data.organisation ?? '',
        receivedOn,
        code: formatCaseCode(code),
        followUpUrl: data.followUpUrl ?? '',
        caseHref: `/staff/cases/${encodeURIComponent(caseId)}?lang=${locale}`,
      }) as string,
    )
    section.remove()
    // Switching language reloads the page: the code, shown only once, would be gone.
    document.querySelector('.language-switch')?.remove()
    document.querySelector('#print-receipt')?.addEventListener('click', () => window.print())
    document.querySelector<HTMLElement>('#oral-receipt-title')!.focus()
  }

  /** '2026-11-28T14:05' as a wall-clock time in the organisation's zone, or undefined. */
  function instantOf(value: string): number | undefined {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
    if (!match) return undefined
    const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number]
    const at = new TZDate(y, mo - 1, d, h, mi, timeZone).getTime()
    return Number.isFinite(at) ? at : undefined
  }

  function wallClock(at: number): string {
    const date = new TZDate(at, timeZone)
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
  }

  function say(message: string, field: Element | null) {
    status.textContent = message
    status.classList.add('error-message')
    field?.setAttribute('aria-invalid', 'true')
    ;(field as HTMLElement | null)?.focus()
  }
}
