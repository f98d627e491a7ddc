import { fromBase64Url, SEALED_KEY_BYTES, toBase64Url } from '../../crypto/index.js'
import { AlreadyShared, CaseNotFound, ShareTargetInvalid, SubmissionInvalid } from '../errors.js'
import type { ServiceContext } from './context.js'
import type { StaffSession } from './staff-sessions.js'

/** A colleague as the sharer's browser needs them: the public key to seal to. */
export type Colleague = { id: string; name: string; publicKey: string }

/** One case to share, as the sharer's browser needs it: their own sealed copies and the report that proves them. */
export type CaseToShare = {
  caseId: string
  sharedKey: string
  internalKey: string | null
  report: { id: string; kind: string; author: string; seq: number; nonce: string; ciphertext: string } | null
}

/** Keys the sharer's browser sealed to the colleague, bound to case, holder and kind. */
export type SealedShare = { caseId: string; sharedKey: string; internalKey: string }

/** A sealed key as posted by a sharer's browser (also the recovery key's re-share): exactly its size, or refused. */
export function decodeSealedKey(value: string): Buffer {
  let bytes: Uint8Array
  try {
    bytes = fromBase64Url(value)
  } catch {
    throw new SubmissionInvalid('sealed key is not base64url')
  }
  if (bytes.length !== SEALED_KEY_BYTES) throw new SubmissionInvalid('sealed key size')
  return Buffer.from(bytes)
}

/** Checks every share of a batch before anything is written: size, and each case at most once. */
export function checkShareBatch(shares: SealedShare[]): void {
  if (shares.length === 0 || shares.length > SHARE_BATCH) throw new SubmissionInvalid('batch size')
  if (new Set(shares.map((share) => share.caseId)).size !== shares.length)
    throw new SubmissionInvalid('a case twice in one batch')
}

/** At most this many cases in one request: the browser shares in batches and shows progress between them. */
export const SHARE_BATCH = 25

/**
 * Sharing a case with a newly assigned colleague (DESIGN §4 "New confidants and lost passwords"). The keys are
 * opened, checked against the report and sealed anew in the sharer's browser; the server cannot open sealed
 * boxes, so it checks who may give and who may receive, and writes exactly the colleague's two keys per case.
 */
export function sharingService({ repos, now }: ServiceContext) {
  function colleague(session: StaffSession, colleagueId: string, organisationId?: string) {
    const found = repos.sharing
      .colleaguesOf(session.userId, organisationId)
      .find((candidate) => candidate.id === colleagueId)
    if (!found) throw new ShareTargetInvalid()
    return found
  }
  const present = (target: { id: string; displayName: string; publicKey: Buffer }): Colleague => ({
    id: target.id,
    name: target.displayName,
    publicKey: toBase64Url(target.publicKey),
  })
  /** A case the sharer may give: assigned to its organisation and holding both keys; otherwise not found. */
  function caseToGive(session: StaffSession, caseId: string) {
    const row = session.role === 'confidant' ? repos.cases.findById(caseId) : undefined
    const assigned =
      row !== undefined &&
      repos.organisations
        .assignedTo(session.userId)
        .some((organisation) => organisation.id === row.organisationId)
    if (!row || !assigned) throw new CaseNotFound()
    if (
      !repos.cases.sealedKey(row.id, session.userId, 'shared') ||
      !repos.cases.sealedKey(row.id, session.userId, 'internal')
    )
      throw new CaseNotFound()
    return row
  }

  return {
    /** Colleagues of the case's organisation who cannot read it yet (the case page offers to share with each). */
    lacking(session: StaffSession, caseId: string): Colleague[] {
      const row = repos.cases.findById(caseId)
      if (!row || !repos.cases.sealedKey(row.id, session.userId, 'shared')) return []
      return repos.sharing
        .colleaguesOf(session.userId, row.organisationId)
        .filter((target) => !repos.sharing.holds(row.id, target.id))
        .map(present)
    },

    /** For the workspace banner: each colleague with the number of the sharer's cases they cannot read. */
    pending(session: StaffSession): Array<Colleague & { cases: number }> {
      if (session.role !== 'confidant') return []
      return repos.sharing
        .colleaguesOf(session.userId)
        .map((target) => ({
          ...present(target),
          cases: repos.sharing.countUnreadable(session.userId, target.id),
        }))
        .filter((item) => item.cases > 0)
    },

    /** The next batch to share with a colleague, after case id `after` (cases the browser skipped stay behind). */
    batch(
      session: StaffSession,
      colleagueId: string,
      after: string,
    ): { colleague: Colleague; cases: CaseToShare[] } {
      if (session.role !== 'confidant') throw new ShareTargetInvalid()
      const target = colleague(session, colleagueId)
      const b64 = (bytes: Buffer) => toBase64Url(new Uint8Array(bytes))
      const cases = repos.sharing.unreadable(session.userId, target.id, after, SHARE_BATCH).map((item) => ({
        caseId: item.caseId,
        sharedKey: b64(item.sharedKey),
        internalKey: item.internalKey ? b64(item.internalKey) : null,
        report: item.report && {
          ...item.report,
          nonce: b64(item.report.nonce),
          ciphertext: b64(item.report.ciphertext),
        },
      }))
      return { colleague: present(target), cases }
    },

    /**
     * Stores the colleague's keys for each case, all or nothing: the sharer is assigned to the case's
     * organisation and holds its keys; the colleague is an enabled confidant with keys assigned to it too and
     * holds none yet. One audit event per case, naming the colleague, with no content.
     */
    share(session: StaffSession, colleagueId: string, shares: SealedShare[]): { shared: number } {
      checkShareBatch(shares)
      const at = now()
      repos.transaction(() => {
        for (const share of shares) {
          const row = caseToGive(session, share.caseId)
          colleague(session, colleagueId, row.organisationId)
          if (repos.sharing.holds(row.id, colleagueId)) throw new AlreadyShared()
          repos.sharing.insertKeys([
            {
              caseId: row.id,
              holder: colleagueId,
              kind: 'shared',
              sealedKey: decodeSealedKey(share.sharedKey),
            },
            {
              caseId: row.id,
              holder: colleagueId,
              kind: 'internal',
              sealedKey: decodeSealedKey(share.internalKey),
            },
          ])
          repos.audit.append({
            at,
            actor: session.userId,
            action: `case.shared:${colleagueId}`,
            subject: row.id,
          })
        }
      })
      return { shared: shares.length }
    },
  }
}
export type SharingService = ReturnType<typeof sharingService>
