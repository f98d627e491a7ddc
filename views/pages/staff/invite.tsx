import { PasswordFields, TotpEnrolmentFields } from '../../components/account-fields.js'
import { catalogue } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'

export type InviteModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  action: string
  csrfToken: string
  email: string
  role: 'admin' | 'confidant'
  name: string
  totpQrDataUrl: string
  totpKey: string
}

/** Accepting an invitation: password (checked by an estimator here), keys made in the browser, TOTP. */
export function InvitePage(model: InviteModel) {
  const t = catalogue(model.locale)
  const s = t.staff
  return (
    <Layout {...model} title={s.inviteTitle} scripts={['invite.js']}>
      <h1 safe>{s.inviteTitle}</h1>
      <p safe>{model.role === 'admin' ? s.inviteIntroAdmin : s.inviteIntroConfidant}</p>
      <noscript>
        <p class="notice" safe>
          {s.javascriptNeeded}
        </p>
      </noscript>
      <form
        method="post"
        action={model.action}
        class="stack"
        id="invite-form"
        data-csrf={model.csrfToken}
        data-email={model.email}
        data-msg-differ={t.setup.passwordsDiffer}
        data-msg-short={t.setup.passwordTooShort}
        data-msg-weak={s.passwordWeak}
        data-msg-working={s.inviteWorking}
        data-msg-totp={t.setup.wrongTotp}
        data-msg-invalid={s.inviteInvalid}
        data-msg-retry={s.tryAgain}
        data-levels={JSON.stringify(s.strengthLevels)}
      >
        <p>
          <span safe>{`${s.inviteEmail}: `}</span>
          <strong safe>{model.email}</strong>
        </p>
        <label for="name" safe>
          {s.inviteName}
        </label>
        <input id="name" name="name" required maxlength="120" autocomplete="name" value={model.name} />
        <PasswordFields
          labels={{ ...t.setup, passwordHint: s.invitePasswordHint, strength: s.strength }}
          meter={true}
        />
        <TotpEnrolmentFields labels={t.setup} qrDataUrl={model.totpQrDataUrl} totpKey={model.totpKey} />
        <p id="invite-status" class="status" role="alert" aria-live="assertive" />
        <button type="submit" safe>
          {s.inviteSubmit}
        </button>
      </form>
    </Layout>
  )
}
