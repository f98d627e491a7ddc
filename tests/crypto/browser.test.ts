import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { build } from 'esbuild'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type * as CryptoApi from '../../crypto/index.js'
import {
  fromBase64Url as b,
  createAccountKeys,
  decryptAttachment,
  deriveAccountSecrets,
  deriveReporterKeys,
  encryptAttachment,
  encryptEntry,
  generateAttachmentKey,
  generateCaseCode,
  generateCaseKeys,
  generateCodeSalt,
  generateRecoveryKeyPair,
  lookupVerifier,
  openEntry,
  openSealedKey,
  ready,
  toBase64Url as s,
  sealKeyFor,
  unlockAccountSecretKey,
} from '../../crypto/index.js'
import { FIXTURE_BUDGET_MS, useBrowser } from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'

// The same bundle the reporter's browser gets, under the CSP the app sends: ciphertext made on one side
// must open on the other, or a report written in the browser could not be read by a confidant.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
const CSP_WITHOUT_WASM = "default-src 'self'; script-src 'self'"
const PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>crypto</title><script src="/crypto.js"></script></head><body></body></html>'

type Api = typeof CryptoApi
declare global {
  var meldpoolCrypto: Api
}

describeInBrowser('crypto in real Chromium', () => {
  let server: Server
  let origin: string
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const sharedBrowser = useBrowser()

  beforeAll(async () => {
    await ready()
    const bundle = await build({
      entryPoints: [new URL('../../crypto/index.ts', import.meta.url).pathname],
      bundle: true,
      format: 'iife',
      globalName: 'meldpoolCrypto',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
    const script = bundle.outputFiles[0]!.contents
    server = createServer((request, response) => {
      const csp = request.url?.startsWith('/no-wasm/') ? CSP_WITHOUT_WASM : CSP
      if (request.url?.endsWith('/crypto.js')) {
        response.writeHead(200, { 'content-type': 'text/javascript', 'content-security-policy': csp })
        response.end(script)
      } else {
        response.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': csp,
        })
        response.end(
          PAGE.replace(
            '/crypto.js',
            request.url?.startsWith('/no-wasm/') ? '/no-wasm/crypto.js' : '/crypto.js',
          ),
        )
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = sharedBrowser()
    context = await browser.newContext()
    page = await context.newPage()
    await page.goto(`${origin}/`)
    await page.evaluate(() => globalThis.meldpoolCrypto.ready())
  }, FIXTURE_BUDGET_MS)

  afterAll(async () => {
    await context?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  it('opens entries, sealed keys, attachments and account keys made in Node', async () => {
    const holder = generateRecoveryKeyPair()
    const { shared } = generateCaseKeys()
    const ctx = { caseId: 'case-1', entryId: 'entry-1', kind: 'report', author: 'reporter', seq: 0 }
    const binding = { caseId: 'case-1', holder: 'confidant-1', kind: 'shared' as const }
    const document = { text: 'Gemaakt in Node — geopend in Chromium ✓', n: 42 }
    const entry = encryptEntry(shared, ctx, document)
    const attachmentKey = generateAttachmentKey()
    const file = Uint8Array.from({ length: 3 * 65536 + 5 }, (_, i) => (i * 7) & 0xff)
    const account = createAccountKeys('wachtwoord van de vertrouwenspersoon')

    const fromBrowser = await page.evaluate(
      (input) => {
        const c = globalThis.meldpoolCrypto
        const key = c.openSealedKey(
          c.fromBase64Url(input.sealed),
          c.fromBase64Url(input.pk),
          c.fromBase64Url(input.sk),
          input.binding,
        )
        const opened = c.openEntry(key, input.ctx, {
          nonce: c.fromBase64Url(input.nonce),
          ciphertext: c.fromBase64Url(input.ciphertext),
        })
        const plain = c.decryptAttachment(
          c.fromBase64Url(input.attachmentKey),
          c.fromBase64Url(input.attachment),
        )
        const secrets = c.deriveAccountSecrets(input.password, c.fromBase64Url(input.salt))
        const accountSecretKey = c.unlockAccountSecretKey(
          secrets.kek,
          c.fromBase64Url(input.encryptedSecretKey),
        )
        return {
          key: c.toBase64Url(key),
          opened,
          attachment: c.toBase64Url(plain),
          auth: c.toBase64Url(secrets.auth),
          accountSecretKey: c.toBase64Url(accountSecretKey),
        }
      },
      {
        sealed: s(sealKeyFor(shared, holder.publicKey, binding)),
        binding,
        pk: s(holder.publicKey),
        sk: s(holder.secretKey),
        ctx,
        nonce: s(entry.nonce),
        ciphertext: s(entry.ciphertext),
        attachmentKey: s(attachmentKey),
        attachment: s(encryptAttachment(attachmentKey, file)),
        password: 'wachtwoord van de vertrouwenspersoon',
        salt: s(account.salt),
        encryptedSecretKey: s(account.encryptedSecretKey),
      },
    )
    expect(fromBrowser.key).toBe(s(shared))
    expect(fromBrowser.opened).toEqual(document)
    expect(fromBrowser.attachment).toBe(s(file))
    expect(fromBrowser.auth).toBe(s(account.auth))
    expect(fromBrowser.accountSecretKey).toBe(s(account.secretKey))
  })

  it('makes entries, sealed keys, attachments and account keys that open in Node', async () => {
    const confidant = generateRecoveryKeyPair()
    const ctx = { caseId: 'case-2', entryId: 'entry-9', kind: 'message', author: 'reporter', seq: 1 }
    const binding = { caseId: 'case-2', holder: 'confidant-2', kind: 'shared' as const }
    const made = await page.evaluate(
      (input) => {
        const c = globalThis.meldpoolCrypto
        const keys = c.generateCaseKeys()
        const entry = c.encryptEntry(keys.shared, input.ctx, { text: 'Gemaakt in Chromium', list: [1, 2, 3] })
        const attachmentKey = c.generateAttachmentKey()
        const file = Uint8Array.from({ length: 65537 }, (_, i) => (i * 11) & 0xff)
        const account = c.createAccountKeys('browser password')
        return {
          sealed: c.toBase64Url(c.sealKeyFor(keys.shared, c.fromBase64Url(input.confidantPk), input.binding)),
          nonce: c.toBase64Url(entry.nonce),
          ciphertext: c.toBase64Url(entry.ciphertext),
          attachmentKey: c.toBase64Url(attachmentKey),
          attachment: c.toBase64Url(c.encryptAttachment(attachmentKey, file)),
          account: {
            salt: c.toBase64Url(account.salt),
            auth: c.toBase64Url(account.auth),
            publicKey: c.toBase64Url(account.publicKey),
            encryptedSecretKey: c.toBase64Url(account.encryptedSecretKey),
            secretKey: c.toBase64Url(account.secretKey),
          },
        }
      },
      { ctx, confidantPk: s(confidant.publicKey), binding },
    )
    const shared = openSealedKey(b(made.sealed), confidant.publicKey, confidant.secretKey, binding)
    expect(openEntry(shared, ctx, { nonce: b(made.nonce), ciphertext: b(made.ciphertext) })).toEqual({
      text: 'Gemaakt in Chromium',
      list: [1, 2, 3],
    })
    const file = Uint8Array.from({ length: 65537 }, (_, i) => (i * 11) & 0xff)
    expect(decryptAttachment(b(made.attachmentKey), b(made.attachment))).toEqual(file)
    const secrets = deriveAccountSecrets('browser password', b(made.account.salt))
    expect(s(secrets.auth)).toBe(made.account.auth)
    expect(s(unlockAccountSecretKey(secrets.kek, b(made.account.encryptedSecretKey)))).toBe(
      made.account.secretKey,
    )
  })

  it('derives the same reporter keys in the browser as in Node', async () => {
    const code = generateCaseCode()
    const salt = generateCodeSalt()
    const inBrowser = await page.evaluate(
      (input) => {
        const c = globalThis.meldpoolCrypto
        const keys = c.deriveReporterKeys(input.code, c.fromBase64Url(input.salt))
        return {
          lookup: c.toBase64Url(keys.lookup),
          verifier: c.toBase64Url(c.lookupVerifier(keys.lookup)),
          publicKey: c.toBase64Url(keys.publicKey),
        }
      },
      { code, salt: s(salt) },
    )
    const inNode = deriveReporterKeys(code, salt)
    expect(inBrowser).toEqual({
      lookup: s(inNode.lookup),
      verifier: s(lookupVerifier(inNode.lookup)),
      publicKey: s(inNode.publicKey),
    })
  })

  it("does not start without 'wasm-unsafe-eval' in the CSP (recorded in crypto/README.md)", async () => {
    const strict = await context.newPage()
    await strict.goto(`${origin}/no-wasm/`)
    // A hang would run into the test's budget and fail it: no timer of our own that load could trip.
    const outcome = await strict.evaluate(() =>
      globalThis.meldpoolCrypto.ready().then(
        () => 'ready',
        (error: unknown) => `failed: ${String(error)}`,
      ),
    )
    await strict.close()
    // ready() rejects (it does not hang), so the page can tell the reporter instead of spinning forever.
    expect(outcome).toMatch(/^failed: .*WebAssembly.*Content Security Policy/)
  })
})
