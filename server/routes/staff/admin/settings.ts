import type { FastifyInstance } from 'fastify'
import type { AdminRouteOptions } from './index.js'

/** Issue 11: filled in by its area. */
export async function settingsRoutes(_app: FastifyInstance, _options: AdminRouteOptions): Promise<void> {}
