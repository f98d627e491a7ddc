import { randomBytes } from 'node:crypto'
import type { InstanceRow } from '../../db/index.js'
import type { ServiceContext } from './context.js'

export const DEFAULT_ASSOCIATION_NAME = 'meldpool'

/** The association's installation: created with fresh secrets on first start. */
export function instanceService(context: ServiceContext) {
  const { repos, config, now, database } = context
  let cached: InstanceRow | undefined
  // Read again after any write, here or by the CLI in its own process (a rename, a recovery key).
  let cachedAt = ''

  return {
    /** Idempotent: the first start generates the server secret; later starts read it. */
    ensure(): InstanceRow {
      cached = repos.instance.ensure({
        name: DEFAULT_ASSOCIATION_NAME,
        defaultLocale: config.defaultLocale,
        defaultProfile: 'nl',
        serverSecret: randomBytes(32),
        createdAt: now(),
      })
      return cached
    },
    current(): InstanceRow {
      const stamp = database.changeStamp()
      if (!cached || stamp !== cachedAt) {
        cached = repos.instance.get() ?? this.ensure()
        cachedAt = database.changeStamp()
      }
      return cached
    },
    rename(name: string, actor: string): void {
      repos.transaction(() => {
        repos.instance.update({ name })
        repos.audit.append({ at: now(), actor, action: 'instance.rename' })
      })
    },
  }
}
export type InstanceService = ReturnType<typeof instanceService>
