import type { WorkspaceHome } from '../../../server/services/workspace.js'
import { AdminNav } from '../../components/admin-nav.js'
import { HeadRow } from '../../components/table.js'
import { catalogue } from '../../i18n/index.js'
import { Layout, type LayoutModel } from '../../layout.js'
import { type InboxModel, InboxSection } from './inbox.js'
import { OralReportLinks } from './oral.js'
import { SharingBanner, type SharingBannerModel } from './sharing.js'

export type HomeModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  home: WorkspaceHome
  csrfToken: string
  /** base64url: the key that opens the private key this tab holds, and the account's public key to check it. */
  tabKey: string
  publicKey: string
  /** A confidant's cases (none for an administrator). */
  inbox: InboxModel | undefined
  /** Colleagues who cannot read some of this confidant's cases yet (issue 9 sharing). */
  sharing?: SharingBannerModel
}

/** The signed-in landing. An administrator's shows no case data at all, not even counts. */
export function HomePage(model: HomeModel) {
  const t = catalogue(model.locale).staff
  const { home } = model
  return (
    <Layout
      {...model}
      title={t.homeTitle}
      scripts={model.sharing?.pending.length ? ['staff.js', 'share-all.js'] : ['staff.js']}
      wide
    >
      <h1 safe>{t.homeTitle}</h1>
      <p>
        <span safe>{`${t.signedInAs} `}</span>
        <strong class="staff-name" safe>
          {home.name}
        </strong>
        <span safe>{` (${home.role === 'admin' ? t.roleAdmin : t.roleConfidant})`}</span>
      </p>
      <p
        id="key-status"
        class="status"
        role="status"
        data-tab-key={model.tabKey}
        data-public-key={model.publicKey}
        data-msg-unlocked={t.keysUnlocked}
        data-msg-locked={t.keysLocked}
        safe
      >
        {t.keysChecking}
      </p>
      {model.sharing ? <SharingBanner {...model.sharing} /> : ''}
      {home.role === 'admin' ? (
        <>
          <p safe>{t.adminIntro}</p>
          <AdminNav locale={model.locale} />
        </>
      ) : (
        <section aria-labelledby="organisations-heading">
          <h2 id="organisations-heading" safe>
            {t.organisationsHeading}
          </h2>
          {home.organisations.length === 0 ? (
            <p safe>{t.noOrganisations}</p>
          ) : (
            <table class="organisations">
              <HeadRow headings={[t.organisation, t.openCases]} />
              <tbody>
                {home.organisations.map((organisation) => (
                  <tr>
                    <th scope="row" safe>
                      {organisation.name}
                    </th>
                    <td class="open-cases" safe>
                      {String(organisation.openCases)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {model.inbox && home.organisations.length > 0 ? <InboxSection {...model.inbox} /> : ''}
      {home.role === 'confidant' ? (
        <OralReportLinks locale={model.locale} organisations={home.organisations} />
      ) : (
        ''
      )}
      <form method="post" action="/staff/logout" id="logout-form">
        <input type="hidden" name="_csrf" value={model.csrfToken} />
        <button type="submit" safe>
          {t.signOut}
        </button>
      </form>
    </Layout>
  )
}
