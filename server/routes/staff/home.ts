import type { FastifyInstance } from 'fastify'
import { HomePage } from '../../../views/pages/staff/home.js'
import { pickLocale } from '../../locale.js'
import { sendPage } from '../../render.js'
import { encodeBytes } from '../../services/accounts.js'
import type { requireStaff } from './index.js'

/** The signed-in landing at /staff. */
export async function homeRoutes(
  app: FastifyInstance,
  options: { requireStaff: ReturnType<typeof requireStaff> },
): Promise<void> {
  const { workspace, instance } = app.services
  app.get('/', { preHandler: options.requireStaff }, async (request, reply) => {
    const staff = request.staff!
    const current = instance.current()
    return sendPage(
      reply,
      HomePage({
        locale: pickLocale(request, current.defaultLocale),
        associationName: current.name,
        home: workspace.home(staff),
        csrfToken: reply.generateCsrf(),
        tabKey: encodeBytes(staff.tabKey),
        publicKey: encodeBytes(staff.publicKey),
      }),
    )
  })
}
