import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AdministratorsOnly } from '../../../errors.js'
import type { requireStaff } from '../index.js'
import { auditRoutes } from './audit.js'
import { confidantRoutes } from './confidants.js'
import { organisationRoutes } from './organisations.js'
import { procedureRoutes } from './procedure.js'
import { recoveryRoutes } from './recovery.js'
import { settingsRoutes } from './settings.js'
import { statisticsRoutes } from './statistics.js'

export type AdminRouteOptions = {
  requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
}

/**
 * The association's administration under /staff/admin (issue 11). Every route here runs behind
 * `requireAdmin`: a signed-in administrator, else sign-in (no session) or 403 (a confidant). Administrators
 * hold no case keys; nothing here reads an entry, an attachment or a sealed case key for content.
 */
export async function adminArea(
  app: FastifyInstance,
  options: { requireStaff: ReturnType<typeof requireStaff> },
): Promise<void> {
  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    await options.requireStaff(request, reply)
    if (reply.sent) return
    if (request.staff?.role !== 'admin') throw new AdministratorsOnly()
  }
  const routes = { requireAdmin }
  await app.register(organisationRoutes, routes)
  await app.register(confidantRoutes, routes)
  await app.register(settingsRoutes, routes)
  await app.register(procedureRoutes, routes)
  await app.register(statisticsRoutes, routes)
  await app.register(auditRoutes, routes)
  await app.register(recoveryRoutes, routes)
}
