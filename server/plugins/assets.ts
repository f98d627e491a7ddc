import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type AssetNames, useAssetNames } from '../../views/asset-urls.js'
import { projectRoot } from '../paths.js'

/** Written by `npm run build` (views/browser/build.ts): hashed files, their .br and .gz, and manifest.json. */
export const assetsDir = resolve(projectRoot, 'dist', 'assets')

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
}
// A hashed name changes whenever its content does, so a browser may keep each file for good.
const IMMUTABLE = 'public, max-age=31536000, immutable'
const SUFFIX = { br: 'br', gzip: 'gz' } as const

type Encoding = 'br' | 'gzip' | 'identity'
type Asset = { type: string; file: string } & Partial<Record<Encoding, Buffer>>

/**
 * Our CSS, our bundled scripts and htmx, all from our own origin: reporter pages make no third-party request.
 * Only the built, content-hashed files are served, precompressed, each read from disk by its first request and
 * then served from memory. Read all at start, the three encodings of every staff and reporter script held
 * 5.6 MB at idle, most of it for files that a given instance may never serve.
 */
export async function installAssets(app: FastifyInstance): Promise<void> {
  const assets = listAssets(assetsDir)
  app.get<{ Params: { name: string } }>('/assets/:name', { config: { crypto: false } }, (request, reply) => {
    const asset = assets.get(request.params.name)
    if (!asset) return reply.callNotFound()
    const encoding = pickEncoding(request)
    reply.header('cache-control', IMMUTABLE).header('vary', 'accept-encoding').type(asset.type)
    if (encoding !== 'identity') reply.header('content-encoding', encoding)
    asset[encoding] ??= readFileSync(
      encoding === 'identity' ? asset.file : `${asset.file}.${SUFFIX[encoding]}`,
    )
    return reply.send(asset[encoding])
  })
}

function listAssets(dir: string): Map<string, Asset> {
  const manifestFile = resolve(dir, 'manifest.json')
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: run npm run build`)
  useAssetNames(JSON.parse(readFileSync(manifestFile, 'utf8')) as AssetNames)
  const assets = new Map<string, Asset>()
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)]
    if (type) assets.set(name, { type, file: resolve(dir, name) })
  }
  return assets
}

/** The encoding the browser prefers by q-value, brotli on a tie, else none. A q of 0 refuses one. */
export function pickEncoding(request: FastifyRequest): Encoding {
  const header = request.headers['accept-encoding']
  if (typeof header !== 'string') return 'identity'
  const quality = new Map<string, number>()
  for (const part of header.toLowerCase().split(',')) {
    const [token = '', ...parameters] = part.split(';').map((piece) => piece.trim())
    const weight = parameters.find((parameter) => parameter.startsWith('q='))
    quality.set(token, weight ? Number(weight.slice(2)) || 0 : 1)
  }
  const q = (token: string) => quality.get(token) ?? quality.get('*') ?? 0
  const [br, gzip] = [q('br'), q('gzip')]
  if (br > 0 && br >= gzip) return 'br'
  return gzip > 0 ? 'gzip' : 'identity'
}
