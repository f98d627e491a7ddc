import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { LightMyRequestResponse } from 'fastify'
import type { TestApp } from './app.js'
import { type Browserish, type StaffAccount, seedStaff, signIn } from './staff.js'

/** A signed-in staff browser for plain form pages: GETs and url-encoded POSTs with its cookies and token. */
export type FormBrowser = {
  account: StaffAccount
  get(url: string): Promise<LightMyRequestResponse>
  post(url: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse>
  session: Browserish
}

export async function signedInStaff(
  test: TestApp,
  role: 'admin' | 'confidant',
  email: string,
  at: number,
): Promise<FormBrowser> {
  const account = await seedStaff(test, role, email)
  const { response, browser } = await signIn(test, account, at)
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`)
  return formBrowser(test, account, browser)
}

export function formBrowser(test: TestApp, account: StaffAccount, session: Browserish): FormBrowser {
  return {
    account,
    session,
    get: (url) => test.app.inject({ url, cookies: session.cookies }),
    post: (url, fields) => {
      const body = new URLSearchParams({ _csrf: session.csrf })
      for (const [name, value] of Object.entries(fields)) {
        for (const item of Array.isArray(value) ? value : [value]) body.append(name, item)
      }
      return test.app.inject({
        method: 'POST',
        url,
        cookies: session.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      })
    },
  }
}

/** Rows read straight from the SQLite file, as an operator with the file would see them. */
export function sqliteRows(
  test: TestApp,
  query: string,
  ...params: unknown[]
): Array<Record<string, unknown>> {
  const db = new Database(join(test.dataDir, 'meldpool.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare(query).all(...params) as Array<Record<string, unknown>>
  } finally {
    db.close()
  }
}

/** A real 1×1 PNG, small enough for any logo limit. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
