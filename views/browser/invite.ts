import { judgePassword } from '../../server/domain/password-strength.js'
import { newAccountKeys, passwordProblem, postJson, sayProblem } from './account-form.js'
import { holdForTab } from './tab-keys.js'

/**
 * Accepting an invitation: the estimator judges the password as it is typed, keys are made here, only the
 * encrypted private key leaves; the answer signs the new account in and this tab keeps the key.
 */
const form = document.querySelector<HTMLFormElement>('#invite-form')
if (form) {
  const status = form.querySelector<HTMLElement>('#invite-status')!
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  const name = form.querySelector<HTMLInputElement>('#name')!
  const password = form.querySelector<HTMLInputElement>('#password')!
  const repeat = form.querySelector<HTMLInputElement>('#password-repeat')!
  const totp = form.querySelector<HTMLInputElement>('#totp')!
  const meter = form.querySelector<HTMLMeterElement>('#password-meter')!
  const strength = form.querySelector<HTMLElement>('#password-strength')!
  const levels = JSON.parse(form.dataset.levels!) as string[]
  const knownWords = () => [form.dataset.email!, name.value]

  let typed = 0
  password.addEventListener('input', async () => {
    const mine = ++typed
    const verdict = await judgePassword(password.value, knownWords())
    if (mine !== typed) return
    meter.value = verdict.score
    strength.textContent = password.value ? levels[verdict.score]! : ''
  })

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const problem = passwordProblem(form, password, repeat)
    if (problem) return sayProblem(status, problem.message, problem.field)
    submit.disabled = true
    try {
      if (!(await judgePassword(password.value, knownWords())).acceptable)
        return sayProblem(status, form.dataset.msgWeak!, password)
      status.textContent = form.dataset.msgWorking!
      let secretKey: Uint8Array | undefined
      const keys = await newAccountKeys(password.value, (key) => {
        secretKey = key
      })
      const answer = await postJson(form.action, form.dataset.csrf!, {
        name: name.value,
        totp: totp.value,
        ...keys,
      })
      if (answer.status === 200) {
        holdForTab(answer.data.tabKey!, secretKey!)
        return location.assign(answer.data.next!)
      }
      secretKey?.fill(0)
      if (answer.data.error === 'TotpCodeWrong') return sayProblem(status, form.dataset.msgTotp!, totp)
      if (answer.status === 404) return sayProblem(status, form.dataset.msgInvalid!)
      sayProblem(status, form.dataset.msgRetry!)
    } catch {
      sayProblem(status, form.dataset.msgRetry!)
    } finally {
      submit.disabled = false
    }
  })
}
