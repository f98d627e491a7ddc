import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { deriveReporterKeys, fromBase64Url, generateCaseCode, toBase64Url } from '../../crypto/index.js'
import { findProfile } from '../../server/domain/profiles.js'
import { sealReport } from '../../server/domain/sealing.js'
import { SubmissionInvalid } from '../../server/errors.js'
import { catalogue } from '../../views/i18n/index.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { caseIdsOf, casesAsConfidant, countCases } from '../helpers/confidant.js'
import { decodeAttribute, multipart, receiptCode } from '../helpers/forms.js'
import { seedActiveOrganisation, setAutoAcknowledge } from '../helpers/seed.js'
import { seedStaff, signIn } from '../helpers/staff.js'

// Issue 10, "Automatic acknowledgement": where a member has it on (the default), the acknowledgement is sealed with
// the report at receipt, in the reporter's language, and counts as the statutory one.

const RECEIVED = Date.parse('2026-11-28T09:30:00Z')
const DAY = 24 * 60 * 60 * 1000
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function app(): Promise<{ test: TestApp; at: (time: number) => void }> {
  let clock = RECEIVED
  const test = await createTestApp({ now: () => clock })
  cleanups.push(() => test.close())
  return {
    test,
    at: (time) => {
      clock = time
    },
  }
}

/** Through the no-JavaScript form: the server seals the report (and the acknowledgement) in memory. */
async function reportWithoutScript(test: TestApp, slug: string, lang: 'nl' | 'en'): Promise<string> {
  const body = await multipart([
    ['lang', lang],
    ['what', 'The cold store alarm is switched off at night'],
  ])
  const response = await test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body })
  expect(response.statusCode).toBe(200)
  return receiptCode(response.body)
}

type StoredCase = {
  status: string
  receivedAt: number
  acknowledgedAt: number | null
  acknowledgeBy: number
  feedbackBy: number
}

function storedCase(test: TestApp, caseId: string): StoredCase {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return db
      .prepare(
        `SELECT status, received_at AS receivedAt, acknowledged_at AS acknowledgedAt,
                acknowledge_by AS acknowledgeBy, feedback_by AS feedbackBy FROM "case" WHERE id = ?`,
      )
      .get(caseId) as StoredCase
  } finally {
    db.close()
  }
}

function auditOf(test: TestApp, caseId: string): Array<{ actor: string; action: string; at: number }> {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return db
      .prepare('SELECT actor, action, at FROM audit_event WHERE subject = ? ORDER BY id')
      .all(caseId) as Array<{ actor: string; action: string; at: number }>
  } finally {
    db.close()
  }
}

/** The mail written to the outbox, oldest first. */
function outbox(test: TestApp): Array<{ subject: string; body: string }> {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT subject, body FROM outbox ORDER BY id').all() as Array<{
      subject: string
      body: string
    }>
  } finally {
    db.close()
  }
}

