import { eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { instance } from '../schema.js'

/** A case's two keys as sealed to the 'recovery' holder: nothing else of the case (no entry, no file). */
export type RecoverySealedCase = { caseId: string; sharedKey: Buffer; internalKey: Buffer }

/**
 * The instance recovery key (DESIGN §4): its public half, and re-sharing with it. An administrator's browser
 * gets exactly the case keys sealed to 'recovery' for an organisation's cases a confidant cannot read yet.
 */
export function recoveryRepository(db: Db) {
  // Cases of the organisation sealed to the recovery key (both kinds) of which the confidant holds no key yet.
  const lacking = (organisationId: string, confidantId: string) => sql`
    c.organisation_id = ${organisationId}
      and exists (select 1 from case_key k where k.case_id = c.id and k.holder = 'recovery' and k.kind = 'shared')
      and exists (select 1 from case_key k where k.case_id = c.id and k.holder = 'recovery' and k.kind = 'internal')
      and not exists (select 1 from case_key k where k.case_id = c.id and k.holder = ${confidantId})`

  return {
    /** Call inside the transaction that audits it. */
    setPublicKey(publicKey: Buffer): void {
      db.update(instance).set({ recoveryPublicKey: publicKey }).where(eq(instance.id, 1)).run()
    },

    countLacking(organisationId: string, confidantId: string): number {
      return (
        db.get<{ n: number }>(
          sql`select count(*) as n from "case" c where ${lacking(organisationId, confidantId)}`,
        )?.n ?? 0
      )
    },

    /** A page of those cases by id, after `afterId`: cases the browser skips stay behind the cursor. */
    lacking(
      organisationId: string,
      confidantId: string,
      afterId: string,
      limit: number,
    ): RecoverySealedCase[] {
      return db.all<RecoverySealedCase>(sql`
        select c.id as caseId,
               (select sealed_key from case_key where case_id = c.id and holder = 'recovery' and kind = 'shared') as sharedKey,
               (select sealed_key from case_key where case_id = c.id and holder = 'recovery' and kind = 'internal') as internalKey
          from "case" c
         where ${lacking(organisationId, confidantId)} and c.id > ${afterId}
         order by c.id limit ${limit}`)
    },

    /** Whether the case's keys were sealed to the recovery key at submission (only then can it re-share). */
    sealedToRecovery(caseId: string): boolean {
      return (
        db.get(sql`select 1 from case_key where case_id = ${caseId} and holder = 'recovery' limit 1`) !==
        undefined
      )
    },
  }
}
