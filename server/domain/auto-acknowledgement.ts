import { catalogue, isLocale, type Locale, locales } from '../../views/i18n/index.js'
import type { DeadlineTerms } from './profiles.js'

/**
 * Automatic acknowledgement (issue 10). DESIGN note: where an organisation has it on (the default), whoever
 * seals the report also seals the statutory acknowledgement (Directive art. 9(1)(b)) as the thread's second
 * entry: kind `acknowledgement`, author `system`, seq 1, under the case's shared key, the text in the
 * language the reporter used (the report's `locale`). The reporter's browser does it in JavaScript mode, the
 * server in memory in the no-JS fallback; the server stores the case as acknowledged at receipt. The text is
 * public (the member's own, or the standard one below), so the page hands it to the browser with the form.
 *
 * Oral reports get none: the confidant who records one has spoken with the reporter and acknowledges in person
 * or in the thread, and the transcript's receipt time is theirs to state, not the server's.
 */

/** The member's own texts by language, as the column stores them (JSON `{ nl?, en? }`); bad JSON is none. */
export function readAcknowledgementTexts(stored: string | null): Partial<Record<Locale, string>> {
  if (!stored) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(stored)
  } catch {
    return {}
  }
  const texts: Partial<Record<Locale, string>> = {}
  if (typeof parsed !== 'object' || parsed === null) return texts
  for (const [locale, text] of Object.entries(parsed)) {
    if (isLocale(locale) && typeof text === 'string' && text.trim() !== '') texts[locale] = text.trim()
  }
  return texts
}

/** The text sealed for a reporter who used `locale`: the member's own in that language, else the standard one. */
export function acknowledgementTextFor(stored: string | null, locale: Locale, terms: DeadlineTerms): string {
  return readAcknowledgementTexts(stored)[locale] ?? catalogue(locale).autoAcknowledgement.standardText(terms)
}

/** Every language's text, for the report form of an organisation with automatic acknowledgement on. */
export function acknowledgementTexts(stored: string | null, terms: DeadlineTerms): Record<Locale, string> {
  return Object.fromEntries(
    locales.map((locale) => [locale, acknowledgementTextFor(stored, locale, terms)]),
  ) as Record<Locale, string>
}

/** The author an automatic acknowledgement is sealed and stored with (in the entry's associated data). */
export const AUTO_ACKNOWLEDGEMENT_AUTHOR = 'system'
