import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build } from 'esbuild'

/**
 * Builds every file the pages load into dist/assets, served from our own origin (server/plugins/assets.ts):
 * the browser scripts (the crypto core plus small DOM glue, split so that every page shares one libsodium
 * chunk), our stylesheet and htmx. Every name carries a hash of its content, so browsers may keep a file for
 * good; each file is also written precompressed (.br, .gz). manifest.json maps the names pages use
 * ('report.js', 'style.css') to the hashed names, and lists the chunks each script imports.
 * Run by `npm run build`, which `npm start` and `npm test` run first.
 */
const here = import.meta.dirname
const projectRoot = resolve(here, '..', '..')
export const assetsDir = resolve(projectRoot, 'dist', 'assets')
export const entryPoints = [
  'setup',
  'report',
  'receipt',
  'follow-up',
  'login',
  'invite',
  'staff',
  'case',
  'case-workflow',
  'oral',
  'share-all',
  // Recovery key (issue 11)
  'recovery',
]

export type AssetManifest = {
  /** Name used in pages → hashed file name in dist/assets. */
  files: Record<string, string>
  /** Hashed script → the hashed chunks it imports, directly or not (for modulepreload). */
  imports: Record<string, string[]>
}

/** Copies a file under a name that carries a hash of its content: style.css → style-3F2A9C1B.css. */
function copyHashed(source: string, outdir: string): string {
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 10)
  const extension = extname(source)
  const name = `${basename(source, extension)}-${hash}${extension}`
  copyFileSync(source, resolve(outdir, name))
  return name
}

export async function buildAssets(outdir = assetsDir): Promise<AssetManifest> {
  rmSync(outdir, { recursive: true, force: true })
  // The unhashed bundles of earlier builds: nothing serves them any more.
  rmSync(resolve(outdir, '..', 'js'), { recursive: true, force: true })
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
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  })
  const manifest: AssetManifest = { files: {}, imports: {} }
  const outputs = result.metafile.outputs
  const direct = new Map<string, string[]>()
  for (const [path, output] of Object.entries(outputs)) {
    const name = basename(path)
    direct.set(
      name,
      output.imports.filter((used) => used.kind === 'import-statement').map((used) => basename(used.path)),
    )
    // Chunks that are only imported dynamically (the password estimator's dictionaries) have an entry point
    // too, but no page names them.
    const entry = output.entryPoint ? basename(output.entryPoint, '.ts') : undefined
    if (entry && entryPoints.includes(entry)) manifest.files[`${entry}.js`] = name
  }
  for (const script of Object.values(manifest.files)) {
    const seen = new Set<string>()
    const visit = (name: string) => {
      for (const chunk of direct.get(name) ?? []) {
        if (seen.has(chunk)) continue
        seen.add(chunk)
        visit(chunk)
      }
    }
    visit(script)
    manifest.imports[script] = [...seen]
  }
  manifest.files['style.css'] = copyHashed(resolve(projectRoot, 'views', 'assets', 'style.css'), outdir)
  const htmx = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js')
  manifest.files['htmx.min.js'] = copyHashed(htmx, outdir)

  for (const name of readdirSync(outdir)) {
    const bytes = readFileSync(resolve(outdir, name))
    writeFileSync(resolve(outdir, `${name}.gz`), gzipSync(bytes, { level: 9 }))
    writeFileSync(
      resolve(outdir, `${name}.br`),
      brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
    )
  }
  writeFileSync(resolve(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** Bytes a browser downloads for one script and the chunks it imports, per encoding. */
export function scriptWeight(manifest: AssetManifest, script: string, outdir = assetsDir) {
  const hashed = manifest.files[script]
  if (!hashed) throw new Error(`no script ${script} in the asset manifest`)
  const files = [hashed, ...(manifest.imports[hashed] ?? [])]
  const size = (suffix: string) =>
    files.reduce((sum, name) => sum + readFileSync(resolve(outdir, `${name}${suffix}`)).length, 0)
  return { files, raw: size(''), gzip: size('.gz'), brotli: size('.br') }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const manifest = await buildAssets()
  const report = scriptWeight(manifest, 'report.js')
  const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`
  console.log(
    `browser assets → dist/assets (${Object.keys(manifest.files).join(', ')}); the report form's scripts: ` +
      `${kib(report.raw)}, ${kib(report.gzip)} gzip, ${kib(report.brotli)} brotli`,
  )
}
