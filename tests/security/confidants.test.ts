import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  deriveReporterKeys,
  fromBase64Url,
  generateCaseCode,
  KeyOpenFailed,
  toBase64Url,
} from '../../crypto/index.js'
import { sealReport } from '../../server/domain/sealing.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import {
  caseIdsOf,
  openCaseKeyAs,
  openReportWith,
  type StoredCaseKey,
  storedCaseKeys,
} from '../helpers/confidant.js'
import { decodeAttribute, multipart, receiptCode } from '../helpers/forms.js'
import { type SeededAccount, type SeededOrganisation, type SeededPool, seedPool } from '../helpers/seed.js'

// README / DESIGN §4: "only the organisation's confidants can read it". Two member organisations with
// confidants of their own, a confidant assigned nowhere and an administrator: a report to one organisation
// is sealed to exactly its confidants (and the reporter), and nobody else's key opens it.

let test: TestApp
let pool: SeededPool

beforeAll(async () => {
  test = await createTestApp()
  pool = await seedPool(test)
}, 120_000)
afterAll(() => test?.close())

type Encryption = {
  codeSalt: string
  recipients: Array<{ holder: string; publicKey: string }>
  submit: string
}

/** What the report form hands the page script to encrypt with. */
async function encryptionOf(organisation: SeededOrganisation): Promise<Encryption> {
  const page = await test.app.inject({ url: `/r/${organisation.slug}/report?lang=en` })
  expect(page.statusCode).toBe(200)
  return JSON.parse(decodeAttribute(page.body.match(/data-encryption="([^"]+)"/)![1]!))
}

/** JavaScript path: what views/browser/report.ts does with the form's encryption details. */
async function reportWithJavaScript(organisation: SeededOrganisation, what: string): Promise<string> {
  const encryption = await encryptionOf(organisation)
  const reporter = deriveReporterKeys(generateCaseCode(), fromBase64Url(encryption.codeSalt))
  const fields = { what, when: '', where: '', who: '', how: '', ongoing: 'unknown' as const }
  const { envelope } = sealReport(reporter, encryption.recipients, fields, [], 'en')
  const body = await multipart([
    ['lang', 'en'],
    ['envelope', JSON.stringify(envelope)],
  ])
  const response = await test.app.inject({ method: 'POST', url: encryption.submit, ...body })
  expect(response.statusCode).toBe(201)
  return envelope.caseId
}

/** No-JavaScript path: a plain form post that the server seals in memory. */
async function reportWithoutJavaScript(organisation: SeededOrganisation, what: string): Promise<string> {
  const before = new Set(caseIdsOf(test, organisation.slug))
  const body = await multipart([
    ['lang', 'en'],
    ['what', what],
    ['name', 'Jan Klaassen'],
  ])
  const response = await test.app.inject({ method: 'POST', url: `/r/${organisation.slug}/report`, ...body })
  expect(response.statusCode).toBe(200)
  receiptCode(response.body)
  const added = caseIdsOf(test, organisation.slug).filter((id) => !before.has(id))
  expect(added).toHaveLength(1)
  return added[0]!
}

const holdersOf = (keys: StoredCaseKey[]) => keys.map(({ holder, kind }) => `${holder}/${kind}`).sort()
const expectedHolders = (organisation: SeededOrganisation) =>
  [
    'reporter/shared',
    ...organisation.confidants.flatMap(({ id }) => [`${id}/shared`, `${id}/internal`]),
  ].sort()

function outsidersOf(organisation: SeededOrganisation): Array<[string, SeededAccount]> {
  const other = organisation === pool.bakery ? pool.garage : pool.bakery
  return [
    ...other.confidants.map((confidant): [string, SeededAccount] => [`${other.slug} confidant`, confidant]),
    ['unassigned confidant', pool.unassigned],
    ['administrator', pool.admin],
  ]
}

describe("only the organisation's confidants can read a report", () => {
  it('the report form offers exactly the organisation’s own confidants as recipients', async () => {
    for (const organisation of [pool.bakery, pool.garage]) {
      const { recipients } = await encryptionOf(organisation)
      const byHolder = (a: { holder: string }, b: { holder: string }) => a.holder.localeCompare(b.holder)
      expect(recipients.sort(byHolder)).toEqual(
        organisation.confidants
          .map(({ id, keys }) => ({ holder: id, publicKey: toBase64Url(keys.publicKey) }))
          .sort(byHolder),
      )
    }
    // Distinct people have distinct keys: a shared key pair would make every check below vacuous.
    const everyone = [...pool.bakery.confidants, ...pool.garage.confidants, pool.unassigned, pool.admin]
    expect(new Set(everyone.map(({ keys }) => toBase64Url(keys.publicKey))).size).toBe(everyone.length)
  })

  for (const [path, report] of [
    ['with JavaScript', reportWithJavaScript],
    ['without JavaScript', reportWithoutJavaScript],
  ] as const) {
    for (const which of ['bakery', 'garage'] as const) {
      it(`${path}, a report to the ${which} is sealed to exactly its confidants and the reporter`, async () => {
        const organisation = pool[which]
        const text = `Only the ${which}'s confidants may read this (${path}).`
        const caseId = await report(organisation, text)
        const keys = storedCaseKeys(test, caseId)
        expect(holdersOf(keys)).toEqual(expectedHolders(organisation))

        // Each of the organisation's confidants opens both keys and reads the report.
        for (const confidant of organisation.confidants) {
          const mine = keys.filter(({ holder }) => holder === confidant.id)
          const [shared, internal] = (['shared', 'internal'] as const).map((kind) =>
            openCaseKeyAs(confidant, { ...mine.find((key) => key.kind === kind)!, caseId }),
          )
          expect(openReportWith(test, caseId, shared!)).toMatchObject({ what: text })
          expect(internal).not.toEqual(shared)
        }

        // Nobody else's key opens any sealed key of the case, so nobody else can decrypt the report.
        for (const [who, outsider] of outsidersOf(organisation)) {
          expect(
            keys.some(({ holder }) => holder === outsider.id),
            who,
          ).toBe(false)
          for (const key of keys) {
            expect(
              () => openCaseKeyAs(outsider, { ...key, caseId }),
              `${who} opens ${key.holder}/${key.kind}`,
            ).toThrow(KeyOpenFailed)
          }
        }
      })
    }
  }

  it('the administrator holds no key of any case', () => {
    for (const organisation of [pool.bakery, pool.garage]) {
      for (const caseId of caseIdsOf(test, organisation.slug)) {
        expect(holdersOf(storedCaseKeys(test, caseId)).filter((h) => h.startsWith(pool.admin.id))).toEqual([])
      }
    }
    expect(caseIdsOf(test, pool.bakery.slug).length + caseIdsOf(test, pool.garage.slug).length).toBe(4)
  })
})
