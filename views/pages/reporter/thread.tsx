import { LIMITS } from '../../../server/domain/documents.js'
import { EntryBody, type EntryBodyModel } from '../../components/entry.js'
import { catalogue, type Locale } from '../../i18n/index.js'

export type ThreadEntryModel = {
  id: string
  heading: string
  from: string
  createdOn: string
  /** Opened on the server (no-JS) ... */
  opened?: EntryBodyModel
  /** ... or sealed, as JSON, for the browser to open (JavaScript mode). */
  sealed?: string
}

export type ThreadModel = {
  locale: Locale
  organisationName: string
  statusLabel: string
  dates: Array<[label: string, value: string]>
  meetingPending: boolean
  entries: ThreadEntryModel[]
  notice?: string
  /** Something the reporter did that could not be stored (not tied to a text they typed). */
  problem?: string
  /** Entries missing from the thread or moved: the reporter is told, as a database writer could do it. */
  warning?: string
  /** 'session': no-JS forms with a session token; 'browser': the page script encrypts and sends. */
  mode: 'session' | 'browser'
  formToken?: string
  /** A no-JS reply or meeting request that was not stored, shown again with its text and why. */
  kept?: { form: 'message' | 'meeting'; text: string; problem: string }
  actions: { message: string; meeting: string; signOut: string; agree?: string }
  /** A case that opens with an oral report's transcript: whether the reporter still has to check it. */
  transcript?: 'awaiting' | 'agreed'
  /** JavaScript mode: the sealed shared key and case id the browser needs to open the entries. */
  sealedSharedKey?: string
  caseId?: string
}

export function ThreadView(model: ThreadModel) {
  const t = catalogue(model.locale).reporter
  const token = model.formToken ? <input type="hidden" name="_token" value={model.formToken} /> : ''
  const kept = (form: 'message' | 'meeting') => (model.kept?.form === form ? model.kept : undefined)
  const keptProblem = (form: 'message' | 'meeting') => {
    const found = kept(form)
    return found ? (
      <p class="error-message" role="alert" id={`${form}-problem`} safe>
        {found.problem}
      </p>
    ) : (
      ''
    )
  }
  return (
    <section
      id="thread"
      class="thread"
      aria-labelledby="thread-title"
      data-sealed-key={model.sealedSharedKey}
      data-case-id={model.caseId}
    >
      <h1 id="thread-title" tabindex="-1" safe>
        {t.followUpTitle}
      </h1>
      {model.notice ? (
        <p class="success" role="status" safe>
          {model.notice}
        </p>
      ) : (
        ''
      )}
      {model.problem ? (
        <p class="error-message" id="thread-problem" role="alert" safe>
          {model.problem}
        </p>
      ) : (
        ''
      )}
      {model.warning ? (
        <p class="error-message" id="thread-warning" role="alert" safe>
          {model.warning}
        </p>
      ) : (
        ''
      )}
      <h2 safe>{t.statusTitle}</h2>
      <p class="case-status" safe>
        {model.statusLabel}
      </p>
      <dl class="case-dates">
        {model.dates.map(([label, value]) => (
          <>
            <dt safe>{label}</dt>
            <dd safe>{value}</dd>
          </>
        ))}
      </dl>

      <h2 safe>{t.threadTitle}</h2>
      <ol class="entries">
        {model.entries.map((entry) => (
          <li class="entry" id={`entry-${entry.id}`}>
            <article>
              <h3 safe>{entry.heading}</h3>
              <p class="entry-meta" safe>
                {`${entry.from} · ${entry.createdOn}`}
              </p>
              {entry.opened ? (
                <EntryBody {...entry.opened} />
              ) : (
                <div class="entry-body" data-sealed={entry.sealed} />
              )}
            </article>
          </li>
        ))}
      </ol>

      <TranscriptCheck {...model} />

      <h2 safe>{t.replyTitle}</h2>
      <form
        class="stack"
        id="reply-form"
        method="post"
        action={model.actions.message}
        enctype="multipart/form-data"
        data-msg-required={t.replyRequired}
      >
        {token}
        <input type="hidden" name="lang" value={model.locale} />
        {keptProblem('message')}
        <label for="reply-text" safe>
          {t.replyLabel}
        </label>
        <textarea
          id="reply-text"
          name="text"
          rows="5"
          maxlength={String(LIMITS.message)}
          aria-invalid={kept('message') ? 'true' : undefined}
          safe
        >
          {kept('message')?.text ?? ''}
        </textarea>
        <label for="reply-files" safe>
          {t.replyFiles}
        </label>
        <input id="reply-files" name="files" type="file" multiple />
        <p id="reply-status" class="status" role="status" aria-live="polite" />
        <button type="submit" safe>
          {t.replySend}
        </button>
      </form>

      <h2 safe>{t.meetingTitle}</h2>
      {model.meetingPending ? (
        <p class="notice" safe>
          {t.meetingPending}
        </p>
      ) : (
        <form class="stack" id="meeting-form" method="post" action={model.actions.meeting}>
          {token}
          <input type="hidden" name="lang" value={model.locale} />
          <p safe>{t.meetingIntro}</p>
          {keptProblem('meeting')}
          <label for="meeting-text" safe>
            {t.meetingLabel}
          </label>
          <textarea id="meeting-text" name="text" rows="3" maxlength={String(LIMITS.field)} safe>
            {kept('meeting')?.text ?? ''}
          </textarea>
          <button type="submit" class="secondary" safe>
            {t.meetingSend}
          </button>
        </form>
      )}

      <form method="post" action={model.actions.signOut} class="sign-out" id="sign-out-form">
        {token}
        <input type="hidden" name="lang" value={model.locale} />
        <button type="submit" class="secondary" safe>
          {t.signOut}
        </button>
      </form>
    </section>
  )
}

/**
 * Directive art. 18(4): the reporter reads the record of their oral report, may correct it (a message) and
 * agrees to it. Agreeing is its own sealed entry, shown to the confidant.
 */
function TranscriptCheck(props: ThreadModel) {
  const t = catalogue(props.locale).oralReporter
  if (!props.transcript) return ''
  if (props.transcript === 'agreed')
    return (
      <p class="success" id="transcript-agreed" safe>
        {t.agreed}
      </p>
    )
  return (
    <section class="transcript-check" id="transcript-check" aria-labelledby="transcript-check-title">
      <h2 id="transcript-check-title" safe>
        {t.checkTitle}
      </h2>
      <p safe>{t.checkIntro}</p>
      <form method="post" action={props.actions.agree} id="agree-form" class="stack">
        {props.formToken ? <input type="hidden" name="_token" value={props.formToken} /> : ''}
        <input type="hidden" name="lang" value={props.locale} />
        <p id="agree-status" class="status" role="status" aria-live="polite" />
        <button type="submit" safe>
          {t.agree}
        </button>
      </form>
      <p class="hint" safe>
        {t.correctHint}
      </p>
    </section>
  )
}
