import { catalogue } from '../i18n/index.js'
import { Layout, type LayoutModel } from '../layout.js'

export type ErrorModel = Omit<LayoutModel, 'title'> & { status: number; message: string; backHref: string }

export function ErrorPage(model: ErrorModel) {
  const t = catalogue(model.locale).errors
  return (
    <Layout {...model} title={t.title}>
      <h1 safe>{t.title}</h1>
      <p class="error-message" role="alert" safe>
        {model.message}
      </p>
      <p class="error-status" safe>{`HTTP ${model.status}`}</p>
      <p>
        <a href={model.backHref} safe>
          {t.back}
        </a>
      </p>
    </Layout>
  )
}
