import type { CaseFile } from '../../../server/services/case-file.js'
import type { Colleague } from '../../../server/services/sharing.js'
import { catalogue, isLocale } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'
import { ShareCaseSection } from './sharing.js'

export type CaseModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  caseFile: CaseFile
  userId: string
  csrfToken: string
  /** base64url: the key that opens the private key this tab holds, and the account's public key to check it. */
  tabKey: string
  publicKey: string
  /** Colleagues of the organisation who cannot read this case yet (issue 9 sharing). */
  shareWith?: Colleague[]
}

type AnswerKind = 'acknowledgement' | 'message' | 'feedback' | 'note'

/**
 * One case for a confidant. The server renders only what it knows in the clear (organisation, status,
 * deadlines); the case itself travels sealed in `data-case` and is decrypted by views/browser/case.ts.
 */
export function CasePage(model: CaseModel) {
  const t = catalogue(model.locale).staffCase
  const { caseFile } = model
  // The acknowledgement is prefilled in the reporter's language: the organisation's first language.
  const reporterLocale = isLocale(caseFile.organisation.locales[0])
    ? caseFile.organisation.locales[0]
    : model.locale
  const dates: Array<[string, string]> = [
    [t.received, caseFile.received],
    [t.acknowledgeBy, caseFile.acknowledgeBy],
    [t.acknowledged, caseFile.acknowledged ?? t.notYet],
    [t.feedbackBy, caseFile.feedbackBy],
    [t.feedbackGiven, caseFile.feedbackGiven ?? t.notYet],
  ]
  const answer = (kind: AnswerKind, label: string, submit: string, text = '') => (
    <form class={`answer-form answer-${kind}`} id={`answer-${kind}`} data-kind={kind}>
      <label for={`answer-${kind}-text`} safe>
        {label}
      </label>
      <textarea id={`answer-${kind}-text`} name="text" rows="5" safe>
        {text}
      </textarea>
      <button type="submit" safe>
        {submit}
      </button>
      <p class="status" role="status" />
    </form>
  )
  return (
    <Layout {...model} title={t.title} scripts={['case.js']}>
      <p>
        <a href="/staff" safe>
          {t.back}
        </a>
      </p>
      <h1 safe>{`${t.title} · ${caseFile.organisation.name}`}</h1>
      <dl class="case-dates">
        <dt safe>{t.organisation}</dt>
        <dd safe>{caseFile.organisation.name}</dd>
        <dt safe>{t.status}</dt>
        <dd class="case-state" safe>
          {t.statuses[caseFile.status] ?? caseFile.status}
        </dd>
        {dates.map(([term, value]) => (
          <>
            <dt safe>{term}</dt>
            <dd safe>{value}</dd>
          </>
        ))}
      </dl>
      <noscript>
        <p class="notice" safe>
          {catalogue(model.locale).staff.javascriptNeeded}
        </p>
      </noscript>
      <p id="case-status" class="status" role="status" safe>
        {t.opening}
      </p>
      <div
        id="case"
        data-case={JSON.stringify(caseFile.sealed)}
        data-locale={model.locale}
        data-timezone={caseFile.organisation.timezone}
        data-user-id={model.userId}
        data-tab-key={model.tabKey}
        data-public-key={model.publicKey}
        data-csrf={model.csrfToken}
        data-entries-api={`/staff/api/cases/${caseFile.id}/entries`}
        data-files-api={`/staff/api/cases/${caseFile.id}/files/`}
        hidden
      >
        <section aria-labelledby="thread-heading">
          <h2 id="thread-heading" tabindex="-1" safe>
            {t.threadHeading}
          </h2>
          <ol id="thread" class="entries" />
        </section>
        <section aria-labelledby="notes-heading" class="internal-notes">
          <h2 id="notes-heading" safe>
            {t.notesHeading}
          </h2>
          <p class="notes-warning" safe>
            {t.notesWarning}
          </p>
          <ol id="notes" class="entries" />
        </section>
        <section aria-labelledby="answer-heading">
          <h2 id="answer-heading" safe>
            {t.answerHeading}
          </h2>
          {caseFile.acknowledged === null
            ? answer(
                'acknowledgement',
                t.acknowledgeLabel,
                t.acknowledgeSubmit,
                catalogue(reporterLocale).staffCase.acknowledgeDefault,
              )
            : ''}
          {answer('message', t.messageLabel, t.messageSubmit)}
          {answer('feedback', t.feedbackLabel, t.feedbackSubmit)}
          {answer('note', t.noteLabel, t.noteSubmit)}
        </section>
        <ShareCaseSection locale={model.locale} colleagues={model.shareWith ?? []} />
      </div>
    </Layout>
  )
}
