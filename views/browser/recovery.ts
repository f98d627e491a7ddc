import {
  fromBase64Url,
  generateRecoveryKeyPair,
  memzero,
  openSealedKey,
  RecoveryKeyInvalid,
  ready,
  recoveryKeyFingerprint,
  recoveryKeyFromText,
  recoveryKeyToText,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'
import type { RecoveryCase, RecoveryTarget } from '../../server/services/recovery.js'
import { catalogue, isLocale } from '../i18n/index.js'

/**
 * The instance recovery key in the administrator's browser (issue 11, DESIGN §4): generated here, its secret
 * shown once and never sent; later typed back in here to re-share a member's cases. Nothing on either page
 * puts the secret in a request: the server gets the public key, and case keys sealed to a confidant.
 */

type Catalogue = ReturnType<typeof catalogue>['recovery']

function localeOf(element: HTMLElement) {
  return isLocale(element.dataset.locale) ? element.dataset.locale : 'nl'
}

function say(status: HTMLElement, text: string, error = false) {
  status.textContent = text
  status.classList.toggle('error-message', error)
}

// ---- /staff/admin/recovery: generate, show once, confirm, store the public half ----

function enableGenerate(section: HTMLElement, t: Catalogue) {
  const button = section.querySelector<HTMLButtonElement>('#recovery-generate-button')!
  const sheet = section.querySelector<HTMLElement>('#recovery-sheet')!
  const text = section.querySelector<HTMLElement>('#recovery-text')!
  const confirm = section.querySelector<HTMLInputElement>('#recovery-confirm')!
  const store = section.querySelector<HTMLButtonElement>('#recovery-store')!
  const status = section.querySelector<HTMLElement>('#recovery-status')!
  let publicKey: Uint8Array | undefined
  let lastGroup = ''
  section.hidden = false

  section.querySelector('#recovery-print')!.addEventListener('click', () => window.print())

  button.addEventListener('click', () => {
    const pair = generateRecoveryKeyPair()
    const printable = recoveryKeyToText(pair.secretKey)
    // The bytes go now; the printable text lives only in this page until the public half is stored.
    memzero(pair.secretKey)
    publicKey = pair.publicKey
    lastGroup = printable.slice(-4)
    text.textContent = printable
    section.querySelector('#recovery-fingerprint')!.textContent = recoveryKeyFingerprint(publicKey)
    section.querySelector('#recovery-made')!.textContent = new Date().toLocaleDateString(
      document.documentElement.lang,
    )
    sheet.hidden = false
    button.hidden = true
    confirm.value = ''
    say(status, '')
    text.scrollIntoView({ block: 'center' })
  })

  store.addEventListener('click', async () => {
    if (!publicKey) return
    if (confirm.value.trim().toUpperCase() !== lastGroup) {
      say(status, t.confirmWrong, true)
      confirm.focus()
      return
    }
    store.disabled = true
    say(status, t.storing)
    const response = await fetch('/staff/admin/api/recovery-key', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'csrf-token': section.dataset.csrf! },
      body: JSON.stringify({ publicKey: toBase64Url(publicKey), replace: section.dataset.replace === 'yes' }),
    }).catch(() => undefined)
    if (!response?.ok) {
      say(status, t.failed, true)
      store.disabled = false
      return
    }
    const { fingerprint } = (await response.json()) as { fingerprint: string }
    text.textContent = ''
    sheet.hidden = true
    publicKey = undefined
    const current = document.querySelector<HTMLElement>('#recovery-current')
    if (current) {
      current.textContent = fingerprint
      current.classList.add('fingerprint')
    }
    say(status, t.stored(fingerprint))
  })
}

// ---- /staff/admin/recovery/reshare: open the recovery-sealed keys here, seal them to a confidant ----

type RecoverySecret = { publicKey: Uint8Array; secretKey: Uint8Array }

/** The pasted key, checked here: its checksum, then that it is the instance's current key. */
function readRecoveryKey(
  pasted: string,
  expected: { publicKey: Uint8Array; fingerprint: string },
  t: Catalogue,
): RecoverySecret | string {
  let pair: RecoverySecret
  try {
    pair = recoveryKeyFromText(pasted)
  } catch (error) {
    if (error instanceof RecoveryKeyInvalid) return t.keyInvalid
    throw error
  }
  if (toBase64Url(pair.publicKey) !== toBase64Url(expected.publicKey)) {
    memzero(pair.secretKey)
    return t.keyMismatch(recoveryKeyFingerprint(pair.publicKey), expected.fingerprint)
  }
  return pair
}

/**
 * One case's keys, opened with the recovery key and sealed to the confidant, bound to the case, the confidant and
 * the kind; undefined when they do not open for this case (skipped, never passed on). The administrator's browser
 * never sees the report, so it cannot check these keys against it: the confidant's browser does, when it opens the
 * case (the report must open with the shared key, and the commitment inside it must match the internal key, else
 * the forged-internal-key warning). That is what catches a forged re-share, by a database writer or anyone else.
 */
