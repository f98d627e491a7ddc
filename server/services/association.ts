import { inspectLogo, LOGO_MAX_BYTES, type LogoFacts, logoVersion, shownSize } from '../domain/logo.js'
import { InvalidField, InvalidInput } from '../errors.js'
import type { AccountService } from './accounts.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'

/** What the header of every reporter page shows: the association's name and, if set, its logo. */
export type AssociationBrand = {
  name: string
  logo?: { src: string; width: number; height: number }
}

export type AssociationSettings = { name: string; contactEmail: string; logo?: AssociationBrand['logo'] }

export const LOGO_PATH = '/association-logo'

/** The association's own settings (issue 11): its name, contact address and logo. */
export function associationService(
  context: ServiceContext,
  instance: InstanceService,
  accounts: AccountService,
) {
  const { repos, now } = context
  // The brand is read on every reporter page: recomputed only when the stored logo changes.
  let known: { logo: Buffer | null; brand: AssociationBrand['logo'] } = { logo: null, brand: undefined }

  function logoOf(): AssociationBrand['logo'] {
    const row = instance.current()
    if (row.logo === known.logo) return known.brand
    const facts = row.logo ? inspectLogo(row.logo) : undefined
    const brand =
      row.logo && facts ? { src: `${LOGO_PATH}/${logoVersion(row.logo)}`, ...shownSize(facts) } : undefined
    known = { logo: row.logo, brand }
    return brand
  }

  function isEmail(address: string): boolean {
    try {
      accounts.requireEmail(address)
      return true
    } catch {
      return false
    }
  }

  return {
    brand(): AssociationBrand {
      const logo = logoOf()
      return logo ? { name: instance.current().name, logo } : { name: instance.current().name }
    },

    settings(): AssociationSettings {
      const row = instance.current()
      return { name: row.name, contactEmail: row.contactEmail ?? '', logo: logoOf() }
    },

    /** Name and contact address; audited by field name only. */
    update(input: { name: string; contactEmail: string }, actor: string): void {
      const name = input.name.trim()
      if (name.length < 1 || name.length > 120)
        throw new InvalidField('name', 'name must be 1–120 characters')
      const contactEmail = input.contactEmail.trim()
      if (contactEmail !== '' && !isEmail(contactEmail))
        throw new InvalidField('contactEmail', 'contact address is not an e-mail address')
      const row = instance.current()
      const changed = [
        ...(name !== row.name ? ['name'] : []),
        ...(contactEmail !== (row.contactEmail ?? '') ? ['contactEmail'] : []),
      ]
      if (changed.length === 0) return
      repos.transaction(() => {
        repos.instance.update({ name, contactEmail: contactEmail === '' ? null : contactEmail })
        repos.audit.append({ at: now(), actor, action: `instance.edit:${changed.join(',')}` })
      })
    },

    /** PNG or JPEG, checked by its bytes, at most 200 kB. */
    setLogo(bytes: Uint8Array, actor: string): LogoFacts {
      if (bytes.length === 0) throw new InvalidInput('choose a PNG or JPEG file')
      if (bytes.length > LOGO_MAX_BYTES) throw new InvalidInput('the logo must be at most 200 kB')
      const facts = inspectLogo(bytes)
      if (!facts) throw new InvalidInput('the logo must be a PNG or JPEG image')
      repos.transaction(() => {
        repos.instance.update({ logo: Buffer.from(bytes), logoType: facts.type })
        repos.audit.append({ at: now(), actor, action: 'instance.logo' })
      })
      return facts
    },

    removeLogo(actor: string): void {
      repos.transaction(() => {
        repos.instance.update({ logo: null, logoType: null })
        repos.audit.append({ at: now(), actor, action: 'instance.logo-removed' })
      })
    },

    /** The stored logo for its route, only when the URL's version is the current one. */
    logo(version: string): { bytes: Buffer; type: 'image/png' | 'image/jpeg' } | undefined {
      const row = instance.current()
      if (!row.logo || !row.logoType || logoVersion(row.logo) !== version) return undefined
      return { bytes: row.logo, type: row.logoType }
    },
  }
}
export type AssociationService = ReturnType<typeof associationService>
