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
