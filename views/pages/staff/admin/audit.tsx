import { formatDateTime } from '../../../../server/domain/deadlines.js'
import type { AuditVerification } from '../../../../server/services/audit.js'
import { AdminNav } from '../../../components/admin-nav.js'
import { Pager } from '../../../components/pager.js'
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
    <Layout {...model} title={t.title}>
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
      <form method="get" action="/staff/admin/audit" class="inbox-filter">
        <label>
          <span safe>{t.action}</span>
          <select name="action">
            <option value="" selected={model.filter.action === undefined} safe>
              {t.anyAction}
            </option>
            {model.actions.map((action) => (
              <option value={action} selected={action === model.filter.action} safe>
                {action}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span safe>{t.actor}</span>
          <select name="actor">
            <option value="" selected={model.filter.actor === undefined} safe>
              {t.anyActor}
            </option>
            {model.actors.map((actor) => (
              <option value={actor.actor} selected={actor.actor === model.filter.actor} safe>
                {actor.name ?? actor.actor}
              </option>
            ))}
          </select>
        </label>
        <input type="hidden" name="lang" value={model.locale} />
        <button type="submit" safe>
          {t.show}
        </button>
      </form>
      {model.events.length === 0 ? (
        <p safe>{t.none}</p>
      ) : (
        <table class="inbox-table" id="audit-events">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" safe>
                {t.when}
              </th>
              <th scope="col" safe>
                {t.actor}
              </th>
              <th scope="col" safe>
                {t.action}
              </th>
              <th scope="col" safe>
                {t.subject}
              </th>
            </tr>
          </thead>
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
