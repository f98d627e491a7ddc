import type { Children } from '@kitajs/html'

export type ScriptGateModel = {
  /** Shown while the page script loads: "preparing encryption…". */
  pending: string
  /** The version without JavaScript, for a reporter whose browser could not load the script. */
  plainHref: string
  plainLabel: string
  children: Children
}

/**
 * The one way a reporter's form gets its submit control (issue 8 §3). Without JavaScript the controls are
 * ordinary markup inside <noscript>. A browser that runs scripts parses <noscript> as text, so until the page
 * script has loaded its encryption there is nothing that could post plaintext or a case code; the script then
 * turns the same markup into elements (views/browser/script-gate.ts).
 *
 * The waiting message and the link to the plain version are CSS-generated (style.css, `scripting: enabled`):
 * text browsers, which ignore CSS and `hidden`, never see a message that is not meant for them.
 */
export function ScriptGate(props: ScriptGateModel) {
  return (
    <>
      <noscript class="script-gate-controls">{props.children}</noscript>
      <p class="script-gate" role="status" data-pending={props.pending}>
        {/* biome-ignore lint/a11y/useAnchorContent: the name is aria-label; the visible text is CSS-generated so text browsers skip it */}
        <a href={props.plainHref} aria-label={props.plainLabel} data-label={props.plainLabel} />
      </p>
    </>
  )
}
