import { createAccountKeys, ready, toBase64Url } from '../../crypto/index.js'

/**
 * Shared by every page where someone chooses a password (first setup, invitation): the checks before any
 * key is made, and the key material in the form the server takes. The password itself is never posted.
 */
export type NewAccountFields = {
  auth: string
  salt: string
  publicKey: string
  encryptedSecretKey: string
}

export function passwordProblem(
  form: HTMLFormElement,
  password: HTMLInputElement,
  repeat: HTMLInputElement,
): { message: string; field: HTMLInputElement } | undefined {
  if ([...password.value].length < 12) return { message: form.dataset.msgShort!, field: password }
  if (password.value !== repeat.value) return { message: form.dataset.msgDiffer!, field: repeat }
  return undefined
}

/** Argon2id and a fresh key pair; the secret key is handed to `keep` (or wiped) and never posted. */
export async function newAccountKeys(
  password: string,
  keep: (secretKey: Uint8Array) => void = (secretKey) => secretKey.fill(0),
): Promise<NewAccountFields> {
  await ready()
  const keys = createAccountKeys(password)
  keep(keys.secretKey)
  return {
    auth: toBase64Url(keys.auth),
    salt: toBase64Url(keys.salt),
    publicKey: toBase64Url(keys.publicKey),
    encryptedSecretKey: toBase64Url(keys.encryptedSecretKey),
  }
}

export function sayProblem(status: HTMLElement, message: string, field?: HTMLInputElement): void {
  status.textContent = message
  if (!field) return
  field.setAttribute('aria-invalid', 'true')
  field.focus()
}

/** What the staff script endpoints answer: an error name, or the fields of a success. */
export type Answer = {
  error?: string
  salt?: string
  lockedUntil?: number
  encryptedSecretKey?: string
  tabKey?: string
  next?: string
}

/** A JSON post to one of the staff script endpoints, with the page's CSRF token. */
export async function postJson(
  url: string,
  csrf: string,
  body: unknown,
): Promise<{ status: number; data: Answer }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'csrf-token': csrf },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  })
  let data: Answer = {}
  try {
    data = (await response.json()) as Answer
  } catch {
    // An error page instead of JSON: the caller shows its generic message.
  }
  return { status: response.status, data }
}
