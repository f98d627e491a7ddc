import { AdminNav } from '../../../components/admin-nav.js'
import { catalogue, type Locale } from '../../../i18n/index.js'
import { Layout, type LayoutModel } from '../../../layout.js'

export type PosterModel = Omit<LayoutModel, 'title'> & {
  organisationName: string
  /** The member's languages, in its order: the poster speaks each of them. */
  languages: Locale[]
  reportUrl: string
  /** Inline SVG from `qrcode` (server/domain/qr.ts): path data only, nothing a visitor typed. */
  qrSvg: string
  backHref: string
}

/** Above this many characters a name, printed three times, would push the poster onto a second sheet. */
export const LONG_NAME = 40

/** The A4 poster for the canteen wall (issue 11): the address as text and as a QR code, in the member's languages. */
export function PosterPage(model: PosterModel) {
  const t = catalogue(model.locale).poster
  const safeQrSvg = model.qrSvg
  return (
    <Layout {...model} title={`${t.title} · ${model.organisationName}`}>
      <AdminNav locale={model.locale} current="organisations" />
      <p class="no-print">
        <a href={model.backHref} safe>
          {catalogue(model.locale).procedure.title}
        </a>
      </p>
      <p class="no-print hint" safe>
        {t.printHint}
      </p>
      <div class={model.organisationName.length > LONG_NAME ? 'poster poster-long-name' : 'poster'}>
        <p class="poster-organisation" safe>
          {model.organisationName}
        </p>
        {model.languages.map((language, index) => {
          const words = catalogue(language).poster
          return (
            <section class="poster-language" lang={language}>
              {index === 0 ? (
                <h1 safe>{words.heading(model.organisationName)}</h1>
              ) : (
                <h2 safe>{words.heading(model.organisationName)}</h2>
              )}
              <p safe>{words.what}</p>
              <p safe>{words.anonymous}</p>
              <p safe>{words.followUp}</p>
            </section>
          )
        })}
        <figure class="poster-address">
          <div class="poster-qr" role="img" aria-label={t.qrLabel}>
            {safeQrSvg}
          </div>
          <figcaption>
            {model.languages.map((language) => (
              <span class="poster-go" lang={language} safe>
                {catalogue(language).poster.address}
              </span>
            ))}
            <span class="poster-url">
              {model.reportUrl.split(/(?<=\/)/).map((part) => (
                <>
                  <span safe>{part}</span>
                  <wbr />
                </>
              ))}
            </span>
          </figcaption>
        </figure>
      </div>
    </Layout>
  )
}
