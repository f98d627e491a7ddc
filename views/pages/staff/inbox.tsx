import { FilterSelect, ListFilter } from '../../components/list-filter.js'
import { Pager } from '../../components/pager.js'
import { HeadRow } from '../../components/table.js'
import { catalogue, type Locale } from '../../i18n/index.js'

export type InboxStatus = 'open' | 'received' | 'acknowledged' | 'in_follow_up' | 'feedback_given' | 'closed'

/** The inbox as the page shows it: dates already in each organisation's time zone and the page's language. */
export type InboxModel = {
  locale: Locale
  action: string
  filter: { status: InboxStatus; organisationId: string | undefined }
  organisations: Array<{ id: string; name: string; open: number }>
  counts: Record<InboxStatus, number>
  rows: Array<{
    href: string
    reference: string
    organisationName: string
    received: string
    status: Exclude<InboxStatus, 'open'>
    due: { kind: 'acknowledge' | 'feedback'; date: string; daysLeft: number; overdue: boolean } | undefined
    meetingRequested: boolean
    /** Issue 10: acknowledged at receipt, by the organisation's automatic acknowledgement. */
    acknowledgedAutomatically: boolean
  }>
  previousHref: string | undefined
  nextHref: string | undefined
}

const STATUSES: InboxStatus[] = [
  'open',
  'received',
  'acknowledged',
  'in_follow_up',
  'feedback_given',
  'closed',
]

/** A confidant's cases across their organisations, the most urgent deadline first (issue 9). */
export function InboxSection(model: InboxModel) {
  const t = catalogue(model.locale).inbox
  const total = model.counts[model.filter.status]
  return (
    <section aria-labelledby="inbox-heading" class="inbox">
      <h2 id="inbox-heading" safe>
        {t.heading}
      </h2>
      <p safe>{t.intro}</p>
      <ListFilter action={model.action} locale={model.locale} submit={t.show}>
        <FilterSelect
          label={t.organisation}
          name="organisation"
          any={t.allOrganisations}
          options={model.organisations.map((organisation) => ({
            value: organisation.id,
            text: `${organisation.name} (${organisation.open})`,
          }))}
          selected={model.filter.organisationId}
        />
        <FilterSelect
          label={t.status}
          name="status"
          options={STATUSES.map((status) => ({
            value: status,
            text: `${t.statuses[status]} (${model.counts[status]})`,
          }))}
          selected={model.filter.status}
        />
      </ListFilter>
      <p class="inbox-count" role="status" safe>
        {t.count(model.rows.length, total)}
      </p>
      {model.rows.length === 0 ? (
        <p safe>{t.none}</p>
      ) : (
        <table class="inbox-table">
          <HeadRow headings={[t.caseColumn, t.organisation, t.receivedColumn, t.statusColumn, t.dueColumn]} />
          <tbody>
            {model.rows.map((row) => (
              <tr>
                <th scope="row">
                  <a href={row.href} aria-label={t.openCase(row.reference)} safe>
                    {row.reference}
                  </a>
                </th>
                <td safe>{row.organisationName}</td>
                <td safe>{row.received}</td>
                <td>
                  <span safe>{t.statuses[row.status]}</span>
                  {row.acknowledgedAutomatically ? (
                    <small class="auto-acknowledged" safe>
                      {` (${catalogue(model.locale).autoAcknowledgement.inboxMark})`}
                    </small>
                  ) : (
                    ''
                  )}
                  {row.meetingRequested ? (
                    <strong class="badge badge-meeting" safe>
                      {t.meetingRequested}
                    </strong>
                  ) : (
                    ''
                  )}
                </td>
                <td>
                  {row.due ? (
                    <DueBadge locale={model.locale} due={row.due} />
                  ) : (
                    <span safe>{t.noDeadline}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label={t.heading}
        back={{ href: model.previousHref, text: t.previous, rel: 'prev' }}
        forward={{ href: model.nextHref, text: t.next, rel: 'next' }}
      />
    </section>
  )
}

/** "Acknowledge by 3 December 2026 — 2 days left", "… — overdue by 4 days": the words carry it, colour helps. */
function DueBadge(props: { locale: Locale; due: NonNullable<InboxModel['rows'][number]['due']> }) {
  const t = catalogue(props.locale).inbox
  const { due } = props
  const what = due.kind === 'acknowledge' ? t.acknowledgeBy : t.feedbackBy
  const when = due.overdue
    ? t.overdue(-due.daysLeft)
    : due.daysLeft === 0
      ? t.dueToday
      : t.daysLeft(due.daysLeft)
  const tone = due.overdue ? 'badge-overdue' : due.daysLeft <= 2 ? 'badge-soon' : 'badge-ok'
  return <span class={`badge ${tone}`} safe>{`${what} ${due.date} — ${when}`}</span>
}
