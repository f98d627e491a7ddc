import { formatDateTime } from '../../../../server/domain/deadlines.js'
import type { AuditVerification } from '../../../../server/services/audit.js'
import { AdminNav } from '../../../components/admin-nav.js'
import { FilterSelect, ListFilter } from '../../../components/list-filter.js'
import { Pager } from '../../../components/pager.js'
import { HeadRow } from '../../../components/table.js'
import { catalogue } from '../../../i18n/index.js'
import { Layout, type LayoutModel } from '../../../layout.js'

export type AuditPageModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  verification: AuditVerification
  filter: { action?: string; actor?: string }
  actions: string[]
  actors: Array<{ actor: string; name: string | null }>
  events: Array<{
    id: number
    at: number
    actor: string
    actorName: string | null
    action: string
    subject: string | null
  }>
  olderHref: string | undefined
  newestHref: string | undefined
}

/** /staff/admin/audit: the log, newest first, with the chain's verification on top. */
export function AuditPage(model: AuditPageModel) {
  const t = catalogue(model.locale).auditLog
  const { verification } = model
  return (
    <Layout {...model} title={t.title} wide>
      <AdminNav locale={model.locale} current="audit" />
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro}</p>
      {verification.ok ? (
        <p class="status" id="chain-status" safe>
          {verification.head
            ? t.verified(verification.events, verification.head.id, verification.head.hash)
            : t.empty}
        </p>
      ) : (
        <p class="error" id="chain-status" role="alert" safe>
          {t.broken(String(verification.badRowId ?? '?'), t.reasons[verification.reason])}
        </p>
      )}
      <ListFilter action="/staff/admin/audit" locale={model.locale} submit={t.show}>
        <FilterSelect
          label={t.action}
          name="action"
          any={t.anyAction}
          options={model.actions.map((action) => ({ value: action, text: action }))}
          selected={model.filter.action}
        />
        <FilterSelect
          label={t.actor}
          name="actor"
          any={t.anyActor}
          options={model.actors.map((actor) => ({ value: actor.actor, text: actor.name ?? actor.actor }))}
          selected={model.filter.actor}
        />
      </ListFilter>
      {model.events.length === 0 ? (
        <p safe>{t.none}</p>
      ) : (
        <table class="inbox-table" id="audit-events">
          <HeadRow headings={['#', t.when, t.actor, t.action, t.subject]} />
          <tbody>
            {model.events.map((event) => (
              <tr>
                <th scope="row" safe>
                  {String(event.id)}
                </th>
                <td safe>{formatDateTime(event.at, model.locale, 'UTC')}</td>
                <td safe>{event.actorName ?? event.actor}</td>
                <td safe>{event.action}</td>
                <td safe>{event.subject ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label={t.title}
        back={{ href: model.newestHref, text: t.newest }}
        forward={{ href: model.olderHref, text: t.older, rel: 'next' }}
      />
    </Layout>
  )
}
