import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema>
export type Database = {
  sqlite: BetterSqlite3.Database
  db: Db
  ping(): void
  /**
   * Changes whenever anything was written: by this connection (total_changes), at once, or committed by another
   * one, such as the CLI in its own process (data_version), from the next turn of the event loop on. Cheap
   * enough to ask on every request.
   */
  changeStamp(): string
  close(): void
}

/**
 * Opens (creating if needed) the SQLite file, sets the per-connection PRAGMAs and applies the committed
 * migrations. The migrations folder is passed in, not derived from this file's location, so bundling cannot
 * break it.
 */
export function openDatabase(file: string, migrationsFolder: string): Database {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  ownerOnly(file)
  const sqlite = new BetterSqlite3(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // Deleted content is overwritten with zeros rather than left in free pages.
  sqlite.pragma('secure_delete = ON')
  // NORMAL is durable against process crashes in WAL mode; report submissions raise it to FULL (see withDurableCommit).
  sqlite.pragma('synchronous = NORMAL')
  const db = drizzle({ client: sqlite, schema })
  migrate(db, { migrationsFolder })
  // SQLite gives -wal and -shm the database file's mode; set it again in case they predate this process.
  for (const companion of [`${file}-wal`, `${file}-shm`])
    if (existsSync(companion)) chmodSync(companion, 0o600)
  const ping = sqlite.prepare('select 1')
  // Two statements: the pragma_data_version table function in one query costs three times as much.
  const ownWrites = sqlite.prepare('select total_changes()').pluck()
  const othersWrites = sqlite.prepare('pragma data_version').pluck()
  // Under load many requests share a turn of the event loop: they share one read of data_version too. Another
  // process's commit has no order relative to them anyway; this connection's own writes are seen at once.
  let othersVersion: number | undefined
  const forgetOthersVersion = () => {
    othersVersion = undefined
  }
  return {
    sqlite,
    db,
    ping: () => void ping.get(),
    changeStamp: () => {
      if (othersVersion === undefined) {
        othersVersion = othersWrites.get() as number
        setImmediate(forgetOthersVersion)
      }
      return `${ownWrites.get() as number}.${othersVersion}`
    },
    close: () => sqlite.close(),
  }
}

/**
 * Runs `work` in a transaction committed with synchronous=FULL: a reporter is told "received" only after the
 * report is on disk, even if the machine loses power right after.
 */
export function withDurableCommit<T>(database: Database, work: () => T): T {
  database.sqlite.pragma('synchronous = FULL')
  try {
    return database.sqlite.transaction(work).immediate()
  } finally {
    database.sqlite.pragma('synchronous = NORMAL')
  }
}

/** Consistent online copy (SQLite backup API): safe while the server is writing. */
export async function backupDatabase(database: Database, outFile: string): Promise<void> {
  ownerOnly(outFile)
  await database.sqlite.backup(outFile)
  chmodSync(outFile, 0o600)
}

/**
 * Owner read/write only, whatever the directory's mode or the umask: the file is created 0600 before SQLite
 * opens it, and an existing file is narrowed to 0600.
 */
function ownerOnly(file: string): void {
  if (file === ':memory:') return
  closeSync(openSync(file, 'a', 0o600))
  chmodSync(file, 0o600)
}
