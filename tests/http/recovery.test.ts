import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  fromBase64Url,
  generateRecoveryKeyPair,
  openSealedKey,
  type RecoveryKeyPair,
  randomId,
  ready,
  recoveryKeyFingerprint,
  sealKeyFor,
  toBase64Url,
} from '../../crypto/index.js'
import type { EntryDocument } from '../../server/domain/documents.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { caseIdsOf, openCaseKeyAs, openReportWith, storedCaseKeys } from '../helpers/confidant.js'
import { decodeAttribute } from '../helpers/forms.js'
import { addBakeryAndGarage, reportWithoutScript } from '../helpers/seed.js'
import { type Browserish, postJson, type StaffAccount, seedStaff, signInEach } from '../helpers/staff.js'

// Issue 11 / DESIGN §4: the instance recovery key. The server stores only its public half; re-sharing with it
// hands an administrator's browser only keys sealed to 'recovery' and accepts keys only for a confidant who may
// hold them.

const clock = Date.parse('2026-11-28T10:00:07Z')
let test: TestApp
const people: Record<string, StaffAccount> = {}
let sessions: Record<string, Browserish>
let recovery: RecoveryKeyPair
let bakeryId: string
let garageId: string
let beforeKeyCase: string
let bakeryCases: string[]

function withDb<T>(work: (db: Database.Database) => T, readonly = true): T {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly })
  try {
    return work(db)
  } finally {
    db.close()
  }
}
const auditEvents = () =>
  withDb(
    (db) =>
      db.prepare('SELECT actor, action, subject FROM audit_event ORDER BY id').all() as Array<{
        actor: string
        action: string
        subject: string | null
      }>,
  )
const caseKeyCount = () =>
  withDb((db) => (db.prepare('SELECT count(*) AS n FROM case_key').get() as { n: number }).n)

const setKey = (as: Browserish, body: unknown) => postJson(test, '/staff/admin/api/recovery-key', body, as)
const batch = (as: Browserish, organisationId: string, confidantId: string, after = '') =>
  test.app.inject({
    url: `/staff/admin/api/recovery/${organisationId}/${confidantId}?after=${after}`,
    cookies: as.cookies,
  })
const reshare = (as: Browserish, confidantId: string, body: unknown) =>
  postJson(test, `/staff/admin/api/recovery/${confidantId}`, body, as)

/** What the administrator's browser does: open the recovery-sealed keys, seal them to the confidant. */
function resealed(item: { caseId: string; sharedKey: string; internalKey: string }, to: StaffAccount) {
  const seal = (kind: 'shared' | 'internal') => {
    const key = openSealedKey(
      fromBase64Url(kind === 'shared' ? item.sharedKey : item.internalKey),
      recovery.publicKey,
      recovery.secretKey,
      { caseId: item.caseId, holder: 'recovery', kind },
    )
    return toBase64Url(sealKeyFor(key, to.keys.publicKey, { caseId: item.caseId, holder: to.id, kind }))
  }
  return { caseId: item.caseId, sharedKey: seal('shared'), internalKey: seal('internal') }
}

beforeAll(async () => {
  await ready()
  test = await createTestApp({ now: () => clock })
  people.vera = await seedStaff(test, 'confidant', 'vera@example.org', 'Vera de Vries')
  people.jan = await seedStaff(test, 'confidant', 'jan@example.org', 'J. Jansen')
  people.gert = await seedStaff(test, 'confidant', 'gert@example.org', 'Gert Garage')
  people.dora = await seedStaff(test, 'confidant', 'dora@example.org', 'Dora Disabled')
  people.admin = await seedStaff(test, 'admin', 'ada@example.org')
  addBakeryAndGarage(test, { bakery: [people.vera], garage: [people.gert], autoAcknowledge: true })
  const idOf = (slug: string) =>
    test.app.services.recovery.choices().find((c) => c.organisation.slug === slug)!.organisation.id
  bakeryId = idOf('bakkerij')
  garageId = idOf('garage')
  await reportWithoutScript(test, 'bakkerij', 'Sent before any recovery key was set')
  beforeKeyCase = caseIdsOf(test, 'bakkerij')[0]!
  sessions = await signInEach(test, people, clock)
})
afterAll(() => test.close())

