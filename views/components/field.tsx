import type { Children } from '@kitajs/html'

/**
 * One labelled form control with an optional hint, for the administration's forms: the hint is tied to the
 * control by aria-describedby, so a screen reader reads it with the label. `children` is the control itself
 * and must carry `id={id}` and `aria-describedby={hintId(id)}` when a hint is given.
 */
export function Field(props: { id: string; label: string; hint?: string; children: Children }) {
  return (
    <div class="field">
      <label for={props.id} safe>
        {props.label}
      </label>
      {props.hint ? (
        <p id={hintId(props.id)} class="hint" safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      {props.children}
    </div>
  )
}

/** How a one-line text input is constrained; the browser checks it first, the server again. */
export type TextInputRules = {
  required?: boolean
  maxlength: string
  pattern?: string
  inputmode?: 'numeric'
}

/**
 * A labelled one-line input named like its id, holding the value as typed (so a refused form comes back as it
 * was sent), marked aria-invalid when the problem on the page is about it.
 */
export function TextField(
  props: TextInputRules & { id: string; label: string; hint: string; value: string; invalid: boolean },
) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint}>
      <input
        id={props.id}
        name={props.id}
        required={props.required}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        pattern={props.pattern}
        value={props.value}
        aria-describedby={hintId(props.id)}
        aria-invalid={props.invalid ? 'true' : undefined}
      />
    </Field>
  )
}

export function hintId(id: string): string {
  return `${id}-hint`
}

/** What happened (a notice) or what went wrong (an alert) at the top of a form page. */
export function Outcome(props: { done?: string; problem?: string }) {
  return (
    <>
      {props.problem ? (
        <p class="error-message" role="alert" safe>
          {props.problem}
        </p>
      ) : (
        ''
      )}
      {props.done ? (
        <p class="notice success" role="status" safe>
          {props.done}
        </p>
      ) : (
        ''
      )}
    </>
  )
}
