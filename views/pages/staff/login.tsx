import { TotpCodeField } from '../../components/account-fields.js'
import { catalogue } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'

export type LoginModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  csrfToken: string
  /** Shown above the form: why the visitor is here (signed out, session ended). */
  notice?: 'signedOut' | 'expired'
  /** Where the page goes once signed in (checked by the server). */
  next?: string
}

/**
 * Sign-in. The page script fetches the account's salt, derives `auth` and `kek` with Argon2id here, posts only
 * `auth` with the e-mail address and code, and unlocks the private key from the answer.
 */
export function LoginPage(model: LoginModel) {
  const t = catalogue(model.locale).staff
  return (
    <Layout {...model} title={t.loginTitle} scripts={['login.js']}>
      <h1 safe>{t.loginTitle}</h1>
      <p safe>{t.loginIntro}</p>
      <noscript>
        <p class="notice" safe>
          {t.javascriptNeeded}
        </p>
      </noscript>
      {model.notice ? (
        <p class="notice" role="status" safe>
          {model.notice === 'expired' ? t.expired : t.signedOut}
        </p>
      ) : (
        ''
      )}
      <form
        method="post"
        action="/staff/login"
        class="stack"
        id="login-form"
        data-csrf={model.csrfToken}
        data-msg-working={t.working}
        data-msg-failed={t.failed}
        data-msg-locked={t.locked}
        data-msg-retry={t.tryAgain}
        data-locale={model.locale}
        data-next={model.next}
      >
        <label for="email" safe>
          {t.email}
        </label>
        <input id="email" name="email" type="email" required maxlength="254" autocomplete="username" />
        <label for="password" safe>
          {t.password}
        </label>
        <input id="password" type="password" required autocomplete="current-password" />
        <TotpCodeField label={t.totpCode} />
        <p id="login-status" class="status" role="alert" aria-live="assertive" />
        <button type="submit" safe>
          {t.submit}
        </button>
      </form>
    </Layout>
  )
}
