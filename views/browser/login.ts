import {
  deriveAccountSecrets,
  fromBase64Url,
  memzero,
  ready,
  toBase64Url,
  unlockAccountSecretKey,
} from '../../crypto/index.js'
import { postJson, sayProblem } from './account-form.js'
import { dropTabKeys, holdForTab } from './tab-keys.js'

/**
 * Sign-in: salt from the server, then Argon2id here with the protocol's fixed parameters (KDF_V1 inside
 * crypto, never parameters the server sends), `auth` posted, and the private key unlocked from the answer.
 */
const form = document.querySelector<HTMLFormElement>('#login-form')
// Being on this page means no session: whatever key a tab still held is of no use any more.
dropTabKeys()
if (form) {
  const status = form.querySelector<HTMLElement>('#login-status')!
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  const email = form.querySelector<HTMLInputElement>('#email')!
  const password = form.querySelector<HTMLInputElement>('#password')!
  const totp = form.querySelector<HTMLInputElement>('#totp')!
  const csrf = form.dataset.csrf!

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    submit.disabled = true
    status.textContent = form.dataset.msgWorking!
    try {
      await signIn()
    } catch {
      sayProblem(status, form.dataset.msgRetry!)
    } finally {
      submit.disabled = false
    }
  })

  async function signIn(): Promise<void> {
    const salt = await postJson('/staff/login/salt', csrf, { email: email.value })
    if (salt.status !== 200) return sayProblem(status, form!.dataset.msgRetry!)
    await ready()
    const { kek, auth } = deriveAccountSecrets(password.value, fromBase64Url(salt.data.salt!))
    try {
      const answer = await postJson('/staff/login', csrf, {
        email: email.value,
        auth: toBase64Url(auth),
        totp: totp.value,
        next: form!.dataset.next,
      })
      if (answer.status === 429 && typeof answer.data.lockedUntil === 'number') {
        const until = new Date(answer.data.lockedUntil).toLocaleTimeString(form!.dataset.locale, {
          hour: '2-digit',
          minute: '2-digit',
        })
        return sayProblem(status, form!.dataset.msgLocked!.replace('{time}', until))
      }
      if (answer.status === 401) {
        totp.value = ''
        return sayProblem(status, form!.dataset.msgFailed!, password)
      }
      if (answer.status !== 200) return sayProblem(status, form!.dataset.msgRetry!)
      holdForTab(
        answer.data.tabKey!,
        unlockAccountSecretKey(kek, fromBase64Url(answer.data.encryptedSecretKey!)),
      )
      location.assign(answer.data.next!)
    } finally {
      memzero(kek)
      memzero(auth)
    }
  }
}
