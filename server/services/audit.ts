import { auditHash, GENESIS } from '../../db/repositories/audit.js'
import type { ServiceContext } from './context.js'

/** Where the chain stands: its head, or the first row that breaks it and why. */
export type AuditVerification =
  | { ok: true; events: number; head: { id: number; hash: string } | undefined; anchorId?: number }
  | {
      ok: false
      /** The first row that does not verify; undefined when the anchor is not in the log at all. */
      badRowId: number | undefined
      reason: 'hash' | 'link' | 'gap' | 'anchor_missing'
      /** Rows before it that verified. */
      verifiedUpTo: number | undefined
    }

const PAGE = 50
const CHUNK = 1000

/**
 * The audit log (DESIGN §7, issue 11): browsing it, and verifying its BLAKE2b hash chain.
 *
 * Verification recomputes each row's hash over the previous row's hash and its own fields, checks that each
 * row names the hash of the row before it and that ids follow on without a gap, so an edited, inserted or
 * deleted row is found: the first row that fails is named. The chain is unkeyed: someone who can write the
 * database can rewrite everything after a change consistently, and deleting the LAST rows leaves a valid
 * shorter chain. Only a head kept outside the database (an anchor) shows that: the row with the anchor's
 * hash must still be there, with the chain verifying from it to today's head.
 */
export function auditService({ repos }: ServiceContext) {
  return {
    verify(options: { anchor?: Buffer } = {}): AuditVerification {
      let previous: { id: number; hash: Buffer } | undefined
      let events = 0
      for (let rows = repos.audit.chainAfter(undefined, CHUNK); rows.length > 0; ) {
        for (const row of rows) {
          const expectedPrevious = previous?.hash ?? GENESIS
          const fail = (reason: 'hash' | 'link' | 'gap'): AuditVerification => ({
            ok: false,
            badRowId: row.id,
            reason,
            verifiedUpTo: previous?.id,
          })
          if (!row.previousHash.equals(expectedPrevious)) return fail('link')
          if (!row.hash.equals(auditHash(row.previousHash, row))) return fail('hash')
          if (row.id !== (previous?.id ?? 0) + 1) return fail('gap')
          previous = { id: row.id, hash: row.hash }
          events++
        }
        rows = repos.audit.chainAfter(previous?.id, CHUNK)
      }
      let anchorId: number | undefined
      if (options.anchor) {
        anchorId = repos.audit.idOfHash(options.anchor)
        if (anchorId === undefined)
          return { ok: false, badRowId: undefined, reason: 'anchor_missing', verifiedUpTo: previous?.id }
      }
      return {
        ok: true,
        events,
        head: previous && { id: previous.id, hash: previous.hash.toString('hex') },
        anchorId,
      }
    },

    /** One page of events, newest first; `before` is the id the previous page ended on. */
    browse(query: { action?: string; actor?: string; before?: string }) {
      const before = query.before && /^[0-9]{1,15}$/.test(query.before) ? Number(query.before) : undefined
      const filter = { action: query.action || undefined, actor: query.actor || undefined, before }
      const rows = repos.audit.page(filter, PAGE + 1)
      return {
        filter,
        events: rows.slice(0, PAGE),
        nextBefore: rows.length > PAGE ? rows[PAGE - 1]!.id : undefined,
        ...repos.audit.filters(),
      }
    },
  }
}
export type AuditService = ReturnType<typeof auditService>
