import {
  fromBase64Url,
  internalKeyMatches,
  memzero,
  openSealedKey,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'
import type { EntryDocument } from '../../server/domain/documents.js'
import { openThread } from '../../server/domain/thread.js'
import type { CaseToShare, Colleague } from '../../server/services/sharing.js'
import { catalogue, isLocale } from '../i18n/index.js'

/**
 * Sharing a case with a newly assigned colleague (DESIGN §4): this browser opens its own copies of the case keys,
 * trusts them only once the shared key opens the case's report (as the case page does), and seals both to the
 * colleague's public key, bound to the case, the colleague and the kind. The server never sees a key.
 */

export type OpenedCaseKeys = { shared: Uint8Array; internal: Uint8Array }
export type SealedShare = { caseId: string; sharedKey: string; internalKey: string }

export function sealForColleague(caseId: string, keys: OpenedCaseKeys, colleague: Colleague): SealedShare {
  const publicKey = fromBase64Url(colleague.publicKey)
  const seal = (kind: 'shared' | 'internal') =>
    toBase64Url(sealKeyFor(keys[kind], publicKey, { caseId, holder: colleague.id, kind }))
  return { caseId, sharedKey: seal('shared'), internalKey: seal('internal') }
}

export async function postShares(
  colleagueId: string,
  csrf: string,
  cases: SealedShare[],
): Promise<Response | undefined> {
  return fetch(`/staff/api/shares/${encodeURIComponent(colleagueId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'csrf-token': csrf },
    body: JSON.stringify({ cases }),
  }).catch(() => undefined)
}

/** This confidant's keys of one listed case, or undefined when they do not open or do not open the report. */
function openVerified(
  item: CaseToShare,
  me: { userId: string; publicKey: Uint8Array; secretKey: Uint8Array },
): OpenedCaseKeys | undefined {
  if (!item.internalKey || !item.report) return undefined
  const open = (sealed: string, kind: 'shared' | 'internal') =>
    openSealedKey(fromBase64Url(sealed), me.publicKey, me.secretKey, {
      caseId: item.caseId,
      holder: me.userId,
      kind,
    })
  let keys: OpenedCaseKeys | undefined
  try {
    keys = { shared: open(item.sharedKey, 'shared'), internal: open(item.internalKey, 'internal') }
    const report = {
      ...item.report,
      nonce: fromBase64Url(item.report.nonce),
      ciphertext: fromBase64Url(item.report.ciphertext),
    }
    const thread = openThread(keys.shared, item.caseId, [report])
    if (thread.verified && checkInternalKey(item.caseId, thread.entries, keys.internal) !== 'forged')
      return keys
  } catch {
    // A key that does not open for this case, holder and kind: skipped, never passed on.
  }
  if (keys) wipe(keys)
  return undefined
}

function wipe(keys: OpenedCaseKeys) {
  memzero(keys.shared)
  memzero(keys.internal)
}

/**
 * Every case this confidant can read and the colleague cannot, in batches: fetch, verify and seal here, post,
 * report progress. Cases that do not verify are skipped and counted, and stay behind the cursor.
 */
export async function shareAllWith(
  colleagueId: string,
  me: { userId: string; publicKey: Uint8Array; secretKey: Uint8Array; csrf: string },
  progress: (done: { shared: number; skipped: number }) => void,
): Promise<{ shared: number; skipped: number }> {
  const done = { shared: 0, skipped: 0 }
  let after = ''
  for (;;) {
    const response = await fetch(
      `/staff/api/shares/${encodeURIComponent(colleagueId)}?after=${encodeURIComponent(after)}`,
      { cache: 'no-store' },
    )
    if (!response.ok) throw new Error(`batch ${response.status}`)
    const batch = (await response.json()) as { colleague: Colleague; cases: CaseToShare[] }
    if (batch.cases.length === 0) return done
    after = batch.cases.at(-1)!.caseId
    const sealed: SealedShare[] = []
    for (const item of batch.cases) {
      const keys = openVerified(item, me)
      if (!keys) {
        done.skipped++
        continue
      }
      sealed.push(sealForColleague(item.caseId, keys, batch.colleague))
      wipe(keys)
    }
    if (sealed.length > 0) {
      const stored = await postShares(colleagueId, me.csrf, sealed)
      // 409: someone shared one of these meanwhile; the next batch no longer lists it.
      if (stored?.ok) done.shared += sealed.length
      else if (stored?.status !== 409) throw new Error(`share ${stored?.status}`)
    }
    progress(done)
  }
}

/** The case page's "J. Jansen cannot read this case yet — share": keys already opened and checked there. */
export function offerCaseSharing(
  root: HTMLElement,
  caseId: string,
  keys: OpenedCaseKeys | undefined,
  csrf: string,
  t: { sharing: string; sharedOne: (name: string) => string; failed: string },
): void {
  const section = root.querySelector<HTMLElement>('#share-case')
  if (!section) return
  // Without both keys opened and checked there is nothing sound to pass on.
  if (!keys) {
    section.remove()
    return
  }
  section.hidden = false
  for (const item of section.querySelectorAll<HTMLElement>('li.share-one')) {
    const colleague = JSON.parse(item.dataset.colleague ?? '{}') as Colleague
    const button = item.querySelector<HTMLButtonElement>('button.share-case')!
    const status = item.querySelector<HTMLElement>('.status')!
    button.addEventListener('click', async () => {
      button.disabled = true
      status.textContent = t.sharing
      const stored = await postShares(colleague.id, csrf, [sealForColleague(caseId, keys, colleague)])
      if (stored?.ok || stored?.status === 409) {
        status.textContent = t.sharedOne(colleague.name)
        button.remove()
        return
      }
      status.textContent = t.failed
      status.classList.add('error-message')
      button.disabled = false
    })
  }
}

/** The case's report (or transcript) document, once `openThread` has verified the thread. */
function reportOf(entries: Array<{ entry: { seq: number }; document: EntryDocument | undefined }>) {
  return entries.find((item) => item.entry.seq === 0)?.document
}

/**
 * The internal key against the commitment inside the report (protocol v1): 'proven', 'forged', or 'unproven'
 * when the seq-0 document carries none (a transcript). The report must already have proved the shared key.
 */
export function checkInternalKey(
  caseId: string,
  entries: Array<{ entry: { seq: number }; document: EntryDocument | undefined }>,
  internalKey: Uint8Array | undefined,
): 'proven' | 'forged' | 'unproven' {
  const report = reportOf(entries)
  if (!report || !('internalKeyCommitment' in report)) return 'unproven'
  if (!internalKey) return 'unproven'
  return internalKeyMatches(caseId, internalKey, fromBase64Url(report.internalKeyCommitment))
    ? 'proven'
    : 'forged'
}

export function warnInternalKeyForged(status: HTMLElement, message: string): void {
  const warning = document.createElement('p')
  warning.id = 'internal-key-warning'
  warning.className = 'error-message'
  warning.setAttribute('role', 'alert')
  warning.textContent = message
  status.after(warning)
}

/**
 * The acknowledgement is prefilled in the language the reporter used (sealed inside the report); the server,
 * which cannot read it, prefilled the organisation's first language.
 */
export function prefillInReporterLanguage(
  root: HTMLElement,
  entries: Array<{ entry: { seq: number }; document: EntryDocument | undefined }>,
): void {
  const report = reportOf(entries)
  const textarea = root.querySelector<HTMLTextAreaElement>('#answer-acknowledgement-text')
  if (!textarea || !report || !('locale' in report) || !isLocale(report.locale)) return
  textarea.value = catalogue(report.locale).staffCase.acknowledgeDefault
}
