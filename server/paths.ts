import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`)
  }
}

/**
 * The folder that holds package.json, views/ and dist/. Found by walking up because this code runs from two
 * depths: as source (server/) under vitest, and bundled into dist/server/ in production.
 */
export const projectRoot = findProjectRoot(import.meta.dirname)
