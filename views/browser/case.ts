import {
  encryptEntry,
  fromBase64Url,
  memzero,
  openAttachmentStream,
  openSealedKey,
  randomId,
  toBase64Url,
} from '../../crypto/index.js'
import type { AttachmentRef } from '../../server/domain/documents.js'
import { nextSeq, type OpenedThreadEntry, openNotes, openThread } from '../../server/domain/thread.js'
import type { SealedCaseEntry } from '../../server/services/case-file.js'
import { EntryBody } from '../components/entry.js'
import { catalogue, isLocale } from '../i18n/index.js'
import {
  checkInternalKey,
  offerCaseSharing,
  prefillInReporterLanguage,
  warnInternalKeyForged,
} from './sharing.js'
import { secretKeyForTab } from './unlock.js'

type Sealed = {
  caseId: string
  sharedKey: string | null
  internalKey: string | null
  entries: SealedCaseEntry[]
}
type Decoded = Omit<SealedCaseEntry, 'nonce' | 'ciphertext'> & { nonce: Uint8Array; ciphertext: Uint8Array }
type AnswerKind = 'acknowledgement' | 'message' | 'feedback' | 'note' | 'extension'

/**
 * The case page (issue 9): everything is decrypted here, with the private key this tab holds. A case key is
 * trusted only once it opens the case's report (server/domain/thread.ts, the same code the reporter runs);
 * otherwise a warning is all the page shows, and nothing is sealed under that key.
 */
const root = document.querySelector<HTMLElement>('#case')
const status = document.querySelector<HTMLElement>('#case-status')
if (root && status) void main(root, status)

