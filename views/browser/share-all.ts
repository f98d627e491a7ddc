import { fromBase64Url } from '../../crypto/index.js'
import { catalogue, isLocale } from '../i18n/index.js'
import { shareAllWith } from './sharing.js'
import { secretKeyForTab } from './unlock.js'

/** The workspace banner: share every case a colleague cannot read yet, in batches, with progress. */
const banner = document.querySelector<HTMLElement>('#share-banner')
const keyStatus = document.querySelector<HTMLElement>('#key-status')
if (banner && keyStatus) {
  const locale = isLocale(banner.dataset.locale) ? banner.dataset.locale : 'nl'
  const t = catalogue(locale).sharing
  for (const item of banner.querySelectorAll<HTMLElement>('li.share-pending')) {
    const button = item.querySelector<HTMLButtonElement>('button.share-all')!
    button.addEventListener('click', () => void shareAll(item, button))
  }

  async function shareAll(item: HTMLElement, button: HTMLButtonElement) {
    const status = item.querySelector<HTMLElement>('.status')!
    const progress = item.querySelector<HTMLProgressElement>('progress')!
    const total = Number(item.dataset.cases)
    button.disabled = true
    const { tabKey, publicKey } = keyStatus!.dataset
    const secretKey = await secretKeyForTab(banner!, { tabKey: tabKey!, publicKey: publicKey!, locale })
    status.textContent = t.sharing
    progress.hidden = false
    try {
      const done = await shareAllWith(
        item.dataset.colleagueId!,
        {
          userId: banner!.dataset.userId!,
          publicKey: fromBase64Url(publicKey!),
          secretKey,
          csrf: banner!.dataset.csrf!,
        },
        (sofar) => {
          progress.value = sofar.shared + sofar.skipped
          status.textContent = t.progress(sofar.shared, total)
        },
      )
      progress.hidden = true
      status.textContent = t.done(done.shared, done.skipped)
      item.dataset.done = 'yes'
    } catch {
      status.textContent = t.failed
      status.classList.add('error-message')
      button.disabled = false
    } finally {
      secretKey.fill(0)
    }
  }
}
