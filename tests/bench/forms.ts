// Request bodies for the submission benchmarks, built before any timing starts: the no-JS form post, and the
// JavaScript-mode envelope sealed by the same code as views/browser/report.ts uses in the browser.
import type { ReporterKeys } from '../../crypto/index.js'
import { envelopeForm, sealReport } from '../../server/domain/sealing.js'

/** A multipart body already serialised, so the client's encoding is not part of what is timed. */
export type PreparedBody = { body: Uint8Array<ArrayBuffer>; contentType: string }

export type EncryptionConfig = {
  codeSalt: string
  recipients: Array<{ holder: string; publicKey: string }>
  submit: string
  /** Issue 10: the automatic acknowledgement the page script seals with the report (absent when off). */
  acknowledgement?: string
}

export type Evidence = { name: string; type: string; data: Uint8Array }

export async function serialise(form: FormData): Promise<PreparedBody> {
  const response = new Response(form)
  return {
    body: new Uint8Array(await response.arrayBuffer()),
    contentType: response.headers.get('content-type')!,
  }
}

/** A report of about `bytes` characters: the text a reporter types into "what happened". */
export function reportText(bytes: number): string {
  const sentence =
    'On several occasions the purchasing manager approved invoices from a supplier owned by a relative. '
  return sentence.repeat(Math.ceil(bytes / sentence.length)).slice(0, bytes)
}

/** The no-JavaScript form: text fields before the file, as a browser sends them and the server requires. */
export function noJsReport(what: string, evidence: Evidence): Promise<PreparedBody> {
  const form = new FormData()
  form.append('lang', 'en')
  form.append('what', what)
  form.append('when', 'Between March and June last year')
  form.append('file', new Blob([evidence.data as BlobPart], { type: evidence.type }), evidence.name)
  return serialise(form)
}

const named: Record<string, string> = { quot: '"', amp: '&', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' }

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] !== '#') return named[body.toLowerCase()] ?? entity
    const hex = body[1] === 'x' || body[1] === 'X'
    return String.fromCodePoint(Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10))
  })
}

/** The public keys and salt the report page hands to its script, from `<form id="report-form" data-encryption>`. */
export function readEncryptionConfig(html: string): EncryptionConfig {
  const formTag = html.match(/<form\b[^>]*\bid="report-form"[^>]*>/)?.[0]
  const attribute = formTag?.match(/\bdata-encryption="([^"]*)"/)?.[1]
  if (attribute === undefined) throw new Error('the report form has no data-encryption attribute')
  const config = JSON.parse(decodeEntities(attribute)) as EncryptionConfig
  if (
    !config.codeSalt ||
    !config.submit ||
    !Array.isArray(config.recipients) ||
    config.recipients.length === 0
  )
    throw new Error(`unexpected encryption config: ${decodeEntities(attribute)}`)
  return config
}

/** What the browser posts in JavaScript mode, sealed by the page script's own sealReport. */
export function browserSubmission(
  config: EncryptionConfig,
  reporter: ReporterKeys,
  what: string,
  evidence: Evidence,
): Promise<PreparedBody> {
  const fields = { what, when: '', where: '', who: '', how: '', ongoing: 'unknown' as const }
  // sealReport wipes the plaintext it was given: hand it a copy, the evidence is reused.
  const sealed = sealReport(
    reporter,
    config.recipients,
    fields,
    [{ ...evidence, data: evidence.data.slice() }],
    'en',
    config.acknowledgement,
  )
  return serialise(envelopeForm(sealed.envelope, sealed.files, 'en'))
}
