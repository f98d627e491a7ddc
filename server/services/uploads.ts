import {
  createAttachmentSealer,
  encryptedAttachmentSize,
  generateAttachmentKey,
  memzero,
  randomId,
  toBase64Url,
} from '../../crypto/index.js'
import { createGate } from '../domain/admission.js'
import { type AttachmentRef, cleanFileName, cleanFileType, LIMITS } from '../domain/documents.js'
import { FileTooLarge, SubmissionInvalid, SubmissionReplayed } from '../errors.js'
import type { ServiceContext } from './context.js'

/** A file part of a multipart body as it begins: what its headers say. */
export type FileMeta = { field: string; name: string; type: string }
/** Takes one file's bytes as they arrive; `end` or `abort` is called exactly once. */
export type FileWriter<T> = { write(bytes: Buffer): void; end(): T; abort(): void }
/** Where a form's files go; `discard` undoes files already ended when the form is refused after all. */
export type FileSink<T> = { open(meta: FileMeta): FileWriter<T>; discard(files: T[]): void }

/** A file stored as ciphertext, not yet joined to an entry: `size` is its ciphertext's. */
export type StagedFile = { id: string; size: number }
/** A file the server encrypted as it arrived (no-JS path), with the reference its entry will carry. */
export type SealedUpload = StagedFile & { ref: AttachmentRef }

// Ciphertext is written in transactions of about this size: little held in memory, few commits.
const PIECE_BYTES = 1024 * 1024
// Multipart framing and the text fields, on top of the files themselves.
const FORM_OVERHEAD_BYTES = 8 * 1024 * 1024
const PART_OVERHEAD_BYTES = 64 * 1024
/** Follow-up uploads written at once, and how many may wait (reports have their own line). */
export const UPLOAD_SLOTS = { concurrent: 4, waiting: 64 }
const MAX_WAIT_IN_LINE_MS = 40_000

/**
 * Files are never held whole: each is written to the database as it arrives, in chunk rows of a staged
 * attachment, and joined to its entry when that is stored (issue 8 §1). A refused or broken upload removes
 * its rows; a crash leaves staged rows that `sweep` removes at the next start.
 */
export function uploadService(context: ServiceContext) {
  const { repos, config } = context
  const slots = createGate(UPLOAD_SLOTS)

  /** The most a form's body can honestly be: every file at its limit (as plaintext or ciphertext) and the rest. */
  function maxBodyBytes(via: 'form' | 'browser'): number {
    const fileBytes = via === 'form' ? config.maxFileBytes : encryptedAttachmentSize(config.maxFileBytes)
    return LIMITS.filesPerEntry * (fileBytes + PART_OVERHEAD_BYTES) + FORM_OVERHEAD_BYTES
  }

  /**
   * Appends ciphertext to the staged attachment `id`: pieces as they come (a sealed chunk, an upload's chunk),
   * gathered into one transaction per ~1 MiB. Each piece is its own row, so nothing is copied to join them.
   */
  function pieceWriter(id: string) {
    let position = 0
    let pending: Uint8Array[] = []
    let pendingBytes = 0
    const flush = () => {
      if (pending.length === 0) return
      repos.attachments.append(id, position, pending)
      position += pending.length
      pending = []
      pendingBytes = 0
    }
    return {
      add(piece: Uint8Array) {
        pending.push(piece)
        pendingBytes += piece.length
        if (pendingBytes >= PIECE_BYTES) flush()
      },
      flush,
    }
  }

  const discard = (files: StagedFile[]) => repos.attachments.discardStaged(files.map((file) => file.id))

  return {
    /**
     * No-JavaScript fallback: each file is encrypted under a fresh key as it arrives (the browser's format,
     * DESIGN §4) and only ciphertext is written. The key leaves only inside the returned reference.
     */
    sealing(): FileSink<SealedUpload> {
      return {
        open(meta) {
          const id = randomId()
          // 128 random bits never collide in practice; a collision must still not join two files.
          if (!repos.attachments.stage(id)) throw new SubmissionReplayed()
          const key = generateAttachmentKey()
          const sealer = createAttachmentSealer(key)
          const out = pieceWriter(id)
          out.add(sealer.header)
          return {
            write(bytes) {
              for (const piece of sealer.write(bytes)) out.add(piece)
            },
            end() {
              for (const piece of sealer.end()) out.add(piece)
              out.flush()
              const ref = {
                id,
                name: cleanFileName(meta.name),
                type: cleanFileType(meta.type),
                size: sealer.fileSize,
                key: toBase64Url(key),
              }
              memzero(key)
              return { id, size: encryptedAttachmentSize(ref.size), ref }
            },
            abort() {
              sealer.abort()
              memzero(key)
              repos.attachments.discardStaged([id])
            },
          }
        },
        discard,
      }
    },

    /**
     * JavaScript mode: ciphertext named by attachment id, each file exactly as the envelope announced it
     * (`announced`: id → size, read before any file). A reused id is a replay.
     */
    verbatim(announced: Map<string, number>): FileSink<StagedFile> {
      return {
        open(meta) {
          const id = meta.name
          const size = announced.get(id)
          if (size === undefined) throw new SubmissionInvalid('a file was not announced in the envelope')
          if (!repos.attachments.stage(id)) throw new SubmissionReplayed()
          const out = pieceWriter(id)
          let received = 0
          return {
            write(bytes) {
              received += bytes.length
              if (received > size) throw new SubmissionInvalid('a file does not match the envelope')
              out.add(bytes)
            },
            end() {
              out.flush()
              if (received !== size) throw new SubmissionInvalid('a file does not match the envelope')
              return { id, size }
            },
            abort: () => repos.attachments.discardStaged([id]),
          }
        },
        discard,
      }
    },

    /** Removes staged files that did not become part of an entry (safe to call after they did: a no-op). */
    discard,

    /** Before a body is read: one announced larger than any honest form is refused unread (FileTooLarge). */
    checkAnnounced(via: 'form' | 'browser', announcedBytes: number | undefined): void {
      if (announcedBytes !== undefined && announcedBytes > maxBodyBytes(via))
        throw new FileTooLarge(config.maxFileBytes, true)
    },

    /**
     * A place among the follow-up uploads written at once; resolves to the function that gives it back, or
     * undefined when the line is full or slow.
     */
    enter: () => slots.enter(MAX_WAIT_IN_LINE_MS),

    /** At start-up: staged files of uploads a crash interrupted (their keys died with that process). */
    sweep: () => repos.attachments.sweepStaged(),
  }
}
export type UploadService = ReturnType<typeof uploadService>
