import { sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { caseKey } from '../schema.js'

/** A colleague who shares an organisation with the sharer: enabled, a confidant, with a key pair. */
export type ShareTarget = { id: string; displayName: string; publicKey: Buffer }

/** One case the sharer can pass on: their own sealed copies and the report entry that proves the shared key. */
export type ShareableCase = {
  caseId: string
  sharedKey: Buffer
  internalKey: Buffer | null
  report: { id: string; kind: string; author: string; seq: number; nonce: Buffer; ciphertext: Buffer } | null
}

/**
 * Sharing case keys with a newly assigned colleague (DESIGN §4): which cases of the organisations two confidants
 * share the one can read and the other cannot, and the rows the sharer's browser seals anew.
 */
export function sharingRepository(db: Db) {
  // Cases of an organisation both are assigned to, where the sharer holds the shared key and the colleague does not.
  const unreadable = (sharerId: string, colleagueId: string) => sql`
    c.organisation_id in (
            select a.organisation_id from assignment a
              join assignment b on b.organisation_id = a.organisation_id
             where a.user_id = ${sharerId} and b.user_id = ${colleagueId})
      and exists (select 1 from case_key k where k.case_id = c.id and k.holder = ${sharerId} and k.kind = 'shared')
      and not exists (select 1 from case_key k where k.case_id = c.id and k.holder = ${colleagueId})`

  return {
    /** Enabled confidants with keys assigned to at least one of the sharer's organisations, the sharer excluded. */
    colleaguesOf(sharerId: string, organisationId?: string): ShareTarget[] {
      const organisations = organisationId
        ? sql`select ${organisationId}`
        : sql`select organisation_id from assignment where user_id = ${sharerId}`
      return db.all<ShareTarget>(sql`
        select distinct u.id, u.display_name as displayName, u.public_key as publicKey
          from user u join assignment a on a.user_id = u.id
         where a.organisation_id in (${organisations})
           and u.id != ${sharerId} and u.role = 'confidant'
           and u.public_key is not null and u.disabled_at is null
         order by u.display_name, u.id`)
    },

    countUnreadable(sharerId: string, colleagueId: string): number {
      return (
        db.get<{ n: number }>(
          sql`select count(*) as n from "case" c where ${unreadable(sharerId, colleagueId)}`,
        )?.n ?? 0
      )
    },

    /** A page of those cases by id, after `afterId`: cases the sharer skips stay behind the cursor. */
    unreadable(sharerId: string, colleagueId: string, afterId: string, limit: number): ShareableCase[] {
      const rows = db.all<{
        caseId: string
        sharedKey: Buffer
        internalKey: Buffer | null
        id: string | null
        kind: string | null
        author: string | null
        seq: number | null
        nonce: Buffer | null
        ciphertext: Buffer | null
      }>(sql`
        select c.id as caseId,
               (select sealed_key from case_key where case_id = c.id and holder = ${sharerId} and kind = 'shared') as sharedKey,
               (select sealed_key from case_key where case_id = c.id and holder = ${sharerId} and kind = 'internal') as internalKey,
               e.id, e.kind, e.author, e.seq, e.nonce, e.ciphertext
          from "case" c left join entry e on e.case_id = c.id and e.seq = 0 and e.kind != 'note'
         where ${unreadable(sharerId, colleagueId)} and c.id > ${afterId}
         order by c.id limit ${limit}`)
      return rows.map((row) => ({
        caseId: row.caseId,
        sharedKey: row.sharedKey,
        internalKey: row.internalKey,
        report:
          row.id === null
            ? null
            : {
                id: row.id,
                kind: row.kind!,
                author: row.author!,
                seq: row.seq!,
                nonce: row.nonce!,
                ciphertext: row.ciphertext!,
              },
      }))
    },

    /** Whether this holder already has any key of the case. */
    holds(caseId: string, holder: string): boolean {
      return (
        db.get(sql`select 1 from case_key where case_id = ${caseId} and holder = ${holder} limit 1`) !==
        undefined
      )
    },

    /** Call inside the transaction that audits it. */
    insertKeys(rows: Array<typeof caseKey.$inferInsert>): void {
      db.insert(caseKey).values(rows).run()
    },
  }
}
