import type libsodium from 'libsodium-wrappers-sumo'
import { CryptoNotReady } from './errors.js'

// The single place that waits for libsodium's WASM. Everything else calls `sodium()` synchronously.
export type Sodium = typeof libsodium

let loaded: Sodium | undefined

/** Imported here, not at the top: importing the package starts its WASM, and the server may not need it yet. */
export async function ready(): Promise<void> {
  if (loaded) return
  const { default: module } = await import('libsodium-wrappers-sumo')
  await module.ready
  loaded = module
}

export function sodium(): Sodium {
  if (!loaded) throw new CryptoNotReady()
  return loaded
}

type WasmHeap = { HEAPU8: Uint8Array; _free(address: number): void }

/**
 * libsodium.js allocates secretstream state (which holds the stream key) on the WASM heap and never
 * frees it. Wipe and free it ourselves when the build exposes its heap; otherwise leave it (a leak,
 * not a break).
 */
export function releaseStreamState(state: unknown): void {
  const heap = (loaded as unknown as { libsodium?: WasmHeap } | undefined)?.libsodium
  if (typeof state !== 'number' || !heap?.HEAPU8 || typeof heap._free !== 'function') return
  heap.HEAPU8.fill(0, state, state + STREAM_STATE_BYTES)
  heap._free(state)
}

// sizeof(crypto_secretstream_xchacha20poly1305_state), as libsodium.js allocates it.
const STREAM_STATE_BYTES = 52
