import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { openDatabase } from '../db/index.js'
import { loadConfig } from '../server/config.js'
import { templateDatabase } from './helpers/paths.js'

/** Migrates one template database; each test copies it instead of migrating again. */
export default function setup() {
  rmSync(dirname(templateDatabase), { recursive: true, force: true })
  mkdirSync(dirname(templateDatabase), { recursive: true })
  const database = openDatabase(templateDatabase, loadConfig({}).migrationsFolder)
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  database.sqlite.pragma('journal_mode = DELETE')
  database.close()
}
