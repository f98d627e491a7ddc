import type { JurisdictionProfile } from '../../../server/domain/profiles.js'
import { catalogue, type Locale } from '../../i18n/index.js'

/**
 * The model reporting procedure (issue 11), filled with one member's details. Written from LEGAL.md: Directive
 * 2019/1937 art. 8, 9, 10, 16, 18, 19, 21 and, for the Netherlands, the Wbk art. 2. The text lives here, in code,
 * not in the database: a member adds its own provisions (`additions`), it never edits away the statutory parts.
 */
export type ProcedureFacts = {
  /** The member's display name (organisation.display_name, else its name). */
  organisationName: string
  associationName: string
  associationContact?: string
  /** Names only: who receives reports (never their e-mail addresses). */
  confidants: string[]
  profile: JurisdictionProfile
  retentionDays: number
  /** Absolute: the member's reporting page and its follow-up page. */
  reportUrl: string
  followUpUrl: string
  /** The member's own provisions, plain text (paragraphs separated by blank lines); '' for none. */
  additions: string
}

export type AuthorityLine = { name: string; abbreviation?: string; remit?: string; url: string }

export type ProcedureBlock =
  | { kind: 'p'; text: string }
  | { kind: 'ul'; items: string[] }
  | { kind: 'authorities'; items: AuthorityLine[] }

export type ProcedureSection = { id: string; title: string; blocks: ProcedureBlock[] }

export type ProcedureDocument = { title: string; sections: ProcedureSection[] }

const p = (text: string): ProcedureBlock => ({ kind: 'p', text })
const ul = (...items: string[]): ProcedureBlock => ({ kind: 'ul', items })

/** What each of the nine authorities the Huis voor Klokkenluiders lists covers, keyed by the profile's name. */
const dutchRemits: Record<string, Record<Locale, string>> = {
  'Huis voor Klokkenluiders': {
    nl: 'advies aan (potentiële) melders, en onderzoek naar misstanden en naar benadeling als geen andere autoriteit bevoegd is',
    en: 'advice to (potential) reporters, and investigation of wrongdoing and of retaliation where no other authority is competent',
  },
  ACM: {
    nl: 'mededinging, consumentenbescherming, en de energie-, telecom-, post- en vervoersmarkten',
    en: 'competition, consumer protection, and the energy, telecoms, postal and transport markets',
  },
  AFM: {
    nl: 'gedrag op de financiële markten: financiële dienstverlening, beleggingen en financiële verslaggeving',
    en: 'conduct on the financial markets: financial services, investments and financial reporting',
  },
  ANVS: {
    nl: 'nucleaire veiligheid, stralingsbescherming en beveiliging van nucleair materiaal',
    en: 'nuclear safety, radiation protection and the security of nuclear material',
  },
  AP: {
    nl: 'de bescherming van persoonsgegevens (privacy, AVG)',
    en: 'the protection of personal data (privacy, GDPR)',
  },
  DNB: {
    nl: 'prudentieel en integriteitstoezicht op banken, verzekeraars, pensioenfondsen en andere financiële instellingen',
    en: 'prudential and integrity supervision of banks, insurers, pension funds and other financial institutions',
  },
  IGJ: {
    nl: 'kwaliteit en veiligheid van de gezondheidszorg, de jeugdzorg, geneesmiddelen en medische hulpmiddelen',
    en: 'quality and safety of health care, youth care, medicines and medical devices',
  },
  NVWA: {
    nl: 'veiligheid van voedsel en consumentenproducten, dierenwelzijn en plantgezondheid',
    en: 'safety of food and consumer products, animal welfare and plant health',
  },
  NZa: {
    nl: 'de zorgmarkten: tarieven, zorgverzekeringen en de toegankelijkheid en betaalbaarheid van zorg',
    en: 'the health care markets: tariffs, health insurance, and access to and affordability of care',
  },
}

/** The member state a profile belongs to, in words; the generic EU profile names none. */
const states: Record<string, Record<Locale, string>> = {
  nl: { nl: 'Nederland', en: 'the Netherlands' },
  de: { nl: 'Duitsland', en: 'Germany' },
  fr: { nl: 'Frankrijk', en: 'France' },
  be: { nl: 'België', en: 'Belgium' },
  es: { nl: 'Spanje', en: 'Spain' },
  it: { nl: 'Italië', en: 'Italy' },
  pl: { nl: 'Polen', en: 'Poland' },
}

