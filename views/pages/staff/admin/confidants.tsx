import type { StaffMember } from '../../../../server/services/confidant-pool.js'
import { AdminNav } from '../../../components/admin-nav.js'
import { Field, Outcome } from '../../../components/field.js'
import { HeadRow, TableScroll } from '../../../components/table.js'
import { catalogue, type Locale } from '../../../i18n/index.js'
import { Layout, type LayoutModel } from '../../../layout.js'

export type ConfidantsModel = Omit<LayoutModel, 'title' | 'scripts' | 'htmx'> & {
  csrfToken: string
  staff: StaffMember[]
  organisations: Array<{ slug: string; name: string }>
  /** The invitation form as typed, kept when it is refused. */
  invite: { email: string; name: string; role: string }
  done?: string
  problem?: string
  /** A single-use link just made (invitation or reset): shown once, here, as the CLI prints it. */
  link?: { intro: string; url: string; after: string[] }
}

/** /staff/admin/confidants: the pool, its assignments, invitations, disabling and resets. */
export function ConfidantsPage(model: ConfidantsModel) {
  const t = catalogue(model.locale).adminConfidants
  const action = (path: string) => `/staff/admin/confidants/${path}?lang=${model.locale}`
  const csrf = <input type="hidden" name="_csrf" value={model.csrfToken} />
  return (
    <Layout {...model} title={t.title} wide>
      <AdminNav locale={model.locale} current="confidants" />
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro}</p>
      <Outcome done={model.done} problem={model.problem} />
      {model.link ? (
        <section class="notice" id="one-time-link" aria-label={t.title}>
          <p safe>{model.link.intro}</p>
          <p>
            <code class="invitation-link" safe>
              {model.link.url}
            </code>
          </p>
          {model.link.after.map((line) => (
            <p safe>{line}</p>
          ))}
        </section>
      ) : (
        ''
      )}
      <dl class="account-actions-explained">
        <dt safe>{t.disable}</dt>
        <dd id="disable-hint" safe>
          {t.disableHint}
        </dd>
        <dt safe>{t.reset}</dt>
        <dd id="reset-hint" safe>
          {t.resetHint}
        </dd>
      </dl>
      <TableScroll label={t.title}>
        <table class="admin-table">
          <HeadRow headings={[t.name, t.email, t.role, t.keys, t.state, t.organisations, t.language]} />
          <tbody>
            {model.staff.map((member) => (
              <tr data-email={member.email}>
                <th scope="row" safe>
                  {member.name}
                </th>
                <td safe>{member.email}</td>
                <td safe>{t.roles[member.role] ?? member.role}</td>
                <td class="has-keys" safe>
                  {member.hasKeys ? t.hasKeys : t.noKeys}
                </td>
                <td class="account-state" safe>
                  {member.disabled ? t.disabled : t.enabled}
                </td>
                <td>
                  <Assignments model={model} member={member} action={action} csrf={csrf} />
                </td>
                <td>
                  <form method="post" action={action('locale')}>
                    {csrf}
                    <input type="hidden" name="email" value={member.email} />
                    <label for={`locale-${member.id}`} class="visually-hidden" safe>
                      {`${t.language}: ${member.name}`}
                    </label>
                    <select id={`locale-${member.id}`} name="locale">
                      {member.locale === null ? (
                        <option value="" selected safe>
                          {t.languageDefault}
                        </option>
                      ) : (
                        ''
                      )}
                      {(['nl', 'en'] as const).map((locale) => (
                        <option value={locale} selected={member.locale === locale} safe>
                          {t.languageNames[locale]}
                        </option>
                      ))}
                    </select>
                    <button type="submit" safe>
                      {t.saveLanguage}
                    </button>
                  </form>
                  {member.disabled ? (
                    ''
                  ) : (
                    <AccountActions locale={model.locale} member={member} action={action} csrf={csrf} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading" safe>
          {t.inviteHeading}
        </h2>
        <form method="post" action={action('invite')} class="stack" id="invite-form">
          {csrf}
          <Field id="invite-email" label={t.email}>
            <input
              id="invite-email"
              name="email"
              type="email"
              required
              maxlength="254"
              value={model.invite.email}
            />
          </Field>
          <Field id="invite-name" label={t.inviteName}>
            <input id="invite-name" name="name" maxlength="120" value={model.invite.name} />
          </Field>
          <Field id="invite-role" label={t.inviteRole}>
            <select id="invite-role" name="role">
              {(['confidant', 'admin'] as const).map((role) => (
                <option value={role} selected={model.invite.role === role} safe>
                  {t.roles[role]}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" safe>
            {t.invite}
          </button>
        </form>
      </section>
    </Layout>
  )
}

function Assignments(props: {
  model: ConfidantsModel
  member: StaffMember
  action: (path: string) => string
  csrf: JSX.Element
}) {
  const { model, member, action, csrf } = props
  const t = catalogue(model.locale).adminConfidants
  if (member.role !== 'confidant') return <span safe>{t.none}</span>
  const assignable = model.organisations.filter(
    (organisation) => !member.organisations.some((item) => item.slug === organisation.slug),
  )
  return (
    <>
      {member.organisations.length === 0 ? <p safe>{t.none}</p> : ''}
      <ul class="plain-list">
        {member.organisations.map((organisation) => (
          <li>
            <form method="post" action={action('unassign')}>
              {csrf}
              <input type="hidden" name="email" value={member.email} />
              <input type="hidden" name="slug" value={organisation.slug} />
              <span safe>{`${organisation.name} `}</span>
              <button type="submit" class="link-button" safe>
                {t.unassign(organisation.name)}
              </button>
            </form>
          </li>
        ))}
      </ul>
      {assignable.length > 0 && !member.disabled ? (
        <form method="post" action={action('assign')}>
          {csrf}
          <input type="hidden" name="email" value={member.email} />
          <label for={`assign-${member.id}`} safe>
            {t.assignTo}
          </label>
          <select id={`assign-${member.id}`} name="slug">
            {assignable.map((organisation) => (
              <option value={organisation.slug} safe>
                {organisation.name}
              </option>
            ))}
          </select>
          <button type="submit" safe>
            {t.assign}
          </button>
        </form>
      ) : (
        ''
      )}
    </>
  )
}

/** Disable and reset, each explained next to its button. */
function AccountActions(props: {
  locale: Locale
  member: StaffMember
  action: (path: string) => string
  csrf: JSX.Element
}) {
  const t = catalogue(props.locale).adminConfidants
  const { member, action, csrf } = props
  return (
    <>
      <form method="post" action={action('disable')}>
        {csrf}
        <input type="hidden" name="email" value={member.email} />
        <button type="submit" aria-describedby="disable-hint">
          <span safe>{t.disable}</span>
          <span class="visually-hidden" safe>{`: ${member.name}`}</span>
        </button>
      </form>
      <form method="post" action={action('reset')}>
        {csrf}
        <input type="hidden" name="email" value={member.email} />
        <button type="submit" aria-describedby="reset-hint">
          <span safe>{t.reset}</span>
          <span class="visually-hidden" safe>{`: ${member.name}`}</span>
        </button>
      </form>
    </>
  )
}
