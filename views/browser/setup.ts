import { createAccountKeys, ready, toBase64Url } from '../../crypto/index.js'

/**
 * First-administrator form: the password is turned into keys here (Argon2id), and only the derived auth key,
 * the public key and the encrypted private key are posted. The password fields have no name and are never sent.
 */
const form = document.querySelector<HTMLFormElement>('#setup-form')
if (form) {
  const status = form.querySelector<HTMLElement>('#setup-status')!
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  const password = form.querySelector<HTMLInputElement>('#password')!
  const repeat = form.querySelector<HTMLInputElement>('#password-repeat')!
  const setHidden = (name: string, value: Uint8Array) => {
    form.querySelector<HTMLInputElement>(`input[name=${name}]`)!.value = toBase64Url(value)
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if ([...password.value].length < 12) return say(form.dataset.msgShort!, password)
    if (password.value !== repeat.value) return say(form.dataset.msgDiffer!, repeat)
    submit.disabled = true
    status.textContent = form.dataset.msgWorking!
    await ready()
    const keys = createAccountKeys(password.value)
    setHidden('auth', keys.auth)
    setHidden('salt', keys.salt)
    setHidden('publicKey', keys.publicKey)
    setHidden('encryptedSecretKey', keys.encryptedSecretKey)
    keys.secretKey.fill(0)
    form.submit()
  })

  function say(message: string, field: HTMLInputElement) {
    status.textContent = message
    field.setAttribute('aria-invalid', 'true')
    field.focus()
  }
}
