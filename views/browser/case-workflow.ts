import { catalogue, isLocale } from '../i18n/index.js'

/**
 * Status moves and closing on the case page (issue 9). No key is involved: the server sees only the status
 * and the outcome. A refused move comes back as 409 with the rule's name, put into words here.
 */
const section = document.querySelector<HTMLElement>('#workflow[data-csrf]')
if (section) {
  const locale = isLocale(section.dataset.locale) ? section.dataset.locale : 'nl'
  const w = catalogue(locale).caseWorkflow
  for (const form of section.querySelectorAll<HTMLFormElement>('form.workflow-form')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      void send(form)
    })
  }

  async function send(form: HTMLFormElement) {
    const formStatus = form.querySelector<HTMLElement>('.status')!
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!
    const select = form.querySelector<HTMLSelectElement>('select')!
    formStatus.classList.remove('error-message')
    formStatus.setAttribute('role', 'status')
    formStatus.textContent = w.working
    button.disabled = true
    const response = await fetch(form.dataset.api!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'csrf-token': section!.dataset.csrf! },
      body: JSON.stringify({ [select.name]: select.value }),
    }).catch(() => undefined)
    if (response?.ok) {
      formStatus.textContent = w.saved
      window.location.reload()
      return
    }
    button.disabled = false
    const answer = (await response?.json().catch(() => undefined)) as { reason?: string } | undefined
    formStatus.classList.add('error-message')
    formStatus.setAttribute('role', 'alert')
    formStatus.textContent =
      response?.status === 409 && answer?.reason && w.refused[answer.reason]
        ? w.refused[answer.reason]!
        : response?.status === 401
          ? w.sessionEnded
          : w.failed
  }
}
