import {
  fromBase64Url,
  generateRecoveryKeyPair,
  memzero,
  recoveryKeyFingerprint,
  recoveryKeyToText,
  toBase64Url,
} from '../../crypto/index.js'
import {
  AlreadyShared,
  CaseNotFound,
  RecoveryKeyExists,
  ShareTargetInvalid,
  SubmissionInvalid,
} from '../errors.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import { checkShareBatch, decodeSealedKey, type SealedShare, SHARE_BATCH } from './sharing.js'

/** The confidant an administrator re-shares to: the public key their browser seals to. */
export type RecoveryTarget = { id: string; name: string; publicKey: string }

/** One case as the administrator's browser gets it: ONLY its keys sealed to 'recovery', never any content. */
export type RecoveryCase = { caseId: string; sharedKey: string; internalKey: string }

/** For the re-share page: each organisation with its enabled confidants with keys, and what each lacks. */
export type RecoveryChoice = {
  organisation: { id: string; name: string; slug: string }
  confidants: Array<RecoveryTarget & { lacking: number }>
}

/**
 * The instance recovery key (DESIGN §4 "New confidants and lost passwords"). The key pair is made in the
 * administrator's browser (or on the CLI's terminal); the server stores only the public half. Re-sharing with it
 * happens in the browser too: the server hands out only the case keys sealed to 'recovery' — never an entry or a
 * file, so an administrator cannot reach case ciphertext — and accepts keys sealed to a confidant who may hold
 * them, exactly as colleague sharing does.
 */
export function recoveryService({ repos, now }: ServiceContext, instance: InstanceService) {
  const PUBLIC_KEY_BYTES = 32

  function fingerprint(): string | null {
    const key = instance.current().recoveryPublicKey
    return key ? recoveryKeyFingerprint(new Uint8Array(key)) : null
  }

  function store(publicKey: Uint8Array, actor: string, replace: boolean): string {
    if (publicKey.length !== PUBLIC_KEY_BYTES || publicKey.every((byte) => byte === 0))
      throw new SubmissionInvalid('a recovery public key is 32 bytes')
    const had = instance.current().recoveryPublicKey !== null
    if (had && !replace) throw new RecoveryKeyExists()
    const named = recoveryKeyFingerprint(publicKey)
    repos.transaction(() => {
      repos.recovery.setPublicKey(Buffer.from(publicKey))
      // The fingerprint names the key in the log; it is public, like the key.
      repos.audit.append({
        at: now(),
        actor,
        action: `${had ? 'recovery_key.replaced' : 'recovery_key.set'}:${named}`,
      })
    })
    return named
  }

  /** An enabled confidant with keys assigned to the organisation; anyone or anything else is refused. */
  function target(organisationId: string, confidantId: string): RecoveryTarget {
    const found = repos.organisations
      .confidantsWithKeys(organisationId)
      .find((confidant) => confidant.id === confidantId)
    if (!found) throw new ShareTargetInvalid()
    return { id: found.id, name: found.displayName, publicKey: toBase64Url(new Uint8Array(found.publicKey)) }
  }

  return {
    /** The stored public key's fingerprint ('ABCD-EFGH-JKMN-PQRS'), or null when none is set. */
    fingerprint,

    /** The stored public key, for the re-share page to check a pasted secret against; null when none is set. */
    publicKey(): string | null {
      const key = instance.current().recoveryPublicKey
      return key ? toBase64Url(new Uint8Array(key)) : null
    },

    /** Stores a public key made in the administrator's browser; `replace` must be asked for explicitly. */
    setPublicKey(publicKey: string, actor: string, replace: boolean): { fingerprint: string } {
      let bytes: Uint8Array
      try {
        bytes = fromBase64Url(publicKey)
      } catch {
        throw new SubmissionInvalid('the recovery public key is not base64url')
      }
      return { fingerprint: store(bytes, actor, replace) }
    },

    /**
     * For the CLI: a key pair made here, its public half stored, the secret returned once as MPR1 text. The
     * secret bytes are wiped; the text is the caller's to print and forget.
     */
    generate(actor: string, replace: boolean): { fingerprint: string; secretText: string } {
      const pair = generateRecoveryKeyPair()
      try {
        const named = store(pair.publicKey, actor, replace)
        return { fingerprint: named, secretText: recoveryKeyToText(pair.secretKey) }
      } finally {
        memzero(pair.secretKey)
      }
    },

    choices(): RecoveryChoice[] {
      return repos.organisations.list().map((organisation) => ({
        organisation: { id: organisation.id, name: organisation.name, slug: organisation.slug },
        confidants: repos.organisations.confidantsWithKeys(organisation.id).map((confidant) => ({
          id: confidant.id,
          name: confidant.displayName,
          publicKey: toBase64Url(new Uint8Array(confidant.publicKey)),
          lacking: repos.recovery.countLacking(organisation.id, confidant.id),
        })),
      }))
    },

    /** The next batch of the organisation's cases the confidant cannot read, after case id `after`. */
    batch(
      organisationId: string,
      confidantId: string,
      after: string,
    ): { confidant: RecoveryTarget; cases: RecoveryCase[] } {
      const confidant = target(organisationId, confidantId)
      const b64 = (bytes: Buffer) => toBase64Url(new Uint8Array(bytes))
      const cases = repos.recovery.lacking(organisationId, confidantId, after, SHARE_BATCH).map((item) => ({
        caseId: item.caseId,
        sharedKey: b64(item.sharedKey),
        internalKey: b64(item.internalKey),
      }))
      return { confidant, cases }
    },

    /**
     * Stores the confidant's keys for each case, all or nothing: the case was sealed to the recovery key, the
     * confidant is an enabled confidant with keys assigned to its organisation and holds none of its keys yet.
     * One 'case.shared' audit event per case, by the administrator, marked as made with the recovery key.
     */
    share(actor: string, confidantId: string, shares: SealedShare[]): { shared: number } {
      checkShareBatch(shares)
      const at = now()
      repos.transaction(() => {
        for (const share of shares) {
          const row = repos.cases.findById(share.caseId)
          if (!row || !repos.recovery.sealedToRecovery(row.id)) throw new CaseNotFound()
          target(row.organisationId, confidantId)
          if (repos.sharing.holds(row.id, confidantId)) throw new AlreadyShared()
          repos.sharing.insertKeys([
            {
              caseId: row.id,
              holder: confidantId,
              kind: 'shared',
              sealedKey: decodeSealedKey(share.sharedKey),
            },
            {
              caseId: row.id,
              holder: confidantId,
              kind: 'internal',
              sealedKey: decodeSealedKey(share.internalKey),
            },
          ])
          repos.audit.append({
            at,
            actor,
            action: `case.shared:${confidantId}:recovery-key`,
            subject: row.id,
          })
        }
      })
      return { shared: shares.length }
    },
  }
}
export type RecoveryService = ReturnType<typeof recoveryService>
