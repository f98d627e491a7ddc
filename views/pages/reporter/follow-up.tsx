import { ScriptGate } from '../../components/script-gate.js'
import { catalogue } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'
import { type ThreadModel, ThreadView } from './thread.js'

export type FollowUpPageModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  organisationName: string
  action: string
  /** Where the browser fetches the (encrypted) thread in JavaScript mode. */
  viewAction: string
  messageApi: string
  attachmentApi: string
  codeSalt: string
  /** The operator switched the no-JS fallback off: without JavaScript the page only explains. */
  javaScriptRequired: boolean
  /** 'script': the code stays in the browser, which cannot post it before the script is ready; 'plain': chosen knowingly. */
  mode: 'script' | 'plain'
  plainHref: string
  problem?: string
  /** A no-JS reply that could not be stored because the session had ended: given back, not lost. */
  keptText?: string
  /** The organisation's reporting page. */
  backHref: string
}

/** Code entry. With JavaScript the code never leaves the browser: only the derived lookup key is sent. */
export function FollowUpPage(model: FollowUpPageModel) {
  const t = catalogue(model.locale).reporter
  const codeControls = (
    <>
      <label for="code" safe>
        {t.codeLabel}
      </label>
      <p id="code-hint" class="hint" safe>
        {t.codeHint}
      </p>
      <input
        id="code"
        name="code"
        class="code-input"
        required
        inputmode="numeric"
        autocomplete="off"
        spellcheck="false"
        maxlength="40"
        aria-describedby="code-hint"
        aria-invalid={model.problem ? 'true' : undefined}
      />
      <p id="code-status" class="status" role="status" aria-live="polite" />
      <button type="submit" safe>
        {t.openCase}
      </button>
    </>
  )
  return (
    <Layout
      {...model}
      title={t.followUpTitle}
      scripts={model.mode === 'script' ? ['follow-up.js'] : []}
      encryptedWhere={model.mode === 'script' ? 'either' : 'server'}
    >
      <section id="code-section">
        <h1 safe>{t.followUpTitle}</h1>
        {model.javaScriptRequired ? (
          <noscript>
            <p class="error-message" safe>
              {t.noJsOff}
            </p>
          </noscript>
        ) : (
          ''
        )}
        <p safe>{t.followUpIntro}</p>
        {model.mode === 'plain' ? (
          <p class="notice" safe>
            {t.plainVersionNote}
          </p>
        ) : (
          ''
        )}
        {model.problem ? (
          <p class="error-message" role="alert" id="code-problem" safe>
            {model.problem}
          </p>
        ) : (
          ''
        )}
        <form
          id="code-form"
          class="stack"
          method="post"
          action={model.action}
          data-view-action={model.viewAction}
          data-message-api={model.messageApi}
          data-attachment-api={model.attachmentApi}
          data-code-salt={model.codeSalt}
          data-locale={model.locale}
          data-msg-opening={t.opening}
          data-msg-typo={t.codeTypo}
          data-msg-malformed={t.codeMalformed}
          data-msg-failed={t.sendFailed}
          data-msg-no-crypto={t.noCryptoHere}
          data-msg-send-plain={t.sendToServer}
        >
          <input type="hidden" name="lang" value={model.locale} />
          {/* The code field itself waits behind the gate: alone in its form, Enter in it would post the code. */}
          {model.mode === 'script' ? (
            <ScriptGate pending={t.codeLoading} plainHref={model.plainHref} plainLabel={t.plainVersionLink}>
              {codeControls}
            </ScriptGate>
          ) : (
            codeControls
          )}
        </form>
        {model.keptText === undefined ? (
          ''
        ) : (
          <>
            <label for="kept-text" safe>
              {t.keptTextLabel}
            </label>
            <textarea id="kept-text" readonly rows="5" safe>
              {model.keptText}
            </textarea>
          </>
        )}
        {model.javaScriptRequired ? (
          ''
        ) : (
          <p class="hint" safe>
            {t.javascriptHint}
          </p>
        )}
        <p>
          <a href={model.backHref} safe>
            {t.backToOrganisation}
          </a>
        </p>
      </section>
      <div id="thread-container" />
    </Layout>
  )
}

export type ThreadPageModel = Omit<LayoutModel, 'title'> & { thread: ThreadModel }

/** The no-JS follow-up page, opened on the server for this one response. */
export function ThreadPage(model: ThreadPageModel) {
  const t = catalogue(model.locale).reporter
  return (
    <Layout {...model} title={t.followUpTitle} encryptedWhere="server">
      <ThreadView {...model.thread} />
    </Layout>
  )
}

/** A problem answered to the page script in JavaScript mode, inserted where the thread would go. */
export function ProblemFragment(props: { message: string }) {
  return (
    <p class="error-message" role="alert" safe>
      {props.message}
    </p>
  )
}
