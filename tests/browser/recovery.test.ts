import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import {
  generateRecoveryKeyPair,
  recoveryKeyFingerprint,
  recoveryKeyFromText,
  recoveryKeyToText,
} from '../../crypto/index.js'
import { catalogue } from '../../views/i18n/index.js'
import type { TestApp } from '../helpers/app.js'
import {
  expectAccessible,
  expectOnlyOwnOrigin,
  FIXTURE_BUDGET_MS,
  openContext,
  useWorkspace,
} from '../helpers/browser.js'
import { describeInBrowser } from '../helpers/chromium.js'
import { caseIdsOf } from '../helpers/confidant.js'
import { addBakery } from '../helpers/seed.js'
import { type StaffAccount, seedStaff, signInInBrowser } from '../helpers/staff.js'

const t = catalogue('en').recovery
const tc = catalogue('en').staffCase
const tr = catalogue('en').reporter

// Issue 11 / DESIGN §4: the recovery key is made in the administrator's browser, shown once, and later typed back
// in to give a member's cases to a new confidant when the only one who could read them is gone.
describeInBrowser(
  'the recovery key gives a member’s cases to a new confidant after the only one left',
  () => {
    const workspace = useWorkspace(() => clock)
    let browser: Browser
    let test: TestApp
    let origin: string
    let admin: StaffAccount
    let vera: StaffAccount
    let jan: StaffAccount
    let secretText = ''
    const what = 'The weighing scales at the bakery are set 5% light.'
    let clock = Date.now()
    beforeAll(async () => {
      ;({ browser, test, origin } = workspace())
      admin = await seedStaff(test, 'admin', 'ada@example.org')
      vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
      jan = await seedStaff(test, 'confidant', 'jan@example.org', 'J. Jansen')
      addBakery(test, { confidants: [vera], autoAcknowledge: true })
    }, FIXTURE_BUDGET_MS)

    /** Every request body any page of the context sends, to prove the secret never leaves the browser. */
    function recordBodies(context: BrowserContext): Buffer[] {
      const bodies: Buffer[] = []
      context.on('request', (request) => {
        const body = request.postDataBuffer()
        if (body) bodies.push(body)
      })
      return bodies
    }

    async function signInAs(
      account: StaffAccount,
    ): Promise<{ context: BrowserContext; page: Page; requests: string[]; bodies: Buffer[] }> {
      clock += 60_000
      const { context, requests } = await openContext(browser)
      const bodies = recordBodies(context)
      const page = await context.newPage()
      await signInInBrowser(page, origin, account, clock)
      return { context, page, requests, bodies }
    }

    function storedPublicKey(): Uint8Array | null {
      const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
      try {
        const row = db.prepare('SELECT recovery_public_key AS key FROM instance').get() as {
          key: Buffer | null
        }
        return row.key ? new Uint8Array(row.key) : null
      } finally {
        db.close()
      }
    }

    function expectSecretNeverSent(bodies: Buffer[]) {
      const spellings = [
        secretText,
        secretText.replaceAll('-', ''),
        secretText.slice(5),
        secretText.toLowerCase(),
      ]
      for (const body of bodies) {
        const text = body.toString('latin1')
        for (const spelling of spellings) expect(text.includes(spelling)).toBe(false)
      }
    }

    it('the administrator generates the key in the page, prints it, confirms it, and only the public half is stored', async () => {
      const { context, page, requests, bodies } = await signInAs(admin)
      await page.goto(`${origin}/staff/admin/recovery?lang=en`)
      expect(await page.textContent('#recovery-current')).toBe(t.none)
      await page.click(`button:has-text("${t.generate}")`)
      secretText = (await page.textContent('#recovery-text'))!.trim()
      const pair = recoveryKeyFromText(secretText)
      const fingerprint = recoveryKeyFingerprint(pair.publicKey)
      expect(await page.textContent('#recovery-fingerprint')).toBe(fingerprint)
      await expectAccessible(page, 'recovery key shown once')

      // Printed, the sheet is all there is: no navigation, no buttons, no confirmation field.
      await page.emulateMedia({ media: 'print' })
      expect(await page.isVisible('#recovery-text')).toBe(true)
      expect(await page.isVisible('.admin-nav')).toBe(false)
      expect(await page.isVisible('#recovery-confirm')).toBe(false)
      await page.emulateMedia({ media: 'screen' })

      await page.fill('#recovery-confirm', 'ZZZZ')
      await page.click(`button:has-text("${t.store}")`)
      await expect.poll(() => page.textContent('#recovery-status')).toBe(t.confirmWrong)
      expect(storedPublicKey()).toBeNull()
      await page.fill('#recovery-confirm', secretText.slice(-4).toLowerCase())
      await page.click(`button:has-text("${t.store}")`)
      await expect.poll(() => page.textContent('#recovery-status')).toBe(t.stored(fingerprint))
      expect(storedPublicKey()).toEqual(pair.publicKey)
      expect(await page.textContent('#recovery-text')).toBe('')
      expect(await page.isVisible('#recovery-sheet')).toBe(false)
      await page.reload()
      expect(await page.textContent('#recovery-current')).toBe(fingerprint)
      expectSecretNeverSent(bodies)
      expectOnlyOwnOrigin(requests, origin)
      await context.close()
    })

    it('after the only confidant is gone, the administrator re-shares with the pasted key and the new one reads the report', async () => {
      // A reporter with JavaScript: the page seals the new case to Vera and to the recovery key.
      const reporter = await openContext(browser)
      const form = await reporter.context.newPage()
      await form.goto(`${origin}/r/bakkerij/report?lang=en`)
      await form.fill('#what', what)
      await form.click(`button:has-text("${tr.submit}")`)
      await form.waitForSelector('#receipt:not([hidden])')
      await reporter.context.close()
      const [caseId] = caseIdsOf(test, 'bakkerij')

      // Vera leaves and her keys go with her (the administrator's reset page is another area: done directly here).
      const { organisations } = test.app.services
      test.app.services.organisations.assign(jan.email, 'bakkerij', 'test')
      organisations.unassign(vera.email, 'bakkerij', 'test')
      const db = new Database(join(test.dataDir, 'meldpool.sqlite'))
      try {
        db.prepare('DELETE FROM case_key WHERE holder = ?').run(vera.id)
      } finally {
        db.close()
      }

      const { context, page, requests, bodies } = await signInAs(admin)
      await page.goto(`${origin}/staff/admin/recovery/reshare?lang=en`)
      await page.waitForSelector('#reshare-start:not([disabled])')
      await expectAccessible(page, 're-share page')
      const organisationId = test.app.services.recovery.choices()[0]!.organisation.id
      await page.selectOption('#reshare-target', `${organisationId}/${jan.id}`)

      // A mistyped character is caught by the checksum; another valid key is named as another key.
      const typo = `${secretText.slice(0, -1)}${secretText.endsWith('0') ? '1' : '0'}`
      await page.fill('#recovery-key-input', typo)
      await page.click(`button:has-text("${t.start}")`)
      await expect.poll(() => page.textContent('#reshare-status')).toBe(t.keyInvalid)
      const stranger = generateRecoveryKeyPair()
      await page.fill('#recovery-key-input', recoveryKeyToText(stranger.secretKey))
      await page.click(`button:has-text("${t.start}")`)
      const current = recoveryKeyFingerprint(recoveryKeyFromText(secretText).publicKey)
      await expect
        .poll(() => page.textContent('#reshare-status'))
        .toBe(t.keyMismatch(recoveryKeyFingerprint(stranger.publicKey), current))

      await page.fill('#recovery-key-input', secretText)
      await page.click(`button:has-text("${t.start}")`)
      await expect.poll(() => page.textContent('#reshare-status')).toBe(t.done(1, 0))
      expect(await page.inputValue('#recovery-key-input')).toBe('')
      expectSecretNeverSent(bodies)
      // Nothing the page sent carries the report's text either: the administrator never had it.
      for (const body of bodies) expect(body.toString('latin1').includes(what)).toBe(false)
      expectOnlyOwnOrigin(requests, origin)
      await context.close()

      const asJan = await signInAs(jan)
      await asJan.page.goto(`${origin}/staff/cases/${caseId}?lang=en`)
      await expect.poll(() => asJan.page.textContent('#case-status')).toBe(tc.opened)
      expect(await asJan.page.textContent('#thread .entry-report .entry-body')).toContain(what)
      expect(await asJan.page.locator('#internal-key-warning').count()).toBe(0)
      expect(await asJan.page.locator('#thread-warning').count()).toBe(0)
      await asJan.context.close()
    })
  },
)
