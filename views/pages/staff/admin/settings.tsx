import { AdminNav } from '../../../components/admin-nav.js'
import { Field, Outcome } from '../../../components/field.js'
import { catalogue } from '../../../i18n/index.js'
import { Layout, type LayoutModel } from '../../../layout.js'

export type SettingsModel = Omit<LayoutModel, 'title' | 'scripts' | 'htmx'> & {
  csrfToken: string
  values: { name: string; contactEmail: string }
  logo?: { src: string; width: number; height: number }
  done?: string
  problem?: string
  problemField?: string
}

/** /staff/admin/settings: the association's name, contact address and logo. */
export function SettingsPage(model: SettingsModel) {
  const t = catalogue(model.locale).adminSettings
  const action = (path: string) => `/staff/admin/settings${path}?lang=${model.locale}`
  const invalid = (field: string) => (model.problemField === field ? 'true' : undefined)
  return (
    <Layout {...model} title={t.title}>
      <AdminNav locale={model.locale} current="settings" />
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro}</p>
      <Outcome done={model.done} problem={model.problem} />
      <form method="post" action={action('')} class="stack" id="settings-form">
        <input type="hidden" name="_csrf" value={model.csrfToken} />
        <Field id="association-name" label={t.name}>
          <input
            id="association-name"
            name="name"
            required
            maxlength="120"
            value={model.values.name}
            aria-invalid={invalid('name')}
          />
        </Field>
        <Field id="contact-email" label={t.contactEmail} hint={t.contactHint}>
          <input
            id="contact-email"
            name="contactEmail"
            type="email"
            maxlength="254"
            value={model.values.contactEmail}
            aria-describedby="contact-email-hint"
            aria-invalid={invalid('contactEmail')}
          />
        </Field>
        <button type="submit" safe>
          {t.save}
        </button>
      </form>
      <section aria-labelledby="logo-heading">
        <h2 id="logo-heading" safe>
          {t.logoHeading}
        </h2>
        {model.logo ? (
          <p>
            <span safe>{`${t.logoCurrent}: `}</span>
            <img
              id="current-logo"
              src={model.logo.src}
              width={String(model.logo.width)}
              height={String(model.logo.height)}
              alt={t.logoCurrent}
            />
          </p>
        ) : (
          <p safe>{t.logoNone}</p>
        )}
        <form
          method="post"
          action={action('/logo')}
          enctype="multipart/form-data"
          class="stack"
          id="logo-form"
        >
          <input type="hidden" name="_csrf" value={model.csrfToken} />
          <Field id="logo" label={t.logoFile}>
            <input
              id="logo"
              name="logo"
              type="file"
              accept="image/png,image/jpeg"
              required
              aria-invalid={invalid('logo')}
            />
          </Field>
          <button type="submit" safe>
            {t.logoUpload}
          </button>
        </form>
        {model.logo ? (
          <form method="post" action={action('/logo/remove')}>
            <input type="hidden" name="_csrf" value={model.csrfToken} />
            <button type="submit" safe>
              {t.logoRemove}
            </button>
          </form>
        ) : (
          ''
        )}
      </section>
    </Layout>
  )
}
