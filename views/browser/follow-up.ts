import {
  decryptAttachment,
  deriveReporterKeys,
  fromBase64Url,
  memzero,
  parseCaseCode,
  ready,
  toBase64Url,
} from '../../crypto/index.js'
import { type AttachmentRef, LIMITS, readMessageText } from '../../server/domain/documents.js'
import {
  envelopeForm,
  openReporterSharedKey,
  sealMessage,
  sealTranscriptAgreement,
} from '../../server/domain/sealing.js'
import { nextSeq, openThread } from '../../server/domain/thread.js'
import { EntryBody } from '../components/entry.js'
import { catalogue, isLocale } from '../i18n/index.js'
import { offerPlainVersion, openScriptGate } from './script-gate.js'

type SealedEntry = {
  id: string
  kind: string
  author: string
  seq: number
  nonce: string
  ciphertext: string
}
/** `seq`: the place the next entry takes in the thread, from the authenticated entries. */
type OpenCase = {
  lookup: string
  caseId: string
  sharedKey: Uint8Array
  refs: Map<string, AttachmentRef>
  seq: number
  /** The oral report's transcript that opens this case, from the authenticated thread (if it is one). */
  transcriptId?: string
}

/**
 * JavaScript mode of follow-up: the code stays in this tab. It derives `lookup` (sent to find the case) and
 * the reporter's key pair (never sent), opens the case key, then decrypts and encrypts everything here.
 */
