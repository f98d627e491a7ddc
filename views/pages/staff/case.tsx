import type { CaseFile } from '../../../server/services/case-file.js'
import type { CaseWorkflow } from '../../../server/services/case-workflow.js'
import type { Colleague } from '../../../server/services/sharing.js'
import { HeadRow } from '../../components/table.js'
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
  /** Workflow: status moves, closing, open meeting requests, deadline timeline and audit trail. */
  workflow: CaseWorkflow
  /** Colleagues of the organisation who cannot read this case yet (issue 9 sharing). */
  shareWith?: Colleague[]
}

type AnswerKind = 'acknowledgement' | 'message' | 'feedback' | 'note' | 'extension'

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
    <Layout {...model} title={t.title} scripts={['staff.js', 'case.js', 'case-workflow.js']}>
      <p>
        <a href="/staff" safe>
          {t.back}
        </a>
      </p>
      <DossierHeader locale={model.locale} caseFile={caseFile} />
      <h1 safe>{`${t.title} · ${caseFile.organisation.name}`}</h1>
      <KeyStatusAndSignOut {...model} />
      <dl class="case-dates">
        <dt safe>{t.organisation}</dt>
        <dd safe>{caseFile.organisation.name}</dd>
        <dt safe>{t.status}</dt>
        <dd class="case-state" safe>
          {t.statuses[caseFile.status] ?? caseFile.status}
        </dd>
      </dl>
      <DeadlineTimeline {...model} />
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
        <DossierActions locale={model.locale} />
        <section aria-labelledby="thread-heading">
          <p id="transcript-agreement" class="notice" hidden />
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
        <section aria-labelledby="answer-heading" class="no-print">
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
          <MeetingAnswers {...model} />
          {answer('message', t.messageLabel, t.messageSubmit)}
          {caseFile.acknowledged === null ? '' : answer('feedback', t.feedbackLabel, t.feedbackSubmit)}
          <ExtensionForm {...model} answer={answer} />
          {answer('note', t.noteLabel, t.noteSubmit)}
        </section>
        <ShareCaseSection locale={model.locale} colleagues={model.shareWith ?? []} />
      </div>
      <StatusAndClosing {...model} />
      <AuditTrail {...model} />
    </Layout>
  )
}

// --- Issue 10, extension: the feedback period extended once (where the profile allows), with a reason ---

/**
 * Offered only while the case can be extended (server/services/case-handling.ts `extensionRefusal`). The reason
 * is sealed like a message (entry kind `extension`), so the reporter reads it and the server never does.
 */
function ExtensionForm(
  model: CaseModel & {
    answer: (kind: AnswerKind, label: string, submit: string) => JSX.Element
  },
) {
  const e = catalogue(model.locale).feedbackExtension
  const months = model.caseFile.extensionMonths
  if (months <= 0) return ''
  return (
    <section aria-labelledby="extension-heading" class="extension">
      <h3 id="extension-heading" safe>
        {e.label(months)}
      </h3>
      {model.answer('extension', e.reasonLabel, e.submit)}
    </section>
  )
}

// --- Workflow (issue 9): key status and sign-out, deadlines, status and closing, meeting answers, audit ---

/** Says whether this tab holds the unlocked key (views/browser/staff.ts); sign-out drops it first. */
function KeyStatusAndSignOut(model: CaseModel) {
  const w = catalogue(model.locale).caseWorkflow
  return (
    <div class="key-line">
      <p
        id="key-status"
        class="status"
        role="status"
        data-tab-key={model.tabKey}
        data-public-key={model.publicKey}
        data-msg-unlocked={w.keyUnlocked}
        data-msg-locked={w.keyLocked}
        safe
      >
        {w.keyChecking}
      </p>
      <form method="post" action="/staff/logout" id="logout-form">
        <input type="hidden" name="_csrf" value={model.csrfToken} />
        <button type="submit" class="secondary" safe>
          {w.signOut}
        </button>
      </form>
    </div>
  )
}

