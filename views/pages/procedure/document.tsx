import type { AuthorityLine, ProcedureBlock, ProcedureDocument } from './model.js'

/**
 * The procedure as an article. Every text is escaped (`safe`), the member's own provisions included: they are
 * plain text, paragraphs only, never HTML. `nested`: inside an administration page, one heading level lower.
 */
export function ProcedureArticle(props: { document: ProcedureDocument; nested?: boolean }) {
  const { document, nested } = props
  return (
    <article class="procedure">
      {nested ? <h2 safe>{document.title}</h2> : <h1 safe>{document.title}</h1>}
      {document.sections.map((section) => (
        <section class={`procedure-${section.id}`}>
          {nested ? <h3 safe>{section.title}</h3> : <h2 safe>{section.title}</h2>}
          {section.blocks.map((block) => (
            <Block block={block} />
          ))}
        </section>
      ))}
    </article>
  )
}

function Block(props: { block: ProcedureBlock }) {
  const { block } = props
  if (block.kind === 'p') return <p safe>{block.text}</p>
  if (block.kind === 'ul')
    return (
      <ul>
        {block.items.map((item) => (
          <li safe>{item}</li>
        ))}
      </ul>
    )
  return (
    <ul class="authority-list">
      {block.items.map((authority) => (
        <Authority authority={authority} />
      ))}
    </ul>
  )
}

/** Name, what it covers, and its website as text (it must survive printing). */
function Authority(props: { authority: AuthorityLine }) {
  const { name, abbreviation, remit, url } = props.authority
  return (
    <li>
      <strong safe>{abbreviation ? `${name} (${abbreviation})` : name}</strong>
      {remit ? <span safe>{` — ${remit}`}</span> : ''}
      <br />
      <a href={url} rel="noreferrer noopener" safe>
        {url.replace(/^https:\/\//, '')}
      </a>
    </li>
  )
}
