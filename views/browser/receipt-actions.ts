/**
 * Copy and print on the receipt: progressive enhancements, created here rather than sent hidden in the page
 * (text browsers ignore `hidden` and would offer buttons that do nothing).
 */
export function enableReceiptActions(code: string): void {
  const receipt = document.querySelector<HTMLElement>('#receipt')
  const actions = receipt?.querySelector<HTMLElement>('.receipt-actions')
  const status = document.querySelector<HTMLElement>('#copy-status')
  if (!receipt || !actions) return
  const button = (id: string, label: string) => {
    const made = document.createElement('button')
    made.type = 'button'
    made.id = id
    made.className = 'secondary'
    made.textContent = label
    actions.prepend(made)
    return made
  }
  const print = button('print-receipt', receipt.dataset.print ?? '')
  print.addEventListener('click', () => window.print())
  if (navigator.clipboard) {
    const copy = button('copy-code', receipt.dataset.copy ?? '')
    copy.addEventListener('click', async () => {
      await navigator.clipboard.writeText(code)
      if (status) status.textContent = receipt.dataset.copied ?? ''
    })
  }
}
