import type { Children } from '@kitajs/html'
import type { Locale } from '../i18n/index.js'

/**
 * The filter above a paged list (the inbox, the audit log): a GET form, so a filtered page can be bookmarked
 * and works without JavaScript, that keeps the page's language. `children` are its FilterSelects.
 */
export function ListFilter(props: { action: string; locale: Locale; submit: string; children: Children }) {
  return (
    <form method="get" action={props.action} class="inbox-filter">
      {props.children}
      <input type="hidden" name="lang" value={props.locale} />
      <button type="submit" safe>
        {props.submit}
      </button>
    </form>
  )
}

/**
 * One labelled choice of a ListFilter, `selected` marked; `any` names a first option with an empty value that
 * leaves this choice out of the filter.
 */
export function FilterSelect(props: {
  label: string
  name: string
  any?: string
  options: Array<{ value: string; text: string }>
  selected: string | undefined
}) {
  return (
    <label>
      <span safe>{props.label}</span>
      <select name={props.name}>
        {props.any === undefined ? (
          ''
        ) : (
          <option value="" selected={props.selected === undefined} safe>
            {props.any}
          </option>
        )}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.selected} safe>
            {option.text}
          </option>
        ))}
      </select>
    </label>
  )
}
