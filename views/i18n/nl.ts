import type { DeadlineTerms } from '../../server/domain/profiles.js'
import { type Catalogue, endSentence } from './en.js'

/** '7 dagen', of '7 werkdagen' waar de wet werkdagen telt (Frankrijk). */
const acknowledgePeriod = (terms: DeadlineTerms) =>
  `${terms.acknowledgeDays} ${terms.acknowledgeCount === 'working' ? 'werkdagen' : 'dagen'}`

export const nl: Catalogue = {
  meta: { lang: 'nl', dir: 'ltr', name: 'Nederlands' },
  layout: {
    skipToContent: 'Naar de inhoud',
    otherLanguage: 'English',
    footer:
      'Meldingen worden versleuteld: met JavaScript voordat ze uw apparaat verlaten, zonder JavaScript zodra ze de server bereiken. meldpool bewaart geen IP-adressen.',
    footerServer:
      'Zonder JavaScript wordt uw melding op de server versleuteld zodra ze binnenkomt, en alleen versleuteld bewaard. meldpool bewaart geen IP-adressen.',
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
  reporter: {
    pageTitle: (organisation: string) => `Een vermoeden van een misstand melden bij ${organisation}`,
    intro: (organisation: string, association: string) =>
      `Dit is het vertrouwelijke meldpunt van ${organisation}, beheerd door ${association}. U kunt hier een vermoeden van een misstand melden — bijvoorbeeld gevaar voor gezondheid of veiligheid, fraude, corruptie of het overtreden van de wet — als u voor ${organisation} werkt of werkte, of voor een van haar opdrachtnemers.`,
    makeReport: 'Een melding doen',
    followUp: 'Een melding opvolgen',
    whoTitle: 'Wie uw melding ontvangt',
    whoIntro: (association: string) =>
      `Alleen de vertrouwenspersonen die via ${association} zijn aangesteld kunnen uw melding lezen:`,
    whoNone: 'De vertrouwenspersonen die via de branchevereniging zijn aangesteld.',
    whoEmployer:
      'Uw werkgever kan uw melding niet lezen, en de beheerders van deze dienst en iedereen met toegang tot de servers evenmin.',
    nextTitle: 'Wat er daarna gebeurt',
    nextAcknowledge: (terms: DeadlineTerms) =>
      `Binnen ${acknowledgePeriod(terms)} bevestigt een vertrouwenspersoon dat uw melding is ontvangen.`,
    nextFeedback: (terms: DeadlineTerms) =>
      `Binnen ${terms.feedbackMonths} maanden na ${terms.feedbackFrom === 'receipt' ? 'ontvangst van uw melding' : 'die bevestiging'} hoort u wat er met uw melding is gedaan (de beoordeling en de opvolging).`,
    nextQuestions:
      'Intussen kan de vertrouwenspersoon u vragen stellen. U leest en beantwoordt die met uw meldcode; u kunt ook informatie toevoegen of om een persoonlijk gesprek vragen.',
    anonymityTitle: 'Hoe uw anonimiteit wordt beschermd',
    anonymityEncryption:
      'Uw melding wordt versleuteld voordat ze uw apparaat verlaat (zonder JavaScript: door de server, in het geheugen, en nooit leesbaar opgeslagen).',
    anonymityNoLogs:
      'Deze dienst legt geen IP-adressen, browsers of meldcodes vast en plaatst geen volgcookies.',
    anonymityIdentity:
      'U bepaalt zelf of u uw naam geeft. Doet u dat, dan wordt die versleuteld zoals de rest van uw melding en alleen met uw uitdrukkelijke toestemming gedeeld, tenzij de wet dat anders eist.',
    protectTitle: 'Bescherm uzelf',
    protectDevice:
      'Gebruik uw eigen apparaat, niet een van het werk, en niet het netwerk van uw werkgever (wifi of VPN).',
    protectTor:
      'Voor de meeste anonimiteit gebruikt u Tor Browser. Deze site werkt ook met JavaScript uit (Tor Browser „Veiligst”).',
    protectCode:
      'Bewaar uw meldcode goed: het is de enige weg terug naar uw melding. Niemand kan hem voor u terughalen.',
    protectTraces: 'Sluit dit venster als u klaar bent. Overweeg uw browsergeschiedenis te wissen.',
    externalTitle: 'Andere manieren om te melden',
    externalIntro:
      'U mag ook rechtstreeks melden bij een bevoegde autoriteit, vóór of in plaats van een melding hier. Bijvoorbeeld:',
    adviserTitle: 'Advies in vertrouwen',
    adviser:
      'Voordat u meldt, mag u in vertrouwen een adviseur raadplegen, zoals een vertrouwenspersoon of de afdeling Advies van het Huis voor Klokkenluiders.',
    oralTitle: 'Melden per telefoon of in een gesprek',
    oral: 'Vertelt u liever uw verhaal? Vraag dan na een korte melding hier om een persoonlijk gesprek, of vraag de vertrouwenspersonen om een telefoongesprek.',
    formTitle: 'Uw melding',
    formIntro:
      'Alleen de eerste vraag is verplicht. Schrijf op wat u weet; met uw meldcode kunt u later meer toevoegen.',
    what: 'Wat is er gebeurd? (verplicht)',
    whatHint: 'Beschrijf het vermoeden van een misstand zo concreet als u kunt.',
    when: 'Wanneer is het gebeurd?',
    where: 'Waar is het gebeurd?',
    who: 'Wie zijn erbij betrokken?',
    how: 'Hoe weet u ervan?',
    howHint: 'Bijvoorbeeld: u zag het zelf, een collega vertelde het, u vond documenten.',
    ongoing: 'Is het nog steeds gaande?',
    ongoingYes: 'Ja',
    ongoingNo: 'Nee',
    ongoingUnknown: 'Weet ik niet',
    files: 'Bewijsstukken (niet verplicht)',
    filesHint: (megabytes: number, count: number) =>
      `Maximaal ${count} bestanden van elk hoogstens ${megabytes} MB. Bestanden kunnen verborgen gegevens over u bevatten (naam van de maker, locatie in foto's): verwijder die als u kunt.`,
    identityTitle: 'Uw naam (niet verplicht)',
    identityIntro:
      'U mag anoniem blijven. Wilt u dat de vertrouwenspersonen weten wie u bent, vul dit dan in. Het wordt versleuteld zoals de rest van uw melding.',
    identityName: 'Naam',
    identityContact: 'Hoe kunnen de vertrouwenspersonen u bereiken? (telefoon of privé-e-mail)',
    submit: 'Melding versturen',
    encrypting: 'Uw melding wordt in deze browser versleuteld…',
    uploading: (percent: number) => `Versturen… ${percent}%`,
    sendFailed:
      'Versturen is mislukt. Uw melding is niet ontvangen. Controleer uw verbinding en probeer het opnieuw.',
    fileTooLarge: (name: string, megabytes: number) => `„${name}” is groter dan ${megabytes} MB.`,
    tooManyFiles: (count: number) => `U kunt hoogstens ${count} bestanden toevoegen.`,
    filesTooLarge: (megabytes: number) =>
      `Een van de bestanden is groter dan ${megabytes} MB. Er is nog niets ontvangen: verstuur de melding opnieuw zonder dat bestand, of met een kleinere versie.`,
    busy: (seconds: number) =>
      `Het is op dit moment erg druk. Er is nog niets ontvangen; alles wat u typte staat hieronder nog. Wacht ongeveer ${seconds} seconden en verstuur opnieuw (bestanden moet u opnieuw toevoegen).`,
    storageLow:
      'Er kunnen op dit moment geen nieuwe meldingen worden aangenomen. Er is nog niets ontvangen; alles wat u typte staat hieronder nog. Probeer het later opnieuw, of gebruik een van de andere meldwegen op de pagina van de organisatie.',
    tooManyReports: (minutes: number) =>
      `Deze meldpagina heeft in korte tijd ongewoon veel meldingen ontvangen en remt af. Er is nog niets ontvangen; alles wat u typte staat hieronder nog. Verstuur opnieuw over ongeveer ${minutes} minuten.`,
    bodyTooLarge: (count: number, megabytes: number) =>
      `Wat is verstuurd is groter dan ${count} bestanden van ${megabytes} MB. Er is niets ontvangen en de tekst kon niet worden bewaard. Verstuur de melding opnieuw met minder of kleinere bestanden.`,
    backToPage: (organisation: string) => `Terug naar de meldpagina van ${organisation}`,
    fieldRequired: 'Beschrijf alstublieft wat er is gebeurd.',
    fieldTooLong: 'Deze tekst is te lang.',
    fixProblems: 'Controleer het formulier: sommige antwoorden vragen aandacht.',
    noJsOff:
      'Deze meldpagina heeft JavaScript nodig, omdat uw melding in uw browser wordt versleuteld. Zet JavaScript aan voor deze site, of gebruik een andere browser.',
    receiptTitle: 'Uw melding is ontvangen',
    receiptIntro: 'Dit is uw meldcode. Schrijf hem nu op of bewaar hem: hij wordt maar één keer getoond.',
    receiptCodeLabel: 'Meldcode',
    receiptWhy:
      'Met deze code leest u de ontvangstbevestiging, beantwoordt u vragen en hoort u wat er met uw melding is gebeurd. Zonder deze code kan niemand, ook de vertrouwenspersonen niet, u aan uw melding koppelen.',
    receiptWhere: 'Opvolgen via:',
    receiptCopy: 'Code kopiëren',
    receiptCopied: 'Gekopieerd.',
    receiptPrint: 'Afdrukken',
    receiptDownload: 'Downloaden als tekstbestand',
    receiptSaved: 'Ik heb mijn meldcode bewaard',
    receiptSavedRequired:
      'Bewaar eerst uw meldcode en vink dan het vakje aan: de code wordt maar deze ene keer getoond.',
    encryptionLoading:
      'Versleuteling in deze browser wordt voorbereid… De verzendknop verschijnt zodra die klaar is.',
    codeLoading:
      'Versleuteling in deze browser wordt voorbereid… Het veld voor de code verschijnt zodra die klaar is.',
    plainVersionLink: 'Verschijnt hij niet? Gebruik de versie zonder JavaScript.',
    plainVersionNote:
      'Deze versie werkt zonder JavaScript: wat u verstuurt gaat naar onze server, die het versleutelt zodra het binnenkomt.',
    noCryptoHere:
      'Versleuteling kan in deze browser niet starten. U kunt toch versturen: onze server versleutelt dan wat u verstuurt zodra het binnenkomt.',
    sendToServer: 'Naar de server sturen om te versleutelen',
    replyKept:
      'Uw bericht is nog niet verstuurd. Het staat hieronder: controleer het en verstuur het opnieuw.',
    keptTextLabel: 'Uw bericht, nog niet verstuurd (kopieer het voordat u de melding opnieuw opent)',
    backToOrganisation: 'Terug naar de meldpagina',
    receiptContinue: 'Verder',
    receiptFileTitle: 'Ontvangstbewijs van uw melding',
    receiptFileOrganisation: 'Organisatie',
    receiptFileDate: 'Ontvangen op',
    receiptFileCode: 'Meldcode',
    receiptFileWhere: 'Opvolgen via',
    receiptFileNote: 'Houd deze code geheim. Wie hem heeft, kan uw melding en de antwoorden lezen.',
    doneTitle: 'Bedankt voor uw melding',
    doneText: (terms: DeadlineTerms) =>
      `Een vertrouwenspersoon bevestigt de ontvangst binnen ${acknowledgePeriod(terms)}. Kom terug met uw meldcode om die te lezen en eventuele vragen te beantwoorden.`,
    doneTraces: 'U kunt dit venster nu sluiten. Overweeg uw browsergeschiedenis te wissen.',
    followUpTitle: 'Uw melding opvolgen',
    followUpIntro: 'Vul de meldcode van 16 cijfers in die u kreeg toen u uw melding deed.',
    codeLabel: 'Meldcode',
    codeHint: 'Bijvoorbeeld 1234 5678 9012 3456. Spaties en streepjes maken niet uit.',
    openCase: 'Openen',
    opening: 'Uw code wordt in deze browser gecontroleerd…',
    codeTypo:
      'Deze code bevat een tikfout: een van de cijfers klopt niet of twee cijfers zijn verwisseld. Controleer de code.',
    codeMalformed: 'Een meldcode heeft precies 16 cijfers.',
    codeUnknown: 'We konden geen melding met deze code vinden. Controleer de code en probeer het opnieuw.',
    codeTooMany: 'Te veel pogingen. Wacht 15 minuten en probeer het opnieuw.',
    sessionExpired: 'Uw sessie is beëindigd. Vul uw meldcode opnieuw in.',
    statusTitle: 'Stand van zaken',
    status: {
      received: 'Ontvangen — wacht op bevestiging door een vertrouwenspersoon',
      acknowledged: 'Bevestigd — uw melding wordt beoordeeld',
      in_follow_up: 'In behandeling',
      feedback_given: 'Terugkoppeling gegeven',
      closed: 'Afgesloten',
    },
    receivedOn: 'Ontvangen op',
    acknowledgeBy: 'Bevestiging uiterlijk op',
    acknowledgedOn: 'Bevestigd op',
    feedbackBy: 'Terugkoppeling uiterlijk op',
    feedbackOn: 'Terugkoppeling gegeven op',
    threadTitle: 'Berichten',
    fromYou: 'U',
    fromConfidant: 'Vertrouwenspersoon',
    fromSystem: 'Systeem',
    kinds: {
      report: 'Uw melding',
      message: 'Bericht',
      acknowledgement: 'Ontvangstbevestiging',
      feedback: 'Terugkoppeling',
      transcript: 'Verslag van uw mondelinge melding',
      transcript_agreement: 'Uw instemming met het verslag',
      meeting_request: 'Verzoek om een persoonlijk gesprek',
      note: 'Notitie',
      extension: 'Termijn voor terugkoppeling verlengd',
    },
    unreadable: 'Dit bericht kon niet worden ontsleuteld. Mogelijk is het gewijzigd.',
    caseUnverifiable:
      'Deze melding kon niet worden gecontroleerd: de sleutel opent uw melding niet, dus er is mogelijk mee geknoeid. Er wordt niets getoond en er kan niets worden verstuurd. Neem op een andere manier contact op met de organisatie, of doe een nieuwe melding.',
    threadIncomplete:
      'Let op: er ontbreken berichten in deze melding of ze staan in de verkeerde volgorde. Mogelijk zijn ze op de server verwijderd of verplaatst. Laat het de vertrouwenspersoon op een andere manier weten.',
    threadMoved:
      'Er is iets aan deze melding toegevoegd terwijl u schreef. Uw tekst staat er nog: verstuur hem opnieuw.',
    recipientsChanged:
      'De vertrouwenspersonen van deze organisatie zijn gewijzigd terwijl u schreef. Uw tekst staat er nog: verstuur hem opnieuw.',
    identityGiven: 'Uw naam en contactgegevens (versleuteld)',
    attachments: 'Bestanden',
    download: 'Downloaden',
    replyTitle: 'Informatie toevoegen of een vraag beantwoorden',
    replyLabel: 'Uw bericht',
    replyFiles: 'Bestanden (niet verplicht)',
    replySend: 'Bericht versturen',
    replySent: 'Uw bericht is ontvangen.',
    replyRequired: 'Schrijf een bericht of voeg een bestand toe.',
    meetingTitle: 'Persoonlijk gesprek',
    meetingIntro:
      'U kunt vragen om uw verhaal in een persoonlijk gesprek te vertellen. Een vertrouwenspersoon stelt een tijd en plaats voor. Geef desgewenst aan welke dagen of tijden u uitkomen.',
    meetingLabel: 'Uw voorkeuren (niet verplicht)',
    meetingSend: 'Gesprek aanvragen',
    meetingPending: 'U hebt om een gesprek gevraagd. Een vertrouwenspersoon antwoordt in de berichten.',
    meetingSent: 'Uw verzoek om een gesprek is ontvangen.',
    signOut: 'Afmelden voor deze melding',
    reload: 'Vernieuwen',
    javascriptHint:
      'Zonder JavaScript gebruikt deze pagina hooguit 15 minuten een cookie; daarin staat geen code.',
  },
  mail: {
    newReportSubject: (organisation: string) => `Nieuwe melding voor ${organisation}`,
    newReportBody: (organisation: string, acknowledgeBy: string, url: string) =>
      [
        `Er is een nieuwe melding binnengekomen voor ${endSentence(organisation)}`,
        '',
        `Bevestig de ontvangst uiterlijk op ${acknowledgeBy} (7 dagen, Richtlijn 2019/1937 art. 9 lid 1 onder b).`,
        `Log in bij meldpool om de melding te lezen: ${url}`,
        '',
        'Dit bericht bevat geen inhoud van de melding. Stuur het niet door.',
      ].join('\n'),
  },
  staff: {
    loginTitle: 'Inloggen',
    loginIntro: 'Voor vertrouwenspersonen en beheerders. Uw wachtwoord verlaat deze browser nooit.',
    email: 'E-mailadres',
    password: 'Wachtwoord',
    totpCode: 'De 6-cijferige code die uw authenticator-app nu toont',
    submit: 'Inloggen',
    working: 'Uw wachtwoord wordt in deze browser gecontroleerd…',
    failed: 'Het e-mailadres, het wachtwoord of de code klopt niet.',
    locked:
      'Te veel mislukte inlogpogingen: dit account is geblokkeerd tot {time}. Probeer het daarna opnieuw.',
    expired: 'Uw sessie is verlopen. Log opnieuw in.',
    signedOut: 'U bent uitgelogd. Uw sleutels zijn uit dit tabblad verwijderd.',
    javascriptNeeded:
      'Medewerkerspagina’s hebben JavaScript nodig: uw wachtwoord wordt in deze browser omgezet in sleutels.',
    tryAgain: 'Er ging iets mis. Probeer het opnieuw.',
    inviteTitle: 'Uw uitnodiging aannemen',
    inviteIntroConfidant:
      'U bent uitgenodigd als vertrouwenspersoon. Kies een wachtwoord en stel inloggen in twee stappen in. Uw sleutels worden in deze browser gemaakt.',
    inviteIntroAdmin:
      'U bent uitgenodigd als beheerder. Kies een wachtwoord en stel inloggen in twee stappen in. Uw sleutels worden in deze browser gemaakt.',
    inviteEmail: 'Uw account',
    inviteName: 'Uw naam',
    invitePasswordHint:
      'Minstens 12 tekens en moeilijk te raden: een paar losse woorden werkt goed. Uw wachtwoord verlaat deze browser nooit; raakt u het kwijt, dan moet een beheerder uw account opnieuw instellen.',
    inviteInvalid:
      'Deze uitnodigingslink is niet geldig: hij is verlopen of al gebruikt. Vraag een beheerder om een nieuwe.',
    inviteSubmit: 'Mijn account aanmaken',
    inviteWorking: 'Uw sleutels worden in deze browser gemaakt…',
    passwordWeak:
      'Dit wachtwoord is te makkelijk te raden. Maak het langer, bijvoorbeeld met een paar losse woorden.',
    strength: 'Sterkte van het wachtwoord',
    strengthLevels: ['zeer zwak', 'zwak', 'redelijk', 'sterk', 'zeer sterk'],
    homeTitle: 'Werkplek',
    signedInAs: 'Ingelogd als',
    roleConfidant: 'vertrouwenspersoon',
    roleAdmin: 'beheerder',
    organisationsHeading: 'Uw organisaties',
    organisation: 'Organisatie',
    openCases: 'Open meldingen',
    noOrganisations: 'U bent nog aan geen enkele organisatie toegewezen. Een beheerder wijst u toe.',
    adminIntro:
      'Beheerders beheren aangesloten organisaties en vertrouwenspersonen. Zij zien nooit meldingen, berichten of bestanden.',
    keysChecking: 'Uw sleutels worden gecontroleerd…',
    keysUnlocked: 'Uw sleutels zijn in dit tabblad ontgrendeld tot u uitlogt of het sluit.',
    keysLocked:
      'Uw sleutels zijn in dit tabblad nog niet ontgrendeld. Als u een melding opent, wordt om uw wachtwoord gevraagd.',
    signOut: 'Uitloggen',
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
  inbox: {
    heading: 'Meldingen',
    intro: 'Alle meldingen van uw organisaties, de dringendste wettelijke termijn eerst.',
    organisation: 'Organisatie',
    allOrganisations: 'Al uw organisaties',
    status: 'Status',
    show: 'Tonen',
    statuses: {
      open: 'Alle openstaande meldingen',
      received: 'Ontvangen',
      acknowledged: 'Ontvangst bevestigd',
      in_follow_up: 'In behandeling',
      feedback_given: 'Terugkoppeling gegeven',
      closed: 'Afgesloten',
    },
    caseColumn: 'Melding',
    receivedColumn: 'Ontvangen',
    statusColumn: 'Status',
    dueColumn: 'Eerstvolgende termijn',
    openCase: (reference: string) => `Melding ${reference} openen`,
    acknowledgeBy: 'Ontvangst bevestigen vóór',
    feedbackBy: 'Terugkoppeling vóór',
    daysLeft: (days: number) => (days === 1 ? 'nog 1 dag' : `nog ${days} dagen`),
    dueToday: 'vandaag',
    overdue: (days: number) =>
      days <= 0 ? 'sinds vandaag verlopen' : days === 1 ? '1 dag te laat' : `${days} dagen te laat`,
    noDeadline: 'Geen lopende termijn',
    meetingRequested: 'Gesprek gevraagd',
    count: (shown: number, total: number) =>
      total === 1 ? '1 melding' : shown < total ? `${shown} van ${total} meldingen` : `${total} meldingen`,
    none: 'Geen meldingen hier.',
    next: 'Volgende pagina',
    previous: 'Vorige pagina',
  },
  staffCase: {
    title: 'Melding',
    back: 'Terug naar de werkplek',
    organisation: 'Organisatie',
    status: 'Status',
    statuses: {
      received: 'ontvangen',
      acknowledged: 'ontvangst bevestigd',
      in_follow_up: 'in behandeling',
      feedback_given: 'terugkoppeling gegeven',
      closed: 'gesloten',
    } as Record<string, string>,
    received: 'Ontvangen',
    acknowledgeBy: 'Ontvangst bevestigen vóór',
    feedbackBy: 'Terugkoppeling vóór',
    acknowledged: 'Ontvangst bevestigd',
    feedbackGiven: 'Terugkoppeling gegeven',
    notYet: 'nog niet',
    opening: 'De melding wordt in deze browser ontsleuteld…',
    opened: 'De melding is alleen in deze browser ontsleuteld.',
    unverifiable:
      'Deze melding kon niet worden gecontroleerd: de sleutel opent de melding niet. Er wordt niets getoond. Waarschuw een beheerder.',
    threadIncomplete:
      'Let op: berichten van deze melding ontbreken, zijn onleesbaar of staan niet in volgorde.',
    threadHeading: 'Melding en berichten',
    notesHeading: 'Interne notities',
    notesWarning: 'Intern — nooit zichtbaar voor de melder.',
    noNotes: 'Nog geen interne notities.',
    reporter: 'Melder',
    colleague: 'Collega',
    you: 'U',
    kinds: {
      report: 'Melding',
      transcript: 'Verslag van een mondelinge melding',
      transcript_agreement: 'Instemming van de melder',
      message: 'Bericht',
      acknowledgement: 'Ontvangstbevestiging',
      feedback: 'Terugkoppeling (wettelijk)',
      meeting_request: 'Verzoek om een gesprek',
      note: 'Interne notitie',
      extension: 'Termijn voor terugkoppeling verlengd',
    } as Record<string, string>,
    download: 'Downloaden',
    downloading: 'Downloaden en ontsleutelen',
    downloadFailed: 'Dit bestand kon niet worden gedownload of ontsleuteld.',
    answerHeading: 'Behandelen',
    acknowledgeLabel: 'Ontvangstbevestiging aan de melder',
    acknowledgeDefault:
      'Dank u voor uw melding. Wij hebben haar ontvangen en zullen haar zorgvuldig onderzoeken. Wij houden u hier op de hoogte; met uw meldcode kunt u ons antwoorden of meer informatie sturen.',
    acknowledgeSubmit: 'Ontvangst bevestigen',
    messageLabel: 'Bericht of vraag aan de melder',
    messageSubmit: 'Bericht versturen',
    feedbackLabel: 'Terugkoppeling aan de melder (de wettelijke terugkoppeling over de opvolging)',
    feedbackSubmit: 'Terugkoppeling geven',
    noteLabel: 'Interne notitie (nooit zichtbaar voor de melder)',
    noteSubmit: 'Notitie toevoegen',
    required: 'Schrijf eerst iets.',
    sending: 'Versleutelen en versturen…',
    sent: 'Verstuurd.',
    sendFailed: 'Dit kon niet worden verstuurd. Probeer het opnieuw.',
    threadMoved:
      'Iemand anders heeft intussen iets aan deze melding toegevoegd. Laad de pagina opnieuw en verstuur opnieuw.',
    sessionEnded: 'Uw sessie is beëindigd. Log opnieuw in.',
  },
  caseWorkflow: {
    keyUnlocked: 'Uw sleutel is ontgrendeld in dit tabblad.',
    keyLocked: 'Uw sleutel is vergrendeld in dit tabblad — vul uw wachtwoord in om hem hier te ontgrendelen.',
    keyChecking: 'Uw sleutel wordt gecontroleerd…',
    signOut: 'Uitloggen',
    timelineHeading: 'Termijnen',
    received: 'Ontvangen',
    acknowledgement: 'Ontvangstbevestiging',
    feedback: 'Terugkoppeling',
    closed: 'Afgesloten',
    purgeAfter: 'Te verwijderen na',
    metOn: (on: string, late: number) =>
      late === 0
        ? `gegeven op ${on}, op tijd`
        : `gegeven op ${on}, ${late === 1 ? '1 dag' : `${late} dagen`} te laat`,
    dueBy: (by: string, daysLeft: number) =>
      `uiterlijk ${by} — ${daysLeft === 0 ? 'vandaag' : daysLeft === 1 ? 'nog 1 dag' : `nog ${daysLeft} dagen`}`,
    overdue: (by: string, days: number) =>
      `uiterlijk ${by} — ${days <= 0 ? 'sinds vandaag verlopen' : days === 1 ? '1 dag te laat' : `${days} dagen te laat`}`,
    closedOn: (on: string) => `op ${on}`,
    workHeading: 'Status en afsluiten',
    moveLabel: 'Status wijzigen naar',
    moveSubmit: 'Status wijzigen',
    noMoves:
      'Er is nu geen andere status met de hand te kiezen: de ontvangstbevestiging en de terugkoppeling wijzigen de status wanneer u ze verstuurt.',
    closeLabel: 'Uitkomst',
    closeSubmit: 'Melding afsluiten',
    closeIntro:
      'Bij afsluiten wordt de uitkomst hieronder vastgelegd; de melder ziet alleen dat de melding is afgesloten. Vertel de melder de uitkomst in uw terugkoppeling.',
    cannotClose: 'De melding kan worden afgesloten zodra de wettelijke terugkoppeling is gegeven.',
    isClosed: 'Deze melding is afgesloten.',
    outcomes: {
      substantiated: 'Vermoeden van een misstand gegrond',
      partly_substantiated: 'Gedeeltelijk gegrond',
      not_substantiated: 'Ongegrond',
      outside_scope: 'Valt buiten de meldregeling (geen vermoeden van een misstand)',
      referred_to_authority: 'Doorverwezen naar een bevoegde autoriteit',
      withdrawn_or_no_information: 'Ingetrokken, of geen verdere informatie om op te handelen',
    } as Record<string, string>,
    working: 'Opslaan…',
    saved: 'Opgeslagen.',
    failed: 'Dit kon niet worden opgeslagen. Probeer het opnieuw.',
    sessionEnded: 'Uw sessie is beëindigd. Log opnieuw in.',
    refused: {
      unchanged: 'De melding heeft deze status al.',
      closed: 'Deze melding is afgesloten: de status kan niet meer veranderen.',
      no_going_back: 'Een melding kan niet terug naar een eerdere status.',
      acknowledge_first: 'Verstuur eerst de ontvangstbevestiging: dat is de eerste wettelijke stap.',
      use_acknowledgement:
        'Een melding wordt bevestigd door de ontvangstbevestiging aan de melder te versturen.',
      use_feedback: 'Terugkoppeling geeft u door de terugkoppeling aan de melder te versturen.',
      feedback_first: 'Geef de wettelijke terugkoppeling voordat u de melding afsluit.',
    } as Record<string, string>,
    meetingHeading: 'Verzoek om een gesprek wacht op antwoord',
    meetingIntro:
      'De melder heeft gevraagd om een persoonlijk gesprek (Richtlijn art. 9(2), Wbk art. 2(2)(c)). Antwoord met een bericht; daarna staat de melding niet meer als wachtend.',
    meetingLabel: 'Uw antwoord op het verzoek om een gesprek',
    meetingSubmit: 'Antwoord versturen',
    auditHeading: 'Audittrail',
    auditWhen: 'Wanneer',
    auditWho: 'Wie',
    auditWhat: 'Wat',
    auditReporter: 'Melder',
    auditSystem: 'Systeem',
    auditNone: 'Nog geen gebeurtenissen.',
    actions: {
      'case.receive': 'Melding ontvangen',
      'case.read': 'Melding geopend',
      'case.file.read': 'Bestand gedownload',
      'case.acknowledgement': 'Ontvangstbevestiging verstuurd',
      'case.message': 'Bericht verstuurd',
      'case.feedback': 'Terugkoppeling gegeven',
      'case.note': 'Interne notitie toegevoegd',
      'case.meeting-answer': 'Verzoek om een gesprek beantwoord',
      'case.reporter-open': 'Melding geopend met de meldcode',
      'case.reporter-message': 'Bericht verstuurd',
      'case.reporter-meeting_request': 'Om een gesprek gevraagd',
    } as Record<string, string>,
    statusAction: (from: string, to: string) => `Status gewijzigd van ${from} naar ${to}`,
    reporterClosedOn: 'Afgesloten op',
  },
  // --- Mondelinge meldingen (issue 9) en het dossier. ---
  oralReporter: {
    transcriptFrom: 'Vastgelegd door de vertrouwenspersoon',
    receivedVia: {
      phone: 'Mondelinge melding, telefonisch ontvangen.',
      meeting: 'Mondelinge melding, ontvangen in een gesprek.',
      voice_message: 'Mondelinge melding, ontvangen via een ingesproken bericht.',
    },
    agreementText: 'De melder heeft ingestemd: dit verslag van de mondelinge melding is juist.',
    checkTitle: 'Controleer het verslag van uw mondelinge melding',
    checkIntro:
      'Een vertrouwenspersoon heeft opgeschreven wat u vertelde. Lees het zorgvuldig. Klopt het, stem dan hieronder in. Klopt er iets niet of ontbreekt er iets, schrijf uw correcties dan eerst in een bericht; daarna kunt u instemmen.',
    agree: 'Ik stem ermee in dat dit verslag juist is',
    correctHint: 'Gebruik het berichtformulier hieronder om het verslag te corrigeren.',
    agreed: 'U hebt ingestemd met het verslag van uw mondelinge melding.',
    agreementSent: 'Uw instemming met het verslag is opgeslagen.',
    agreementFailed: 'Uw instemming kon niet worden opgeslagen. Probeer het opnieuw.',
  },
  oral: {
    start: 'Mondelinge melding vastleggen (telefoon of gesprek)',
    startFor: (organisation: string) => `Mondelinge melding vastleggen voor ${organisation}`,
    title: 'Mondelinge melding vastleggen',
    intro: (organisation: string) =>
      `Een melding die telefonisch, via een ingesproken bericht of in een gesprek bij u is gedaan voor ${organisation}. Schrijf het volledige verslag of de notulen. De melder krijgt een nieuwe meldcode om uw verslag online te lezen, te corrigeren en ermee in te stemmen (richtlijn art. 18). De tekst wordt in deze browser versleuteld: de server ziet de tekst en de code nooit.`,
    channel: 'Hoe is de melding ontvangen?',
    channels: {
      phone: 'Telefonisch',
      meeting: 'In een gesprek',
      voice_message: 'Via een ingesproken bericht',
    },
    receivedAt: 'Datum en tijd van ontvangst',
    receivedAtHint: (zone: string) =>
      `Het werkelijke moment waarop de melding bij u is gedaan, in de tijdzone van de organisatie (${zone}). De wettelijke termijnen lopen vanaf dat moment.`,
    text: 'Verslag of volledige notulen',
    textHint: 'Leg zo volledig en nauwkeurig mogelijk vast wat de melder zei.',
    submit: 'Versleutelen en vastleggen',
    working: 'De meldcode wordt gemaakt en alles wordt in deze browser versleuteld…',
    required: 'Schrijf eerst het verslag.',
    tooLong: 'Het verslag is te lang.',
    channelRequired: 'Kies hoe de melding is ontvangen.',
    timeRequired: 'Vul de datum en tijd van ontvangst in.',
    timeInFuture: 'Het moment van ontvangst kan niet in de toekomst liggen.',
    timeTooOld: 'Het moment van ontvangst ligt meer dan een jaar terug. Controleer het.',
    recipientsChanged:
      'De vertrouwenspersonen van deze organisatie zijn intussen gewijzigd. Laad de pagina opnieuw en leg opnieuw vast; uw tekst staat er nog.',
    failed: 'De melding kon niet worden vastgelegd. Uw tekst staat er nog: probeer het opnieuw.',
    sessionEnded: 'Uw sessie is beëindigd. Log opnieuw in; uw tekst gaat verloren als u deze pagina verlaat.',
    receiptTitle: 'Mondelinge melding vastgelegd — ontvangstbewijs voor de melder',
    receiptIntro:
      'Geef dit ontvangstbewijs aan de melder. Het wordt maar één keer getoond: de code wordt nergens bewaard en kan niet opnieuw worden getoond.',
    receiptOrganisation: 'Organisatie',
    receiptReceived: 'Melding ontvangen op',
    receiptCode: 'Meldcode',
    receiptWhere: 'Volg uw melding op via',
    receiptStepsTitle: 'Wat u nu doet',
    receiptSteps: [
      'Ga naar het adres hierboven en vul de meldcode in.',
      'Lees het verslag van uw melding zorgvuldig.',
      'Klopt er iets niet of ontbreekt er iets, schrijf uw correcties dan in een bericht.',
      'Klopt het verslag, kies dan “Ik stem ermee in dat dit verslag juist is”.',
    ],
    receiptSecret:
      'Houd deze code geheim: wie hem heeft, kan de melding en de antwoorden lezen. Zonder de code kan niemand, ook de vertrouwenspersoon niet, u opnieuw toegang geven.',
    print: 'Ontvangstbewijs afdrukken',
    openCase: 'Melding openen',
    agreedOn: (date: string) => `De melder heeft ingestemd op ${date}.`,
    notAgreed: 'De melder heeft nog niet ingestemd.',
    printDossier: 'Afdrukken / opslaan als pdf',
    dossierTitle: 'Dossier',
    dossierConfidential: (name: string, date: string) =>
      `Vertrouwelijk. Afgedrukt door ${name} op ${date}. Bevat de ontsleutelde melding: bewaar het even zorgvuldig als de melding zelf.`,
    deadlineStatus: { met: 'gehaald', late: 'te laat gehaald', open: 'loopt', overdue: 'verstreken' },
    deadlines: 'Wettelijke termijnen',
    acknowledgementDeadline: 'Ontvangstbevestiging',
    feedbackDeadline: 'Terugkoppeling',
  },
  // Issue 9: meldingen delen met een nieuw toegewezen collega, sleutels ontgrendelen in een tweede tabblad.
  sharing: {
    bannerHeading: 'Collega’s die meldingen nog niet kunnen lezen',
    pending: (count: number, name: string) =>
      `${count} ${count === 1 ? 'melding' : 'meldingen'} nog niet leesbaar voor ${name}`,
    shareNow: (name: string) => `Nu delen met ${name}`,
    caseHeading: 'Collega’s',
    cannotRead: (name: string) => `${name} kan deze melding nog niet lezen`,
    share: (name: string) => `Delen met ${name}`,
    sharing: 'De sleutels worden in deze browser geopend, gecontroleerd en verzegeld…',
    progress: (done: number, total: number) => `${done} van ${total} gedeeld`,
    done: (shared: number, skipped: number) =>
      skipped === 0
        ? `${shared} ${shared === 1 ? 'melding' : 'meldingen'} gedeeld.`
        : `${shared} ${shared === 1 ? 'melding' : 'meldingen'} gedeeld; ${skipped} overgeslagen omdat deze browser ze niet kon controleren.`,
    sharedOne: (name: string) => `${name} kan deze melding nu lezen.`,
    failed: 'Delen is niet gelukt. Laad de pagina opnieuw en probeer het nog eens.',
    unlockHeading: 'Ontgrendel uw sleutels in dit tabblad',
    unlockIntro:
      'Uw sleutels worden per tabblad ontgrendeld. Vul uw wachtwoord in om ze ook hier te ontgrendelen; het verlaat deze browser niet.',
    password: 'Wachtwoord',
    unlock: 'Ontgrendelen',
    unlocking: 'Bezig met ontgrendelen…',
    wrongPassword: 'Met dit wachtwoord gaan uw sleutels niet open. Probeer het opnieuw.',
    unlockFailed: 'Uw sleutels konden niet worden opgehaald. Log opnieuw in.',
    internalKeyForged:
      'Waarschuwing: de interne sleutel van deze melding past niet bij de melding. Interne notities worden niet getoond en kunnen niet worden geschreven. Meld dit aan een beheerder.',
  },
  // ---- Reminders (issue 10): what is due and when, for which organisation; never what the report says. ----
  reminders: {
    subject: (kind: 'ack' | 'feedback', daysLeft: number, organisation: string, due: string) =>
      daysLeft < 0
        ? `Te laat: ${kind === 'ack' ? 'ontvangstbevestiging' : 'terugkoppeling'} voor een melding aan ${organisation}`
        : `Herinnering: ${kind === 'ack' ? 'bevestig de ontvangst van' : 'geef terugkoppeling op'} een melding aan ${organisation} uiterlijk ${due}`,
    body: (kind: 'ack' | 'feedback', daysLeft: number, organisation: string, due: string, url: string) =>
      [
        `${kind === 'ack' ? 'De ontvangstbevestiging' : 'De terugkoppeling aan de melder'} van een melding aan ${organisation} ${
          daysLeft < 0
            ? `had uiterlijk op ${due} gegeven moeten worden, ${-daysLeft === 1 ? '1 dag' : `${-daysLeft} dagen`} geleden.`
            : daysLeft === 0
              ? `moet vandaag, ${due}, gegeven worden.`
              : `moet uiterlijk op ${due} gegeven worden, over ${daysLeft === 1 ? '1 dag' : `${daysLeft} dagen`}.`
        }`,
        '',
        `Log in bij meldpool om de melding te behandelen: ${url}`,
        '',
        'Dit bericht bevat geen inhoud van de melding. Stuur het niet door.',
      ].join('\n'),
  },
  // Issue 10, extension: de termijn voor terugkoppeling één keer verlengen (Spanje), met een reden voor de melder.
  feedbackExtension: {
    label: (months: number) => `De termijn voor terugkoppeling met ${months} maanden verlengen`,
    reasonLabel: 'Reden voor de verlenging (de melder leest deze)',
    submit: 'Termijn verlengen',
    extendedOn: 'Termijn voor terugkoppeling verlengd op',
  },
  admin: {
    navLabel: 'Beheer',
    sections: {
      organisations: 'Aangesloten organisaties',
      confidants: 'Vertrouwenspersonen',
      statistics: 'Statistieken',
      audit: 'Auditlog',
      recovery: 'Herstelsleutel',
      settings: 'Vereniging',
    },
  },
  // Issue 11 sections: each area adds its keys inside its own section, after its first line.
  adminOrganisations: {
    title: 'Aangesloten organisaties',
    intro:
      'De organisaties waarvan medewerkers hier melden. Een organisatie gaat live zodra u haar activeert.',
    add: 'Nieuwe organisatie',
    none: 'Nog geen organisaties.',
    name: 'Naam',
    nameHint: 'De juridische naam, gebruikt in het beheer en in mails aan vertrouwenspersonen.',
    displayName: 'Weergavenaam',
    displayNameHint: "Zichtbaar voor melders op de pagina's van deze organisatie. Leeg: de naam.",
    slug: 'Adres (slug)',
    slugHint: 'Kleine letters, cijfers en streepjes; de meldpagina is /r/<slug>. Later niet te wijzigen.',
    status: 'Status',
    statuses: { draft: 'concept', active: 'actief', suspended: 'opgeschort' },
    profile: 'Rechtsgebied',
    profileHint: 'Bepaalt de wettelijke termijnen en de externe instanties.',
    timezone: 'Tijdzone',
    timezoneHint: 'Een IANA-naam zoals Europe/Amsterdam; termijnen worden daarin geteld.',
    languages: "Talen van de meldpagina's",
    retentionDays: 'Bewaartermijn (dagen na afsluiten)',
    retentionHint:
      'Afgesloten zaken worden zoveel dagen na afsluiten verwijderd. Leeg: de standaard van het profiel.',
    autoAcknowledge: 'Elke melding bij ontvangst automatisch bevestigen',
    autoAcknowledgeHint:
      'De bevestiging geldt als de wettelijke ontvangstbevestiging. Laat een tekst leeg voor de standaardtekst.',
    acknowledgementText: (language: string) => `Tekst van de ontvangstbevestiging (${language})`,
    languageNames: { nl: 'Nederlands', en: 'Engels' },
    confidants: 'Vertrouwenspersonen',
    noConfidants: 'niemand toegewezen',
    withKeys: 'heeft sleutels',
    withoutKeys: 'nog geen sleutels',
    disabled: 'uitgeschakeld',
    actions: 'Acties',
    edit: 'Bewerken',
    procedure: 'Procedure',
    poster: 'Poster',
    createTitle: 'Nieuwe organisatie',
    editTitle: (name: string) => `${name} bewerken`,
    create: 'Organisatie aanmaken',
    save: 'Wijzigingen opslaan',
    cancel: 'Terug naar de lijst',
    activate: 'Activeren',
    suspend: 'Opschorten',
    activateBlocked:
      'Deze organisatie kan nog niet worden geactiveerd: er is geen vertrouwenspersoon met sleutels toegewezen. Wijs eerst een vertrouwenspersoon toe die de uitnodiging heeft geaccepteerd (pagina Vertrouwenspersonen); anders kan niemand de meldingen lezen.',
    statusHeading: 'Status',
    detailsHeading: 'Gegevens',
    created: 'De organisatie is aangemaakt. Zij blijft een concept tot u haar activeert.',
    saved: 'Uw wijzigingen zijn opgeslagen.',
    activated: 'De organisatie is actief: haar meldpagina staat online.',
    suspended: 'De organisatie is opgeschort: haar meldpagina staat offline.',
    problems: {
      slug: 'Het adres mag alleen kleine letters, cijfers en streepjes bevatten (1–64), en niet met een streepje beginnen of eindigen.',
      slugTaken: 'Een andere organisatie gebruikt dit adres al. Kies een ander.',
      name: 'Vul een naam in van 1 tot 120 tekens.',
      displayName: 'De weergavenaam mag hoogstens 120 tekens lang zijn.',
      profile: 'Kies een van de genoemde profielen.',
      timezone: 'Deze tijdzone is onbekend. Gebruik een naam zoals Europe/Amsterdam.',
      locales: 'Kies minstens één taal.',
      retentionDays: 'Vul de bewaartermijn in als een heel aantal dagen van 1 tot 36500.',
      acknowledgementText: 'Elke bevestigingstekst mag hoogstens 4000 tekens lang zijn.',
      other: 'Iets in het formulier is niet geldig. Controleer de velden en probeer het opnieuw.',
    },
    nothingChanged: 'Er is niets gewijzigd.',
  },
  // ---
  adminConfidants: {
    title: 'Vertrouwenspersonen',
    intro:
      'Vertrouwenspersonen lezen en beantwoorden meldingen van de organisaties waaraan zij zijn toegewezen; beheerders beheren dit kanaal en zien nooit meldingen.',
    name: 'Naam',
    email: 'E-mailadres',
    role: 'Rol',
    roles: { admin: 'beheerder', confidant: 'vertrouwenspersoon' },
    keys: 'Sleutels',
    hasKeys: 'ja',
    noKeys: 'nee (uitnodiging nog niet geaccepteerd, of gereset)',
    state: 'Toestand',
    enabled: 'actief',
    disabled: 'uitgeschakeld',
    organisations: 'Organisaties',
    none: 'geen',
    language: 'Taal van mails',
    languageDefault: 'standaard van de organisatie',
    languageNames: { nl: 'Nederlands', en: 'Engels' },
    saveLanguage: 'Taal opslaan',
    assign: 'Toewijzen',
    assignTo: 'Toewijzen aan organisatie',
    unassign: (organisation: string) => `Weghalen bij ${organisation}`,
    disable: 'Account uitschakelen',
    disableHint: 'Wie is uitgeschakeld kan niet meer inloggen; open sessies eindigen direct.',
    reset: 'Verloren wachtwoord resetten',
    resetHint:
      'Gebruik dit als iemand het wachtwoord kwijt is. De sleutels zijn niet te herstellen: de zaken die voor deze persoon versleuteld waren, kan die niet meer lezen. Diegene krijgt een nieuwe link om zich opnieuw aan te melden.',
    inviteHeading: 'Iemand uitnodigen',
    inviteName: 'Naam (optioneel)',
    inviteRole: 'Rol',
    invite: 'Uitnodiging versturen',
    invited: (email: string) =>
      `Er is een uitnodiging gemaakt voor ${email}. Die wordt gemaild als er een mailserver is ingesteld. De link werkt één keer, 7 dagen lang:`,
    resetDone: (email: string) =>
      `Het account van ${email} is gereset. Geef deze persoon deze link (werkt één keer, 7 dagen lang) om een nieuw wachtwoord te kiezen:`,
    resetShare:
      'De zaken moeten nu opnieuw met deze persoon worden gedeeld: een collega die aan dezelfde organisaties is toegewezen ziet een melding "nu delen" op de werkpagina, of een beheerder deelt ze opnieuw met de herstelsleutel.',
    caseKeysDeleted: (count: number) => `${count} versleutelde zaaksleutels zijn verwijderd.`,
    disabledDone: 'Het account is uitgeschakeld en de sessies zijn beëindigd.',
    assignedDone: 'De vertrouwenspersoon is toegewezen.',
    unassignedDone: 'De toewijzing is weggehaald.',
    languageSaved: 'De taal is opgeslagen.',
    problems: {
      email: 'Vul een geldig e-mailadres in.',
      emailTaken: 'Er bestaat al een account met dit e-mailadres.',
      name: 'De naam mag hoogstens 120 tekens lang zijn.',
      notAConfidant: 'Alleen vertrouwenspersonen kunnen aan organisaties worden toegewezen.',
      self: 'Dit kunt u niet met uw eigen account doen.',
      other: 'Dat lukte niet. Controleer het formulier en probeer het opnieuw.',
    },
  },
  // ---
  adminSettings: {
    title: 'Instellingen van de vereniging',
    intro: 'De naam en het logo van uw vereniging staan bovenaan elke pagina voor melders.',
    name: 'Naam van de vereniging',
    contactEmail: 'E-mailadres voor contact',
    contactHint: 'Optioneel. Waar medewerkers en leden de vereniging kunnen bereiken.',
    save: 'Opslaan',
    saved: 'De instellingen zijn opgeslagen.',
    logoHeading: 'Logo',
    logoCurrent: 'Huidig logo',
    logoNone: 'Nog geen logo.',
    logoFile: 'PNG- of JPEG-bestand, hoogstens 200 kB',
    logoUpload: 'Logo uploaden',
    logoRemove: 'Logo verwijderen',
    logoSaved: 'Het logo is opgeslagen.',
    logoRemoved: 'Het logo is verwijderd.',
    problems: {
      name: 'Vul een naam in van 1 tot 120 tekens.',
      contactEmail: 'Vul een geldig e-mailadres in, of laat het leeg.',
      logo: 'Het logo moet een PNG- of JPEG-afbeelding zijn van hoogstens 200 kB.',
    },
  },
  // ---
  procedure: {
    title: 'Meldprocedure',
    /** De termijn in de woorden van de meldpagina's: '7 dagen', '7 werkdagen'. */
    acknowledgePeriod,
    read: 'Lees de meldregeling',
    printHint: 'Afdrukken of als pdf bewaren kan met de afdrukfunctie van uw browser.',
    adminIntro: (organisation: string) =>
      `De meldregeling van ${organisation} zoals melders haar lezen. De modeltekst volgt het recht van het profiel van het lid en is ingevuld met zijn gegevens; voeg hieronder de eigen bepalingen van het lid toe.`,
    notPublic: 'Deze organisatie is niet actief: haar meldregeling is nog niet openbaar.',
    publicPage: 'Openbare pagina',
    poster: 'Poster (A4)',
    inLanguage: 'Taal:',
    additionsLabel: 'Aanvullende bepalingen van het lid (niet verplicht)',
    additionsHint:
      'Platte tekst, getoond na de modeltekst in elke taal. Scheid alinea’s met een lege regel. Geen HTML of markdown.',
    preview: 'Voorbeeld',
    save: 'Opslaan',
    saved: 'Opgeslagen. De openbare pagina toont de nieuwe tekst.',
    previewTitle: 'Voorbeeld — nog niet opgeslagen',
  },
  // ---
  poster: {
    title: 'Poster',
    heading: (organisation: string) => `Een vermoeden van een misstand melden bij ${organisation}`,
    what: 'Hebt u op uw werk iets gezien dat niet klopt — gevaar voor gezondheid of veiligheid, fraude, corruptie, het overtreden van de wet? Meld het, veilig en vertrouwelijk.',
    anonymous:
      'U mag anoniem blijven. Uw melding wordt versleuteld; alleen de vertrouwenspersonen kunnen haar lezen.',
    followUp:
      'Na het versturen krijgt u een meldcode: daarmee leest u de antwoorden en volgt u uw melding op.',
    address: 'Ga naar:',
    qrLabel: 'QR-code met het adres van de meldpagina',
    printHint:
      'Druk deze pagina af op A4 met de afdrukfunctie van uw browser: ze past precies op één pagina.',
  },
  // ---
  statistics: {
    title: 'Statistieken',
    intro:
      'Cijfers zonder enige inhoud: alleen data, termijnen en uitkomsten, per kwartaal in de tijdzone van elke aangesloten organisatie. Verwijderde zaken tellen mee.',
    quarter: 'Kwartaal',
    organisation: 'Aangesloten organisatie',
    allMembers: 'Alle leden',
    show: 'Tonen',
    downloadCsv: 'Downloaden als CSV',
    deadlinesHeading: 'Meldingen en termijnen',
    deadlinesCaption: (quarter: string) =>
      `Meldingen ontvangen in ${quarter}, en hoe hun wettelijke termijnen verliepen. Open en te laat: nu.`,
    member: 'Lid',
    association: 'Vereniging (alle leden)',
    received: 'Meldingen ontvangen',
    acknowledgedInTime: 'Ontvangst bevestigd binnen de termijn',
    feedbackInTime: 'Terugkoppeling binnen de termijn',
    medianDaysToAcknowledgement: 'Mediaan dagen tot ontvangstbevestiging',
    medianDaysToFeedback: 'Mediaan dagen tot terugkoppeling',
    openNow: 'Nu open',
    overdueNow: 'Nu te laat',
    notYetDue: 'nog niets verschuldigd',
    percentOf: (pct: string, due: number) => `${pct} van ${due}`,
    trendHeading: 'Laatste vier kwartalen',
    receivedChartTitle: (scope: string) => `Meldingen ontvangen per kwartaal: ${scope}`,
    deadlinesChartTitle: (scope: string) => `Termijnen gehaald per kwartaal (%): ${scope}`,
    outcomesHeading: 'Uitkomsten van zaken gesloten dit kwartaal',
    outcomesExplained:
      'Een aantal wordt alleen getoond als het om minstens 5 meldingen gaat, zodat geen klein lid en geen melder herkenbaar is. Ook sommige aantallen van 5 of meer worden afgeschermd, waar de totalen anders een kleiner aantal zouden verraden. Leden zonder gesloten zaak dit kwartaal staan er niet in.',
    outcomesChartTitle: (scope: string, quarter: string) =>
      `Uitkomsten van zaken gesloten in ${quarter}: ${scope}`,
    fewerThanFive: 'minder dan 5 of afgeschermd',
    noClosedCases: 'Dit kwartaal is geen zaak gesloten.',
    outcome: 'Uitkomst',
  },
  // ---
  auditLog: {
    title: 'Auditlog',
    intro:
      'Wie wat deed en wanneer, nieuwste eerst. Het log bevat geen inhoud van meldingen en geen IP-adressen. Elke gebeurtenis is met een BLAKE2b-hash aan de vorige gekoppeld.',
    verified: (events: number, id: number, hash: string) =>
      `Keten gecontroleerd: ${events} gebeurtenissen, tot en met #${id}; kop ${hash}. Bewaar deze kop buiten de server (het wekelijkse overzicht mailt hem) en controleer later met: npm run meldpool -- audit verify --anchor <kop>`,
    empty: 'Het log is leeg.',
    broken: (id: string, reason: string) =>
      `De keten klopt NIET: rij #${id} ${reason}. Er zijn rijen buiten meldpool om gewijzigd, ingevoegd of verwijderd.`,
    reasons: {
      hash: 'past niet bij zijn eigen hash (gewijzigd)',
      link: 'volgt niet uit de rij ervoor (een rij ervoor is ingevoegd of verwijderd, of de vorige is herschreven)',
      gap: 'volgt op een gat in de nummering (een rij is verwijderd)',
      anchor_missing: 'ontbreekt',
    },
    action: 'Handeling',
    actor: 'Wie',
    anyAction: 'Elke handeling',
    anyActor: 'Iedereen',
    show: 'Tonen',
    when: 'Wanneer (UTC)',
    subject: 'Onderwerp',
    older: 'Oudere gebeurtenissen',
    newest: 'Nieuwste gebeurtenissen',
    none: 'Geen gebeurtenissen gevonden.',
  },
  // ---
  recovery: {
    title: 'Herstelsleutel',
    intro:
      'Met de herstelsleutel kan de vereniging de zaken van een lid aan een nieuwe vertrouwenspersoon geven als de enige vertrouwenspersoon is vertrokken of het wachtwoord kwijt is. Elke melding die binnenkomt terwijl er een sleutel is ingesteld, wordt ook voor die sleutel versleuteld.',
    current: 'Vingerafdruk van de huidige herstelsleutel',
    none: 'Er is geen herstelsleutel ingesteld. Meldingen die nu binnenkomen kan alleen een vertrouwenspersoon die ze kan lezen opnieuw delen.',
    generateHeading: 'Een herstelsleutel maken',
    generateIntro:
      'Het sleutelpaar wordt in deze browser gemaakt. De geheime helft wordt één keer getoond, op deze pagina, om af te drukken: die gaat nooit naar de server, alleen de openbare helft.',
    replaceWarning:
      'Er is al een herstelsleutel ingesteld. Een nieuwe sleutel geldt alleen voor meldingen die vanaf nu binnenkomen: eerder ontvangen zaken houden alleen de oude sleutel, dus bewaar ook het oude papier.',
    generate: 'Een herstelsleutel maken',
    replace: 'Een nieuwe herstelsleutel maken',
    javascriptNeeded:
      'Deze pagina heeft JavaScript nodig: de herstelsleutel wordt alleen in uw browser gemaakt en gebruikt.',
    sheetHeading: (association: string) => `Herstelsleutel van ${association}`,
    sheetFingerprint: 'Vingerafdruk',
    sheetMade: 'Gemaakt op',
    sheetLines: [
      'Druk deze pagina af en bewaar haar in een kluis.',
      'Wie deze sleutel heeft, kan elke melding lezen die vanaf nu binnenkomt. Bewaar haar als de sleutel van die kluis.',
      'Ze wordt alleen nu getoond en de server ontvangt haar nooit: kwijt is kwijt.',
    ],
    print: 'Afdrukken',
    confirmLabel: 'Typ ter bevestiging dat u haar op papier hebt de laatste groep van de sleutel (4 tekens)',
    confirmWrong: 'Dat is niet de laatste groep van de sleutel. Er is niets opgeslagen.',
    store: 'De openbare sleutel opslaan',
    storing: 'De openbare sleutel wordt opgeslagen…',
    stored: (fingerprint: string) =>
      `Herstelsleutel opgeslagen (vingerafdruk ${fingerprint}). De geheime helft is van deze pagina verwijderd.`,
    failed: 'De sleutel kon niet worden opgeslagen; er is niets veranderd. Probeer het opnieuw.',
    reshareLink: 'Zaken van een lid opnieuw delen met de herstelsleutel',
    reshareTitle: 'Zaken opnieuw delen met de herstelsleutel',
    reshareIntro:
      'Als de enige vertrouwenspersoon van een lid is vertrokken of het wachtwoord kwijt is, wijs dan eerst een nieuwe vertrouwenspersoon toe en geef die hier de zaken. Uw browser krijgt alleen de sleutels van de zaken, nooit de inhoud, opent ze met de herstelsleutel en versleutelt ze voor de vertrouwenspersoon. De herstelsleutel verlaat deze browser nooit.',
    noKey: 'Er is geen herstelsleutel ingesteld: er is niets om mee te delen.',
    noTargets: 'Nog geen organisatie heeft een actieve vertrouwenspersoon met sleutels.',
    target: 'Organisatie en vertrouwenspersoon',
    targetOption: (name: string, lacking: number) =>
      `${name} (${lacking} ${lacking === 1 ? 'zaak' : 'zaken'} nog niet leesbaar)`,
    keyLabel: 'Herstelsleutel (MPR1-…)',
    keyHint: 'Typ of plak de afgedrukte sleutel. Die wordt in deze browser gecontroleerd en nooit verstuurd.',
    start: 'Opnieuw delen',
    keyInvalid:
      'Dit is geen geldige herstelsleutel: controleer op een tikfout (het controlegetal klopt niet).',
    keyMismatch: (fingerprint: string, current: string) =>
      `Dit is een andere herstelsleutel (vingerafdruk ${fingerprint}), niet de huidige (${current}). Zaken die binnenkwamen toen die was ingesteld, kunnen hier niet opnieuw worden gedeeld.`,
    working: 'Bezig met delen…',
    progress: (shared: number, skipped: number) => `${shared} gedeeld, ${skipped} overgeslagen tot nu toe…`,
    done: (shared: number, skipped: number) =>
      `Klaar: ${shared} ${shared === 1 ? 'zaak' : 'zaken'} gedeeld, ${skipped} overgeslagen (hun sleutels gingen niet open met deze herstelsleutel).`,
    reshareFailed:
      'Het delen is gestopt; wat gedaan is, blijft bewaard. Laad de pagina opnieuw en probeer het nog eens.',
  },
  // ---
  autoAcknowledgement: {
    title: 'Automatische ontvangstbevestiging',
    standardText: (terms: DeadlineTerms) =>
      `Bedankt voor uw melding. Met dit bericht bevestigen wij dat ze is ontvangen. Een vertrouwenspersoon leest uw melding en beoordeelt wat er moet gebeuren. Binnen ${terms.feedbackMonths} maanden na ontvangst hoort u wat er met uw melding is gedaan (de beoordeling en de opvolging). Intussen kan een vertrouwenspersoon u hier vragen stellen. Kom met uw meldcode terug naar deze pagina om die te lezen en te beantwoorden, om informatie toe te voegen of om een persoonlijk gesprek te vragen. Bewaar uw meldcode goed: niemand kan hem u opnieuw geven.`,
    from: 'Automatisch verstuurd bij ontvangst',
    acknowledgedAutomatically: 'Automatisch bevestigd bij ontvangst',
    inboxMark: 'automatisch, bij ontvangst',
    auditAction: 'Automatisch bevestigd bij ontvangst',
    newReportBody: (organisation: string, feedbackBy: string, url: string) =>
      [
        `Er is een nieuwe melding binnengekomen voor ${endSentence(organisation)}`,
        '',
        'De ontvangst is bij binnenkomst automatisch bevestigd (de instelling van de organisatie).',
        `De terugkoppeling aan de melder moet uiterlijk op ${feedbackBy} worden gegeven (3 maanden, Richtlijn 2019/1937 art. 9 lid 1 onder f).`,
        `Log in bij meldpool om de melding te lezen: ${url}`,
        '',
        'Dit bericht bevat geen inhoud van de melding. Stuur het niet door.',
      ].join('\n'),
    doneText:
      'De ontvangstbevestiging staat al in uw melding. Kom terug met uw meldcode om haar te lezen en eventuele vragen te beantwoorden.',
  },
  // ---
  digest: {
    title: 'Wekelijks overzicht',
    subject: (association, week, year) => `Wekelijks overzicht van ${association}, week ${week} van ${year}`,
    intro: (association, from, to) =>
      `Het wekelijks overzicht van ${association}. "In de week" is ${from} tot en met ${to}; de andere aantallen zijn die van nu.`,
    countsOnly:
      'Alleen aantallen: dit bericht bevat nooit inhoud van meldingen, gegevens van melders of meldcodes.',
    counts: {
      open: 'Openstaande meldingen',
      awaitingAcknowledgement: 'Wachten op ontvangstbevestiging, binnen de termijn',
      overdueAcknowledgement: 'Ontvangstbevestiging te laat',
      feedbackDueSoon: 'Terugkoppeling binnen 14 dagen',
      overdueFeedback: 'Terugkoppeling te laat',
      receivedInWeek: 'Ontvangen in de week',
      closedInWeek: 'Afgesloten in de week',
    },
    status: { draft: 'nog niet actief', active: '', suspended: 'opgeschort' },
    quiet: (count) =>
      `${count === 1 ? '1 aangesloten organisatie heeft' : `${count} aangesloten organisaties hebben`} niets openstaan en niets in de week; niet vermeld.`,
    noOrganisations: 'Er zijn nog geen aangesloten organisaties.',
    adminLink: (url) => `Beheer: ${url}`,
    auditHead: (id, hash) => `audit head #${id} ${hash}`,
    auditEmpty: 'Het auditlog is nog leeg.',
    anchor: (hash) =>
      `Bewaar dit bericht: \`npm run meldpool -- audit verify --anchor ${hash}\` bewijst dat het log sindsdien niet is herschreven.`,
  },
}
