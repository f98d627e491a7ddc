import {
  deriveAccountSecrets,
  fromBase64Url,
  memzero,
  publicKeyOfSecretKey,
  ready,
  toBase64Url,
  unlockAccountSecretKey,
  WrongPassword,
} from '../../crypto/index.js'
import { catalogue, type Locale } from '../i18n/index.js'
import { heldSecretKey, holdForTab } from './tab-keys.js'

/**
 * The private key for this tab: the one it holds, or, in a second tab of the same session (sessionStorage is per
 * tab), asked for with the password right here. Argon2id runs with the protocol's fixed parameters (KDF_V1 in
 * crypto, as at sign-in) over the account's salt; the password and the opened key never leave the browser.
 * Resolves only once a key is held; the form stays until then.
 */
export async function secretKeyForTab(
  after: HTMLElement,
  keys: { tabKey: string; publicKey: string; locale: Locale },
): Promise<Uint8Array> {
  const held = await heldSecretKey(keys.tabKey, keys.publicKey)
  if (held) return held
  const t = catalogue(keys.locale).sharing
  const form = document.createElement('form')
  form.id = 'unlock-form'
  form.className = 'unlock-form'
  form.setAttribute('aria-labelledby', 'unlock-heading')
  const heading = document.createElement('h2')
  heading.id = 'unlock-heading'
  heading.textContent = t.unlockHeading
  const intro = document.createElement('p')
  intro.textContent = t.unlockIntro
  const label = document.createElement('label')
  label.htmlFor = 'unlock-password'
  label.textContent = t.password
  const password = document.createElement('input')
  password.type = 'password'
  password.id = 'unlock-password'
  password.autocomplete = 'current-password'
  password.required = true
  const button = document.createElement('button')
  button.type = 'submit'
  button.textContent = t.unlock
  const status = document.createElement('p')
  status.id = 'unlock-status'
  status.setAttribute('role', 'status')
  form.append(heading, intro, label, password, button, status)
  after.after(form)
  password.focus()

  return new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      void attempt()
    })
    async function attempt() {
      button.disabled = true
      status.classList.remove('error-message')
      status.textContent = t.unlocking
      let kek: Uint8Array | undefined
      let auth: Uint8Array | undefined
      try {
        const response = await fetch('/staff/api/locked-key', { cache: 'no-store' })
        if (!response.ok) throw new Error('locked key unavailable')
        const locked = (await response.json()) as { salt: string; encryptedSecretKey: string }
        await ready()
        ;({ kek, auth } = deriveAccountSecrets(password.value, fromBase64Url(locked.salt)))
        const secretKey = unlockAccountSecretKey(kek, fromBase64Url(locked.encryptedSecretKey))
        // A key that is not this account's (the row changed since sign-in) is no key for this session.
        if (toBase64Url(publicKeyOfSecretKey(secretKey)) !== keys.publicKey) {
          memzero(secretKey)
          throw new WrongPassword()
        }
        holdForTab(keys.tabKey, secretKey.slice())
        password.value = ''
        form.remove()
        resolve(secretKey)
      } catch (error) {
        status.textContent = error instanceof WrongPassword ? t.wrongPassword : t.unlockFailed
        status.classList.add('error-message')
        status.setAttribute('role', 'alert')
        password.setAttribute('aria-invalid', 'true')
        password.select()
      } finally {
        if (kek) memzero(kek)
        if (auth) memzero(auth)
        button.disabled = false
      }
    }
  })
}
