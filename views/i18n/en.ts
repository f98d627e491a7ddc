/**
 * The English catalogue defines the shape every other language must fill: `Catalogue` is derived from it, so a
 * missing or extra key in another language is a compile error.
 */
export const en = {
  meta: { lang: 'en', dir: 'ltr', name: 'English' },
  layout: {
    skipToContent: 'Skip to content',
    otherLanguage: 'Nederlands',
    footer: 'Reports are encrypted before they leave your device. meldpool keeps no IP addresses.',
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
}

export type Catalogue = typeof en
