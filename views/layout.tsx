/// <reference types="@kitajs/html/htmx.d.ts" />
import type { Children } from '@kitajs/html'
import { assetUrl, chunkUrls } from './asset-urls.js'
import { type Catalogue, catalogue, type Locale } from './i18n/index.js'

export type LayoutModel = {
  locale: Locale
  title: string
  associationName: string
  /** The association's logo (issue 11), sized so the header does not move when it arrives. */
  associationLogo?: { src: string; width: number; height: number }
  /** Same page in the other language; omitted where switching would lose form state. */
  otherLanguageHref?: string
  /** Our own bundled scripts, by entry name ('report.js'); the build gives them hashed file names. */
  scripts?: string[]
  /** Load htmx (staff pages); reporter pages load only what they use. */
  htmx?: boolean
  /** Where this page's reports are encrypted, for the footer: a no-JS page must not claim "on your device". */
  encryptedWhere?: 'either' | 'server'
  /** A page of wide tables (staff): the column grows from reading width to 72rem. */
  wide?: boolean
}

export function Layout(props: LayoutModel & { children: Children }) {
  const t: Catalogue = catalogue(props.locale)
  return (
    <html lang={t.meta.lang} dir={t.meta.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'
        />
        <title safe>{`${props.title} · ${props.associationName}`}</title>
        <link rel="stylesheet" href={assetUrl('style.css')} />
        <link rel="icon" href="data:," />
        {props.htmx ? <script src={assetUrl('htmx.min.js')} defer /> : ''}
        {(props.scripts ?? []).map((name) => (
          <>
            <script type="module" src={assetUrl(name)} />
            {chunkUrls(name).map((chunk) => (
              <link rel="modulepreload" href={chunk} />
            ))}
          </>
        ))}
      </head>
      <body class={props.wide ? 'wide' : undefined}>
        <a class="skip-link" href="#main" safe>
          {t.layout.skipToContent}
        </a>
        <header class="site-header">
          <p class="site-name">
            {props.associationLogo ? (
              <img
                class="site-logo"
                src={props.associationLogo.src}
                width={String(props.associationLogo.width)}
                height={String(props.associationLogo.height)}
                alt=""
              />
            ) : (
              ''
            )}
            <span safe>{props.associationName}</span>
          </p>
          {props.otherLanguageHref ? (
            <a
              class="language-switch"
              href={props.otherLanguageHref}
              hreflang={props.locale === 'nl' ? 'en' : 'nl'}
              safe
            >
              {t.layout.otherLanguage}
            </a>
          ) : (
            ''
          )}
        </header>
        <main id="main" tabindex="-1">
          {props.children}
        </main>
        <footer class="site-footer">
          <p safe>{props.encryptedWhere === 'server' ? t.layout.footerServer : t.layout.footer}</p>
        </footer>
      </body>
    </html>
  )
}
