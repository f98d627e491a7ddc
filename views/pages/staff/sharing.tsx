import type { Colleague } from '../../../server/services/sharing.js'
import { catalogue, type Locale } from '../../i18n/index.js'

/** Colleagues of the workspace who cannot read some of this confidant's cases yet, with how many. */
export type SharingBannerModel = {
  locale: Locale
  userId: string
  csrfToken: string
  pending: Array<Colleague & { cases: number }>
}

/**
 * "4 cases not yet readable by J. Jansen — share now" (issue 9). The button works in the browser
 * (views/browser/share-all.ts): keys are opened, checked and sealed there, in batches, with progress.
 */
export function SharingBanner(model: SharingBannerModel) {
  const t = catalogue(model.locale).sharing
  if (model.pending.length === 0) return ''
  return (
    <section
      id="share-banner"
      class="notice share-banner"
      aria-labelledby="share-heading"
      data-user-id={model.userId}
      data-csrf={model.csrfToken}
      data-locale={model.locale}
    >
      <h2 id="share-heading" safe>
        {t.bannerHeading}
      </h2>
      <ul>
        {model.pending.map((colleague) => (
          <li class="share-pending" data-colleague-id={colleague.id} data-cases={String(colleague.cases)}>
            <span safe>{`${t.pending(colleague.cases, colleague.name)} — `}</span>
            <button type="button" class="share-all" safe>
              {t.shareNow(colleague.name)}
            </button>
            <progress
              max={String(colleague.cases)}
              value="0"
              hidden
              aria-label={t.shareNow(colleague.name)}
            />
            <p class="status" role="status" />
          </li>
        ))}
      </ul>
    </section>
  )
}

/** On the case page: each colleague of the organisation who cannot read this case yet, one button each. */
export function ShareCaseSection(props: { locale: Locale; colleagues: Colleague[] }) {
  const t = catalogue(props.locale).sharing
  if (props.colleagues.length === 0) return ''
  return (
    <section id="share-case" aria-labelledby="share-case-heading" hidden>
      <h2 id="share-case-heading" safe>
        {t.caseHeading}
      </h2>
      <ul>
        {props.colleagues.map((colleague) => (
          <li class="share-one" data-colleague={JSON.stringify(colleague)}>
            <span safe>{`${t.cannotRead(colleague.name)} — `}</span>
            <button type="button" class="share-case" safe>
              {t.share(colleague.name)}
            </button>
            <p class="status" role="status" />
          </li>
        ))}
      </ul>
    </section>
  )
}
