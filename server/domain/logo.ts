import { createHash } from 'node:crypto'

export const LOGO_MAX_BYTES = 200 * 1024
/** The header shows the logo at most this high; width follows the image's own proportions. */
const SHOWN_HEIGHT = 48
const SHOWN_MAX_WIDTH = 240

export type LogoType = 'image/png' | 'image/jpeg'
export type LogoFacts = { type: LogoType; width: number; height: number }

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/**
 * What the bytes are, by their magic bytes and header, never by a file name or a browser's claim: a logo
 * that is secretly HTML or SVG must not be served on every reporter page. Undefined when not PNG/JPEG.
 */
export function inspectLogo(bytes: Uint8Array): LogoFacts | undefined {
  if (bytes.length > 24 && PNG_SIGNATURE.every((value, index) => bytes[index] === value)) {
    // The first chunk must be IHDR (PNG spec): width and height as 32-bit big-endian at 16 and 20.
    if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    return dimensions('image/png', view.getUint32(16), view.getUint32(20))
  }
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpegFacts(bytes)
  return undefined
}

/** Walks JPEG segments to the first start-of-frame marker, which holds height and width. */
function jpegFacts(bytes: Uint8Array): LogoFacts | undefined {
  let at = 2
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined
    const marker = bytes[at + 1]!
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!
    const startOfFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (startOfFrame) {
      const height = (bytes[at + 5]! << 8) | bytes[at + 6]!
      const width = (bytes[at + 7]! << 8) | bytes[at + 8]!
      return dimensions('image/jpeg', width, height)
    }
    if (length < 2) return undefined
    at += 2 + length
  }
  return undefined
}

function dimensions(type: LogoType, width: number, height: number): LogoFacts | undefined {
  if (width < 1 || height < 1 || width > 10_000 || height > 10_000) return undefined
  return { type, width, height }
}

/** The size the header reserves, so the page does not jump when the image arrives. */
export function shownSize(facts: Pick<LogoFacts, 'width' | 'height'>): { width: number; height: number } {
  const scale = Math.min(SHOWN_HEIGHT / facts.height, SHOWN_MAX_WIDTH / facts.width, 1)
  return {
    width: Math.max(1, Math.round(facts.width * scale)),
    height: Math.max(1, Math.round(facts.height * scale)),
  }
}

/** A short content hash: the logo's URL changes with the logo, so it can be cached for a year. */
export function logoVersion(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 16)
}
