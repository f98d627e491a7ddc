import { newAccountKeys, passwordProblem, sayProblem } from './account-form.js'

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

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const problem = passwordProblem(form, password, repeat)
    if (problem) return sayProblem(status, problem.message, problem.field)
    submit.disabled = true
    status.textContent = form.dataset.msgWorking!
    const keys = await newAccountKeys(password.value)
    for (const [name, value] of Object.entries(keys))
      form.querySelector<HTMLInputElement>(`input[name=${name}]`)!.value = value
    form.submit()
  })
}
