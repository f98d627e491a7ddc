import type { ServiceContext } from './context.js'
import type { StaffSession } from './staff-sessions.js'

export type WorkspaceHome = {
  name: string
  role: StaffSession['role']
  /** Empty for an administrator: they reach no case data, not even counts per organisation. */
  organisations: Array<{ slug: string; name: string; openCases: number }>
}

/** The signed-in landing: who you are and the pool you handle; the inbox itself builds on this. */
export function workspaceService({ repos }: ServiceContext) {
  return {
    home(session: StaffSession): WorkspaceHome {
      const organisations =
        session.role === 'confidant'
          ? repos.organisations
              .assignedTo(session.userId)
              .map(({ slug, name, openCases }) => ({ slug, name, openCases }))
          : []
      return { name: session.name, role: session.role, organisations }
    },
  }
}
export type WorkspaceService = ReturnType<typeof workspaceService>