describe('a member with automatic acknowledgement on', () => {
  it('acknowledges a no-JS report at receipt with the standard text in the reporter’s language', async () => {
    const { test, at } = await app()
    const org = await seedActiveOrganisation(test, { locales: 'nl,en', autoAcknowledge: true })
    await reportWithoutScript(test, org.slug, 'nl')
    const [caseId] = caseIdsOf(test, org.slug)

    // The confidant's browser opens both entries with the confidant's key: the acknowledgement is the thread's
    // second entry, by `system`, with the standard Dutch text naming the profile's feedback period.
    const [opened] = casesAsConfidant(test, org.slug, org.confidant)
    expect(opened!.entries.map((entry) => [entry.kind, entry.author])).toEqual([
      ['report', 'reporter'],
      ['acknowledgement', 'system'],
    ])
    const standard = catalogue('nl').autoAcknowledgement.standardText(findProfile('nl')!)
    expect(opened!.entries[1]!.document).toEqual({ v: 1, text: standard })
    expect(standard).toContain('Binnen 3 maanden na ontvangst')

    // Acknowledged at receipt; the feedback is due 3 months after it (not 3 months after receipt + 7 days).
    const stored = storedCase(test, caseId!)
    expect(stored).toMatchObject({ status: 'acknowledged', receivedAt: RECEIVED, acknowledgedAt: RECEIVED })
    expect(stored.feedbackBy).toBe(Date.parse('2027-02-28T09:30:00Z'))
    expect(auditOf(test, caseId!)).toEqual([
      { actor: 'reporter', action: 'case.receive', at: RECEIVED },
      { actor: 'system', action: 'case.acknowledged', at: RECEIVED },
    ])
    // The confidants still hear that a report arrived, told that it is acknowledged and when feedback is due.
    expect(outbox(test)).toHaveLength(1)
    const notice = outbox(test)[0]!.body
    expect(notice).toContain('automatisch bevestigd')
    expect(notice).toContain('28 februari 2027')
    expect(notice).not.toContain('Bevestig de ontvangst')

    // No acknowledgement reminder, before, on or after the acknowledgement deadline.
    for (const day of [5, 7, 9]) {
      at(RECEIVED + day * DAY)
      await test.app.services.reminders.runDue()
    }
    expect(test.app.services.reminders.sent().filter((sent) => sent.caseId === caseId)).toEqual([])
    expect(outbox(test)).toHaveLength(1)
  })

  it('seals the member’s own text in the reporter’s language, and the standard text where it has none', async () => {
    const { test } = await app()
    const org = await seedActiveOrganisation(test, { locales: 'nl,en', autoAcknowledge: true })
    const own = 'We have your report. Vera or Piet will contact you through this page within a week.'
    setAutoAcknowledge(test, org.slug, true, { en: own })
    await reportWithoutScript(test, org.slug, 'en')
    await reportWithoutScript(test, org.slug, 'nl')
    const texts = casesAsConfidant(test, org.slug, org.confidant).map(
      (opened) => (opened.entries[1]!.document as { text: string }).text,
    )
    expect(texts).toEqual([own, catalogue('nl').autoAcknowledgement.standardText(findProfile('nl')!)])
  })

  it('counts the feedback period from receipt under every profile', async () => {
    const { test } = await app()
    for (const profile of ['nl', 'de', 'fr', 'es']) {
      const slug = `member-${profile}`
      await seedActiveOrganisation(test, { slug, email: `vp@${slug}.example`, autoAcknowledge: true })
      test.app.services.organisations.edit(slug, { profile }, 'test')
      await reportWithoutScript(test, slug, 'en')
      const stored = storedCase(test, caseIdsOf(test, slug)[0]!)
      expect([profile, stored.status, stored.feedbackBy]).toEqual([
        profile,
        'acknowledged',
        Date.parse('2027-02-28T09:30:00Z'),
      ])
    }
  })

  it('shows the reporter the acknowledgement in their follow-up without JavaScript', async () => {
    const { test } = await app()
    const org = await seedActiveOrganisation(test, { locales: 'nl,en', autoAcknowledge: true })
    const code = await reportWithoutScript(test, org.slug, 'en')
    const opened = await test.app.inject({
      method: 'POST',
      url: `/r/${org.slug}/follow-up`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${encodeURIComponent(code)}&lang=en`,
    })
    expect(opened.statusCode).toBe(303)
    const page = await test.app.inject({
      url: `/r/${org.slug}/follow-up/case?lang=en`,
      cookies: { [opened.cookies[0]!.name]: opened.cookies[0]!.value },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Confirmed — your report is being assessed')
    expect(page.body).toContain('Confirmation of receipt')
    expect(page.body).toContain('Sent automatically at receipt')
    expect(page.body).toContain(
      'Within 3 months of receipt you will hear what has been done with your report',
    )
    // The page after the receipt says the confirmation is there already.
    const done = await test.app.inject({ url: `/r/${org.slug}/done?lang=en` })
    expect(done.body).toContain(catalogue('en').autoAcknowledgement.doneText)
  })

  it('shows the confidant the case as acknowledged automatically, in the inbox and on the case page', async () => {
    const { test } = await app()
    const confidant = await seedStaff(test, 'confidant', 'vp@bakkerij.example')
    const { organisations } = test.app.services
    // The product default: an organisation added without saying so acknowledges automatically.
    organisations.add({ slug: 'bakkerij', name: 'Bakkerij Jansen B.V.', locales: 'en,nl' }, 'test')
    organisations.assign(confidant.email, 'bakkerij', 'test')
    organisations.activate('bakkerij', 'test')
    await reportWithoutScript(test, 'bakkerij', 'en')
    const [caseId] = caseIdsOf(test, 'bakkerij')
    const { browser } = await signIn(test, confidant, RECEIVED)
    const inbox = await test.app.inject({ url: '/staff?lang=en', cookies: browser.cookies })
    expect(inbox.statusCode).toBe(200)
    expect(inbox.body).toContain('Acknowledged')
    expect(inbox.body).toContain('(automatically, at receipt)')
    expect(inbox.body).toContain('Feedback by 28 February 2027')
    const casePage = await test.app.inject({
      url: `/staff/cases/${caseId}?lang=en`,
      cookies: browser.cookies,
    })
    expect(casePage.statusCode).toBe(200)
    expect(casePage.body).toContain('Acknowledged automatically at receipt')
    // Nothing left to acknowledge by hand.
    expect(casePage.body).not.toContain('id="answer-acknowledgement"')
    expect(casePage.body).toContain('id="answer-feedback"')
  })
})

describe('a member with automatic acknowledgement off', () => {
  it('leaves the acknowledgement to the confidant, as before', async () => {
    const { test, at } = await app()
    const org = await seedActiveOrganisation(test, { autoAcknowledge: false })
    await reportWithoutScript(test, org.slug, 'en')
    const [caseId] = caseIdsOf(test, org.slug)
    const [opened] = casesAsConfidant(test, org.slug, org.confidant)
    expect(opened!.entries.map((entry) => entry.kind)).toEqual(['report'])
    const stored = storedCase(test, caseId!)
    expect(stored).toMatchObject({ status: 'received', acknowledgedAt: null })
    // Never acknowledged, the feedback is due 3 months after the end of the 7 days.
    expect(stored.feedbackBy).toBe(Date.parse('2027-03-05T09:30:00Z'))
    const done = await test.app.inject({ url: `/r/${org.slug}/done?lang=en` })
    expect(done.body).toContain('A confidant will confirm receipt within 7 days')
    at(RECEIVED + 5 * DAY)
    await test.app.services.reminders.runDue()
    expect(test.app.services.reminders.sent().map((sent) => sent.kind)).toContain('ack')
  })
})

describe('an oral report', () => {
  it('gets no automatic acknowledgement: the confidant who recorded it acknowledges it', async () => {
    const { test } = await app()
    const org = await seedActiveOrganisation(test, { autoAcknowledge: true })
    const code = generateCaseCode()
    const salt = test.app.services.reports.organisationPage(org.slug).codeSalt
    const reporter = deriveReporterKeys(code, fromBase64Url(salt))
    const recipients = [{ holder: org.confidant.id, publicKey: toBase64Url(org.confidant.keys.publicKey) }]
    const fields = { what: 'By phone', when: '', where: '', who: '', how: '', ongoing: 'unknown' as const }
    const sealed = sealReport(reporter, recipients, fields, [], 'en', 'We have your report.')
    const session = { userId: org.confidant.id, role: 'confidant' }
    expect(() =>
      test.app.services.reports.recordOral(session, org.slug, sealed.envelope, RECEIVED - DAY),
    ).toThrow(SubmissionInvalid)
    expect(countCases(test)).toBe(0)
  })
})

describe('a report sealed in the browser', () => {
  async function formConfig(test: TestApp, slug: string) {
    const page = await test.app.inject({ url: `/r/${slug}/report?lang=en` })
    const attribute = page.body.match(/data-encryption="([^"]+)"/)![1]!
    return JSON.parse(decodeAttribute(attribute)) as {
      codeSalt: string
      recipients: Array<{ holder: string; publicKey: string }>
      submit: string
      acknowledgement?: string
    }
  }

  async function submit(test: TestApp, slug: string, acknowledgement: string | undefined) {
    const config = await formConfig(test, slug)
    const code = generateCaseCode()
    const reporter = deriveReporterKeys(code, fromBase64Url(config.codeSalt))
    const fields = {
      what: 'Forged invoices',
      when: '',
      where: '',
      who: '',
      how: '',
      ongoing: 'unknown' as const,
    }
    const sealed = sealReport(reporter, config.recipients, fields, [], 'en', acknowledgement)
    const body = await multipart([
      ['lang', 'en'],
      ['envelope', JSON.stringify(sealed.envelope)],
    ])
    return test.app.inject({ method: 'POST', url: config.submit, ...body })
  }

  it('gets the text with the form, and must carry it exactly when the member acknowledges automatically', async () => {
    const { test } = await app()
    const on = await seedActiveOrganisation(test, {
      slug: 'on',
      email: 'vp@on.example',
      autoAcknowledge: true,
    })
    const off = await seedActiveOrganisation(test, {
      slug: 'off',
      email: 'vp@off.example',
      autoAcknowledge: false,
    })
    const standard = catalogue('en').autoAcknowledgement.standardText(findProfile('nl')!)
    expect((await formConfig(test, on.slug)).acknowledgement).toBe(standard)
    expect((await formConfig(test, off.slug)).acknowledgement).toBeUndefined()

    // Missing where it is on, or present where it is off: refused, and nothing is stored.
    const missing = await submit(test, on.slug, undefined)
    expect(missing.statusCode).toBe(409)
    expect(missing.json()).toEqual({ error: 'AcknowledgementChanged' })
    const unexpected = await submit(test, off.slug, 'We have your report.')
    expect(unexpected.statusCode).toBe(409)
    expect(unexpected.json()).toEqual({ error: 'AcknowledgementChanged' })
    expect(countCases(test)).toBe(0)

    const accepted = await submit(test, on.slug, standard)
    expect(accepted.statusCode).toBe(201)
    const [opened] = casesAsConfidant(test, on.slug, on.confidant)
    expect(opened!.status).toBe('acknowledged')
    expect(opened!.acknowledgedAt).toBe(RECEIVED)
    expect(opened!.entries[1]).toMatchObject({
      kind: 'acknowledgement',
      author: 'system',
      document: { text: standard },
    })
    expect((await submit(test, off.slug, undefined)).statusCode).toBe(201)
    expect(countCases(test)).toBe(2)
  })
})
