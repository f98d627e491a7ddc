import type { FastifyInstance } from 'fastify'

/**
 * The reporter area (/r/...): no cookies, no CSRF tokens tied to a session, no per-visitor state. It shares
 * nothing with the staff area but the services and the error pages.
 */
export async function reporterArea(_app: FastifyInstance): Promise<void> {}
