import type { OrganisationOverview } from '../../../../server/services/organisations.js'
import { AdminNav } from '../../../components/admin-nav.js'
import { Field, hintId, Outcome, TextField, type TextInputRules } from '../../../components/field.js'
import { HeadRow } from '../../../components/table.js'
import { catalogue, type Locale } from '../../../i18n/index.js'
import { Layout, type LayoutModel } from '../../../layout.js'

type PageBase = Omit<LayoutModel, 'title' | 'scripts' | 'htmx'>

export type OrganisationListModel = PageBase & {
  organisations: OrganisationOverview[]
  done?: string
}

/** /staff/admin: every member organisation, who serves it, and where to manage it. */
export function OrganisationListPage(model: OrganisationListModel) {
  const t = catalogue(model.locale).adminOrganisations
  const lang = `?lang=${model.locale}`
  return (
    <Layout {...model} title={t.title} wide>
      <AdminNav locale={model.locale} current="organisations" />
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro}</p>
      <Outcome done={model.done} />
      <p>
        <a class="button" href={`/staff/admin/organisations/new${lang}`} safe>
          {t.add}
        </a>
      </p>
      {model.organisations.length === 0 ? (
        <p safe>{t.none}</p>
      ) : (
        <table class="admin-table">
          <HeadRow headings={[t.name, t.slug, t.status, t.profile, t.confidants, t.actions]} />
          <tbody>
            {model.organisations.map((organisation) => {
              const base = `/staff/admin/organisations/${organisation.slug}`
              return (
                <tr data-slug={organisation.slug}>
                  <th scope="row">
                    <span safe>{organisation.name}</span>
                    {organisation.displayName ? (
                      <span class="hint" safe>
                        {` (${organisation.displayName})`}
                      </span>
                    ) : (
                      ''
                    )}
                  </th>
                  <td safe>{organisation.slug}</td>
                  <td class="organisation-status" safe>
                    {t.statuses[organisation.status] ?? organisation.status}
                  </td>
                  <td safe>{organisation.profile}</td>
                  <td>
                    {organisation.confidants.length === 0 ? (
                      <span safe>{t.noConfidants}</span>
                    ) : (
                      <ul class="plain-list">
                        {organisation.confidants.map((confidant) => (
                          <li safe>
                            {`${confidant.name} — ${
                              confidant.disabled ? t.disabled : confidant.hasKeys ? t.withKeys : t.withoutKeys
                            }`}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <ul class="plain-list">
                      <li>
                        <a href={`${base}${lang}`} safe>
                          {t.edit}
                        </a>
                      </li>
                      <li>
                        <a href={`${base}/procedure${lang}`} safe>
                          {t.procedure}
                        </a>
                      </li>
                      <li>
                        <a href={`${base}/poster${lang}`} safe>
                          {t.poster}
                        </a>
                      </li>
                    </ul>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </Layout>
  )
}

/** The form's fields as typed (strings), so a refused form comes back exactly as it was sent. */
export type OrganisationFormValues = {
  name: string
  displayName: string
  slug: string
  profile: string
  timezone: string
  locales: string[]
  retentionDays: string
  autoAcknowledge: boolean
  acknowledgementNl: string
  acknowledgementEn: string
}

export type OrganisationFormModel = PageBase & {
  csrfToken: string
  /** Absent: the create form. */
  existing?: { slug: string; name: string; status: string; canActivate: boolean }
  profiles: Array<{ id: string; label: string }>
  values: OrganisationFormValues
  problem?: string
  /** The field the problem is about, marked aria-invalid. */
  problemField?: string
  done?: string
}

type TextFieldName = 'name' | 'displayName' | 'slug' | 'timezone' | 'retentionDays'

export function OrganisationFormPage(model: OrganisationFormModel) {
  const t = catalogue(model.locale).adminOrganisations
  const { values, existing } = model
  const lang = `?lang=${model.locale}`
  const action = existing
    ? `/staff/admin/organisations/${existing.slug}${lang}`
    : `/staff/admin/organisations/new${lang}`
  const invalid = (field: string) => (model.problemField === field ? 'true' : undefined)
  const title = existing ? t.editTitle(existing.name) : t.createTitle
  // The one-line fields of both forms in one list; only the create form asks the slug, which cannot change later.
  const textRules: Record<TextFieldName, TextInputRules & { label: string; hint: string }> = {
    name: { label: t.name, hint: t.nameHint, required: true, maxlength: '120' },
    displayName: { label: t.displayName, hint: t.displayNameHint, maxlength: '120' },
    slug: {
      label: t.slug,
      hint: t.slugHint,
      required: true,
      maxlength: '64',
      pattern: '[a-z0-9][a-z0-9\\-]*',
    },
    timezone: { label: t.timezone, hint: t.timezoneHint, required: true, maxlength: '64' },
    retentionDays: { label: t.retentionDays, hint: t.retentionHint, inputmode: 'numeric', maxlength: '5' },
  }
  const textField = (id: TextFieldName) => (
    <TextField id={id} value={values[id]} invalid={model.problemField === id} {...textRules[id]} />
  )
  return (
    <Layout {...model} title={title}>
      <AdminNav locale={model.locale} current="organisations" />
      <h1 safe>{title}</h1>
      <p>
        <a href={`/staff/admin${lang}`} safe>
          {t.cancel}
        </a>
      </p>
      <Outcome done={model.done} problem={model.problem} />
      {existing ? (
        <>
          <StatusSection locale={model.locale} csrfToken={model.csrfToken} existing={existing} />
          <h2 safe>{t.detailsHeading}</h2>
        </>
      ) : (
        ''
      )}
      <form method="post" action={action} class="stack" id="organisation-form">
        <input type="hidden" name="_csrf" value={model.csrfToken} />
        {textField('name')}
        {textField('displayName')}
        {existing ? '' : textField('slug')}
        <Field id="profile" label={t.profile} hint={t.profileHint}>
          <select
            id="profile"
            name="profile"
            aria-describedby={hintId('profile')}
            aria-invalid={invalid('profile')}
          >
            {model.profiles.map((profile) => (
              <option value={profile.id} selected={profile.id === values.profile} safe>
                {profile.label}
              </option>
            ))}
          </select>
        </Field>
        {textField('timezone')}
        <fieldset aria-invalid={invalid('locales')}>
          <legend safe>{t.languages}</legend>
          {(['nl', 'en'] as const).map((locale) => (
            <label>
              <input
                type="checkbox"
                name="locales"
                value={locale}
                checked={values.locales.includes(locale)}
              />
              <span safe>{` ${t.languageNames[locale]}`}</span>
            </label>
          ))}
        </fieldset>
        {textField('retentionDays')}
        <fieldset>
          <legend safe>{t.autoAcknowledge}</legend>
          <p class="hint" safe>
            {t.autoAcknowledgeHint}
          </p>
          <label>
            <input type="checkbox" name="autoAcknowledge" value="on" checked={values.autoAcknowledge} />
            <span safe>{` ${t.autoAcknowledge}`}</span>
          </label>
          {(['nl', 'en'] as const).map((locale) => {
            const id = `acknowledgement-${locale}`
            return (
              <Field id={id} label={t.acknowledgementText(t.languageNames[locale] ?? locale)}>
                <textarea
                  id={id}
                  name={locale === 'nl' ? 'acknowledgementNl' : 'acknowledgementEn'}
                  rows="5"
                  maxlength="4000"
                  aria-invalid={invalid('acknowledgementText')}
                  safe
                >
                  {locale === 'nl' ? values.acknowledgementNl : values.acknowledgementEn}
                </textarea>
              </Field>
            )
          })}
        </fieldset>
        <button type="submit" safe>
          {existing ? t.save : t.create}
        </button>
      </form>
    </Layout>
  )
}

/** Activate / suspend, each a form of its own; activation explains why it is not possible yet. */
function StatusSection(props: {
  locale: Locale
  csrfToken: string
  existing: NonNullable<OrganisationFormModel['existing']>
}) {
  const t = catalogue(props.locale).adminOrganisations
  const { existing } = props
  const base = `/staff/admin/organisations/${existing.slug}`
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading" safe>
        {t.statusHeading}
      </h2>
      <p>
        <span safe>{`${t.status}: `}</span>
        <strong class="organisation-status" safe>
          {t.statuses[existing.status] ?? existing.status}
        </strong>
      </p>
      {existing.status !== 'active' ? (
        <>
          {existing.canActivate ? (
            ''
          ) : (
            <p class="notice" id="activate-blocked" safe>
              {t.activateBlocked}
            </p>
          )}
          <form method="post" action={`${base}/activate?lang=${props.locale}`}>
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <button type="submit" safe>
              {t.activate}
            </button>
          </form>
        </>
      ) : (
        ''
      )}
      {existing.status === 'active' ? (
        <form method="post" action={`${base}/suspend?lang=${props.locale}`}>
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <button type="submit" safe>
            {t.suspend}
          </button>
        </form>
      ) : (
        ''
      )}
    </section>
  )
}
