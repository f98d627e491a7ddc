import { type Catalogue, en } from './en.js'
import { nl } from './nl.js'

export type { Catalogue }
export const locales = ['nl', 'en'] as const
export type Locale = (typeof locales)[number]

const catalogues: Record<Locale, Catalogue> = { nl, en }

export function catalogue(locale: Locale): Catalogue {
  return catalogues[locale]
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}
