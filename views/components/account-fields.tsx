/**
 * Form pieces shared by every page where someone chooses a password and enrols TOTP (first setup, invitation).
 * The password fields have no name: without our script the browser cannot send a password at all.
 */
export type PasswordFieldsModel = {
  labels: { password: string; passwordRepeat: string; passwordHint: string; strength?: string }
  /** Show a strength meter the page script fills in (invitation). */
  meter?: boolean
}

export function PasswordFields(model: PasswordFieldsModel) {
  const { labels } = model
  return (
    <>
      <label for="password" safe>
        {labels.password}
      </label>
      <input
        id="password"
        type="password"
        required
        minlength="12"
        autocomplete="new-password"
        aria-describedby={model.meter ? 'password-hint password-strength' : 'password-hint'}
      />
      <p id="password-hint" class="hint" safe>
        {labels.passwordHint}
      </p>
      {model.meter ? (
        <p class="hint">
          <span safe>{`${labels.strength ?? ''}: `}</span>
          <meter
            id="password-meter"
            min="0"
            max="4"
            low="2"
            high="3"
            optimum="4"
            value="0"
            aria-hidden="true"
          />{' '}
          <span id="password-strength" aria-live="polite" />
        </p>
      ) : (
        ''
      )}
      <label for="password-repeat" safe>
        {labels.passwordRepeat}
      </label>
      <input id="password-repeat" type="password" required minlength="12" autocomplete="new-password" />
    </>
  )
}

export type TotpEnrolmentModel = {
  labels: { totpTitle: string; totpIntro: string; totpKey: string; totpCode: string }
  qrDataUrl: string
  totpKey: string
}

export function TotpEnrolmentFields(model: TotpEnrolmentModel) {
  const { labels } = model
  return (
    <fieldset>
      <legend safe>{labels.totpTitle}</legend>
      <p safe>{labels.totpIntro}</p>
      <img class="qr" src={model.qrDataUrl} alt={labels.totpTitle} width="200" height="200" />
      <p>
        <span safe>{`${labels.totpKey}: `}</span>
        <code class="totp-key" safe>
          {model.totpKey}
        </code>
      </p>
      <TotpCodeField label={labels.totpCode} />
    </fieldset>
  )
}

export function TotpCodeField(props: { label: string }) {
  return (
    <>
      <label for="totp" safe>
        {props.label}
      </label>
      <input
        id="totp"
        name="totp"
        required
        inputmode="numeric"
        pattern="[0-9]{6}"
        maxlength="6"
        autocomplete="one-time-code"
      />
    </>
  )
}
