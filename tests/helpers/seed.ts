import { expect } from 'vitest'
import { createAccountKeys, type NewAccountKeys, ready } from '../../crypto/index.js'
import { createRepositories, openDatabase } from '../../db/index.js'
import { newTotpSecret } from '../../server/domain/totp.js'
import type { TestApp } from './app.js'
import { multipart } from './forms.js'

/** A staff account whose secret key the test holds, to read (or fail to read) cases as them. */
export type SeededAccount = { id: string; email: string; keys: NewAccountKeys }

export type SeededOrganisation = {
  slug: string
  name: string
  /** The first of `confidants`, for suites that need only one. */
  confidant: SeededAccount
  confidants: SeededAccount[]
}

/**
 * Each account gets its own password, salt and key pair (one Argon2id each): a test that reads a case with
 * one confidant's key proves nothing about another's when they share a key pair.
 */
async function seedAccount(
  test: TestApp,
  role: 'confidant' | 'admin',
  email: string,
  name: string,
): Promise<SeededAccount> {
  await ready()
  const keys = createAccountKeys(`passphrase of ${email} for tests`)
  const { id } = test.app.services.accounts.create(
    { role, email, name, keys, totpSecret: newTotpSecret() },
    'test',
  )
  return { id, email, keys }
}

export function seedConfidant(test: TestApp, email: string, name = 'Vera de Vries'): Promise<SeededAccount> {
  return seedAccount(test, 'confidant', email, name)
}

export function seedAdmin(test: TestApp, email = 'admin@example.org'): Promise<SeededAccount> {
  return seedAccount(test, 'admin', email, 'Ada Admin')
}

/**
 * An organisation's automatic acknowledgement (issue 10), set through its repository on a second connection
 * (the app sees the write at once: its page cache checks the database's change stamp). `text` is the member's
 * own text per language, stored as JSON; left out, the standard text applies.
 */
export function setAutoAcknowledge(
  test: TestApp,
  slug: string,
  on: boolean,
  text?: Partial<Record<'nl' | 'en', string>>,
): void {
  const database = openDatabase(test.config.databaseFile, test.config.migrationsFolder)
  try {
    const repos = createRepositories(database)
    const found = repos.organisations.findBySlug(slug)
    if (!found) throw new Error(`no organisation ${slug}`)
    repos.organisations.setAcknowledgement(found.id, {
      autoAcknowledge: on,
      ...(text ? { acknowledgementText: JSON.stringify(text) } : {}),
    })
  } finally {
    database.close()
  }
}

/**
 * An active member organisation with `confidants` (default 1) of its own, each with their own keys.
 * `autoAcknowledge` defaults to false here although the product's default is on (schema, `org add`): the
 * manual acknowledgement is what most tests are about; tests/http/auto-acknowledgement.test.ts covers the other.
 */
export async function seedActiveOrganisation(
  test: TestApp,
  options: {
    slug?: string
    name?: string
    locales?: string
    email?: string
    confidants?: number
    autoAcknowledge?: boolean
  } = {},
): Promise<SeededOrganisation> {
  const slug = options.slug ?? 'bakkerij-jansen'
  const name = options.name ?? 'Bakkerij Jansen B.V.'
  const emails = Array.from({ length: options.confidants ?? 1 }, (_, i) =>
    i === 0 ? (options.email ?? `vp-${slug}@example.org`) : `vp${i + 1}-${slug}@example.org`,
  )
  const confidants: SeededAccount[] = []
  for (const email of emails) confidants.push(await seedConfidant(test, email))
  addActiveMember(test, {
    slug,
    name,
    locales: options.locales,
    confidants,
    autoAcknowledge: options.autoAcknowledge ?? false,
  })
  return { slug, name, confidant: confidants[0]!, confidants }
}

/**
 * A member organisation added, given the suite's own confidants and activated, as an administrator would.
 * `autoAcknowledge` is asked for every time: the product's default is on (issue 10), while suites about the
 * confidant's own acknowledgement need it off.
 */
export function addActiveMember(
  test: TestApp,
  member: {
    slug: string
    name: string
    locales?: string
    confidants: ReadonlyArray<{ email: string }>
    autoAcknowledge: boolean
  },
): void {
  const { organisations } = test.app.services
  const { slug, name, locales, autoAcknowledge } = member
  organisations.add({ slug, name, locales, autoAcknowledge }, 'test')
  for (const { email } of member.confidants) organisations.assign(email, slug, 'test')
  organisations.activate(slug, 'test')
}

/** The member most workspace suites report to: 'bakkerij', Bakkerij Jansen B.V., in English first by default. */
export function addBakery(
  test: TestApp,
  member: { confidants: ReadonlyArray<{ email: string }>; locales?: string; autoAcknowledge: boolean },
): void {
  addActiveMember(test, {
    slug: 'bakkerij',
    name: 'Bakkerij Jansen B.V.',
    locales: member.locales ?? 'en,nl',
    confidants: member.confidants,
    autoAcknowledge: member.autoAcknowledge,
  })
}

/**
 * The two members the workspace suites share: the bakery ('bakkerij') and the garage, each with the suite's own
 * confidants, so that a confidant of one can be shown to be refused the other's cases.
 */
export function addBakeryAndGarage(
  test: TestApp,
  members: {
    bakery: ReadonlyArray<{ email: string }>
    garage: ReadonlyArray<{ email: string }>
    /** The bakery's languages, the default first. */
    bakeryLocales?: string
    autoAcknowledge: boolean
  },
): void {
  const { autoAcknowledge } = members
  addBakery(test, { confidants: members.bakery, locales: members.bakeryLocales, autoAcknowledge })
  addActiveMember(test, {
    slug: 'garage',
    name: 'Garage De Vries',
    confidants: members.garage,
    autoAcknowledge,
  })
}

/** A report sent through the no-JavaScript form (the server seals it); the answer is the receipt page. */
export async function reportWithoutScript(
  test: TestApp,
  slug: string,
  what: string,
  lang: 'en' | 'nl' = 'en',
) {
  const body = await multipart([
    ['lang', lang],
    ['what', what],
  ])
  const made = await test.app.inject({ method: 'POST', url: `/r/${slug}/report`, ...body })
  expect(made.statusCode, `report to ${slug}`).toBe(200)
  return made
}

export type SeededPool = {
  /** Two confidants of its own. */
  bakery: SeededOrganisation
  /** One confidant of its own, not shared with the bakery. */
  garage: SeededOrganisation
  /** A confidant with keys who is assigned to no organisation. */
  unassigned: SeededAccount
  admin: SeededAccount
}

/** The association's pool as DESIGN §1 describes it: members with distinct confidants, and people around them. */
export async function seedPool(test: TestApp): Promise<SeededPool> {
  const bakery = await seedActiveOrganisation(test, {
    slug: 'bakkerij-jansen',
    name: 'Bakkerij Jansen B.V.',
    locales: 'nl,en',
    confidants: 2,
  })
  const garage = await seedActiveOrganisation(test, {
    slug: 'garage-de-vries',
    name: 'Garage De Vries',
    locales: 'nl,en',
  })
  const unassigned = await seedConfidant(test, 'vp-nowhere@example.org', 'Otto Onbekend')
  const admin = await seedAdmin(test)
  return { bakery, garage, unassigned, admin }
}