/** Received, acknowledgement, feedback, closed: each met, due or overdue, in the organisation's calendar. */
function DeadlineTimeline(model: CaseModel) {
  const w = catalogue(model.locale).caseWorkflow
  const { timeline } = model.workflow
  const state = (deadline: CaseWorkflow['timeline']['acknowledge']) =>
    deadline.state === 'met'
      ? w.metOn(deadline.on, deadline.late)
      : deadline.state === 'due'
        ? w.dueBy(deadline.by, deadline.daysLeft)
        : w.overdue(deadline.by, deadline.days)
  const rows: Array<[string, string, string]> = [
    ['received', w.received, timeline.received],
    [
      'acknowledgement',
      w.acknowledgement,
      model.workflow.acknowledgedAutomatically
        ? `${state(timeline.acknowledge)} — ${catalogue(model.locale).autoAcknowledgement.acknowledgedAutomatically}`
        : state(timeline.acknowledge),
    ],
    ['feedback', w.feedback, state(timeline.feedback)],
  ]
  if (timeline.closed) {
    const outcome = timeline.closed.outcome ? ` — ${w.outcomes[timeline.closed.outcome]}` : ''
    rows.push(['closed', w.closed, `${w.closedOn(timeline.closed.on)}${outcome}`])
  }
  if (timeline.purgeAfter) rows.push(['purge', w.purgeAfter, timeline.purgeAfter])
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" safe>
        {w.timelineHeading}
      </h2>
      <dl id="timeline" class="case-dates">
        {rows.map(([id, term, value]) => {
          const overdue =
            (id === 'acknowledgement' && timeline.acknowledge.state === 'overdue') ||
            (id === 'feedback' && timeline.feedback.state === 'overdue')
          return (
            <>
              <dt safe>{term}</dt>
              <dd id={`timeline-${id}`} class={overdue ? 'overdue' : undefined} safe>
                {value}
              </dd>
            </>
          )
        })}
      </dl>
    </section>
  )
}

/** Moves by hand and closing with an outcome; the page script posts them (views/browser/case-workflow.ts). */
function StatusAndClosing(model: CaseModel) {
  const w = catalogue(model.locale).caseWorkflow
  const statuses = catalogue(model.locale).staffCase.statuses
  const { workflow, caseFile } = model
  const api = `/staff/api/cases/${caseFile.id}`
  const formStatus = <p class="status" role="status" />
  if (workflow.status === 'closed')
    return (
      <section aria-labelledby="work-heading" id="workflow">
        <h2 id="work-heading" safe>
          {w.workHeading}
        </h2>
        <p safe>{w.isClosed}</p>
      </section>
    )
  return (
    <section
      aria-labelledby="work-heading"
      id="workflow"
      data-csrf={model.csrfToken}
      data-locale={model.locale}
    >
      <h2 id="work-heading" safe>
        {w.workHeading}
      </h2>
      {workflow.moves.length === 0 ? (
        <p id="no-moves" safe>
          {w.noMoves}
        </p>
      ) : (
        <form id="status-form" class="workflow-form" data-api={`${api}/status`}>
          <label for="status-to" safe>
            {w.moveLabel}
          </label>
          <select id="status-to" name="to">
            {workflow.moves.map((to) => (
              <option value={to} safe>
                {statuses[to] ?? to}
              </option>
            ))}
          </select>
          <button type="submit" safe>
            {w.moveSubmit}
          </button>
          {formStatus}
        </form>
      )}
      {workflow.canClose ? (
        <form id="close-form" class="workflow-form" data-api={`${api}/close`}>
          <p safe>{w.closeIntro}</p>
          <label for="close-outcome" safe>
            {w.closeLabel}
          </label>
          <select id="close-outcome" name="outcome">
            {Object.entries(w.outcomes).map(([value, label]) => (
              <option value={value} safe>
                {label}
              </option>
            ))}
          </select>
          <button type="submit" safe>
            {w.closeSubmit}
          </button>
          {formStatus}
        </form>
      ) : (
        <p id="cannot-close" safe>
          {w.cannotClose}
        </p>
      )}
    </section>
  )
}

