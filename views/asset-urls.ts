/**
 * Where pages find our static files. The build gives every file a content-hashed name (views/browser/build.ts)
 * and the server hands its manifest over once at start (server/plugins/assets.ts); views do no I/O.
 */
export type AssetNames = {
  /** Name used in pages ('report.js', 'style.css') → hashed file name under /assets/. */
  files: Record<string, string>
  /** Hashed script → the hashed chunks it imports. */
  imports: Record<string, string[]>
}

let current: AssetNames | undefined

export function useAssetNames(names: AssetNames): void {
  current = names
}

function hashedName(name: string): string {
  const hashed = current?.files[name]
  if (!hashed) throw new Error(`no built asset named ${name}: run npm run build`)
  return hashed
}

/** The URL of a built file, e.g. assetUrl('style.css') → /assets/style-3aecefeab7.css. */
export function assetUrl(name: string): string {
  return `/assets/${hashedName(name)}`
}

/** The chunks a script imports, so the browser fetches them alongside it rather than after it. */
export function chunkUrls(script: string): string[] {
  return (current?.imports[hashedName(script)] ?? []).map((chunk) => `/assets/${chunk}`)
}
