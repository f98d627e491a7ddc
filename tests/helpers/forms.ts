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
