import { enableReceiptActions } from './receipt-actions.js'

// The no-JavaScript receipt page, viewed in a browser that does run scripts: add copy and print.
const code = document.querySelector('#case-code')?.textContent?.trim()
if (code) enableReceiptActions(code)
