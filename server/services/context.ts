import type { Database, Repositories } from '../../db/index.js'
import type { Config } from '../config.js'
import type { KdfPool } from '../kdf/pool.js'

/** What every domain service is built from. `now` is injectable so deadlines and expiry are testable. */
export type ServiceContext = {
  config: Config
  database: Database
  repos: Repositories
  kdf: KdfPool
  now: () => number
}