async function main(root: HTMLElement, status: HTMLElement) {
  const data = root.dataset
  const locale = isLocale(data.locale) ? data.locale : 'nl'
  const t = catalogue(locale).staffCase
  const userId = data.userId!
  const sealed = JSON.parse(data.case ?? '{}') as Sealed
  const refuse = (message: string) => {
    status.textContent = message
    status.classList.add('error-message')
    status.setAttribute('role', 'alert')
    root.remove()
  }

  // A second tab of the session holds no key yet: it asks for the password here (views/browser/unlock.ts).
  const secretKey = await secretKeyForTab(status, {
    tabKey: data.tabKey!,
    publicKey: data.publicKey!,
    locale,
  })
  const publicKey = fromBase64Url(data.publicKey!)
  const open = (kind: 'shared' | 'internal') => {
    const key = kind === 'shared' ? sealed.sharedKey : sealed.internalKey
    if (!key) return undefined
    try {
      return openSealedKey(fromBase64Url(key), publicKey, secretKey, {
        caseId: sealed.caseId,
        holder: userId,
        kind,
      })
    } catch {
      return undefined
    }
  }
  const sharedKey = open('shared')
  const internalKey = open('internal')
  memzero(secretKey)

  const decoded: Decoded[] = sealed.entries.map((entry) => ({
    ...entry,
    nonce: fromBase64Url(entry.nonce),
    ciphertext: fromBase64Url(entry.ciphertext),
  }))
  const shared = decoded.filter((entry) => entry.kind !== 'note')
  const thread = sharedKey ? openThread(sharedKey, sealed.caseId, shared) : undefined
  if (!sharedKey || !thread?.verified) {
    if (sharedKey) memzero(sharedKey)
    if (internalKey) memzero(internalKey)
    return refuse(t.unverifiable)
  }
  // The report proved the shared key; its commitment proves the internal key (or refuses a forged one).
  const internalProof = checkInternalKey(sealed.caseId, thread.entries, internalKey)
  if (internalProof === 'forged' && internalKey) memzero(internalKey)
  const trustedInternalKey = internalProof === 'forged' ? undefined : internalKey
  const notes = trustedInternalKey ? openNotes(trustedInternalKey, sealed.caseId, decoded) : undefined

  const refs = new Map<string, AttachmentRef>()
  const dateFormat = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: data.timezone,
  })
  const authorName = (author: string) =>
    author === 'reporter'
      ? t.reporter
      : author === userId
        ? t.you
        : author === 'system'
          ? catalogue(locale).autoAcknowledgement.from // issue 10: the only system entry
          : t.colleague
  const show = (list: HTMLElement, entries: Array<OpenedThreadEntry<Decoded>>) => {
    for (const { entry, document: opened, files } of entries) {
      for (const ref of files) refs.set(ref.id, ref)
      const item = document.createElement('li')
      item.className = `entry entry-${entry.kind}`
      const heading = document.createElement('h3')
      heading.textContent = `${t.kinds[entry.kind] ?? entry.kind} · ${authorName(entry.author)} · ${dateFormat.format(entry.createdAt)}`
      const body = document.createElement('div')
      body.className = 'entry-body'
      // Named escape hatch: EntryBody is the escaped kitajs view the reporter's follow-up renders too.
      body.innerHTML = EntryBody({
        locale,
        kind: entry.kind,
        document: opened,
        files: files.map((ref) => ({ id: ref.id, name: ref.name, size: ref.size })),
      }) as string
      item.append(heading, body)
      list.append(item)
    }
  }
  show(root.querySelector<HTMLElement>('#thread')!, thread.entries)
  showTranscriptAgreement(root, thread.entries, dateFormat)
  enableDossierPrint(root)
  const notesList = root.querySelector<HTMLElement>('#notes')!
  if (notes && notes.entries.length > 0) show(notesList, notes.entries)
  else {
    const none = document.createElement('li')
    none.textContent = t.noNotes
    notesList.append(none)
  }
  root.hidden = false
  status.textContent = t.opened
  if (internalProof === 'forged') warnInternalKeyForged(status, catalogue(locale).sharing.internalKeyForged)
  prefillInReporterLanguage(root, thread.entries)
  offerCaseSharing(
    root,
    sealed.caseId,
    trustedInternalKey && internalProof === 'proven'
      ? { shared: sharedKey, internal: trustedInternalKey }
      : undefined,
    data.csrf!,
    catalogue(locale).sharing,
  )
  if (thread.gap || thread.reordered || notes?.gap || notes?.reordered) {
    const warning = document.createElement('p')
    warning.id = 'thread-warning'
    warning.className = 'error-message'
    warning.setAttribute('role', 'alert')
    warning.textContent = t.threadIncomplete
    status.after(warning)
  }

  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-attachment]')) {
    button.addEventListener('click', () => void download(button))
  }
  const seqOf = (kind: AnswerKind) =>
    kind === 'note' ? nextSeq(decoded.filter((entry) => entry.kind === 'note')) : nextSeq(shared)
  for (const form of root.querySelectorAll<HTMLFormElement>('form.answer-form')) {
    const kind = form.dataset.kind as AnswerKind
    // Notes need the internal key; without it (not shared to this confidant) the form is not offered.
    if (kind === 'note' && !trustedInternalKey) {
      form.remove()
      continue
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      void answer(form, kind)
    })
  }

  async function download(button: HTMLButtonElement) {
    const ref = refs.get(button.dataset.attachment ?? '')
    if (!ref) return
    const progress = document.createElement('progress')
    progress.max = 1
    progress.value = 0
    progress.setAttribute('aria-label', `${t.downloading}: ${ref.name}`)
    button.after(progress)
    button.disabled = true
    const key = fromBase64Url(ref.key)
    try {
      const response = await fetch(`${data.filesApi}${encodeURIComponent(ref.id)}`)
      if (!response.ok || !response.body) throw new Error('download failed')
      const total = Number(response.headers.get('content-length')) || 1
      const pieces: Uint8Array[] = []
      let received = 0
      const reader = response.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        pieces.push(value)
        received += value.length
        progress.value = received / total
      }
      const plain = [...openAttachmentStream(key, ref.size, pieces)]
      const url = URL.createObjectURL(new Blob(plain as BlobPart[], { type: 'application/octet-stream' }))
      const link = document.createElement('a')
      link.href = url
      link.download = ref.name
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      progress.remove()
    } catch {
      const failed = document.createElement('span')
      failed.className = 'error-message'
      failed.textContent = t.downloadFailed
      progress.replaceWith(failed)
    } finally {
      memzero(key)
      button.disabled = false
    }
  }

  async function answer(form: HTMLFormElement, kind: AnswerKind) {
    const textarea = form.querySelector<HTMLTextAreaElement>('textarea')!
    const formStatus = form.querySelector<HTMLElement>('.status')!
    const text = textarea.value.replace(/\r\n/g, '\n').trim()
    if (text === '') {
      formStatus.textContent = t.required
      textarea.focus()
      return
    }
    const key = kind === 'note' ? trustedInternalKey! : sharedKey!
    const entryId = randomId()
    const seq = seqOf(kind)
    const entry = encryptEntry(
      key,
      { caseId: sealed.caseId, entryId, kind, author: userId, seq },
      { v: 1, text, attachments: [] },
    )
    formStatus.textContent = t.sending
    // One entry per press: a second one bound to the same place would only come back as 409.
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!
    button.disabled = true
    // Workflow: an answer to a meeting request names it and goes to its own endpoint (case-workflow.ts).
    const answers = form.dataset.answers ? { answers: form.dataset.answers } : {}
    const response = await fetch(form.dataset.api ?? data.entriesApi!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'csrf-token': data.csrf! },
      body: JSON.stringify({
        ...answers,
        kind,
        entryId,
        seq,
        nonce: toBase64Url(entry.nonce),
        ciphertext: toBase64Url(entry.ciphertext),
      }),
    }).catch(() => undefined)
    if (response?.ok) {
      formStatus.textContent = t.sent
      window.location.reload()
      return
    }
    button.disabled = false
    formStatus.textContent =
      response?.status === 409 ? t.threadMoved : response?.status === 401 ? t.sessionEnded : t.sendFailed
  }
}

// --- Oral reports and the printable dossier (issue 9, oral area). ---

/**
 * A case opened by an oral report's transcript: whether the reporter agreed to it (Directive art. 18(4)). Read
 * from the authenticated thread only, so a row the server adds or relabels cannot fake an agreement.
 */
function showTranscriptAgreement(
  root: HTMLElement,
  entries: Array<OpenedThreadEntry<Decoded>>,
  dateFormat: Intl.DateTimeFormat,
) {
  const line = root.querySelector<HTMLElement>('#transcript-agreement')
  const messages = root.querySelector<HTMLElement>('.dossier-actions')?.dataset
  const first = entries[0]
  if (!line || !messages || first?.entry.kind !== 'transcript' || !first.document) return
  const agreement = entries.find(
    ({ entry, document }) =>
      entry.kind === 'transcript_agreement' &&
      entry.author === 'reporter' &&
      document !== undefined &&
      'transcriptId' in document &&
      document.transcriptId === first.entry.id,
  )
  line.textContent = agreement
    ? (messages.msgAgreedOn ?? '').replace('{date}', dateFormat.format(agreement.entry.createdAt))
    : (messages.msgNotAgreed ?? '')
  line.classList.toggle('success', agreement !== undefined)
  line.hidden = false
}

function enableDossierPrint(root: HTMLElement) {
  root.querySelector('#print-dossier')?.addEventListener('click', () => window.print())
}
