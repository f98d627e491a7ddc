import QRCode from 'qrcode'

/** Options fixed here so that the same text always gives the same code (tests compare against them). */
export const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 4 } as const

/**
 * A QR code as an inline SVG element, hidden from assistive technology (the page prints the address as text
 * beside it). `qrcode` writes only path data derived from `text`, never `text` itself, so the markup is ours.
 */
export async function qrCodeSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, QR_OPTIONS)
  return svg.trim().replace('<svg ', '<svg aria-hidden="true" focusable="false" class="qr-code" ')
}
