import type { Authority, DeadlineTerms } from '../../../server/domain/profiles.js'
import { catalogue } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'

export type OrganisationPageModel = Omit<LayoutModel, 'title'> & {
  organisationName: string
  confidants: string[]
  deadlines: DeadlineTerms
  authorities: Authority[]
  reportHref: string
  followUpHref: string
  /** The member's reporting procedure (issue 11). */
  procedureHref: string
}

/** The member's reporting page: who reads reports, what happens next, anonymity, and the external channels. */
export function OrganisationPage(model: OrganisationPageModel) {
  const t = catalogue(model.locale).reporter
  return (
    <Layout {...model} title={t.pageTitle(model.organisationName)}>
      <h1 safe>{t.pageTitle(model.organisationName)}</h1>
      <p safe>{t.intro(model.organisationName, model.associationName)}</p>
      <p class="actions">
        <a class="button" href={model.reportHref} safe>
          {t.makeReport}
        </a>
        <a class="button secondary" href={model.followUpHref} safe>
          {t.followUp}
        </a>
      </p>

      <h2 safe>{t.whoTitle}</h2>
      {model.confidants.length > 0 ? (
        <>
          <p safe>{t.whoIntro(model.associationName)}</p>
          <ul>
            {model.confidants.map((name) => (
              <li safe>{name}</li>
            ))}
          </ul>
        </>
      ) : (
        <p safe>{t.whoNone}</p>
      )}
      <p safe>{t.whoEmployer}</p>

      <h2 safe>{t.nextTitle}</h2>
      <ol>
        <li safe>{t.nextAcknowledge(model.deadlines)}</li>
        <li safe>{t.nextFeedback(model.deadlines)}</li>
      </ol>
      <p safe>{t.nextQuestions}</p>

      <h2 safe>{t.anonymityTitle}</h2>
      <ul>
        <li safe>{t.anonymityEncryption}</li>
        <li safe>{t.anonymityNoLogs}</li>
        <li safe>{t.anonymityIdentity}</li>
      </ul>

      <h2 safe>{t.protectTitle}</h2>
      <ul class="notice">
        <li safe>{t.protectDevice}</li>
        <li safe>{t.protectTor}</li>
        <li safe>{t.protectCode}</li>
        <li safe>{t.protectTraces}</li>
      </ul>

      <h2 safe>{t.oralTitle}</h2>
      <p safe>{t.oral}</p>

      <h2 safe>{t.externalTitle}</h2>
      <p safe>{t.externalIntro}</p>
      <ul class="authorities">
        {model.authorities.map((authority) => (
          <li>
            <a href={authority.url} rel="noreferrer noopener" safe>
              {authority.abbreviation ? `${authority.name} (${authority.abbreviation})` : authority.name}
            </a>
          </li>
        ))}
      </ul>
      <h2 safe>{t.adviserTitle}</h2>
      <p safe>{t.adviser}</p>
      <p>
        <a href={model.procedureHref} safe>
          {catalogue(model.locale).procedure.read}
        </a>
      </p>
    </Layout>
  )
}