function reseal(item: RecoveryCase, recovery: RecoverySecret, confidant: RecoveryTarget) {
  const opened: Uint8Array[] = []
  try {
    const sealed: Record<'shared' | 'internal', string> = { shared: '', internal: '' }
    for (const kind of ['shared', 'internal'] as const) {
      const key = openSealedKey(
        fromBase64Url(kind === 'shared' ? item.sharedKey : item.internalKey),
        recovery.publicKey,
        recovery.secretKey,
        { caseId: item.caseId, holder: 'recovery', kind },
      )
      opened.push(key)
      sealed[kind] = toBase64Url(
        sealKeyFor(key, fromBase64Url(confidant.publicKey), {
          caseId: item.caseId,
          holder: confidant.id,
          kind,
        }),
      )
    }
    return { caseId: item.caseId, sharedKey: sealed.shared, internalKey: sealed.internal }
  } catch {
    return undefined
  } finally {
    for (const key of opened) memzero(key)
  }
}

/** Every case of the organisation the confidant cannot read yet, in batches, with progress. */
async function reshareAll(
  organisationId: string,
  confidantId: string,
  recovery: RecoverySecret,
  csrf: string,
  progress: (done: { shared: number; skipped: number }) => void,
): Promise<{ shared: number; skipped: number }> {
  const done = { shared: 0, skipped: 0 }
  let after = ''
  for (;;) {
    const response = await fetch(
      `/staff/admin/api/recovery/${encodeURIComponent(organisationId)}/${encodeURIComponent(confidantId)}?after=${encodeURIComponent(after)}`,
      { cache: 'no-store' },
    )
    if (!response.ok) throw new Error(`batch ${response.status}`)
    const batch = (await response.json()) as { confidant: RecoveryTarget; cases: RecoveryCase[] }
    if (batch.cases.length === 0) return done
    after = batch.cases.at(-1)!.caseId
    const sealed = []
    for (const item of batch.cases) {
      const share = reseal(item, recovery, batch.confidant)
      if (share) sealed.push(share)
      else done.skipped++
    }
    if (sealed.length > 0) {
      const stored = await fetch(`/staff/admin/api/recovery/${encodeURIComponent(confidantId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'csrf-token': csrf },
        body: JSON.stringify({ cases: sealed }),
      })
      // 409: someone shared one of these meanwhile; the next batch no longer lists it.
      if (stored.ok) done.shared += sealed.length
      else if (stored.status !== 409) throw new Error(`share ${stored.status}`)
    }
    progress(done)
  }
}

function enableReshare(section: HTMLElement, t: Catalogue) {
  const select = section.querySelector<HTMLSelectElement>('#reshare-target')!
  const input = section.querySelector<HTMLTextAreaElement>('#recovery-key-input')!
  const button = section.querySelector<HTMLButtonElement>('#reshare-start')!
  const bar = section.querySelector<HTMLProgressElement>('#reshare-progress')!
  const status = section.querySelector<HTMLElement>('#reshare-status')!
  const expected = {
    publicKey: fromBase64Url(section.dataset.publicKey!),
    fingerprint: section.dataset.fingerprint!,
  }
  button.disabled = false

  button.addEventListener('click', async () => {
    const [organisationId, confidantId] = select.value.split('/')
    if (!organisationId || !confidantId) return
    const recovery = readRecoveryKey(input.value, expected, t)
    if (typeof recovery === 'string') {
      say(status, recovery, true)
      input.focus()
      return
    }
    // The text is no longer needed once read; the bytes are wiped when the run ends, however it ends.
    input.value = ''
    button.disabled = true
    bar.hidden = false
    bar.max = Number(select.selectedOptions[0]?.dataset.lacking ?? '0') || 1
    say(status, t.working)
    try {
      const done = await reshareAll(organisationId, confidantId, recovery, section.dataset.csrf!, (sofar) => {
        bar.value = sofar.shared + sofar.skipped
        say(status, t.progress(sofar.shared, sofar.skipped))
      })
      bar.hidden = true
      say(status, t.done(done.shared, done.skipped))
      section.dataset.done = 'yes'
    } catch {
      say(status, t.reshareFailed, true)
    } finally {
      memzero(recovery.secretKey)
      button.disabled = false
    }
  })
}

const generate = document.querySelector<HTMLElement>('#recovery-generate')
const reshare = document.querySelector<HTMLElement>('#recovery-reshare')
if (generate || reshare) {
  ready().then(() => {
    if (generate) enableGenerate(generate, catalogue(localeOf(generate)).recovery)
    if (reshare) enableReshare(reshare, catalogue(localeOf(reshare)).recovery)
  })
}
