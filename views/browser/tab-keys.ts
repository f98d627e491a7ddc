import {
  fromBase64Url,
  holdSecretKeyForTab,
  publicKeyOfSecretKey,
  ready,
  releaseSecretKeyHeldForTab,
  toBase64Url,
} from '../../crypto/index.js'

/**
 * Where the unlocked private key lives between the server-rendered staff pages (DESIGN §4 "for the tab
 * only"): sessionStorage, which is per tab and gone when the tab closes (never localStorage), and only sealed
 * under the tab key the server derives from the session cookie. Sign-out removes it; after the session ends
 * the server no longer hands out the tab key, so a copy left anywhere opens nothing.
 */
const STORAGE_KEY = 'meldpool.heldSecretKey'

export function holdForTab(tabKey: string, secretKey: Uint8Array): void {
  const held = holdSecretKeyForTab(fromBase64Url(tabKey), secretKey)
  sessionStorage.setItem(STORAGE_KEY, toBase64Url(held))
  secretKey.fill(0)
}

/** The private key this tab holds, checked against the account's public key; undefined when none or wrong. */
export async function heldSecretKey(tabKey: string, publicKey: string): Promise<Uint8Array | undefined> {
  const held = sessionStorage.getItem(STORAGE_KEY)
  if (!held) return undefined
  await ready()
  try {
    const secretKey = releaseSecretKeyHeldForTab(fromBase64Url(tabKey), fromBase64Url(held))
    if (toBase64Url(publicKeyOfSecretKey(secretKey)) === publicKey) return secretKey
    secretKey.fill(0)
  } catch {
    // Sealed under another (older) session's key: useless now.
  }
  dropTabKeys()
  return undefined
}

export function dropTabKeys(): void {
  sessionStorage.removeItem(STORAGE_KEY)
}