const form = document.querySelector<HTMLFormElement>('#code-form')
if (form) {
  const locale = isLocale(form.dataset.locale) ? form.dataset.locale : 'nl'
  const t = catalogue(locale).reporter
  const container = document.querySelector<HTMLElement>('#thread-container')!
  let opened: OpenCase | undefined
  let busy = false
  // The code field and its button exist only once the encryption is ready (views/components/script-gate.tsx):
  // before that there is nothing to type the code into, so it cannot be posted to the server.
  let input: HTMLInputElement
  let status: HTMLElement
  let cryptoReady = false

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (busy || !cryptoReady) return
    const parsed = parseCaseCode(input.value)
    if (!parsed.ok) return problem(parsed.reason === 'typo' ? t.codeTypo : t.codeMalformed)
    status.classList.remove('error-message')
    status.textContent = t.opening
    busy = true
    try {
      await open(parsed.code)
    } finally {
      busy = false
    }
  })

  ready().then(
    () => {
      openScriptGate(form)
      input = form.querySelector<HTMLInputElement>('#code')!
      status = form.querySelector<HTMLElement>('#code-status')!
      cryptoReady = true
    },
    () => offerPlainVersion(form, form.dataset.msgNoCrypto ?? '', form.dataset.msgSendPlain ?? ''),
  )

  async function open(code: string) {
    const reporter = deriveReporterKeys(code, fromBase64Url(form!.dataset.codeSalt ?? ''))
    input.value = ''
    try {
      const lookup = toBase64Url(reporter.lookup)
      const html = await loadThread(lookup)
      if (html === undefined) return
      const thread = container.querySelector<HTMLElement>('#thread')!
      const caseId = thread.dataset.caseId ?? ''
      let sharedKey: Uint8Array
      try {
        // Only a key sealed for this case with this code is accepted; openEntries then checks it opens the report.
        sharedKey = openReporterSharedKey(fromBase64Url(thread.dataset.sealedKey ?? ''), caseId, reporter)
      } catch {
        return unverifiable()
      }
      opened = { lookup, caseId, sharedKey, refs: new Map(), seq: 0 }
      if (!openEntries()) return
      document.querySelector<HTMLElement>('#code-section')!.hidden = true
      container.querySelector<HTMLElement>('#thread-title')?.focus()
    } catch {
      problem(t.sendFailed)
    } finally {
      memzero(reporter.secretKey)
      memzero(reporter.lookup)
      memzero(reporter.keyProof)
    }
  }

  /** A key that does not open this case's report: show nothing, send nothing, say so. */
  function unverifiable(): false {
    if (opened) memzero(opened.sharedKey)
    opened = undefined
    container.replaceChildren()
    document.querySelector<HTMLElement>('#code-section')!.hidden = false
    problem(t.caseUnverifiable)
    return false
  }

  /** Fetches the sealed thread fragment; on a wrong code shows the server's message and returns undefined. */
  async function loadThread(lookup: string, notice?: string): Promise<string | undefined> {
    const response = await fetch(form!.dataset.viewAction!, {
      method: 'POST',
      body: new URLSearchParams({ lookup, lang: locale }),
    })
    const html = await response.text()
    if (!response.ok) {
      // A server-rendered, escaped fragment (ProblemFragment).
      status.textContent = ''
      status.classList.remove('error-message')
      status.innerHTML = html
      input.focus()
      return undefined
    }
    // Named escape hatch: the fragment is our own server-rendered ThreadView, every text in it escaped.
    container.innerHTML = html
    if (notice) {
      const note = document.createElement('p')
      note.className = 'success'
      note.setAttribute('role', 'status')
      note.textContent = notice
      container.querySelector('#thread-title')?.after(note)
    }
    wireForms()
    return html
  }

  /**
   * Opens the whole thread before showing any of it: unverified (the key does not open the report) shows
   * nothing; entries go in their authenticated order, files come from the references inside entries, and a
   * gap or a reorder is shown as a warning. Returns whether the case was verified.
   */
  function openEntries(): boolean {
    if (!opened) return false
    const bodies = new Map<string, HTMLElement>()
    const sealed: Array<SealedEntry & { nonceBytes: Uint8Array; ciphertextBytes: Uint8Array }> = []
    for (const body of container.querySelectorAll<HTMLElement>('.entry-body[data-sealed]')) {
      try {
        const entry = JSON.parse(body.dataset.sealed ?? '{}') as SealedEntry
        sealed.push({
          ...entry,
          nonceBytes: fromBase64Url(entry.nonce),
          ciphertextBytes: fromBase64Url(entry.ciphertext),
        })
        bodies.set(entry.id, body)
      } catch {
        body.innerHTML = EntryBody({ locale, kind: '', document: undefined, files: [] }) as string
      }
    }
    const thread = openThread(
      opened.sharedKey,
      opened.caseId,
      sealed.map((entry) => ({ ...entry, nonce: entry.nonceBytes, ciphertext: entry.ciphertextBytes })),
    )
    if (!thread.verified) return unverifiable()
    opened.seq = nextSeq(sealed)
    opened.refs.clear()
    opened.transcriptId = openedTranscriptId(thread.entries)
    const list = container.querySelector<HTMLElement>('ol.entries')
    for (const { entry, document, files } of thread.entries) {
      for (const ref of files) opened.refs.set(ref.id, ref)
      const body = bodies.get(entry.id)
      if (!body) continue
      // Named escape hatch: EntryBody is the same escaped kitajs view the server renders for no-JS follow-up.
      body.innerHTML = EntryBody({
        locale,
        kind: entry.kind,
        document,
        files: files.map((ref) => ({ id: ref.id, name: ref.name, size: ref.size })),
      }) as string
      const item = body.closest('li')
      if (list && item) list.append(item) // authenticated order, whatever order the server sent
    }
    container.querySelector('#thread-warning')?.remove()
    if (thread.gap || thread.reordered) {
      const warning = document.createElement('p')
      warning.id = 'thread-warning'
      warning.className = 'error-message'
      warning.setAttribute('role', 'alert')
      warning.textContent = t.threadIncomplete
      container.querySelector('#thread-title')?.after(warning)
    }
    for (const button of container.querySelectorAll<HTMLButtonElement>('button[data-attachment]')) {
      button.addEventListener('click', () => download(button.dataset.attachment ?? ''))
    }
    return true
  }

  async function download(id: string) {
    const ref = opened?.refs.get(id)
    if (!opened || !ref) return
    const response = await fetch(form!.dataset.attachmentApi!, {
      method: 'POST',
      body: new URLSearchParams({ lookup: opened.lookup, id }),
    })
    if (!response.ok) return
    const key = fromBase64Url(ref.key)
    let data: Uint8Array
    try {
      data = decryptAttachment(key, new Uint8Array(await response.arrayBuffer()))
    } finally {
      memzero(key)
    }
    if (data.length !== ref.size) return
    const url = URL.createObjectURL(new Blob([data as BlobPart], { type: 'application/octet-stream' }))
    const link = document.createElement('a')
    link.href = url
    link.download = ref.name
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }

  function wireForms() {
    const reply = container.querySelector<HTMLFormElement>('#reply-form')
    reply?.addEventListener('submit', (event) => {
      event.preventDefault()
      void sendEntry(reply, 'message')
    })
    const meeting = container.querySelector<HTMLFormElement>('#meeting-form')
    meeting?.addEventListener('submit', (event) => {
      event.preventDefault()
      void sendEntry(meeting, 'meeting_request')
    })
    const agree = container.querySelector<HTMLFormElement>('#agree-form')
    agree?.addEventListener('submit', (event) => {
      event.preventDefault()
      void sendAgreement(agree)
    })
    container.querySelector<HTMLFormElement>('#sign-out-form')?.addEventListener('submit', (event) => {
      event.preventDefault()
      if (opened) memzero(opened.sharedKey)
      opened = undefined
      window.location.assign(window.location.pathname.replace(/\/follow-up$/, ''))
    })
  }

  async function sendEntry(entryForm: HTMLFormElement, kind: 'message' | 'meeting_request') {
    if (!opened) return
    const replyStatus = entryForm.querySelector<HTMLElement>('.status')
    const textarea = entryForm.querySelector<HTMLTextAreaElement>('textarea')!
    const fileInput = entryForm.querySelector<HTMLInputElement>('input[type=file]')
    const files = [...(fileInput?.files ?? [])].slice(0, LIMITS.filesPerEntry)
    const { text, problems } = readMessageText(textarea.value, {
      required: kind === 'message' && files.length === 0,
    })
    if (problems.length > 0) {
      if (replyStatus) replyStatus.textContent = entryForm.dataset.msgRequired ?? ''
      textarea.focus()
      return
    }
    // Bound to the thread's next place; if another entry took it meanwhile, reopen the thread and seal again.
    for (let attempt = 0; attempt < 2 && opened; attempt++) {
      const plain = await Promise.all(
        files.map(async (file) => ({
          name: file.name,
          type: file.type,
          data: new Uint8Array(await file.arrayBuffer()),
        })),
      )
      const sealed = sealMessage(opened, kind, text, plain)
      const body = envelopeForm({ lookup: opened.lookup, ...sealed.message }, sealed.files)
      const response = await fetch(form!.dataset.messageApi!, { method: 'POST', body })
      if (response.status === 409 && attempt === 0) {
        const answer = (await response.json().catch(() => ({}))) as { error?: string }
        if (answer.error === 'ThreadMoved') {
          const html = await loadThread(opened.lookup)
          if (html === undefined || !openEntries()) return
          continue
        }
      }
      if (!response.ok) {
        if (replyStatus) replyStatus.textContent = response.status === 409 ? t.threadMoved : t.sendFailed
        return
      }
      await loadThread(opened.lookup, kind === 'message' ? t.replySent : t.meetingSent)
      openEntries()
      container.querySelector<HTMLElement>('#thread-title')?.focus()
      return
    }
  }

  /** Directive art. 18(4): the reporter agrees to the record of their oral report, sealed here like a message. */
  async function sendAgreement(agreeForm: HTMLFormElement) {
    const agreeStatus = agreeForm.querySelector<HTMLElement>('.status')
    const tt = catalogue(locale).oralReporter
    for (let attempt = 0; attempt < 2 && opened?.transcriptId; attempt++) {
      const message = sealTranscriptAgreement(opened, opened.transcriptId)
      const response = await fetch(form!.dataset.messageApi!, {
        method: 'POST',
        body: envelopeForm({ lookup: opened.lookup, ...message }, []),
      })
      if (response.status === 409 && attempt === 0) {
        const html = await loadThread(opened.lookup)
        if (html === undefined || !openEntries()) return
        continue
      }
      if (!response.ok) {
        if (agreeStatus) agreeStatus.textContent = tt.agreementFailed
        return
      }
      await loadThread(opened.lookup, tt.agreementSent)
      openEntries()
      container.querySelector<HTMLElement>('#thread-title')?.focus()
      return
    }
  }

  function problem(message: string) {
    status.textContent = message
    status.classList.add('error-message')
    input.setAttribute('aria-invalid', 'true')
    input.focus()
  }
}

/** The transcript entry at the head of an authenticated thread, if the case began as an oral report. */
function openedTranscriptId(entries: Array<{ entry: { id: string; kind: string; seq: number } }>) {
  const first = entries[0]?.entry
  return first?.seq === 0 && first.kind === 'transcript' ? first.id : undefined
}
