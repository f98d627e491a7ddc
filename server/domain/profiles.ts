/**
 * Jurisdiction profiles: the statutory numbers and the external authorities a member's procedure must name.
 * Data, not code: add a country by adding an entry.
 */
export type Authority = { name: string; abbreviation?: string; url: string }

export type JurisdictionProfile = {
  id: string
  label: string
  /** Directive art. 9(1)(b): acknowledgement of receipt within 7 days. */
  acknowledgeDays: number
  /** Directive art. 9(1)(f): feedback within 3 months of the acknowledgement (or of the end of the 7 days). */
  feedbackMonths: number
  /** Default retention after closure, in days; always editable per organisation. */
  retentionDays: number
  retentionNote: string
  authorities: Authority[]
}

const nl: JurisdictionProfile = {
  id: 'nl',
  label: 'Nederland (Wet bescherming klokkenluiders)',
  acknowledgeDays: 7,
  feedbackMonths: 3,
  // The Wbk sets no period ("no longer than necessary", GDPR): two years after closure is our explicit default.
  retentionDays: 730,
  retentionNote: 'Wbk: no fixed period; kept no longer than necessary (AVG/GDPR art. 5(1)(e)).',
  authorities: [
    { name: 'Huis voor Klokkenluiders', url: 'https://www.huisvoorklokkenluiders.nl' },
    { name: 'Autoriteit Consument & Markt', abbreviation: 'ACM', url: 'https://www.acm.nl' },
    { name: 'Autoriteit Financiële Markten', abbreviation: 'AFM', url: 'https://www.afm.nl' },
    {
      name: 'Autoriteit Nucleaire Veiligheid en Stralingsbescherming',
      abbreviation: 'ANVS',
      url: 'https://www.autoriteitnvs.nl',
    },
    {
      name: 'Autoriteit Persoonsgegevens',
      abbreviation: 'AP',
      url: 'https://www.autoriteitpersoonsgegevens.nl',
    },
    { name: 'De Nederlandsche Bank', abbreviation: 'DNB', url: 'https://www.dnb.nl' },
    { name: 'Inspectie Gezondheidszorg en Jeugd', abbreviation: 'IGJ', url: 'https://www.igj.nl' },
    { name: 'Nederlandse Voedsel- en Warenautoriteit', abbreviation: 'NVWA', url: 'https://www.nvwa.nl' },
    { name: 'Nederlandse Zorgautoriteit', abbreviation: 'NZa', url: 'https://www.nza.nl' },
  ],
}

const de: JurisdictionProfile = {
  id: 'de',
  label: 'Deutschland (Hinweisgeberschutzgesetz)',
  acknowledgeDays: 7,
  feedbackMonths: 3,
  // HinSchG §11(5): documentation is deleted three years after the procedure closes.
  retentionDays: 3 * 365,
  retentionNote: 'HinSchG §11(5): deleted three years after the procedure is closed.',
  authorities: [
    {
      name: 'Externe Meldestelle des Bundes beim Bundesamt für Justiz',
      abbreviation: 'BfJ',
      url: 'https://www.bundesjustizamt.de',
    },
    {
      name: 'Bundesanstalt für Finanzdienstleistungsaufsicht',
      abbreviation: 'BaFin',
      url: 'https://www.bafin.de',
    },
    { name: 'Bundeskartellamt', url: 'https://www.bundeskartellamt.de' },
  ],
}

const eu: JurisdictionProfile = {
  id: 'eu',
  label: 'EU Directive 2019/1937 (generic)',
  acknowledgeDays: 7,
  feedbackMonths: 3,
  retentionDays: 730,
  retentionNote: 'Directive art. 18: records kept no longer than necessary and proportionate.',
  authorities: [
    {
      name: 'The competent national authority for external reports (see your country’s whistleblower authority)',
      url: 'https://commission.europa.eu/aid-development-cooperation-fundamental-rights/your-rights-eu/protection-whistleblowers_en',
    },
  ],
}

export const profiles: Readonly<Record<string, JurisdictionProfile>> = Object.freeze({ nl, de, eu })

export function findProfile(id: string): JurisdictionProfile | undefined {
  return Object.hasOwn(profiles, id) ? profiles[id] : undefined
}
