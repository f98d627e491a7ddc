import { catalogue } from '../i18n/index.js'
import { Layout, type LayoutModel } from '../layout.js'

export type LandingModel = Omit<LayoutModel, 'title'>

export function LandingPage(model: LandingModel) {
  const t = catalogue(model.locale).landing
  return (
    <Layout {...model} title={t.title}>
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro(model.associationName)}</p>
      <p safe>{t.howToFind}</p>
      <p class="notice" safe>
        {t.safety}
      </p>
    </Layout>
  )
}
