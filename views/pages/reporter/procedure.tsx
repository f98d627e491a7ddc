import { catalogue } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'
import { ProcedureArticle } from '../procedure/document.js'
import type { ProcedureDocument } from '../procedure/model.js'

export type ProcedurePageModel = Omit<LayoutModel, 'title'> & {
  document: ProcedureDocument
  landingHref: string
}

/** The member's reporting procedure, public and printable (issue 11). */
export function ProcedurePage(model: ProcedurePageModel) {
  const t = catalogue(model.locale).procedure
  return (
    <Layout {...model} title={model.document.title}>
      <ProcedureArticle document={model.document} />
      <p class="no-print">
        <a href={model.landingHref} safe>
          {catalogue(model.locale).reporter.makeReport}
        </a>
      </p>
      <p class="no-print hint" safe>
        {t.printHint}
      </p>
    </Layout>
  )
}
