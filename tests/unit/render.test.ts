import { describe, expect, it } from 'vitest'
import { forTextBrowsers } from '../../server/render.js'

describe('pages as text browsers read them', () => {
  it('puts a space before `/>` so lynx and w3m see `checked`, and leaves typed text alone', () => {
    const html =
      '<input type="radio" name="o" value="unknown" checked/><textarea>a/> b&lt;c/> x="y"/></textarea><input value="p>q" required/>'
    expect(forTextBrowsers(html)).toBe(
      '<input type="radio" name="o" value="unknown" checked /><textarea>a/> b&lt;c/> x="y"/></textarea><input value="p>q" required />',
    )
  })
})