describe('the instance recovery key', () => {
  it('stores only a 32-byte public key, once unless replacing is asked for, audited with its fingerprint', async () => {
    const page = await test.app.inject({
      url: '/staff/admin/recovery?lang=en',
      cookies: sessions.admin!.cookies,
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('No recovery key is set')

    const first = generateRecoveryKeyPair()
    for (const [label, publicKey] of [
      ['31 bytes', toBase64Url(first.publicKey.slice(1))],
      ['33 bytes', toBase64Url(new Uint8Array([...first.publicKey, 1]))],
      ['zeros', toBase64Url(new Uint8Array(32))],
      ['not base64url', '!!!!'],
    ] as const) {
      expect((await setKey(sessions.admin!, { publicKey, replace: false })).statusCode, label).toBe(400)
    }
    // Only an administrator, only with the CSRF token.
    expect(
      (await setKey(sessions.vera!, { publicKey: toBase64Url(first.publicKey), replace: false })).statusCode,
    ).toBe(403)
    const noCsrf = await test.app.inject({
      method: 'POST',
      url: '/staff/admin/api/recovery-key',
      cookies: sessions.admin!.cookies,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ publicKey: toBase64Url(first.publicKey), replace: false }),
    })
    expect(noCsrf.statusCode).toBe(403)
    expect(test.app.services.recovery.fingerprint()).toBeNull()

    const stored = await setKey(sessions.admin!, { publicKey: toBase64Url(first.publicKey), replace: false })
    expect(stored.statusCode).toBe(201)
    const firstPrint = recoveryKeyFingerprint(first.publicKey)
    expect(firstPrint).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    expect(stored.json()).toEqual({ fingerprint: firstPrint })

    recovery = generateRecoveryKeyPair()
    const again = await setKey(sessions.admin!, {
      publicKey: toBase64Url(recovery.publicKey),
      replace: false,
    })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toEqual({ error: 'RecoveryKeyExists' })
    expect(test.app.services.recovery.fingerprint()).toBe(firstPrint)
    const replaced = await setKey(sessions.admin!, {
      publicKey: toBase64Url(recovery.publicKey),
      replace: true,
    })
    expect(replaced.statusCode).toBe(201)

    const fingerprint = recoveryKeyFingerprint(recovery.publicKey)
    const shown = await test.app.inject({
      url: '/staff/admin/recovery?lang=en',
      cookies: sessions.admin!.cookies,
    })
    expect(shown.body).toContain(fingerprint)
    expect(shown.body).toContain('cases received before keep the old key only')
    const events = auditEvents().filter((event) => event.action.startsWith('recovery_key.'))
    expect(events).toEqual([
      { actor: people.admin!.id, action: `recovery_key.set:${firstPrint}`, subject: null },
      { actor: people.admin!.id, action: `recovery_key.replaced:${fingerprint}`, subject: null },
    ])
    expect(
      (await test.app.inject({ url: '/staff/admin/recovery', cookies: sessions.vera!.cookies })).statusCode,
    ).toBe(403)
  })

  it('seals every new case to it: the no-JS report, and the recipients of the JS report form and the oral form', async () => {
    await reportWithoutScript(test, 'bakkerij', 'The flour is past its date')
    await reportWithoutScript(test, 'bakkerij', 'The oven door does not close')
    await reportWithoutScript(test, 'garage', 'Brake fluid is poured into the drain')
    bakeryCases = caseIdsOf(test, 'bakkerij')
      .filter((id) => id !== beforeKeyCase)
      .sort()
    expect(bakeryCases).toHaveLength(2)
    for (const caseId of bakeryCases) {
      const keys = storedCaseKeys(test, caseId).filter((key) => key.holder === 'recovery')
      expect(keys.map((key) => key.kind)).toEqual(['internal', 'shared'])
      const shared = openSealedKey(keys[1]!.sealedKey, recovery.publicKey, recovery.secretKey, {
        caseId,
        holder: 'recovery',
        kind: 'shared',
      })
      expect((openReportWith(test, caseId, shared) as EntryDocument & { what: string }).what).toMatch(
        /flour|oven/,
      )
    }
    expect(storedCaseKeys(test, beforeKeyCase).some((key) => key.holder === 'recovery')).toBe(false)

    const recipientsOn = (body: string) =>
      (
        JSON.parse(decodeAttribute(body.match(/data-encryption="([^"]+)"/)![1]!)) as {
          recipients: Array<{ holder: string; publicKey: string }>
        }
      ).recipients
    const form = await test.app.inject({ url: '/r/bakkerij/report?lang=en' })
    const oral = await test.app.inject({
      url: '/staff/oral/bakkerij?lang=en',
      cookies: sessions.vera!.cookies,
    })
    for (const [label, page] of [
      ['report form', form],
      ['oral form', oral],
    ] as const) {
      expect(page.statusCode, label).toBe(200)
      expect(recipientsOn(page.body), label).toContainEqual({
        holder: 'recovery',
        publicKey: toBase64Url(recovery.publicKey),
      })
    }
  })

  it('hands an administrator only the keys sealed to the recovery key, and a confidant nothing', async () => {
    test.app.services.organisations.assign(people.jan!.email, 'bakkerij', 'test')
    const answer = await batch(sessions.admin!, bakeryId, people.jan!.id)
    expect(answer.statusCode).toBe(200)
    expect(answer.headers['cache-control']).toBe('no-store')
    const body = answer.json()
    expect(body.confidant).toEqual({
      id: people.jan!.id,
      name: 'J. Jansen',
      publicKey: toBase64Url(people.jan!.keys.publicKey),
    })
    // The case received before the key was set cannot be re-shared with it, so it is not listed.
    expect(body.cases.map((item: { caseId: string }) => item.caseId)).toEqual(bakeryCases)
    for (const item of body.cases) {
      expect(Object.keys(item).sort()).toEqual(['caseId', 'internalKey', 'sharedKey'])
      const stored = storedCaseKeys(test, item.caseId).filter((key) => key.holder === 'recovery')
      expect(item.sharedKey).toBe(toBase64Url(stored.find((key) => key.kind === 'shared')!.sealedKey))
      expect(item.internalKey).toBe(toBase64Url(stored.find((key) => key.kind === 'internal')!.sealedKey))
    }
    // No entry ciphertext anywhere in the answer.
    const ciphertexts = withDb((db) =>
      (db.prepare('SELECT ciphertext FROM entry').all() as Array<{ ciphertext: Buffer }>).map((row) =>
        toBase64Url(new Uint8Array(row.ciphertext)),
      ),
    )
    for (const ciphertext of ciphertexts) expect(answer.body).not.toContain(ciphertext.slice(0, 40))

    for (const who of ['vera', 'jan', 'gert']) {
      const refused = await batch(sessions[who]!, bakeryId, people.jan!.id)
      expect(refused.statusCode, who).toBe(403)
      expect(refused.json(), who).toEqual({ error: 'AdministratorsOnly' })
    }
  })

  it('refuses a target who is not an enabled confidant with keys assigned to the case’s organisation', async () => {
    test.app.services.organisations.assign(people.dora!.email, 'bakkerij', 'test')
    withDb(
      (db) => db.prepare('UPDATE user SET disabled_at = ? WHERE id = ?').run(clock, people.dora!.id),
      false,
    )
    const before = caseKeyCount()
    for (const [label, organisationId, target] of [
      ['a confidant of another organisation', bakeryId, people.gert!.id],
      ['a disabled confidant', bakeryId, people.dora!.id],
      ['an administrator', bakeryId, people.admin!.id],
      ['the recovery holder', bakeryId, 'recovery'],
      ['the reporter holder', bakeryId, 'reporter'],
      ['nobody', bakeryId, randomId()],
      ['the right person under another organisation', garageId, people.jan!.id],
    ] as const) {
      const listed = await batch(sessions.admin!, organisationId, target)
      expect(listed.statusCode, label).toBe(403)
      expect(listed.json(), label).toEqual({ error: 'ShareTargetInvalid' })
      // Posting names only the confidant: the case's own organisation is what they must be assigned to.
      const caseId = organisationId === garageId ? caseIdsOf(test, 'garage')[0]! : bakeryCases[0]!
      const posted = await reshare(sessions.admin!, target, {
        cases: [resealed(bodyOf(caseId), people.jan!)],
      })
      expect(posted.statusCode, label).toBe(403)
    }
    // A case not sealed to the recovery key, an unknown case, malformed keys; a confidant may not post at all.
    const good = resealed(bodyOf(bakeryCases[0]!), people.jan!)
    for (const [label, as, body, status] of [
      ['a case sealed before the key', sessions.admin!, { cases: [{ ...good, caseId: beforeKeyCase }] }, 404],
      ['an unknown case', sessions.admin!, { cases: [{ ...good, caseId: randomId() }] }, 404],
      [
        'one bad case spoils the batch',
        sessions.admin!,
        { cases: [good, { ...good, caseId: randomId() }] },
        404,
      ],
      [
        'a key of the wrong size',
        sessions.admin!,
        { cases: [{ ...good, sharedKey: toBase64Url(new Uint8Array(80)) }] },
        400,
      ],
      ['only one key', sessions.admin!, { cases: [{ caseId: good.caseId, sharedKey: good.sharedKey }] }, 400],
      ['a confidant', sessions.vera!, { cases: [good] }, 403],
    ] as const) {
      expect((await reshare(as, people.jan!.id, body)).statusCode, label).toBe(status)
    }
    expect(caseKeyCount()).toBe(before)
    expect(auditEvents().some((event) => event.action.startsWith('case.shared'))).toBe(false)
  })

  it('stores the confidant’s keys, audited as the administrator’s share with the recovery key; a repeat is 409', async () => {
    const items = (await batch(sessions.admin!, bakeryId, people.jan!.id)).json().cases
    const before = caseKeyCount()
    const stored = await reshare(sessions.admin!, people.jan!.id, {
      cases: items.map((item: { caseId: string; sharedKey: string; internalKey: string }) =>
        resealed(item, people.jan!),
      ),
    })
    expect(stored.statusCode).toBe(201)
    expect(stored.json()).toEqual({ shared: 2 })
    expect(caseKeyCount()).toBe(before + 4)
    for (const caseId of bakeryCases) {
      const jans = storedCaseKeys(test, caseId).filter((key) => key.holder === people.jan!.id)
      const shared = openCaseKeyAs(people.jan!, { ...jans.find((key) => key.kind === 'shared')!, caseId })
      expect((openReportWith(test, caseId, shared) as EntryDocument & { what: string }).what).toMatch(/./)
    }
    const shares = auditEvents().filter((event) => event.action.startsWith('case.shared'))
    expect(shares).toEqual(
      bakeryCases.map((caseId) => ({
        actor: people.admin!.id,
        action: `case.shared:${people.jan!.id}:recovery-key`,
        subject: caseId,
      })),
    )
    const repeat = await reshare(sessions.admin!, people.jan!.id, {
      cases: [resealed(items[0], people.jan!)],
    })
    expect(repeat.statusCode).toBe(409)
    expect(repeat.json()).toEqual({ error: 'AlreadyShared' })
    expect((await batch(sessions.admin!, bakeryId, people.jan!.id)).json().cases).toEqual([])
  })
})

/** A case's recovery-sealed keys as the batch endpoint would list them. */
function bodyOf(caseId: string) {
  const keys = storedCaseKeys(test, caseId).filter((key) => key.holder === 'recovery')
  return {
    caseId,
    sharedKey: toBase64Url(keys.find((key) => key.kind === 'shared')!.sealedKey),
    internalKey: toBase64Url(keys.find((key) => key.kind === 'internal')!.sealedKey),
  }
}
