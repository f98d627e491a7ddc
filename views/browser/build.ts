import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'esbuild'

/**
 * Bundles the browser scripts (the crypto core plus small DOM glue) into dist/js, served from our own origin.
 * Run by `npm run build`, which `npm start` and `npm test` run first.
 */
const here = import.meta.dirname
const outdir = resolve(here, '..', '..', 'dist', 'js')
export const entryPoints = ['setup', 'report', 'receipt', 'follow-up']

mkdirSync(outdir, { recursive: true })
const result = await build({
  entryPoints: entryPoints.map((name) => resolve(here, `${name}.ts`)),
  outdir,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  splitting: true,
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
})
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
console.log(`browser bundles: ${entryPoints.join(', ')} → dist/js (${Math.round(bytes / 1024)} KiB)`)
