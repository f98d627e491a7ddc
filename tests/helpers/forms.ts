import type { LightMyRequestResponse } from 'fastify'

/** Cookies a response set, ready to pass back with inject({ cookies }). */
export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]))
}

/** The value of a named hidden input in a rendered form. */
export function inputValue(html: string, name: string): string {
  const match = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`))
  if (!match) throw new Error(`no input named ${name} with a value`)
  return match[1]!
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString()
}

export type MultipartPart = string | { name: string; data: Uint8Array | string; type?: string }

/** A multipart/form-data body encoded by Node's own FormData (fields first, in the given order). */
export async function multipart(
  parts: Array<[string, MultipartPart]>,
): Promise<{ payload: Buffer; headers: { 'content-type': string } }> {
  const form = new FormData()
  for (const [field, part] of parts) {
    if (typeof part === 'string') form.append(field, part)
    else
      form.append(
        field,
        new Blob([part.data as BlobPart], { type: part.type ?? 'application/octet-stream' }),
        part.name,
      )
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form })
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  }
}

/** The case code shown on a receipt page, as printed (groups of four). */
export function receiptCode(html: string): string {
  const match = html.match(/class="case-code"[^>]*>(\d{4} \d{4} \d{4} \d{4})</)
  if (!match) throw new Error('no case code on the page')
  return match[1]!
}

/** An attribute value as the browser sees it (entities decoded). */
export function decodeAttribute(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
}
