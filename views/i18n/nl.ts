import type { Catalogue } from './en.js'

export const nl: Catalogue = {
  meta: { lang: 'nl', dir: 'ltr', name: 'Nederlands' },
  layout: {
    skipToContent: 'Naar de inhoud',
    otherLanguage: 'English',
    footer:
      'Meldingen worden versleuteld voordat ze uw apparaat verlaten. meldpool bewaart geen IP-adressen.',
  },
  landing: {
    title: 'Meldpunt',
    intro: (association: string) =>
      `${association} beheert dit vertrouwelijke meldpunt voor de aangesloten organisaties. Werknemers, oud-werknemers en opdrachtnemers van een aangesloten organisatie kunnen hier een vermoeden van een misstand melden, desgewenst anoniem.`,
    howToFind:
      'Uw organisatie geeft u het adres van haar eigen meldpagina (het ziet eruit als /r/uw-organisatie). Open dat adres om een melding te doen of een melding op te volgen.',
    safety: 'Gebruik voor uw eigen veiligheid een eigen apparaat en niet het netwerk van uw werkgever.',
  },
  errors: {
    title: 'Er ging iets mis',
    back: 'Terug naar de startpagina',
    badRequest:
      'Het verzoek kon niet worden verwerkt. Controleer wat u hebt ingevuld en probeer het opnieuw.',
    notFound: 'Deze pagina bestaat niet.',
    tooLarge: 'Wat u verstuurde is te groot.',
    forbidden: 'Deze handeling is niet toegestaan. Laad de pagina opnieuw en probeer het nog eens.',
    tooManyRequests: 'Te veel pogingen. Wacht even en probeer het opnieuw.',
    serverError:
      'Er ging aan onze kant iets mis. Niets van wat u invulde is opgeslagen. Probeer het later opnieuw.',
    unavailable: 'Het is op dit moment te druk. Probeer het over een minuut opnieuw.',
  },
  setup: {
    title: 'meldpool instellen',
    intro:
      'Maak het eerste beheerdersaccount aan. De beheerder voegt aangesloten organisaties en vertrouwenspersonen toe en ziet nooit de inhoud van meldingen.',
    linkInvalid:
      'Deze instellingslink is niet geldig: hij is verlopen of al gebruikt. Start meldpool opnieuw voor een nieuwe link, of gebruik de opdrachtregel (npm run meldpool -- init).',
    association: 'Naam van de branchevereniging',
    name: 'Uw naam',
    email: 'Uw e-mailadres',
    password: 'Wachtwoord (minstens 12 tekens)',
    passwordRepeat: 'Herhaal het wachtwoord',
    passwordHint:
      'Uw wachtwoord verlaat deze browser niet: hier worden er sleutels van gemaakt. Verliest u het, dan moet een andere beheerder uw account herstellen.',
    totpTitle: 'Inloggen in twee stappen',
    totpIntro:
      'Scan deze code met een authenticator-app (bijvoorbeeld FreeOTP of Aegis), of typ de sleutel hieronder.',
    totpKey: 'Sleutel om met de hand in te voeren',
    totpCode: 'De 6-cijferige code die uw app nu toont',
    submit: 'Beheerder aanmaken',
    working: 'Sleutels worden in uw browser gemaakt…',
    javascriptNeeded:
      'Medewerkerspagina’s hebben JavaScript nodig: de sleutels worden in uw browser gemaakt.',
    passwordsDiffer: 'De twee wachtwoorden zijn niet gelijk.',
    passwordTooShort: 'Het wachtwoord moet minstens 12 tekens lang zijn.',
    done: 'Het beheerdersaccount is aangemaakt.',
    doneNext: 'Bewaar uw authenticator-app: u hebt hem bij elke keer inloggen nodig.',
    wrongTotp: 'De 6-cijferige code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw.',
    invalidInput: 'Sommige velden ontbreken of zijn niet geldig. Controleer het formulier.',
    alreadyDone: 'meldpool is al ingesteld.',
  },
}
