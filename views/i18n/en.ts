import type { DeadlineTerms } from '../../server/domain/profiles.js'

/** '7 days', or '7 working days' where the law counts working days (France). */
const acknowledgePeriod = (terms: DeadlineTerms) =>
  `${terms.acknowledgeDays} ${terms.acknowledgeCount === 'working' ? 'working days' : 'days'}`

/**
 * The English catalogue defines the shape every other language must fill: `Catalogue` is derived from it, so a
 * missing or extra key in another language is a compile error.
 */
/** Ends a sentence after a name that may already end in a full stop ("Bakkerij Jansen B.V."). */
export function endSentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`
}

export const en = {
  meta: { lang: 'en', dir: 'ltr', name: 'English' },
  layout: {
    skipToContent: 'Skip to content',
    otherLanguage: 'Nederlands',
    footer:
      'Reports are encrypted: with JavaScript before they leave your device, without it as soon as they reach the server. meldpool keeps no IP addresses.',
    footerServer:
      'Without JavaScript your report is encrypted on the server as soon as it arrives, and kept only encrypted. meldpool keeps no IP addresses.',
  },
  landing: {
    title: 'Reporting channel',
    intro: (association: string) =>
      `${association} runs this confidential reporting channel for its member organisations. Employees, former employees and contractors of a member can report a suspected wrongdoing here, anonymously if they wish.`,
    howToFind:
      'Your organisation gives you the address of its own reporting page (it looks like /r/your-organisation). Open that address to make a report or to follow up on one.',
    safety: 'For your own safety, use a private device and not your employer’s network.',
  },
  errors: {
    title: 'Something went wrong',
    back: 'Back to the start page',
    badRequest: 'The request could not be processed. Please check what you entered and try again.',
    notFound: 'This page does not exist.',
    tooLarge: 'What you sent is too large.',
    forbidden: 'This action is not allowed. Reload the page and try again.',
    tooManyRequests: 'Too many attempts. Please wait a while and try again.',
    serverError:
      'Something went wrong on our side. Nothing you entered has been stored. Please try again later.',
    unavailable: 'The service is busy. Please try again in a minute.',
  },
  reporter: {
    pageTitle: (organisation: string) => `Report a suspected wrongdoing at ${organisation}`,
    intro: (organisation: string, association: string) =>
      `This is the confidential reporting channel of ${organisation}, run by ${association}. You can report a suspected wrongdoing here — for example a danger to health or safety, fraud, corruption, or a breach of the law — if you work or worked for ${organisation}, or for one of its contractors.`,
    makeReport: 'Make a report',
    followUp: 'Follow up on a report',
    whoTitle: 'Who receives your report',
    whoIntro: (association: string) =>
      `Your report can only be read by the confidants appointed through ${association}:`,
    whoNone: 'The confidants appointed through the association.',
    whoEmployer:
      'Your employer cannot read your report, and neither can the administrators of this service or anyone with access to its servers.',
    nextTitle: 'What happens next',
    nextAcknowledge: (terms: DeadlineTerms) =>
      `Within ${acknowledgePeriod(terms)} a confidant confirms that your report was received.`,
    nextFeedback: (terms: DeadlineTerms) =>
      `Within ${terms.feedbackMonths} months of ${terms.feedbackFrom === 'receipt' ? 'receiving your report' : 'that confirmation'} you hear what has been done with your report (the assessment and the follow-up).`,
    nextQuestions:
      'Meanwhile the confidant may ask you questions. You read and answer them with your case code; you can also add information or ask for a meeting in person.',
    anonymityTitle: 'How your anonymity is protected',
    anonymityEncryption:
      'Your report is encrypted before it leaves your device (without JavaScript: by the server, in memory, and never stored readable).',
    anonymityNoLogs:
      'This service does not record IP addresses, browsers or case codes, and sets no tracking cookies.',
    anonymityIdentity:
      'You decide whether to give your name. If you do, it is encrypted like the rest of your report and is only shared with your explicit consent, except where the law requires it.',
    protectTitle: 'Protect yourself',
    protectDevice: 'Use your own device, not one from work, and not your employer’s network (Wi-Fi or VPN).',
    protectTor:
      'For the most anonymity use Tor Browser. This site works with JavaScript switched off (Tor Browser “Safest”).',
    protectCode:
      'Keep your case code safe: it is the only way back to your report. Nobody can recover it for you.',
    protectTraces: 'Afterwards, close this window. Consider clearing your browser history.',
    externalTitle: 'Other ways to report',
    externalIntro:
      'You may also report directly to a competent authority, before or instead of reporting here. For example:',
    adviserTitle: 'Advice in confidence',
    adviser:
      'Before reporting you may consult an adviser in confidence, such as a confidential counsellor or the advice department of the Huis voor Klokkenluiders.',
    oralTitle: 'Reporting by phone or in person',
    oral: 'If you prefer to tell your story, ask for a meeting in person after making a short report here, or ask the confidants for a phone call.',
    formTitle: 'Your report',
    formIntro:
      'Only the first question is required. Write what you know; you can add more later with your case code.',
    what: 'What happened? (required)',
    whatHint: 'Describe the suspected wrongdoing as concretely as you can.',
    when: 'When did it happen?',
    where: 'Where did it happen?',
    who: 'Who is involved?',
    how: 'How do you know about it?',
    howHint: 'For example: you saw it yourself, a colleague told you, you found documents.',
    ongoing: 'Is it still going on?',
    ongoingYes: 'Yes',
    ongoingNo: 'No',
    ongoingUnknown: 'I don’t know',
    files: 'Evidence files (optional)',
    filesHint: (megabytes: number, count: number) =>
      `Up to ${count} files of at most ${megabytes} MB each. Files can contain hidden information about you (author name, location in photos): remove it if you can.`,
    identityTitle: 'Your name (optional)',
    identityIntro:
      'You may stay anonymous. If you want the confidants to know who you are, fill this in. It is encrypted like the rest of your report.',
    identityName: 'Name',
    identityContact: 'How can the confidants reach you? (phone or private e-mail)',
    submit: 'Send report',
    encrypting: 'Encrypting your report in this browser…',
    uploading: (percent: number) => `Sending… ${percent}%`,
    sendFailed: 'Sending failed. Your report has not been received. Check your connection and try again.',
    fileTooLarge: (name: string, megabytes: number) => `“${name}” is larger than ${megabytes} MB.`,
    tooManyFiles: (count: number) => `You can add at most ${count} files.`,
    filesTooLarge: (megabytes: number) =>
      `One of the files is larger than ${megabytes} MB. Nothing has been received yet: please send the report again without that file, or with a smaller version.`,
    busy: (seconds: number) =>
      `The service is very busy right now. Nothing has been received yet; everything you typed is still below. Please wait about ${seconds} seconds and send again (files must be added again).`,
    storageLow:
      'The service cannot take new reports at the moment. Nothing has been received yet; everything you typed is still below. Please try again later, or use one of the other ways to report named on the organisation’s page.',
    tooManyReports: (minutes: number) =>
      `This reporting page has received unusually many reports in a short time and is slowing down. Nothing has been received yet; everything you typed is still below. Please send again in about ${minutes} minutes.`,
    bodyTooLarge: (count: number, megabytes: number) =>
      `What was sent is larger than ${count} files of ${megabytes} MB. Nothing has been received and the text could not be kept. Please send the report again with fewer or smaller files.`,
    backToPage: (organisation: string) => `Back to the reporting page of ${organisation}`,
    fieldRequired: 'Please describe what happened.',
    fieldTooLong: 'This text is too long.',
    fixProblems: 'Please check the form: some answers need attention.',
    noJsOff:
      'This reporting page needs JavaScript, because your report is encrypted in your browser. Please switch JavaScript on for this site, or use another browser.',
    receiptTitle: 'Your report has been received',
    receiptIntro: 'This is your case code. Write it down or save it now: it is shown only once.',
    receiptCodeLabel: 'Case code',
    receiptWhy:
      'With this code you can read the confirmation, answer questions and hear what happened with your report. Without it nobody, not even the confidants, can link you to your report.',
    receiptWhere: 'Follow up at:',
    receiptCopy: 'Copy code',
    receiptCopied: 'Copied.',
    receiptPrint: 'Print',
    receiptDownload: 'Download as a text file',
    receiptSaved: 'I have saved my case code',
    receiptSavedRequired: 'Please save your case code first, then tick the box: it is shown only this once.',
    encryptionLoading: 'Preparing encryption in this browser… The send button appears when it is ready.',
    codeLoading: 'Preparing encryption in this browser… The code field appears when it is ready.',
    plainVersionLink: 'Not appearing? Use the version without JavaScript.',
    plainVersionNote:
      'This version works without JavaScript: what you send goes to our server, which encrypts it as soon as it arrives.',
    noCryptoHere:
      'Encryption could not start in this browser. You can still send: our server then encrypts what you send as soon as it arrives.',
    sendToServer: 'Send to the server to encrypt',
    replyKept: 'Your message has not been sent yet. It is kept below: please check it and send it again.',
    keptTextLabel: 'Your message, not sent yet (copy it before you open the case again)',
    backToOrganisation: 'Back to the reporting page',
    receiptContinue: 'Continue',
    receiptFileTitle: 'Receipt of your report',
    receiptFileOrganisation: 'Organisation',
    receiptFileDate: 'Received on',
    receiptFileCode: 'Case code',
    receiptFileWhere: 'Follow up at',
    receiptFileNote: 'Keep this code secret. Anyone who has it can read your report and the answers.',
    doneTitle: 'Thank you for your report',
    doneText: (terms: DeadlineTerms) =>
      `A confidant will confirm receipt within ${acknowledgePeriod(terms)}. Come back with your case code to read it and to answer any questions.`,
    doneTraces: 'You can close this window now. Consider clearing your browser history.',
    followUpTitle: 'Follow up on your report',
    followUpIntro: 'Enter the 16-digit case code you received when you made your report.',
    codeLabel: 'Case code',
    codeHint: 'For example 1234 5678 9012 3456. Spaces and dashes do not matter.',
    openCase: 'Open',
    opening: 'Checking your code in this browser…',
    codeTypo:
      'This code contains a typo: one of the digits is wrong or two digits are swapped. Please check it.',
    codeMalformed: 'A case code has exactly 16 digits.',
    codeUnknown: 'We could not find a report with this code. Check the code and try again.',
    codeTooMany: 'Too many attempts. Please wait 15 minutes and try again.',
    sessionExpired: 'Your session has ended. Please enter your case code again.',
    statusTitle: 'Status',
    status: {
      received: 'Received — waiting for confirmation by a confidant',
      acknowledged: 'Confirmed — your report is being assessed',
      in_follow_up: 'In progress',
      feedback_given: 'Feedback given',
      closed: 'Closed',
    },
    receivedOn: 'Received on',
    acknowledgeBy: 'Confirmation due by',
    acknowledgedOn: 'Confirmed on',
    feedbackBy: 'Feedback due by',
    feedbackOn: 'Feedback given on',
    threadTitle: 'Messages',
    fromYou: 'You',
    fromConfidant: 'Confidant',
    fromSystem: 'System',
    kinds: {
      report: 'Your report',
      message: 'Message',
      acknowledgement: 'Confirmation of receipt',
      feedback: 'Feedback',
      transcript: 'Record of your oral report',
      transcript_agreement: 'Your agreement to the record',
      meeting_request: 'Request for a meeting in person',
      note: 'Note',
      extension: 'Feedback period extended',
    },
    unreadable: 'This entry could not be decrypted. It may have been altered.',
    caseUnverifiable:
      'This case could not be verified: its key does not open your report, so it may have been tampered with. Nothing is shown and nothing can be sent. Please contact the organisation another way, or make a new report.',
    threadIncomplete:
      'Warning: messages in this case are missing or out of order. Someone may have removed or moved them on the server. Please tell the confidant another way.',
    threadMoved:
      'Something was added to this case while you were writing. Your text is still here: please send it again.',
    recipientsChanged:
      'The confidants of this organisation changed while you were writing. Your text is still here: please send it again.',
    identityGiven: 'Your name and contact details (encrypted)',
    attachments: 'Files',
    download: 'Download',
    replyTitle: 'Add information or answer a question',
    replyLabel: 'Your message',
    replyFiles: 'Files (optional)',
    replySend: 'Send message',
    replySent: 'Your message has been received.',
    replyRequired: 'Please write a message or add a file.',
    meetingTitle: 'Meeting in person',
    meetingIntro:
      'You may ask to tell your story in person. A confidant will propose a time and place. Say which days or times suit you, if you like.',
    meetingLabel: 'Your preferences (optional)',
    meetingSend: 'Ask for a meeting',
    meetingPending: 'You have asked for a meeting. A confidant will answer in the messages.',
    meetingSent: 'Your request for a meeting has been received.',
    signOut: 'Sign out of this case',
    reload: 'Refresh',
    javascriptHint: 'Without JavaScript this page uses a cookie for at most 15 minutes; it holds no code.',
  },
  mail: {
    newReportSubject: (organisation: string) => `New report for ${organisation}`,
    newReportBody: (organisation: string, acknowledgeBy: string, url: string) =>
      [
        `A new report has arrived for ${endSentence(organisation)}`,
        '',
        `Acknowledge its receipt by ${acknowledgeBy} (7 days, Directive 2019/1937 art. 9(1)(b)).`,
        `Sign in to meldpool to read it: ${url}`,
        '',
        'This message contains no report content. Do not forward it.',
      ].join('\n'),
  },
  staff: {
    loginTitle: 'Sign in',
    loginIntro: 'For confidants and administrators. Your password never leaves this browser.',
    email: 'E-mail address',
    password: 'Password',
    totpCode: 'The 6-digit code your authenticator app shows now',
    submit: 'Sign in',
    working: 'Checking your password in this browser…',
    failed: 'The e-mail address, password or code is not correct.',
    locked: 'Too many failed sign-ins: this account is locked until {time}. Try again after that.',
    expired: 'Your session has ended. Please sign in again.',
    signedOut: 'You have signed out. Your keys have been removed from this tab.',
    javascriptNeeded: 'Staff pages need JavaScript: your password is turned into keys in this browser.',
    tryAgain: 'Something went wrong. Please try again.',
    inviteTitle: 'Accept your invitation',
    inviteIntroConfidant:
      'You have been invited as a confidant. Choose a password and set up two-step sign-in. Your keys are created in this browser.',
    inviteIntroAdmin:
      'You have been invited as an administrator. Choose a password and set up two-step sign-in. Your keys are created in this browser.',
    inviteEmail: 'Your account',
    inviteName: 'Your name',
    invitePasswordHint:
      'At least 12 characters and hard to guess: several unrelated words work well. Your password never leaves this browser; if you lose it, an administrator must reset your account.',
    inviteInvalid:
      'This invitation link is not valid: it has expired or has already been used. Ask an administrator for a new one.',
    inviteSubmit: 'Create my account',
    inviteWorking: 'Creating your keys in this browser…',
    passwordWeak:
      'This password is too easy to guess. Make it longer, for example with several unrelated words.',
    strength: 'Password strength',
    strengthLevels: ['very weak', 'weak', 'fair', 'strong', 'very strong'],
    homeTitle: 'Workspace',
    signedInAs: 'Signed in as',
    roleConfidant: 'confidant',
    roleAdmin: 'administrator',
    organisationsHeading: 'Your organisations',
    organisation: 'Organisation',
    openCases: 'Open cases',
    noOrganisations: 'You are not assigned to any organisation yet. An administrator assigns you.',
    adminIntro:
      'Administrators manage member organisations and confidants. They never see reports, messages or case files.',
    keysChecking: 'Checking your keys…',
    keysUnlocked: 'Your keys are unlocked in this tab until you sign out or close it.',
    keysLocked:
      'Your keys are not unlocked in this tab yet. Opening a case asks for your password to unlock them.',
    signOut: 'Sign out',
  },
  setup: {
    title: 'Set up meldpool',
    intro:
      'Create the first administrator account. The administrator onboards member organisations and confidants and never sees report content.',
    linkInvalid:
      'This setup link is not valid: it has expired or has already been used. Restart meldpool to print a new link, or use the command line (npm run meldpool -- init).',
    association: 'Name of the association',
    name: 'Your name',
    email: 'Your e-mail address',
    password: 'Password (at least 12 characters)',
    passwordRepeat: 'Repeat the password',
    passwordHint:
      'Your password never leaves this browser: it is turned into keys here. If you lose it, another administrator must reset your account.',
    totpTitle: 'Two-step sign-in',
    totpIntro:
      'Scan this code with an authenticator app (for example FreeOTP or Aegis), or type the key below.',
    totpKey: 'Key for manual entry',
    totpCode: 'The 6-digit code your app shows now',
    submit: 'Create administrator',
    working: 'Creating keys in your browser…',
    javascriptNeeded: 'Staff pages need JavaScript: keys are created in your browser.',
    passwordsDiffer: 'The two passwords are not the same.',
    passwordTooShort: 'The password must be at least 12 characters long.',
    done: 'The administrator account has been created.',
    doneNext: 'Keep your authenticator app: you need it every time you sign in.',
    wrongTotp: 'The 6-digit code is not correct. Check the time on your phone and try again.',
    invalidInput: 'Some fields are missing or not valid. Please check the form.',
    alreadyDone: 'meldpool has already been set up.',
  },
  inbox: {
    heading: 'Cases',
    intro: 'Every case of your organisations, the most urgent statutory deadline first.',
    organisation: 'Organisation',
    allOrganisations: 'All your organisations',
    status: 'Status',
    show: 'Show',
    statuses: {
      open: 'All open cases',
      received: 'Received',
      acknowledged: 'Acknowledged',
      in_follow_up: 'In follow-up',
      feedback_given: 'Feedback given',
      closed: 'Closed',
    },
    caseColumn: 'Case',
    receivedColumn: 'Received',
    statusColumn: 'Status',
    dueColumn: 'Next deadline',
    openCase: (reference: string) => `Open case ${reference}`,
    acknowledgeBy: 'Acknowledge by',
    feedbackBy: 'Feedback by',
    daysLeft: (days: number) => (days === 1 ? '1 day left' : `${days} days left`),
    dueToday: 'due today',
    overdue: (days: number) =>
      days <= 0 ? 'overdue since today' : days === 1 ? 'overdue by 1 day' : `overdue by ${days} days`,
    noDeadline: 'No deadline running',
    meetingRequested: 'Meeting requested',
    count: (shown: number, total: number) =>
      total === 1 ? '1 case' : shown < total ? `${shown} of ${total} cases` : `${total} cases`,
    none: 'No cases here.',
    next: 'Next page',
    previous: 'Previous page',
  },
  staffCase: {
    title: 'Case',
    back: 'Back to the workspace',
    organisation: 'Organisation',
    status: 'Status',
    statuses: {
      received: 'received',
      acknowledged: 'acknowledged',
      in_follow_up: 'in follow-up',
      feedback_given: 'feedback given',
      closed: 'closed',
    } as Record<string, string>,
    received: 'Received',
    acknowledgeBy: 'Acknowledge by',
    feedbackBy: 'Feedback by',
    acknowledged: 'Acknowledged',
    feedbackGiven: 'Feedback given',
    notYet: 'not yet',
    opening: 'Decrypting the case in this browser…',
    opened: 'The case is decrypted in this browser only.',
    unverifiable:
      'This case could not be verified: its key does not open the report. Nothing is shown. Tell an administrator.',
    threadIncomplete: 'Warning: entries of this case are missing, unreadable or out of order.',
    threadHeading: 'Report and thread',
    notesHeading: 'Internal notes',
    notesWarning: 'Internal — never shown to the reporter.',
    noNotes: 'No internal notes yet.',
    reporter: 'Reporter',
    colleague: 'Colleague',
    you: 'You',
    kinds: {
      report: 'Report',
      transcript: 'Transcript of an oral report',
      transcript_agreement: 'Agreement by the reporter',
      message: 'Message',
      acknowledgement: 'Acknowledgement',
      feedback: 'Feedback (statutory)',
      meeting_request: 'Meeting request',
      note: 'Internal note',
      extension: 'Feedback period extended',
    } as Record<string, string>,
    download: 'Download',
    downloading: 'Downloading and decrypting',
    downloadFailed: 'This file could not be downloaded or decrypted.',
    answerHeading: 'Work the case',
    acknowledgeLabel: 'Acknowledgement to the reporter',
    acknowledgeDefault:
      'Thank you for your report. We have received it and will look into it carefully. We will keep you informed here; you can answer us or send more information with your case code.',
    acknowledgeSubmit: 'Send acknowledgement',
    messageLabel: 'Message or question to the reporter',
    messageSubmit: 'Send message',
    feedbackLabel: 'Feedback to the reporter (the statutory feedback on the follow-up)',
    feedbackSubmit: 'Give feedback',
    noteLabel: 'Internal note (never shown to the reporter)',
    noteSubmit: 'Add note',
    required: 'Please write something first.',
    sending: 'Encrypting and sending…',
    sent: 'Sent.',
    sendFailed: 'This could not be sent. Please try again.',
    threadMoved: 'Someone else added to this case meanwhile. Reload the page and send again.',
    sessionEnded: 'Your session has ended. Sign in again.',
  },
  /** Working a case (issue 9, workflow): status, closing, meeting requests, timeline, audit trail. */
  caseWorkflow: {
    keyUnlocked: 'Your key is unlocked in this tab.',
    keyLocked: 'Your key is locked in this tab — enter your password to unlock it here.',
    keyChecking: 'Checking your key…',
    signOut: 'Sign out',
    timelineHeading: 'Deadlines',
    received: 'Received',
    acknowledgement: 'Acknowledgement',
    feedback: 'Feedback',
    closed: 'Closed',
    purgeAfter: 'To be deleted after',
    metOn: (on: string, late: number) =>
      late === 0
        ? `given on ${on}, in time`
        : `given on ${on}, ${late === 1 ? '1 day' : `${late} days`} late`,
    dueBy: (by: string, daysLeft: number) =>
      `due by ${by} — ${daysLeft === 0 ? 'due today' : daysLeft === 1 ? '1 day left' : `${daysLeft} days left`}`,
    overdue: (by: string, days: number) =>
      `was due by ${by} — ${days <= 0 ? 'overdue since today' : days === 1 ? 'overdue by 1 day' : `overdue by ${days} days`}`,
    closedOn: (on: string) => `on ${on}`,
    workHeading: 'Status and closing',
    moveLabel: 'Move the status to',
    moveSubmit: 'Move status',
    noMoves:
      'No other status can be chosen by hand now: the acknowledgement and the feedback move the status when you send them.',
    closeLabel: 'Outcome',
    closeSubmit: 'Close the case',
    closeIntro:
      'Closing records the outcome below; the reporter sees only that the case is closed. Tell them the outcome in your feedback.',
    cannotClose: 'The case can be closed once the statutory feedback has been given.',
    isClosed: 'This case is closed.',
    outcomes: {
      substantiated: 'Substantiated',
      partly_substantiated: 'Partly substantiated',
      not_substantiated: 'Not substantiated',
      outside_scope: 'Outside the scope of the procedure (no suspected wrongdoing)',
      referred_to_authority: 'Referred to a competent authority',
      withdrawn_or_no_information: 'Withdrawn, or no further information to act on',
    } as Record<string, string>,
    working: 'Saving…',
    saved: 'Saved.',
    failed: 'This could not be saved. Please try again.',
    sessionEnded: 'Your session has ended. Sign in again.',
    refused: {
      unchanged: 'The case already has this status.',
      closed: 'This case is closed: its status cannot change any more.',
      no_going_back: 'A case cannot go back to an earlier status.',
      acknowledge_first: 'Send the acknowledgement first: it is the first statutory step.',
      use_acknowledgement: 'A case becomes acknowledged by sending the acknowledgement to the reporter.',
      use_feedback: 'Feedback is given by sending the feedback to the reporter.',
      feedback_first: 'Give the statutory feedback before closing the case.',
    } as Record<string, string>,
    meetingHeading: 'Meeting request waiting',
    meetingIntro:
      'The reporter asked for a meeting in person (Directive art. 9(2)). Answer with a message; the case stops showing as waiting once you have.',
    meetingLabel: 'Your answer to the meeting request',
    meetingSubmit: 'Send answer',
    auditHeading: 'Audit trail',
    auditWhen: 'When',
    auditWho: 'Who',
    auditWhat: 'What',
    auditReporter: 'Reporter',
    auditSystem: 'System',
    auditNone: 'No events yet.',
    actions: {
      'case.receive': 'Report received',
      'case.read': 'Opened the case',
      'case.file.read': 'Downloaded a file',
      'case.acknowledgement': 'Sent the acknowledgement',
      'case.message': 'Sent a message',
      'case.feedback': 'Gave feedback',
      'case.note': 'Added an internal note',
      'case.meeting-answer': 'Answered the meeting request',
      'case.reporter-open': 'Opened the case with the case code',
      'case.reporter-message': 'Sent a message',
      'case.reporter-meeting_request': 'Asked for a meeting',
    } as Record<string, string>,
    statusAction: (from: string, to: string) => `Moved the status from ${from} to ${to}`,
    reporterClosedOn: 'Closed on',
  },
  // --- Oral reports (issue 9): recorded by a confidant, checked and agreed by the reporter; the case dossier. ---
  oralReporter: {
    transcriptFrom: 'Recorded by the confidant',
    receivedVia: {
      phone: 'Oral report, received by phone.',
      meeting: 'Oral report, received in a meeting.',
      voice_message: 'Oral report, received by voice message.',
    } as Record<string, string>,
    agreementText: 'The reporter agreed that this record of the oral report is correct.',
    checkTitle: 'Check the record of your oral report',
    checkIntro:
      'A confidant wrote down what you told them. Please read it carefully. If it is correct, agree below. If something is wrong or missing, write your corrections as a message first; you can agree afterwards.',
    agree: 'I agree this is a correct record',
    correctHint: 'To correct the record, use the message form below.',
    agreed: 'You have agreed that the record of your oral report is correct.',
    agreementSent: 'Your agreement to the record has been stored.',
    agreementFailed: 'Your agreement could not be stored. Please try again.',
  },
  oral: {
    start: 'Record an oral report (phone or meeting)',
    startFor: (organisation: string) => `Record an oral report for ${organisation}`,
    title: 'Record an oral report',
    intro: (organisation: string) =>
      `A report made to you by phone, by voice message or in a meeting for ${organisation}. Write the complete transcript or minutes. The reporter gets a new case code to read, correct and agree to your record online (Directive art. 18). The text is encrypted in this browser: the server never sees it or the code.`,
    channel: 'How was the report received?',
    channels: { phone: 'By phone', meeting: 'In a meeting', voice_message: 'By voice message' } as Record<
      string,
      string
    >,
    receivedAt: 'Date and time of receipt',
    receivedAtHint: (zone: string) =>
      `The real time the report was made to you, in the organisation's time zone (${zone}). The statutory deadlines run from it.`,
    text: 'Transcript or complete minutes',
    textHint: 'Record what the reporter said, as completely and accurately as you can.',
    submit: 'Encrypt and record',
    working: 'Creating the case code and encrypting in this browser…',
    required: 'Please write the transcript.',
    tooLong: 'The transcript is too long.',
    channelRequired: 'Please choose how the report was received.',
    timeRequired: 'Please give the date and time of receipt.',
    timeInFuture: 'The time of receipt cannot be in the future.',
    timeTooOld: 'The time of receipt is more than a year ago. Please check it.',
    recipientsChanged:
      'The confidants of this organisation changed meanwhile. Reload the page and record again; your text is still here.',
    failed: 'The report could not be recorded. Your text is still here: please try again.',
    sessionEnded: 'Your session has ended. Sign in again; your text is lost when you leave this page.',
    receiptTitle: 'Oral report recorded — receipt for the reporter',
    receiptIntro:
      'Give this receipt to the reporter. It is shown only once: the code is not stored anywhere and cannot be shown again.',
    receiptOrganisation: 'Organisation',
    receiptReceived: 'Report received on',
    receiptCode: 'Case code',
    receiptWhere: 'Follow up at',
    receiptStepsTitle: 'What to do next',
    receiptSteps: [
      'Go to the follow-up address and enter the case code.',
      'Read the record of your report carefully.',
      'If something is wrong or missing, write your corrections as a message.',
      'When the record is correct, choose “I agree this is a correct record”.',
    ],
    receiptSecret:
      'Keep this code secret: anyone who has it can read the report and the answers. Without it nobody, not even the confidant, can give you access again.',
    print: 'Print the receipt',
    openCase: 'Open the case',
    agreedOn: (date: string) => `Agreed by the reporter on ${date}.`,
    notAgreed: 'Not yet agreed by the reporter.',
    printDossier: 'Print / save as PDF',
    dossierTitle: 'Case dossier',
    dossierConfidential: (name: string, date: string) =>
      `Confidential. Printed by ${name} on ${date}. Contains the decrypted case: keep it as safely as the case itself.`,
    deadlineStatus: {
      met: 'met',
      late: 'met late',
      open: 'open',
      overdue: 'overdue',
    } as Record<string, string>,
    deadlines: 'Statutory deadlines',
    acknowledgementDeadline: 'Acknowledgement',
    feedbackDeadline: 'Feedback',
  },
  // Issue 9: sharing cases with a newly assigned colleague, unlocking keys in a second tab.
  sharing: {
    bannerHeading: 'Colleagues who cannot read cases yet',
    pending: (count: number, name: string) =>
      `${count} ${count === 1 ? 'case' : 'cases'} not yet readable by ${name}`,
    shareNow: (name: string) => `Share now with ${name}`,
    caseHeading: 'Colleagues',
    cannotRead: (name: string) => `${name} cannot read this case yet`,
    share: (name: string) => `Share with ${name}`,
    sharing: 'Opening, checking and sealing the keys in this browser…',
    progress: (done: number, total: number) => `${done} of ${total} shared`,
    done: (shared: number, skipped: number) =>
      skipped === 0
        ? `Shared ${shared} ${shared === 1 ? 'case' : 'cases'}.`
        : `Shared ${shared} ${shared === 1 ? 'case' : 'cases'}; ${skipped} skipped because this browser could not verify them.`,
    sharedOne: (name: string) => `${name} can now read this case.`,
    failed: 'Sharing did not succeed. Reload the page and try again.',
    unlockHeading: 'Unlock your keys in this tab',
    unlockIntro:
      'Your keys are unlocked per tab. Enter your password to unlock them here too; it does not leave this browser.',
    password: 'Password',
    unlock: 'Unlock',
    unlocking: 'Unlocking…',
    wrongPassword: 'That password does not open your keys. Try again.',
    unlockFailed: 'Your keys could not be fetched. Sign in again.',
    internalKeyForged:
      'Warning: the internal key of this case does not match the report. Internal notes are not shown and cannot be written. Tell an administrator.',
  },
  // ---- Reminders (issue 10): what is due and when, for which organisation; never what the report says. ----
  reminders: {
    subject: (kind: 'ack' | 'feedback', daysLeft: number, organisation: string, due: string) =>
      daysLeft < 0
        ? `Overdue: ${kind === 'ack' ? 'acknowledgement' : 'feedback'} for a report to ${organisation}`
        : `Reminder: ${kind === 'ack' ? 'acknowledge' : 'give feedback on'} a report to ${organisation} by ${due}`,
    body: (kind: 'ack' | 'feedback', daysLeft: number, organisation: string, due: string, url: string) =>
      [
        `${kind === 'ack' ? 'The acknowledgement of receipt' : 'Feedback to the reporter'} on a report to ${organisation} ${
          daysLeft < 0
            ? `was due on ${due}, ${-daysLeft === 1 ? '1 day' : `${-daysLeft} days`} ago.`
            : daysLeft === 0
              ? `is due today, ${due}.`
              : `is due on ${due}, in ${daysLeft === 1 ? '1 day' : `${daysLeft} days`}.`
        }`,
        '',
        `Sign in to meldpool to handle the case: ${url}`,
        '',
        'This message contains no report content. Do not forward it.',
      ].join('\n'),
  },
  // Issue 10, extension: extending the feedback period once (Spain), with a reason the reporter reads.
  feedbackExtension: {
    label: (months: number) => `Extend the feedback period by ${months} months`,
    reasonLabel: 'Reason for the extension (the reporter reads it)',
    submit: 'Extend the feedback period',
    extendedOn: 'Feedback period extended on',
  },
  admin: {
    navLabel: 'Administration',
    sections: {
      organisations: 'Member organisations',
      confidants: 'Confidants',
      statistics: 'Statistics',
      audit: 'Audit log',
      recovery: 'Recovery key',
      settings: 'Association',
    },
  },
  // Issue 11 sections: each area adds its keys inside its own section, after its first line.
  adminOrganisations: {
    title: 'Member organisations',
    intro: 'The organisations whose employees report here. An organisation goes live when you activate it.',
    add: 'New organisation',
    none: 'No organisations yet.',
    name: 'Name',
    nameHint: 'The legal name, used in the administration and in mails to confidants.',
    displayName: 'Display name',
    displayNameHint: "Shown to reporters on this organisation's pages. Leave empty to show the name.",
    slug: 'Address (slug)',
    slugHint:
      'Lower-case letters, digits and dashes; the reporting page is /r/<slug>. Cannot be changed later.',
    status: 'Status',
    statuses: { draft: 'draft', active: 'active', suspended: 'suspended' } as Record<string, string>,
    profile: 'Jurisdiction profile',
    profileHint: 'Sets the statutory deadlines and the external authorities.',
    timezone: 'Time zone',
    timezoneHint: 'An IANA name such as Europe/Amsterdam; deadlines are counted in it.',
    languages: 'Languages of the reporting pages',
    retentionDays: 'Retention (days after closing)',
    retentionHint: "Closed cases are deleted this many days after closing. Empty: the profile's default.",
    autoAcknowledge: 'Acknowledge each report automatically at receipt',
    autoAcknowledgeHint:
      'The acknowledgement counts as the statutory one. Leave a text empty to use the standard text.',
    acknowledgementText: (language: string) => `Acknowledgement text (${language})`,
    languageNames: { nl: 'Dutch', en: 'English' } as Record<string, string>,
    confidants: 'Confidants',
    noConfidants: 'none assigned',
    withKeys: 'has keys',
    withoutKeys: 'no keys yet',
    disabled: 'disabled',
    actions: 'Actions',
    edit: 'Edit',
    procedure: 'Procedure',
    poster: 'Poster',
    createTitle: 'New organisation',
    editTitle: (name: string) => `Edit ${name}`,
    create: 'Create organisation',
    save: 'Save changes',
    cancel: 'Back to the list',
    activate: 'Activate',
    suspend: 'Suspend',
    activateBlocked:
      'This organisation cannot be activated yet: no confidant with keys is assigned. Assign a confidant who has accepted their invitation first (Confidants page); otherwise nobody could read its reports.',
    statusHeading: 'Status',
    detailsHeading: 'Details',
    created: 'The organisation was created. It is a draft until you activate it.',
    saved: 'Your changes were saved.',
    activated: 'The organisation is active: its reporting page is online.',
    suspended: 'The organisation is suspended: its reporting page is offline.',
    problems: {
      slug: 'The address may only contain lower-case letters, digits and dashes (1–64), and may not start or end with a dash.',
      slugTaken: 'Another organisation already uses this address. Choose another one.',
      name: 'Enter a name of 1 to 120 characters.',
      displayName: 'The display name may be at most 120 characters.',
      profile: 'Choose one of the listed profiles.',
      timezone: 'This is not a known time zone. Use a name such as Europe/Amsterdam.',
      locales: 'Choose at least one language.',
      retentionDays: 'Enter the retention as a whole number of days from 1 to 36500.',
      acknowledgementText: 'Each acknowledgement text may be at most 4000 characters.',
      other: 'Something in the form is not valid. Check the fields and try again.',
    } as Record<string, string>,
    nothingChanged: 'Nothing was changed.',
  },
  // ---
  adminConfidants: {
    title: 'Confidants',
    intro:
      'Confidants read and answer reports of the organisations they are assigned to; administrators manage this channel and never see reports.',
    name: 'Name',
    email: 'E-mail address',
    role: 'Role',
    roles: { admin: 'administrator', confidant: 'confidant' } as Record<string, string>,
    keys: 'Keys',
    hasKeys: 'yes',
    noKeys: 'no (invitation not accepted yet, or reset)',
    state: 'State',
    enabled: 'active',
    disabled: 'disabled',
    organisations: 'Organisations',
    none: 'none',
    language: 'Language of mails',
    languageDefault: 'organisation default',
    languageNames: { nl: 'Dutch', en: 'English' } as Record<string, string>,
    saveLanguage: 'Save language',
    assign: 'Assign',
    assignTo: 'Assign to organisation',
    unassign: (organisation: string) => `Remove from ${organisation}`,
    disable: 'Disable account',
    disableHint: 'A disabled person can no longer sign in; open sessions end at once.',
    reset: 'Reset lost password',
    resetHint:
      'Use this when someone lost their password. Their keys can never be recovered: the cases sealed to them become unreadable to them. They get a new link to enrol again.',
    inviteHeading: 'Invite someone',
    inviteName: 'Name (optional)',
    inviteRole: 'Role',
    invite: 'Send invitation',
    invited: (email: string) =>
      `An invitation was made for ${email}. It is mailed if a mail server is set up. The link works once, for 7 days:`,
    resetDone: (email: string) =>
      `The account of ${email} was reset. Give them this link (it works once, for 7 days) so they can choose a new password:`,
    resetShare:
      'Their cases must now be shared with them again: a colleague assigned to the same organisations sees a "share now" banner on the workspace page, or an administrator re-shares them with the recovery key.',
    caseKeysDeleted: (count: number) => `${count} sealed case keys were deleted.`,
    disabledDone: 'The account was disabled and its sessions ended.',
    assignedDone: 'The confidant was assigned.',
    unassignedDone: 'The assignment was removed.',
    languageSaved: 'The language was saved.',
    problems: {
      email: 'Enter a valid e-mail address.',
      emailTaken: 'An account with this e-mail address already exists.',
      name: 'The name may be at most 120 characters.',
      notAConfidant: 'Only confidants can be assigned to organisations.',
      self: 'You cannot do this to your own account.',
      other: 'That did not work. Check the form and try again.',
    } as Record<string, string>,
  },
  // ---
  adminSettings: {
    title: 'Association settings',
    intro: "Your association's name and logo appear at the top of every reporter page.",
    name: 'Association name',
    contactEmail: 'Contact e-mail address',
    contactHint: 'Optional. Where staff and members can reach the association.',
    save: 'Save',
    saved: 'The settings were saved.',
    logoHeading: 'Logo',
    logoCurrent: 'Current logo',
    logoNone: 'No logo yet.',
    logoFile: 'PNG or JPEG file, at most 200 kB',
    logoUpload: 'Upload logo',
    logoRemove: 'Remove logo',
    logoSaved: 'The logo was saved.',
    logoRemoved: 'The logo was removed.',
    problems: {
      name: 'Enter a name of 1 to 120 characters.',
      contactEmail: 'Enter a valid e-mail address, or leave it empty.',
      logo: 'The logo must be a PNG or JPEG image of at most 200 kB.',
    } as Record<string, string>,
  },
  // ---
  procedure: {
    title: 'Reporting procedure',
    /** The deadline in the words the reporter pages use: '7 days', '7 working days'. */
    acknowledgePeriod,
    read: 'Read the reporting procedure',
    printHint: 'To print it or save it as a PDF, use your browser’s print function.',
    adminIntro: (organisation: string) =>
      `The reporting procedure of ${organisation} as reporters read it. The model text follows the law of the member’s profile and is filled with its details; add the member’s own provisions below.`,
    notPublic: 'This organisation is not active: its procedure is not public yet.',
    publicPage: 'Public page',
    poster: 'Poster (A4)',
    inLanguage: 'Language:',
    additionsLabel: 'Further provisions of the member (optional)',
    additionsHint:
      'Plain text, shown after the model text in every language. Separate paragraphs with a blank line. No HTML or markdown.',
    preview: 'Preview',
    save: 'Save',
    saved: 'Saved. The public page shows the new text.',
    previewTitle: 'Preview — not saved yet',
  },
  // ---
  poster: {
    title: 'Poster',
    heading: (organisation: string) => `Report a suspected wrongdoing at ${organisation}`,
    what: 'Have you seen something at work that is not right — a danger to health or safety, fraud, corruption, a breach of the law? Report it, safely and confidentially.',
    anonymous: 'You may stay anonymous. Your report is encrypted; only the confidants can read it.',
    followUp: 'After sending you get a case code: with it you read the answers and follow up on your report.',
    address: 'Go to:',
    qrLabel: 'QR code with the address of the reporting page',
    printHint: 'Print this page on A4 paper with your browser’s print function: it fits exactly one page.',
  },
  // ---
  statistics: {
    title: 'Statistics',
    intro:
      "Figures without any content: dates, deadlines and outcomes only, per quarter in each member organisation's own time zone. Purged cases still count.",
    quarter: 'Quarter',
    organisation: 'Member organisation',
    allMembers: 'All members',
    show: 'Show',
    downloadCsv: 'Download as CSV',
    deadlinesHeading: 'Reports and deadlines',
    deadlinesCaption: (quarter: string) =>
      `Reports received in ${quarter}, and how their statutory deadlines went. Open and overdue: now.`,
    member: 'Member',
    association: 'Association (all members)',
    received: 'Reports received',
    acknowledgedInTime: 'Acknowledged within the deadline',
    feedbackInTime: 'Feedback within the deadline',
    medianDaysToAcknowledgement: 'Median days to acknowledgement',
    medianDaysToFeedback: 'Median days to feedback',
    openNow: 'Open now',
    overdueNow: 'Overdue now',
    notYetDue: 'nothing due yet',
    percentOf: (pct: string, due: number) => `${pct} of ${due}`,
    trendHeading: 'Last four quarters',
    receivedChartTitle: (scope: string) => `Reports received per quarter: ${scope}`,
    deadlinesChartTitle: (scope: string) => `Deadlines met per quarter (%): ${scope}`,
    outcomesHeading: 'Outcomes of cases closed this quarter',
    outcomesExplained:
      'A count is shown only when it is at least 5 reports, so that no small member and no reporter can be identified. Some counts of 5 or more are withheld too, where the totals would otherwise give away a smaller one. Members with no case closed this quarter are not listed.',
    outcomesChartTitle: (scope: string, quarter: string) =>
      `Outcomes of cases closed in ${quarter}: ${scope}`,
    fewerThanFive: 'fewer than 5 or withheld',
    noClosedCases: 'No case was closed this quarter.',
    outcome: 'Outcome',
  },
  // ---
  auditLog: {
    title: 'Audit log',
    intro:
      'Who did what and when, newest first. The log holds no report content and no IP addresses. Each event is chained to the one before it by a BLAKE2b hash.',
    verified: (events: number, id: number, hash: string) =>
      `Chain verified: ${events} events, up to #${id}; head ${hash}. Keep this head outside the server (the weekly overview mails it) and check it later with: npm run meldpool -- audit verify --anchor <head>`,
    empty: 'The log is empty.',
    broken: (id: string, reason: string) =>
      `The chain does NOT verify: row #${id} ${reason}. Rows were edited, inserted or deleted outside meldpool.`,
    reasons: {
      hash: 'does not match its own hash (edited)',
      link: 'does not follow from the row before it (a row was inserted or deleted before it, or the one before was rewritten)',
      gap: 'follows a gap in the numbering (a row was deleted)',
      anchor_missing: 'is missing',
    },
    action: 'Action',
    actor: 'Who',
    anyAction: 'Any action',
    anyActor: 'Anyone',
    show: 'Show',
    when: 'When (UTC)',
    subject: 'Subject',
    older: 'Older events',
    newest: 'Newest events',
    none: 'No events match.',
  },
  // ---
  recovery: {
    title: 'Recovery key',
    intro:
      'The recovery key lets the association give a member’s cases to a new confidant when its only confidant has left or lost their password. Every report received while a key is set is sealed to it too.',
    current: 'Fingerprint of the current recovery key',
    none: 'No recovery key is set. Reports received now can be re-shared only by a confidant who can read them.',
    generateHeading: 'Generate a recovery key',
    generateIntro:
      'The key pair is made in this browser. Its secret half is shown once, on this page, to print: it is never sent to the server, only the public half is.',
    replaceWarning:
      'A recovery key is set already. A new key covers only reports received from now on: cases received before keep the old key only, so keep the old paper as well.',
    generate: 'Generate a recovery key',
    replace: 'Generate a new recovery key',
    javascriptNeeded: 'This page needs JavaScript: the recovery key is made and used only in your browser.',
    sheetHeading: (association: string) => `Recovery key of ${association}`,
    sheetFingerprint: 'Fingerprint',
    sheetMade: 'Made on',
    sheetLines: [
      'Print this page and keep it in a safe.',
      'Anyone who has this key can read every report sent from now on. Guard it like the key of that safe.',
      'It is shown only now and the server never receives it: if it is lost, nobody can show it again.',
    ],
    print: 'Print',
    confirmLabel: 'To confirm that you have it on paper, type the last group of the key (4 characters)',
    confirmWrong: 'That is not the last group of the key. Nothing was stored.',
    store: 'Store the public key',
    storing: 'Storing the public key…',
    stored: (fingerprint: string) =>
      `Recovery key stored (fingerprint ${fingerprint}). Its secret half has been removed from this page.`,
    failed: 'The key could not be stored; nothing was changed. Try again.',
    reshareLink: 'Re-share a member’s cases with the recovery key',
    reshareTitle: 'Re-share cases with the recovery key',
    reshareIntro:
      'When a member’s only confidant has left or lost their password, assign a new confidant first, then give them the cases here. Your browser receives only the cases’ keys, never their content, opens them with the recovery key and seals them to the confidant. The recovery key never leaves this browser.',
    noKey: 'No recovery key is set: there is nothing to re-share with.',
    noTargets: 'No organisation has an enabled confidant with keys yet.',
    target: 'Organisation and confidant',
    targetOption: (name: string, lacking: number) =>
      `${name} (${lacking} ${lacking === 1 ? 'case' : 'cases'} not readable yet)`,
    keyLabel: 'Recovery key (MPR1-…)',
    keyHint: 'Type or paste the printed key. It is checked in this browser and never sent.',
    start: 'Re-share',
    keyInvalid:
      'This is not a valid recovery key: check for a mistyped character (its checksum does not match).',
    keyMismatch: (fingerprint: string, current: string) =>
      `This is another recovery key (fingerprint ${fingerprint}), not the current one (${current}). Cases received while it was set cannot be re-shared from here.`,
    working: 'Re-sharing…',
    progress: (shared: number, skipped: number) => `${shared} re-shared, ${skipped} skipped so far…`,
    done: (shared: number, skipped: number) =>
      `Done: ${shared} ${shared === 1 ? 'case' : 'cases'} re-shared, ${skipped} skipped (their keys did not open with this recovery key).`,
    reshareFailed: 'Re-sharing stopped; what was done is kept. Reload the page and try again.',
  },
  // ---
  autoAcknowledgement: {
    title: 'Automatic acknowledgement',
    /** Sealed as the acknowledgement at receipt where the member wrote no text of its own (DeadlineTerms). */
    standardText: (terms: DeadlineTerms) =>
      `Thank you for your report. This message confirms that it has been received. A confidant will read it and assess what should be done. Within ${terms.feedbackMonths} months of receipt you will hear what has been done with your report (the assessment and the follow-up). Meanwhile a confidant may ask you questions here. Come back to this page with your case code to read them and answer, to add information, or to ask for a meeting in person. Keep your case code safe: nobody can give it to you again.`,
    /** Who wrote the acknowledgement, on the reporter's and the confidant's side. */
    from: 'Sent automatically at receipt',
    /** The confidant's inbox and case page. */
    acknowledgedAutomatically: 'Acknowledged automatically at receipt',
    /** After the status in the inbox: "Acknowledged (automatically, at receipt)". */
    inboxMark: 'automatically, at receipt',
    /** The audit trail line of `case.acknowledged` by 'system'. */
    auditAction: 'Acknowledged automatically at receipt',
    /** The receipt when the acknowledgement is already in the case. */
    /** The new-report notice where the member acknowledges automatically: nothing to acknowledge, feedback due. */
    newReportBody: (organisation: string, feedbackBy: string, url: string) =>
      [
        `A new report has arrived for ${endSentence(organisation)}`,
        '',
        'Its receipt was acknowledged automatically when it arrived (the organisation’s setting).',
        `Feedback to the reporter is due by ${feedbackBy} (3 months, Directive 2019/1937 art. 9(1)(f)).`,
        `Sign in to meldpool to read it: ${url}`,
        '',
        'This message contains no report content. Do not forward it.',
      ].join('\n'),
    doneText:
      'The confirmation of receipt is already in your case. Come back with your case code to read it and to answer any questions.',
  },
  // ---
  digest: {
    title: 'Weekly overview',
    subject: (association: string, week: number, year: number) =>
      `Weekly overview of ${association}, week ${week} of ${year}`,
    intro: (association: string, from: string, to: string) =>
      `The weekly overview of ${association}. "In the week" means ${from} to ${to}; the other counts are as of now.`,
    countsOnly: 'Counts only: this mail never contains report content, reporter data or case codes.',
    counts: {
      open: 'Open cases',
      awaitingAcknowledgement: 'Awaiting acknowledgement, within the deadline',
      overdueAcknowledgement: 'Acknowledgement overdue',
      feedbackDueSoon: 'Feedback due within 14 days',
      overdueFeedback: 'Feedback overdue',
      receivedInWeek: 'Received in the week',
      closedInWeek: 'Closed in the week',
    },
    status: { draft: 'not yet active', active: '', suspended: 'suspended' },
    quiet: (count: number) =>
      `${count === 1 ? '1 member organisation has' : `${count} member organisations have`} nothing open and nothing in the week; not listed.`,
    noOrganisations: 'There are no member organisations yet.',
    adminLink: (url: string) => `Administration: ${url}`,
    auditHead: (id: number, hash: string) => `audit head #${id} ${hash}`,
    auditEmpty: 'The audit log is still empty.',
    anchor: (hash: string) =>
      `Keep this mail: \`npm run meldpool -- audit verify --anchor ${hash}\` proves the log was not rewritten since.`,
  },
}

export type Catalogue = typeof en
