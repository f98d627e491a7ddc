import { PasswordFields, TotpEnrolmentFields } from '../components/account-fields.js'
import { catalogue } from '../i18n/index.js'
import { Layout, type LayoutModel } from '../layout.js'

export type SetupFormModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  action: string
  csrfToken: string
  totpQrDataUrl: string
  totpKey: string
  values: { association: string; name: string; email: string }
  problem?: string
}

export function SetupFormPage(model: SetupFormModel) {
  const t = catalogue(model.locale).setup
  return (
    <Layout {...model} title={t.title} scripts={['setup.js']}>
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro}</p>
      <noscript>
        <p class="notice" safe>
          {t.javascriptNeeded}
        </p>
      </noscript>
      {model.problem ? (
        <p class="error-message" role="alert" safe>
          {model.problem}
        </p>
      ) : (
        ''
      )}
      <form
        method="post"
        action={model.action}
        class="stack"
        id="setup-form"
        data-msg-differ={t.passwordsDiffer}
        data-msg-short={t.passwordTooShort}
        data-msg-working={t.working}
      >
        <input type="hidden" name="_csrf" value={model.csrfToken} />
        <input type="hidden" name="auth" />
        <input type="hidden" name="salt" />
        <input type="hidden" name="publicKey" />
        <input type="hidden" name="encryptedSecretKey" />
        <label for="association" safe>
          {t.association}
        </label>
        <input
          id="association"
          name="association"
          required
          maxlength="120"
          value={model.values.association}
        />
        <label for="name" safe>
          {t.name}
        </label>
        <input id="name" name="name" required maxlength="120" autocomplete="name" value={model.values.name} />
        <label for="email" safe>
          {t.email}
        </label>
        <input
          id="email"
          name="email"
          type="email"
          required
          maxlength="254"
          autocomplete="email"
          value={model.values.email}
        />
        <PasswordFields labels={t} />
        <TotpEnrolmentFields labels={t} qrDataUrl={model.totpQrDataUrl} totpKey={model.totpKey} />
        <p id="setup-status" class="status" role="status" aria-live="polite" />
        <button type="submit" safe>
          {t.submit}
        </button>
      </form>
    </Layout>
  )
}

export type SetupMessageModel = Omit<LayoutModel, 'title'> & { heading: string; lines: string[] }

export function SetupMessagePage(model: SetupMessageModel) {
  return (
    <Layout {...model} title={model.heading}>
      <h1 safe>{model.heading}</h1>
      {model.lines.map((line) => (
        <p safe>{line}</p>
      ))}
    </Layout>
  )
}
