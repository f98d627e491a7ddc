import type { ZxcvbnFactory } from '@zxcvbn-ts/core'

/**
 * The one password rule, run in the invitee's browser (which alone sees the password there) and in the CLI
 * (`init`, `user add`, which read it on standard input): at least 12 characters, and zxcvbn-ts (English,
 * Dutch and its common-password lists) must estimate at least 10^8 guesses (score 3), counting the person's
 * own name and address as known words.
 */
export const MIN_PASSWORD_LENGTH = 12
export const MIN_PASSWORD_SCORE = 3

export type PasswordVerdict = { score: 0 | 1 | 2 | 3 | 4; tooShort: boolean; acceptable: boolean }

let estimator: Promise<ZxcvbnFactory> | undefined

// Loaded on first use: the dictionaries are large, and only pages and commands that set a password need them.
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, nl] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-nl-be'),
    ])
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...nl.dictionary },
      graphs: common.adjacencyGraphs,
    })
  })()
  return estimator
}

export async function judgePassword(password: string, knownWords: string[] = []): Promise<PasswordVerdict> {
  const tooShort = [...password].length < MIN_PASSWORD_LENGTH
  const zxcvbn = await loadEstimator()
  // zxcvbn's cost grows with length; beyond 100 characters a password is strong by length alone.
  const score = zxcvbn.check(password.slice(0, 100), knownWords.filter(Boolean)).score
  return { score, tooShort, acceptable: !tooShort && score >= MIN_PASSWORD_SCORE }
}
