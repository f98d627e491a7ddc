/**
 * Jurisdiction profiles: the statutory numbers and the external authorities a member's procedure must name.
 * Data, not code: add a country by adding an entry.
 */
export type Authority = { name: string; abbreviation?: string; url: string }

/**
 * Public holidays that stop a count of working days: fixed dates and days counted from Easter Sunday (the
 * moveable feasts). Only profiles that count working days need one.
 */
export type HolidayCalendar = {
  /** [month 1–12, day]. */
  fixed: ReadonlyArray<readonly [number, number]>
  /** Days after Easter Sunday: 1 Easter Monday, 39 Ascension, 50 Whit Monday. */
  fromEaster: readonly number[]
}

/** What a reporter is told about the deadlines, in words. */
export type DeadlineTerms = Pick<
  JurisdictionProfile,
  'acknowledgeDays' | 'acknowledgeCount' | 'feedbackMonths' | 'feedbackFrom'
>

export type JurisdictionProfile = {
  id: string
  label: string
  /** Directive art. 9(1)(b): acknowledgement of receipt within 7 days. */
  acknowledgeDays: number
  /** 'working': Monday to Friday, public holidays excluded (France's "jours ouvrés"); else calendar days. */
  acknowledgeCount: 'calendar' | 'working'
  holidays?: HolidayCalendar
  /** Directive art. 9(1)(f): feedback within 3 months of the acknowledgement (or of the end of the 7 days). */
  feedbackMonths: number
  /**
   * Where the feedback period starts once acknowledged: the acknowledgement (the Directive), or the receipt
   * (Spain). Never acknowledged, it starts at the end of the acknowledgement period everywhere.
   */
  feedbackFrom: 'acknowledgement' | 'receipt'
  /**
   * Unacknowledged cases, where the law says "3 months and 7 days after receipt" (HinSchG §17(2), Poland):
   * 'earlier of both orders' takes the earlier of (receipt + 7 days) + 3 months and (receipt + 3 months) +
   * 7 days, so a confidant is never told a later date than one reading of the law allows.
   */
  unacknowledgedFeedback: 'after acknowledgement period' | 'earlier of both orders'
  /** Months the feedback period may be extended, once, with a recorded reason (Spain: 3); 0 if none. */
  feedbackExtensionMonths: number
  /** Default retention after closure, in days; always editable per organisation. */
  retentionDays: number
  retentionNote: string
  authorities: Authority[]
}

/** The Directive's rule, which most member states copied: 7 calendar days; 3 months from the acknowledgement. */
const directive = {
  acknowledgeDays: 7,
  acknowledgeCount: 'calendar',
  feedbackMonths: 3,
  feedbackFrom: 'acknowledgement',
  unacknowledgedFeedback: 'after acknowledgement period',
  feedbackExtensionMonths: 0,
} as const

