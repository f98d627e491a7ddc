/**
 * Counterpart of views/components/script-gate.tsx: once the encryption is ready, the form's <noscript> controls
 * become elements and the waiting message goes. The markup is our own server-rendered, escaped view.
 */
export function openScriptGate(form: HTMLFormElement): void {
  revealControls(form)
  form.querySelector('.script-gate')?.remove()
}

function revealControls(form: HTMLFormElement): void {
  for (const noscript of form.querySelectorAll('noscript.script-gate-controls')) {
    const markup = document.createElement('template')
    markup.innerHTML = noscript.textContent ?? ''
    noscript.replaceWith(markup.content)
  }
}

/**
 * The encryption could not start here (no WebAssembly): say so, and let the reporter choose knowingly to have
 * the server encrypt instead. Nothing is sent unless they press the button.
 */
export function offerPlainVersion(form: HTMLFormElement, message: string, label: string): void {
  const gate = form.querySelector<HTMLElement>('.script-gate')
  // The fields, without their submit button: the page script's submit handler refuses every submission.
  revealControls(form)
  for (const submit of form.querySelectorAll('button[type=submit]')) submit.remove()
  const note = document.createElement('p')
  note.className = 'error-message'
  note.setAttribute('role', 'alert')
  note.textContent = message
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'secondary'
  button.id = 'send-plain'
  button.textContent = label
  // form.submit() fires no submit event: the ordinary post, chosen by the reporter.
  button.addEventListener('click', () => form.submit())
  gate?.replaceWith(note, button)
}
