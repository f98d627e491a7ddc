import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { build, type Metafile } from 'esbuild'

/**
 * Compiles the server, the CLI and the key-derivation worker to plain JavaScript in dist/server, so that
 * production runs `node dist/server/server.js` with no TypeScript loader (tsx cost 146 MB and 4 s at start).
 * The packages they import are bundled in as well (see `external` below for why and for the one exception).
 *
 *   tsx server/build.ts             build
 *   tsx server/build.ts --if-stale  build only if a source file changed since the last build (npm run meldpool)
 */
const root = resolve(import.meta.dirname, '..')
export const serverOutdir = resolve(root, 'dist', 'server')
const metafilePath = resolve(serverOutdir, 'meta.json')
const entryPoints = ['server/server.ts', 'server/cli.ts', 'server/kdf/worker.ts']

export async function buildServer(options: { prune: boolean } = { prune: true }): Promise<void> {
  // Chunk names carry hashes: without pruning, chunks of earlier builds pile up next to the current ones. A
  // rebuild for the CLI (--if-stale) may run while a server is up and still importing its own chunks lazily:
  // it adds the new files and removes nothing.
  if (options.prune) rmSync(serverOutdir, { recursive: true, force: true })
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: serverOutdir,
    outbase: 'server',
    bundle: true,
    // Packages are bundled too: Node resolves and loads each file of an ESM package on its own, and typebox
    // alone is 700 files (a third of start-up). better-sqlite3 stays in node_modules for its native addon, and
    // the password estimator because it loads only when a password is set (and its CommonJS build keeps its
    // named exports only when Node loads it).
    external: ['better-sqlite3', '@zxcvbn-ts/*'],
    // CommonJS packages inside an ES module still call require() for Node's built-in modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    platform: 'node',
    format: 'esm',
    // Shared code goes into chunks; this also keeps server.js's dynamic imports dynamic (see server.ts).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node20.19',
    metafile: true,
    // V8 keeps each module's source text for lazy compilation: 4 MB of bundled source held 2.4 MB of the idle
    // server's RSS and took longer to parse. Whitespace and syntax only: identifiers keep their names, because
    // class names are behaviour (errors carry `new.target.name` into the API's JSON answers and back from the
    // KDF workers; tests/server.test.ts and tests/crypto/pool.test.ts check both). esbuild's keepNames would
    // do the same for renamed identifiers but costs 3 MB of idle RSS.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  })
  writeFileSync(metafilePath, JSON.stringify(result.metafile))
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
  console.log(`server: ${entryPoints.join(', ')} → dist/server (${Math.round(bytes / 1024)} KiB)`)
}

const mtime = (path: string) => {
  try {
    return statSync(resolve(root, path)).mtimeMs
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/** True when dist/server is missing or older than any file the last build read. */
export function serverBuildIsStale(): boolean {
  let meta: Metafile
  try {
    meta = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile
  } catch {
    return true
  }
  const outputs = Object.keys(meta.outputs).map((path) =>
    statSync(resolve(root, path), { throwIfNoEntry: false }),
  )
  if (outputs.some((output) => output === undefined)) return true
  const built = Math.min(...outputs.map((output) => output!.mtimeMs))
  return [...Object.keys(meta.inputs), 'server/build.ts', 'tsconfig.json'].some(
    (input) => mtime(input) > built,
  )
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const ifStale = process.argv.includes('--if-stale')
  if (!ifStale || serverBuildIsStale()) await buildServer({ prune: !ifStale })
}
