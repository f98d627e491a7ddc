import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { attachment, attachmentChunk } from '../schema.js'

/**
 * Encrypted files, stored as they arrive: staged (no entry yet) while the upload runs, then attached to their
 * entry in the transaction that stores it. Nothing here ever sees plaintext.
 */
export function attachmentRepository(db: Db) {
  const chunkAt = db
    .select({ bytes: attachmentChunk.bytes })
    .from(attachmentChunk)
    .where(
      and(
        eq(attachmentChunk.attachmentId, sql.placeholder('id')),
        eq(attachmentChunk.position, sql.placeholder('position')),
      ),
    )
    .prepare()

  return {
    /** False when the id exists (stored or being uploaded): ids are never reused. */
    stage(id: string): boolean {
      const inserted = db
        .insert(attachment)
        .values({ id, entryId: null, size: 0 })
        .onConflictDoNothing()
        .run()
      return inserted.changes === 1
    },

    /** Appends the next pieces of a staged file's ciphertext, from `position` on, in one transaction. */
    append(id: string, position: number, pieces: Uint8Array[]): void {
      let bytes = 0
      db.transaction((tx) => {
        pieces.forEach((piece, index) => {
          bytes += piece.length
          tx.insert(attachmentChunk)
            .values({
              attachmentId: id,
              position: position + index,
              bytes: Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength),
            })
            .run()
        })
        tx.update(attachment)
          .set({ size: sql`${attachment.size} + ${bytes}` })
          .where(and(eq(attachment.id, id), isNull(attachment.entryId)))
          .run()
      })
    },

    /** Joins staged files to their entry. Call inside the transaction that inserts the entry; false if one is gone. */
    attach(ids: string[], entryId: string): boolean {
      for (const id of ids) {
        const updated = db
          .update(attachment)
          .set({ entryId })
          .where(and(eq(attachment.id, id), isNull(attachment.entryId)))
          .run()
        if (updated.changes !== 1) return false
      }
      return true
    },

    /** Removes staged files (a failed or refused upload); stored ones are never touched. */
    discardStaged(ids: string[]): void {
      if (ids.length === 0) return
      db.delete(attachment)
        .where(and(inArray(attachment.id, ids), isNull(attachment.entryId)))
        .run()
    },

    /** At start-up: uploads a crash interrupted. Their keys were only ever in that process's memory. */
    sweepStaged(): number {
      return db.delete(attachment).where(isNull(attachment.entryId)).run().changes
    },

    /** The ciphertext in order, one stored piece at a time (a 20 MB file is never read at once). */
    *ciphertext(id: string): Generator<Buffer> {
      for (let position = 0; ; position++) {
        const row = chunkAt.get({ id, position })
        if (!row) return
        yield row.bytes
      }
    },
  }
}
