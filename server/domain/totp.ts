import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'

/** RFC 6238 defaults that every authenticator app understands: SHA-1, 6 digits, 30 seconds. */
function totpFor(secretBase32: string, issuer: string, account: string): TOTP {
  return new TOTP({
    issuer,
    label: account,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  })
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

export function totpUri(secretBase32: string, issuer: string, account: string): string {
  return totpFor(secretBase32, issuer, account).toString()
}

/** Accepts the current code and one period either side, for clock drift on phones. */
export function totpCodeIsValid(secretBase32: string, code: string, now: number): boolean {
  if (!/^[0-9]{6}$/.test(code)) return false
  return totpFor(secretBase32, 'x', 'x').validate({ token: code, timestamp: now, window: 1 }) !== null
}

/**
 * The time step a code belongs to (current one or one either side), or null. Sign-in keeps the last step used
 * so the same code cannot be played twice within its window.
 */
export function totpStepOf(secretBase32: string, code: string, now: number): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null
  const delta = totpFor(secretBase32, 'x', 'x').validate({ token: code, timestamp: now, window: 1 })
  return delta === null ? null : Math.floor(now / 30_000) + delta
}

export function totpCodeAt(secretBase32: string, now: number): string {
  return totpFor(secretBase32, 'x', 'x').generate({ timestamp: now })
}

export function qrCodeDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 200 })
}

export type TotpEnrolment = { totpUri: string; totpKey: string; qrDataUrl: string }

/** What an enrolment page shows: the QR code, and the key in groups of four for typing by hand. */
export async function totpEnrolment(
  secretBase32: string,
  issuer: string,
  account: string,
): Promise<TotpEnrolment> {
  const uri = totpUri(secretBase32, issuer, account)
  return {
    totpUri: uri,
    totpKey: secretBase32.replace(/(.{4})/g, '$1 ').trim(),
    qrDataUrl: await qrCodeDataUrl(uri),
  }
}