// Wbk art. 2(1)(d),(f) (Wet bescherming klokkenluiders, in force 18 Feb 2023).
const nl: JurisdictionProfile = {
  id: 'nl',
  label: 'Nederland (Wet bescherming klokkenluiders)',
  ...directive,
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

// HinSchG §17(1) Nr. 1 and §17(2). "Spätestens drei Monate nach der Bestätigung des Eingangs der Meldung oder,
// wenn der Eingang nicht bestätigt wurde, spätestens drei Monate und sieben Tage nach Eingang der Meldung":
// "3 Monate und 7 Tage" can be counted months first or days first, which differ at month ends (received 24
// Nov: 1 Dec + 3 months = 1 Mar, but 24 Feb + 7 days = 3 Mar). We read it both ways and keep the earlier.
const de: JurisdictionProfile = {
  id: 'de',
  label: 'Deutschland (Hinweisgeberschutzgesetz)',
  ...directive,
  unacknowledgedFeedback: 'earlier of both orders',
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

// Directive 2019/1937 art. 9(1)(b),(f) and art. 18.
const eu: JurisdictionProfile = {
  id: 'eu',
  label: 'EU Directive 2019/1937 (generic)',
  ...directive,
  retentionDays: 730,
  retentionNote: 'Directive art. 18: records kept no longer than necessary and proportionate.',
  authorities: [
    {
      name: 'The competent national authority for external reports (see your country’s whistleblower authority)',
      url: 'https://commission.europa.eu/aid-development-cooperation-fundamental-rights/your-rights-eu/protection-whistleblowers_en',
    },
  ],
}

// Loi n° 2016-1691 (Sapin II) art. 8, as amended by loi n° 2022-401; décret n° 2022-1284 art. 4: acknowledge in
// writing within 7 "jours ouvrés"; feedback within 3 months of the acknowledgement, or, without one, of the end of
// those 7 working days. Public holidays: Code du travail art. L3133-1 (the 11 "fêtes légales"; Alsace-Moselle's
// two extra days are regional and not counted here).
const fr: JurisdictionProfile = {
  id: 'fr',
  label: 'France (loi Sapin II, décret n° 2022-1284)',
  ...directive,
  acknowledgeCount: 'working',
  holidays: {
    // 1 Jan, 1 May, 8 May, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec.
    fixed: [
      [1, 1],
      [5, 1],
      [5, 8],
      [7, 14],
      [8, 15],
      [11, 1],
      [11, 11],
      [12, 25],
    ],
    // Lundi de Pâques, Ascension, Lundi de Pentecôte.
    fromEaster: [1, 39, 50],
  },
  // No fixed period; CNIL référentiel "dispositifs d'alerte professionnelle" (2019): kept no longer than needed
  // for the follow-up. Two years after closure is our explicit, editable default.
  retentionDays: 730,
  retentionNote: 'CNIL référentiel (2019): no fixed period; kept only as long as the follow-up needs.',
  authorities: [
    { name: 'Défenseur des droits', url: 'https://www.defenseurdesdroits.fr' },
    {
      name: 'Autorités externes désignées (décret n° 2022-1284, annexe)',
      url: 'https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000046357368',
    },
  ],
}

// Loi du 28 novembre 2022 / wet van 28 november 2022 (private sector): acknowledge within 7 days; feedback within 3 months of the
// acknowledgement or, without one, of the end of those 7 days.
const be: JurisdictionProfile = {
  id: 'be',
  label: 'Belgique / België (loi du 28 novembre 2022 / wet van 28 november 2022)',
  ...directive,
  // A register is kept; the law sets no period. Two years after closure is our explicit, editable default.
  retentionDays: 730,
  retentionNote: 'Loi/wet 28.11.2022: a register is kept; no fixed period (GDPR art. 5(1)(e)).',
  authorities: [
    {
      name: 'Médiateurs fédéraux / Federale Ombudsman (coordinateur fédéral)',
      url: 'https://www.federaalombudsman.be',
    },
  ],
}

// Ley 2/2023 art. 9.2(c),(d): acknowledge within 7 calendar days of receipt; answer within at most 3 months
// counted FROM RECEIPT (or from the end of the 7 days if no acknowledgement was sent), extendable by up to 3 more
// months in cases of special complexity. Art. 26.2: the register is kept at most 10 years.
const es: JurisdictionProfile = {
  id: 'es',
  label: 'España (Ley 2/2023)',
  ...directive,
  feedbackFrom: 'receipt',
  feedbackExtensionMonths: 3,
  retentionDays: 10 * 365,
  retentionNote: 'Ley 2/2023 art. 26.2: records kept no longer than 10 years.',
  authorities: [
    {
      name: 'Autoridad Independiente de Protección del Informante (A.A.I.)',
      url: 'https://www.boe.es/buscar/act.php?id=BOE-A-2023-4513',
    },
  ],
}

// D.lgs. 24/2023 art. 5(1)(a),(d): acknowledge within 7 days; feedback within 3 months of the acknowledgement or,
// without one, of the end of the 7 days. Art. 14(1): records kept as long as needed, at most 5 years from the
// final outcome.
const it: JurisdictionProfile = {
  id: 'it',
  label: 'Italia (D.lgs. 24/2023)',
  ...directive,
  retentionDays: 5 * 365,
  retentionNote: 'D.lgs. 24/2023 art. 14: at most 5 years from the final outcome of the procedure.',
  authorities: [
    { name: 'Autorità Nazionale Anticorruzione', abbreviation: 'ANAC', url: 'https://www.anticorruzione.it' },
  ],
}

// Ustawa z dnia 14 czerwca 2024 r. o ochronie sygnalistów: acknowledge within 7 days; feedback within 3 months of
// the acknowledgement or, without one, 3 months and 7 days from receipt (read both ways, as for DE). Retention: 15
// months after the follow-up ends, as our legal fact sheet records it; the sheet marks it unverified (the enacted
// text may count years from the end of the calendar year): check before relying on it, and edit per organisation.
const pl: JurisdictionProfile = {
  id: 'pl',
  label: 'Polska (ustawa o ochronie sygnalistów)',
  ...directive,
  unacknowledgedFeedback: 'earlier of both orders',
  retentionDays: 456,
  retentionNote: 'Ustawa o ochronie sygnalistów: 15 months after the follow-up ends (unverified).',
  authorities: [{ name: 'Rzecznik Praw Obywatelskich', abbreviation: 'RPO', url: 'https://bip.brpo.gov.pl' }],
}

export const profiles: Readonly<Record<string, JurisdictionProfile>> = Object.freeze({
  nl,
  de,
  eu,
  fr,
  be,
  es,
  it,
  pl,
})

export function findProfile(id: string): JurisdictionProfile | undefined {
  return Object.hasOwn(profiles, id) ? profiles[id] : undefined
}

/** An organisation's profile; an id no longer known (removed from the data) falls back to the Directive's. */
export function profileOf(organisation: { profile: string }): JurisdictionProfile {
  return findProfile(organisation.profile) ?? eu
}
