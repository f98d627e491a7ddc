import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { backupDatabase } from '../../db/index.js'
import { InvalidInput } from '../errors.js'
import type { ServiceContext } from './context.js'

/** `meldpool backup --out FILE`: one file that holds everything, reports and attachments included (all encrypted). */
export function backupService({ database }: ServiceContext) {
  return {
    async backup(outFile: string): Promise<string> {
      const target = resolve(outFile)
      if (existsSync(target)) throw new InvalidInput(`${target} already exists; choose a new file name`)
      if (!existsSync(dirname(target))) throw new InvalidInput(`directory ${dirname(target)} does not exist`)
      await backupDatabase(database, target)
      return target
    },
  }
}
