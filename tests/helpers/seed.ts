import { createAccountKeys, type NewAccountKeys, ready } from '../../crypto/index.js'
import { newTotpSecret } from '../../server/domain/totp.js'
import type { TestApp } from './app.js'

export type SeededOrganisation = {
  slug: string
  confidant: { id: string; keys: NewAccountKeys }
}

let cachedKeys: NewAccountKeys | undefined

/** An active member organisation with one confidant whose secret key the test holds (to read reports as them). */
export async function seedActiveOrganisation(
  test: TestApp,
  options: { slug?: string; name?: string; locales?: string; email?: string } = {},
): Promise<SeededOrganisation> {
  await ready()
  // Argon2id once per test file: every seeded confidant may share the same key material.
  cachedKeys ??= createAccountKeys('confidant passphrase for tests')
  const { services } = test.app
  const slug = options.slug ?? 'bakkerij-jansen'
  const email = options.email ?? `vp-${slug}@example.org`
  const { id } = services.accounts.create(
    { role: 'confidant', email, name: 'Vera de Vries', keys: cachedKeys, totpSecret: newTotpSecret() },
    'test',
  )
  services.organisations.add(
    { slug, name: options.name ?? 'Bakkerij Jansen B.V.', locales: options.locales },
    'test',
  )
  services.organisations.assign(email, slug, 'test')
  services.organisations.activate(slug, 'test')
  return { slug, confidant: { id, keys: cachedKeys } }
}
