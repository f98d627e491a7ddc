import { catalogue, type Locale } from '../i18n/index.js'

export type AdminSection = 'organisations' | 'confidants' | 'statistics' | 'audit' | 'recovery' | 'settings'

const sections: Array<{ id: AdminSection; href: string }> = [
  { id: 'organisations', href: '/staff/admin' },
  { id: 'confidants', href: '/staff/admin/confidants' },
  { id: 'statistics', href: '/staff/admin/statistics' },
  { id: 'audit', href: '/staff/admin/audit' },
  { id: 'recovery', href: '/staff/admin/recovery' },
  { id: 'settings', href: '/staff/admin/settings' },
]

/** The administration's section links (issue 11), on every /staff/admin page; the current one is marked. */
export function AdminNav(props: { locale: Locale; current?: AdminSection }) {
  const t = catalogue(props.locale).admin
  return (
    <nav class="admin-nav" aria-label={t.navLabel}>
      <ul>
        {sections.map((section) => (
          <li>
            <a
              href={`${section.href}?lang=${props.locale}`}
              aria-current={section.id === props.current ? 'page' : undefined}
              safe
            >
              {t.sections[section.id]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