function authorityLines(profile: JurisdictionProfile, locale: Locale): AuthorityLine[] {
  return profile.authorities.map((authority) => ({
    name: authority.name,
    abbreviation: authority.abbreviation,
    remit: dutchRemits[authority.abbreviation ?? authority.name]?.[locale],
    // Shown as text on paper too: the bare host and path.
    url: authority.url,
  }))
}

/** About how long a retention period is, for readers who do not count in days. */
function years(days: number): number {
  return Math.round((days / 365) * 10) / 10
}

/** The procedure in one language, filled with the member's facts. */
export function procedureDocument(locale: Locale, facts: ProcedureFacts): ProcedureDocument {
  return locale === 'nl' ? dutch(facts) : english(facts)
}

function english(facts: ProcedureFacts): ProcedureDocument {
  const { organisationName: org, associationName: association, profile } = facts
  const period = catalogue('en').procedure.acknowledgePeriod(profile)
  const isNl = profile.id === 'nl'
  const state = states[profile.id]?.en
  const sections: ProcedureSection[] = [
    {
      id: 'scope',
      title: 'About this procedure',
      blocks: [
        p(
          `This is the internal reporting procedure of ${org}. ${org} is a member of ${association}, which runs a shared, confidential reporting channel for its members (EU Directive 2019/1937 art. 8(5) and 8(6)${isNl ? '; Wbk art. 2(4)' : ''}). ${org} remains responsible for following up reports, for confidentiality and for feedback to the reporter.`,
        ),
        p(
          isNl
            ? `${org} has adopted this procedure. Where ${org} has a works council, the procedure needs its consent (Works Councils Act, WOR art. 27(1)(m)).`
            : `${org} has adopted this procedure.`,
        ),
      ],
    },
    {
      id: 'what',
      title: 'What you can report, and who can report',
      blocks: [
        isNl
          ? p(
              'You can report a suspected wrongdoing ("vermoeden van een misstand"): a suspicion, based on reasonable grounds and on knowledge gained in your work, of a breach or a risk of a breach of EU law, or of an act or omission that affects the public interest — a breach of a statutory rule or of internal rules that set a concrete obligation, or a danger to public health, the safety of persons, the environment, or the proper functioning of the organisation through an improper act or omission.',
            )
          : p(
              `You can report information, based on reasonable grounds, about a breach or a risk of a breach of EU law within the scope of Directive 2019/1937 and, where the law of ${state ?? 'your member state'} extends it, of national law, that you learned of in a work-related context.`,
            ),
        p(
          `Anyone who works or worked for ${org} can report: employees and former employees, job applicants, trainees, volunteers, self-employed people, contractors and subcontractors and their staff, shareholders and members of the board.`,
        ),
      ],
    },
    {
      id: 'who',
      title: 'Who receives and follows up reports',
      blocks:
        facts.confidants.length > 0
          ? [
              p(
                `Reports are received and followed up by the confidants whom ${association} appointed for ${org}:`,
              ),
              ul(...facts.confidants),
              p(
                `They handle reports impartially. Only they can read a report: it is encrypted, and neither ${org}, nor the administrators of the channel, nor anyone with access to its servers can open it. ${org} learns only what is needed to address the wrongdoing, never the reporter's identity without explicit consent.`,
              ),
            ]
          : [
              p(
                `Reports are received and followed up by the confidants whom ${association} appoints for ${org}. Only they can read a report.`,
              ),
            ],
    },
    {
      id: 'how',
      title: 'How to report',
      blocks: [
        p(
          `In writing: online at ${facts.reportUrl}. You may stay anonymous. After sending, you receive a case code: keep it safe, it is the only way back to your report. With it you read the answers, answer questions and add information at ${facts.followUpUrl}.`,
        ),
        p(
          `Orally: by telephone or voice message, ${facts.associationContact ? `through ${association} (${facts.associationContact}) or ` : ''}by asking the confidants for a call in a short online report. An oral report is recorded only with your consent; otherwise the confidant writes a complete and accurate transcript or minutes. You receive a case code to check, correct and agree the transcript online (Directive art. 18).`,
        ),
        p(
          'In a meeting: on your request, a confidant meets you in person within a reasonable time (Directive art. 9(2)). Ask for it when reporting or later from the follow-up page with your case code.',
        ),
      ],
    },
    {
      id: 'next',
      title: 'What happens after you report',
      blocks: [
        ul(
          `A confidant acknowledges receipt within ${period} of receiving your report.`,
          `Within ${profile.feedbackMonths} months ${profile.feedbackFrom === 'receipt' ? 'of receiving your report' : 'of that acknowledgement'} you hear how your report was assessed and followed up. If no acknowledgement was sent, this period runs from the end of the ${period} after receipt.`,
          ...(profile.feedbackExtensionMonths > 0
            ? [
                `In complex cases the confidant may extend this period once by up to ${profile.feedbackExtensionMonths} months; you are told why.`,
              ]
            : []),
          'Meanwhile the confidant may ask you questions through the channel. The report is followed up diligently, anonymous reports included.',
          'Feedback may be limited where more would harm the investigation or the rights of the people concerned.',
        ),
      ],
    },
    {
      id: 'confidentiality',
      title: 'Anonymity and confidentiality',
      blocks: [
        ul(
          isNl
            ? 'You may report anonymously. The law allows this; this channel accepts anonymous reports and handles them like any other.'
            : 'You may report anonymously; this channel accepts anonymous reports and handles them like any other.',
          'Your report is encrypted before it is stored. The channel keeps no IP addresses, no browser details and no case codes.',
          'If you give your name, it is not disclosed to anyone beyond the confidants without your explicit consent, nor anything from which your identity could be deduced. Where the law requires disclosure (for example in court proceedings), you are told beforehand unless that would harm the investigation (Directive art. 16).',
          'Everyone who handles a report keeps it confidential, including the identity of the people it names.',
        ),
      ],
    },
    {
      id: 'protection',
      title: 'Protection against retaliation',
      blocks: [
        p(
          `${org} does not retaliate against anyone who reports on reasonable grounds: no dismissal, suspension, demotion, withheld promotion, change of duties or workplace, reduction in pay, negative assessment, intimidation, exclusion or any other disadvantage (Directive art. 19). The same protection covers people who help a reporter, and colleagues and relatives of a reporter.`,
        ),
        p(
          'If you suffer a disadvantage after reporting, it is presumed to be retaliation: the employer must prove that the measure had nothing to do with your report (Directive art. 21(5)).',
        ),
        p(
          isNl
            ? 'Before or while reporting you may consult an adviser in confidence, such as a lawyer, a trade union, a confidential counsellor or the advice department of the Huis voor Klokkenluiders (Wbk art. 2(2)(g)).'
            : 'Before or while reporting you may consult an adviser in confidence, such as a lawyer or a trade union.',
        ),
      ],
    },
    {
      id: 'retention',
      title: 'How long reports are kept',
      blocks: [
        p(
          `A report is kept only as long as necessary. ${facts.retentionDays} days (about ${years(facts.retentionDays)} years) after the case is closed, the report with its messages and files is deleted. Only the register's dates, the outcome and whether the deadlines were met remain, without any content. (${profile.retentionNote})`,
        ),
      ],
    },
    {
      id: 'external',
      title: 'Reporting to an authority',
      blocks: isNl
        ? [
            p(
              'You may also report to a competent authority, directly or after reporting here (Directive art. 10). In the Netherlands these are:',
            ),
            { kind: 'authorities', items: authorityLines(profile, 'en') },
          ]
        : [
            p(
              `You may also report to the competent authorities of ${state ?? 'your member state'}, directly or after reporting here (Directive art. 10 and 11), and, for breaches of EU law, to the competent institutions, bodies, offices or agencies of the European Union. For example:`,
            ),
            { kind: 'authorities', items: authorityLines(profile, 'en') },
          ],
    },
  ]
  return {
    title: `Reporting procedure of ${org}`,
    sections: withAdditions(sections, facts, `Further provisions of ${org}`),
  }
}

