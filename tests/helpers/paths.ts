import { resolve } from 'node:path'

export const projectRoot = resolve(import.meta.dirname, '..', '..')
export const templateDatabase = resolve(projectRoot, '.tmp', 'template', 'meldpool.sqlite')
