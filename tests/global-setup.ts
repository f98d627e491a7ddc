import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { openDatabase } from '../db/index.js'
import { buildServer } from '../server/build.js'
import { loadConfig } from '../server/config.js'
import { assetsDir, buildAssets } from '../views/browser/build.js'
import { templateDatabase } from './helpers/paths.js'

/**
 * Compiles the server (process tests run dist/server, and KDF workers always run the compiled worker), so a
 * single `npx vitest run` never tests a stale build; then migrates one template database that each test copies.
 */
export default async function setup() {
  await buildServer()
  // Every page names its hashed assets: a single test file run without `npm run build` builds them once.
  if (!existsSync(resolve(assetsDir, 'manifest.json'))) await buildAssets()
  rmSync(dirname(templateDatabase), { recursive: true, force: true })
  mkdirSync(dirname(templateDatabase), { recursive: true })
  const database = openDatabase(templateDatabase, loadConfig({}).migrationsFolder)
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  database.sqlite.pragma('journal_mode = DELETE')
  database.close()
}
