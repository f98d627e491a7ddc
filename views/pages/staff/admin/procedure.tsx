import { AdminNav } from '../../../components/admin-nav.js'
import { catalogue, type Locale } from '../../../i18n/index.js'
import { Layout, type LayoutModel } from '../../../layout.js'
import { ProcedureArticle } from '../../procedure/document.js'
import type { ProcedureDocument } from '../../procedure/model.js'

export type AdminProcedureModel = Omit<LayoutModel, 'title'> & {
  organisationName: string
  /** Not active: the public page answers 404 until it is. */
  published: boolean
  /** The procedure in `documentLocale`, with the saved provisions or, in a preview, the unsaved ones. */
  document: ProcedureDocument
  documentLocale: Locale
  /** The member's languages, each with the link that shows the procedure in it. */
  languages: Array<{ locale: Locale; href: string }>
  additions: string
  maxAdditions: number
  action: string
  csrfToken: string
  publicHref: string
  posterHref: string
  saved: boolean
  preview: boolean
}

/** The administrator's procedure page: the generated text, the member's own provisions, preview and save. */
export function AdminProcedurePage(model: AdminProcedureModel) {
  const t = catalogue(model.locale).procedure
  return (
    <Layout {...model} title={`${t.title} · ${model.organisationName}`}>
      <AdminNav locale={model.locale} current="organisations" />
      <h1 safe>{`${t.title} · ${model.organisationName}`}</h1>
      {model.saved ? (
        <p class="success" role="status" safe>
          {t.saved}
        </p>
      ) : (
        ''
      )}
      {model.published ? (
        ''
      ) : (
        <p class="notice" safe>
          {t.notPublic}
        </p>
      )}
      <p safe>{t.adminIntro(model.organisationName)}</p>
      <ul class="no-print">
        {model.published ? (
          <li>
            <a href={model.publicHref} safe>
              {t.publicPage}
            </a>
          </li>
        ) : (
          ''
        )}
        <li>
          <a href={model.posterHref} safe>
            {t.poster}
          </a>
        </li>
      </ul>
      <form method="post" action={model.action} class="stack no-print">
        <input type="hidden" name="_csrf" value={model.csrfToken} />
        <input type="hidden" name="lang" value={model.locale} />
        <label for="additions" safe>
          {t.additionsLabel}
        </label>
        <p class="hint" id="additions-hint" safe>
          {t.additionsHint}
        </p>
        <textarea
          id="additions"
          name="additions"
          rows="8"
          maxlength={String(model.maxAdditions)}
          aria-describedby="additions-hint"
          safe
        >
          {model.additions}
        </textarea>
        <p class="actions">
          <button type="submit" name="intent" value="preview" class="secondary" safe>
            {t.preview}
          </button>
          <button type="submit" name="intent" value="save" safe>
            {t.save}
          </button>
        </p>
      </form>
      {model.languages.length > 1 ? (
        <p class="no-print">
          <span safe>{`${t.inLanguage} `}</span>
          {model.languages.map((language) => (
            <>
              <a
                href={language.href}
                aria-current={language.locale === model.documentLocale ? 'true' : undefined}
                safe
              >
                {catalogue(language.locale).meta.name}
              </a>{' '}
            </>
          ))}
        </p>
      ) : (
        ''
      )}
      {model.preview ? (
        <p class="notice" role="status" safe>
          {t.previewTitle}
        </p>
      ) : (
        ''
      )}
      <div lang={model.documentLocale}>
        <ProcedureArticle document={model.document} nested />
      </div>
    </Layout>
  )
}
