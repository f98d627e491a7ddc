/** Copy and print on the receipt: progressive enhancements, so they stay hidden without JavaScript. */
export function enableReceiptActions(code: string): void {
  const copy = document.querySelector<HTMLButtonElement>('#copy-code')
  const print = document.querySelector<HTMLButtonElement>('#print-receipt')
  const status = document.querySelector<HTMLElement>('#copy-status')
  if (copy && navigator.clipboard) {
    copy.hidden = false
    copy.addEventListener('click', async () => {
      await navigator.clipboard.writeText(code)
      if (status) status.textContent = copy.dataset.copied ?? ''
    })
  }
  if (print) {
    print.hidden = false
    print.addEventListener('click', () => window.print())
  }
}
