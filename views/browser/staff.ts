import { dropTabKeys, heldSecretKey } from './tab-keys.js'

/** Every signed-in page: say whether this tab holds the unlocked key; sign-out drops it first. */
const keyStatus = document.querySelector<HTMLElement>('#key-status')
if (keyStatus) {
  const { tabKey, publicKey, msgUnlocked, msgLocked } = keyStatus.dataset
  heldSecretKey(tabKey!, publicKey!).then((secretKey) => {
    keyStatus.textContent = secretKey ? msgUnlocked! : msgLocked!
    keyStatus.dataset.unlocked = secretKey ? 'yes' : 'no'
    secretKey?.fill(0)
  })
}
document.querySelector('#logout-form')?.addEventListener('submit', dropTabKeys)