/** One answer form per waiting meeting request: a message sealed in the browser that names the request. */
function MeetingAnswers(model: CaseModel) {
  const w = catalogue(model.locale).caseWorkflow
  const { caseFile } = model
  return (
    <>
      {model.workflow.openMeetingRequests.map((requestId, index) => (
        <form
          class="answer-form answer-meeting"
          id={`answer-meeting-${index}`}
          data-kind="message"
          data-answers={requestId}
          data-api={`/staff/api/cases/${caseFile.id}/meeting-answer`}
        >
          <h3 safe>{w.meetingHeading}</h3>
          <p safe>{w.meetingIntro}</p>
          <label for={`answer-meeting-${index}-text`} safe>
            {w.meetingLabel}
          </label>
          <textarea id={`answer-meeting-${index}-text`} name="text" rows="4" />
          <button type="submit" safe>
            {w.meetingSubmit}
          </button>
          <p class="status" role="status" />
        </form>
      ))}
    </>
  )
}

/** Who did what and when on this case (display names; never content, never an address). */
function AuditTrail(model: CaseModel) {
  const w = catalogue(model.locale).caseWorkflow
  const statuses = catalogue(model.locale).staffCase.statuses
  const describe = (action: string) => {
    const move = /^case\.status:([a-z_]+)>([a-z_]+)$/.exec(action)
    if (move) return w.statusAction(statuses[move[1]!] ?? move[1]!, statuses[move[2]!] ?? move[2]!)
    // Issue 10: written by the system at receipt, when the organisation acknowledges automatically.
    if (action === 'case.acknowledged') return catalogue(model.locale).autoAcknowledgement.auditAction
    return w.actions[action] ?? action
  }
  const { audit } = model.workflow
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading" safe>
        {w.auditHeading}
      </h2>
      {audit.length === 0 ? (
        <p safe>{w.auditNone}</p>
      ) : (
        <table id="audit-trail">
          <HeadRow headings={[w.auditWhen, w.auditWho, w.auditWhat]} />
          <tbody>
            {audit.map((line) => (
              <tr>
                <td safe>{line.at}</td>
                <td safe>
                  {line.who.kind === 'staff'
                    ? line.who.name
                    : line.who.kind === 'reporter'
                      ? w.auditReporter
                      : w.auditSystem}
                </td>
                <td safe>{describe(line.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

// --- Oral reports and the printable dossier (issue 9, oral area). ---

/** Print / save as PDF: the same page, decrypted in this browser, laid out by the print stylesheet. */
function DossierActions(props: { locale: CaseModel['locale'] }) {
  const t = catalogue(props.locale).oral
  return (
    <p
      class="dossier-actions no-print"
      data-msg-agreed-on={t.agreedOn('{date}')}
      data-msg-not-agreed={t.notAgreed}
    >
      <button type="button" id="print-dossier" class="secondary" safe>
        {t.printDossier}
      </button>
    </p>
  )
}

/** Only on paper: what this is, who printed it when, and how the statutory deadlines stand. */
function DossierHeader(props: { locale: CaseModel['locale']; caseFile: CaseFile }) {
  const t = catalogue(props.locale).oral
  const { dossier } = props.caseFile
  return (
    <div class="print-only dossier-header">
      <p class="dossier-title" safe>
        {`${t.dossierTitle} · ${props.caseFile.id}`}
      </p>
      <p safe>{t.dossierConfidential(dossier.printedBy, dossier.printedOn)}</p>
      <p safe>
        {`${t.deadlines}: ${dossier.deadlines
          .map(
            (deadline) =>
              `${deadline.kind === 'acknowledgement' ? t.acknowledgementDeadline : t.feedbackDeadline} ${deadline.due} (${t.deadlineStatus[deadline.status] ?? deadline.status})`,
          )
          .join('; ')}`}
      </p>
    </div>
  )
}