function dutch(facts: ProcedureFacts): ProcedureDocument {
  const { organisationName: org, associationName: association, profile } = facts
  const period = catalogue('nl').procedure.acknowledgePeriod(profile)
  const isNl = profile.id === 'nl'
  const state = states[profile.id]?.nl
  const sections: ProcedureSection[] = [
    {
      id: 'scope',
      title: 'Over deze regeling',
      blocks: [
        p(
          `Dit is de interne meldregeling van ${org}. ${org} is aangesloten bij ${association}, die voor haar leden een gezamenlijk, vertrouwelijk meldpunt beheert (EU-richtlijn 2019/1937 art. 8 lid 5 en 6${isNl ? '; Wbk art. 2 lid 4' : ''}). ${org} blijft verantwoordelijk voor de opvolging van meldingen, de vertrouwelijkheid en de terugkoppeling aan de melder.`,
        ),
        p(
          isNl
            ? `${org} heeft deze regeling vastgesteld. Heeft ${org} een ondernemingsraad, dan is voor de regeling diens instemming nodig (WOR art. 27 lid 1 onder m).`
            : `${org} heeft deze regeling vastgesteld.`,
        ),
      ],
    },
    {
      id: 'what',
      title: 'Wat u kunt melden, en wie kan melden',
      blocks: [
        isNl
          ? p(
              'U kunt een vermoeden van een misstand melden: een vermoeden, gebaseerd op redelijke gronden en op kennis die u in uw werk hebt opgedaan, van een schending of een risico op schending van het Unierecht, of van een handeling of nalatigheid waarbij het maatschappelijk belang in het geding is — een schending van een wettelijk voorschrift of van interne regels met een concrete verplichting, of een gevaar voor de volksgezondheid, de veiligheid van personen, het milieu of het goed functioneren van de organisatie door een onbehoorlijke wijze van handelen of nalaten.',
            )
          : p(
              `U kunt informatie melden, gebaseerd op redelijke gronden, over een schending of een risico op schending van het Unierecht binnen het bereik van richtlijn 2019/1937 en, waar het recht van ${state ?? 'uw lidstaat'} dat uitbreidt, van nationaal recht, waarvan u in uw werk kennis hebt gekregen.`,
            ),
        p(
          `Iedereen die voor ${org} werkt of werkte kan melden: werknemers en oud-werknemers, sollicitanten, stagiairs, vrijwilligers, zzp'ers, (onder)aannemers en hun personeel, aandeelhouders en bestuurders.`,
        ),
      ],
    },
    {
      id: 'who',
      title: 'Wie meldingen ontvangt en opvolgt',
      blocks:
        facts.confidants.length > 0
          ? [
              p(
                `Meldingen worden ontvangen en opgevolgd door de vertrouwenspersonen die ${association} voor ${org} heeft aangesteld:`,
              ),
              ul(...facts.confidants),
              p(
                `Zij behandelen meldingen onpartijdig. Alleen zij kunnen een melding lezen: die is versleuteld, en ${org}, de beheerders van het meldpunt en iedereen met toegang tot de servers kunnen haar niet openen. ${org} krijgt alleen te horen wat nodig is om de misstand aan te pakken, en nooit zonder uitdrukkelijke toestemming wie de melder is.`,
              ),
            ]
          : [
              p(
                `Meldingen worden ontvangen en opgevolgd door de vertrouwenspersonen die ${association} voor ${org} aanstelt. Alleen zij kunnen een melding lezen.`,
              ),
            ],
    },
    {
      id: 'how',
      title: 'Hoe u meldt',
      blocks: [
        p(
          `Schriftelijk: online via ${facts.reportUrl}. U mag anoniem blijven. Na het versturen krijgt u een meldcode: bewaar die goed, het is de enige weg terug naar uw melding. Daarmee leest u antwoorden, beantwoordt u vragen en voegt u informatie toe via ${facts.followUpUrl}.`,
        ),
        p(
          `Mondeling: per telefoon of voicemail, ${facts.associationContact ? `via ${association} (${facts.associationContact}) of ` : ''}door in een korte online melding om een telefoongesprek te vragen. Een mondelinge melding wordt alleen met uw toestemming opgenomen; anders legt de vertrouwenspersoon haar vast in een volledig en nauwkeurig verslag. U krijgt een meldcode om dat verslag online te controleren, te corrigeren en voor akkoord te bevestigen (richtlijn art. 18).`,
        ),
        p(
          'In een gesprek: op uw verzoek spreekt een vertrouwenspersoon u binnen een redelijke termijn persoonlijk (richtlijn art. 9 lid 2; Wbk art. 2 lid 2 onder c). Vraag erom bij uw melding of later op de opvolgpagina met uw meldcode.',
        ),
      ],
    },
    {
      id: 'next',
      title: 'Wat er gebeurt nadat u hebt gemeld',
      blocks: [
        ul(
          `Een vertrouwenspersoon bevestigt binnen ${period} na ontvangst dat uw melding is ontvangen.`,
          `Binnen ${profile.feedbackMonths} maanden na ${profile.feedbackFrom === 'receipt' ? 'ontvangst van uw melding' : 'die ontvangstbevestiging'} krijgt u informatie over de beoordeling en de opvolging van uw melding. Is geen ontvangstbevestiging verstuurd, dan loopt deze termijn vanaf het einde van de ${period} na ontvangst.`,
          ...(profile.feedbackExtensionMonths > 0
            ? [
                `In ingewikkelde zaken kan de vertrouwenspersoon deze termijn één keer met ten hoogste ${profile.feedbackExtensionMonths} maanden verlengen; u hoort waarom.`,
              ]
            : []),
          'Intussen kan de vertrouwenspersoon u via het meldpunt vragen stellen. De melding wordt zorgvuldig opgevolgd, ook als ze anoniem is.',
          'De terugkoppeling kan beperkt zijn als meer het onderzoek of de rechten van betrokkenen zou schaden.',
        ),
      ],
    },
    {
      id: 'confidentiality',
      title: 'Anonimiteit en vertrouwelijkheid',
      blocks: [
        ul(
          isNl
            ? 'U mag anoniem melden. De wet staat dat toe; dit meldpunt neemt anonieme meldingen aan en behandelt ze zoals elke andere melding.'
            : 'U mag anoniem melden; dit meldpunt neemt anonieme meldingen aan en behandelt ze zoals elke andere melding.',
          'Uw melding wordt versleuteld voordat ze wordt opgeslagen. Het meldpunt bewaart geen IP-adressen, geen browsergegevens en geen meldcodes.',
          'Geeft u uw naam, dan wordt die zonder uw uitdrukkelijke toestemming niet bekendgemaakt aan anderen dan de vertrouwenspersonen, en evenmin iets waaruit uw identiteit kan worden afgeleid. Moet dat volgens de wet toch (bijvoorbeeld in een rechtszaak), dan hoort u dat vooraf, tenzij dat het onderzoek zou schaden (richtlijn art. 16).',
          'Iedereen die bij een melding betrokken is, houdt haar vertrouwelijk, ook de identiteit van de mensen die erin worden genoemd.',
        ),
      ],
    },
    {
      id: 'protection',
      title: 'Bescherming tegen benadeling',
      blocks: [
        p(
          `${org} benadeelt niemand die op redelijke gronden meldt: geen ontslag, schorsing, degradatie, onthouden van promotie, andere taken of werkplek, lager loon, negatieve beoordeling, intimidatie, uitsluiting of ander nadeel (richtlijn art. 19). Dezelfde bescherming geldt voor wie een melder helpt, en voor collega's en familieleden van een melder.`,
        ),
        p(
          'Wordt u na uw melding benadeeld, dan wordt vermoed dat dat een gevolg van uw melding is: de werkgever moet bewijzen dat de maatregel niets met uw melding te maken had (richtlijn art. 21 lid 5).',
        ),
        p(
          isNl
            ? 'Voor of tijdens uw melding mag u in vertrouwen een adviseur raadplegen, zoals een advocaat, een vakbond, een vertrouwenspersoon of de afdeling Advies van het Huis voor Klokkenluiders (Wbk art. 2 lid 2 onder g).'
            : 'Voor of tijdens uw melding mag u in vertrouwen een adviseur raadplegen, zoals een advocaat of een vakbond.',
        ),
      ],
    },
    {
      id: 'retention',
      title: 'Hoe lang meldingen worden bewaard',
      blocks: [
        p(
          `Een melding wordt niet langer bewaard dan nodig is. ${facts.retentionDays} dagen (ongeveer ${String(years(facts.retentionDays)).replace('.', ',')} jaar) nadat de zaak is afgesloten, wordt de melding met haar berichten en bestanden verwijderd. Alleen de data uit het register, de uitkomst en of de termijnen zijn gehaald blijven bewaard, zonder inhoud.`,
        ),
      ],
    },
    {
      id: 'external',
      title: 'Melden bij een autoriteit',
      blocks: isNl
        ? [
            p(
              'U mag ook melden bij een bevoegde autoriteit, rechtstreeks of nadat u hier hebt gemeld (richtlijn art. 10). In Nederland zijn dat:',
            ),
            { kind: 'authorities', items: authorityLines(profile, 'nl') },
          ]
        : [
            p(
              `U mag ook melden bij de bevoegde autoriteiten van ${state ?? 'uw lidstaat'}, rechtstreeks of nadat u hier hebt gemeld (richtlijn art. 10 en 11), en bij schendingen van het Unierecht bij de bevoegde instellingen, organen en instanties van de Europese Unie. Bijvoorbeeld:`,
            ),
            { kind: 'authorities', items: authorityLines(profile, 'nl') },
          ],
    },
  ]
  return {
    title: `Meldregeling van ${org}`,
    sections: withAdditions(sections, facts, `Aanvullende bepalingen van ${org}`),
  }
}

/** The member's own provisions, after the model: paragraphs at blank lines, plain text only. */
function withAdditions(
  sections: ProcedureSection[],
  facts: ProcedureFacts,
  title: string,
): ProcedureSection[] {
  const paragraphs = paragraphsOf(facts.additions)
  if (paragraphs.length === 0) return sections
  return [...sections, { id: 'additions', title, blocks: paragraphs.map(p) }]
}

/** Plain text → paragraphs: split at blank lines, whitespace inside a paragraph kept as written (lines). */
export function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
}
