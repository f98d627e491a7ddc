import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Every byte under a directory (database, WAL, shared memory, anything else), file by file. */
export function filesUnder(directory: string): Array<{ path: string; data: Buffer }> {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .map((name) => join(directory, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, data: readFileSync(path) }))
}

/** Where a needle (as UTF-8, UTF-16LE, base64 or hex) occurs in any of the files; empty when nowhere. */
export function filesContaining(directory: string, needle: string): string[] {
  const encodings = [
    Buffer.from(needle, 'utf8'),
    Buffer.from(needle, 'utf16le'),
    Buffer.from(Buffer.from(needle).toString('base64').slice(0, -4)),
    Buffer.from(Buffer.from(needle).toString('hex')),
  ]
  return filesUnder(directory)
    .filter(({ data }) => encodings.some((encoded) => data.includes(encoded)))
    .map(({ path }) => path)
}

/**
 * The ways a secret could sit in a file or a log line: its text (UTF-8, UTF-16LE), its bytes given as such,
 * hex (both cases), and base64 and base64url at each of the three alignments — base64 inside a longer value
 * starts at any byte offset, so the encoding of the secret alone would miss it.
 */
export function spellingsOf(secret: string | Buffer): Buffer[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret
  const spellings = [
    bytes,
    Buffer.from(bytes.toString('hex')),
    Buffer.from(bytes.toString('hex').toUpperCase()),
  ]
  if (typeof secret === 'string') spellings.push(Buffer.from(secret, 'utf16le'))
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes])
    // Characters that depend on the filler before the secret or on the padding after it are cut off.
    const skip = [0, 2, 3][offset]!
    for (const alphabet of ['base64', 'base64url'] as const) {
      let encoded = padded.toString(alphabet).replace(/=+$/, '')
      if (padded.length % 3 !== 0) encoded = encoded.slice(0, -1)
      spellings.push(Buffer.from(encoded.slice(skip)))
    }
  }
  return spellings
}

/** Where any spelling of the secret occurs: files under the directory, and the log (as one text). */
export function tracesOf(secret: string | Buffer, directory: string, logs: string[]): string[] {
  const spellings = spellingsOf(secret)
  const log = Buffer.from(logs.join('\n'))
  return [
    ...filesUnder(directory)
      .filter(({ data }) => spellings.some((spelling) => data.includes(spelling)))
      .map(({ path }) => path),
    ...(spellings.some((spelling) => log.includes(spelling)) ? ['the logs'] : []),
  ]
}

/** An attachment's ciphertext as stored: its chunk rows joined in order. */
export function storedCiphertext(
  db: { prepare(sql: string): { all(...values: unknown[]): unknown[] } },
  attachmentId: string,
): Buffer {
  const rows = db
    .prepare('SELECT bytes FROM attachment_chunk WHERE attachment_id = ? ORDER BY position')
    .all(attachmentId) as Array<{ bytes: Buffer }>
  return Buffer.concat(rows.map((row) => row.bytes))
}
