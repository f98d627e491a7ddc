import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import { argon2idBudget } from '../helpers/budgets.js'
import { multipart } from '../helpers/forms.js'
import { seedActiveOrganisation, seedAdmin } from '../helpers/seed.js'

// Issue 11: a member may go by a display name (shown on its reporter pages); the mails about it to its
// confidants and to the administrators use that name too, so everyone reads the same name.

const cleanups: Array<() => Promise<void>> = []
/** A Saturday; the report's acknowledgement is due on Saturday 5 December. */
let clock = Date.parse('2026-11-28T09:30:00Z')
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('a member’s display name', () => {
  it(
    'names it in the new-report notice, the reminders and the weekly digest instead of its registered name',
    async () => {
      const test = await createTestApp({ now: () => clock })
      cleanups.push(() => test.close())
      await seedAdmin(test, 'beheer@example.org')
      const bakery = await seedActiveOrganisation(test)
      const shown = 'Warme Bakker Jansen'
      test.app.services.organisations.edit(bakery.slug, { displayName: shown }, 'test')
      const mailsSince = (count: number) => test.app.services.mail.outbox().slice(count)

      const page = await test.app.inject({ url: `/r/${bakery.slug}` })
      expect(page.body).toContain(shown)
      const body = await multipart([
        ['lang', 'nl'],
        ['what', 'the oven is never cleaned'],
      ])
      const response = await test.app.inject({ method: 'POST', url: `/r/${bakery.slug}/report`, ...body })
      expect(response.statusCode).toBe(200)
      const notices = mailsSince(0)
      expect(notices.map((mail) => mail.subject)).toEqual([`Nieuwe melding voor ${shown}`])

      // Monday 08:30 in Amsterdam: the weekly digest lists the member (it has a case awaiting acknowledgement).
      clock = Date.parse('2026-11-30T07:30:00Z')
      expect(await test.app.services.scheduler.runDue()).toMatchObject({ digests: 1 })
      const digests = mailsSince(notices.length)
      expect(digests.map((mail) => mail.recipient)).toEqual(['beheer@example.org'])
      expect(digests[0]!.body).toContain(`\n${shown}\n`)

      // Two days before the acknowledgement deadline (5 December): the reminder.
      clock = Date.parse('2026-12-03T08:00:00Z')
      expect(await test.app.services.reminders.runDue()).toBe(1)
      const reminders = mailsSince(notices.length + digests.length)
      expect(reminders.map((mail) => mail.subject)).toEqual([
        `Herinnering: bevestig de ontvangst van een melding aan ${shown} uiterlijk 5 december 2026`,
      ])

      for (const mail of [...notices, ...digests, ...reminders]) {
        expect(`${mail.subject}\n${mail.body}`).not.toContain(bakery.name)
      }
    },
    argon2idBudget(4),
  )
})
