import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/index.js'
import { loadConfig } from '../../server/config.js'
import { projectRoot } from '../helpers/paths.js'

const { migrationsFolder } = loadConfig({})
const scratch: string[] = []
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meldpool-db-'))
  scratch.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Runs drizzle-kit generate against a copy of the committed migrations; returns the files it had to add. */
function generateMigrationInto(schema: string): { printed: string; newFiles: string[] } {
  // drizzle-kit mishandles absolute --out paths, so the copy lives in the project's scratch folder.
  const out = join('.tmp', `migrations-${process.pid}-${Date.now()}`)
  const absolute = resolve(projectRoot, out)
  cpSync(migrationsFolder, absolute, { recursive: true })
  scratch.push(absolute)
  const before = new Set(readdirSync(absolute))
  const printed = execFileSync(
    resolve(projectRoot, 'node_modules', '.bin', 'drizzle-kit'),
    ['generate', '--dialect', 'sqlite', '--schema', schema, '--out', out, '--name', 'drift'],
    { cwd: projectRoot, encoding: 'utf8' },
  )
  return { printed, newFiles: readdirSync(absolute).filter((name) => !before.has(name)) }
}

describe('database', () => {
  it('sets WAL, foreign keys, secure delete and a busy timeout on every connection', () => {
    const database = openDatabase(join(scratchDir(), 'meldpool.sqlite'), migrationsFolder)
    try {
      expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(database.sqlite.pragma('secure_delete', { simple: true })).toBe(1)
      expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    } finally {
      database.close()
    }
  })

  it('changes its change stamp at once for its own writes and by the next turn for another process', async () => {
    const file = join(scratchDir(), 'meldpool.sqlite')
    const server = openDatabase(file, migrationsFolder)
    // The CLI writes through its own connection.
    const cli = openDatabase(file, migrationsFolder)
    try {
      server.sqlite.exec('create table probe (n integer)')
      const start = server.changeStamp()
      server.sqlite.prepare('insert into probe values (1)').run()
      const afterOwnWrite = server.changeStamp()
      expect(afterOwnWrite).not.toBe(start)
      cli.sqlite.prepare('insert into probe values (2)').run()
      await new Promise((next) => setImmediate(next))
      expect(server.changeStamp()).not.toBe(afterOwnWrite)
    } finally {
      cli.close()
      server.close()
    }
  })

  it('applies the committed migrations and is idempotent on reopen', () => {
    const file = join(scratchDir(), 'meldpool.sqlite')
    openDatabase(file, migrationsFolder).close()
    const database = openDatabase(file, migrationsFolder)
    try {
      const tables = database.sqlite
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'",
        )
        .pluck()
        .all()
      expect(new Set(tables)).toEqual(
        new Set([
          'instance',
          'setup_token',
          'organisation',
          'user',
          'assignment',
          'case',
          'case_key',
          'entry',
          'attachment',
          'attachment_chunk',
          'audit_event',
          'session',
          'invitation',
          'outbox',
          'reminder_sent',
          // Retention and purge (issue 10)
          'case_tombstone',
          // Weekly digest (issue 10/11)
          'digest_sent',
        ]),
      )
    } finally {
      database.close()
    }
  })

  it('has no schema change that is missing from the committed migrations', () => {
    const result = generateMigrationInto('./db/schema.ts')
    expect(result.printed).toContain('No schema changes')
    expect(result.newFiles, `drizzle-kit found schema drift:\n${result.printed}`).toEqual([])
  })

  it('would notice a schema change without a migration (the check above can fail)', () => {
    const drifted = join('.tmp', `drifted-schema-${process.pid}.ts`)
    mkdirSync(resolve(projectRoot, '.tmp'), { recursive: true })
    writeFileSync(
      resolve(projectRoot, drifted),
      `export * from '../db/schema.js'\nimport { sqliteTable, text } from 'drizzle-orm/sqlite-core'\nexport const extra = sqliteTable('extra', { id: text('id').primaryKey() })\n`,
    )
    try {
      expect(generateMigrationInto(`./${drifted}`).newFiles.length).toBeGreaterThan(0)
    } finally {
      rmSync(resolve(projectRoot, drifted), { force: true })
    }
  })
})
