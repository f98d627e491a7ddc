import { encryptedAttachmentSize, fromBase64Url, isEncryptedAttachmentSize } from '../../crypto/index.js'
import type { ConfidantKey, OrganisationRow } from '../../db/index.js'
import { LIMITS } from '../domain/documents.js'
import { FileTooLarge, ReportingPageNotFound, SubmissionInvalid, TooManyFiles } from '../errors.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import type { StagedFile } from './uploads.js'

export const ID = /^[A-Za-z0-9_-]{22}$/
const NONCE_BYTES = 24
const TAG_BYTES = 16
// The largest report document: every field at its limit, in UTF-8, plus the attachment references.
const MAX_ENTRY_CIPHERTEXT = 4 * (LIMITS.what + 4 * LIMITS.field + LIMITS.name + LIMITS.contact) + 64 * 1024

export type Recipient = { holder: string; publicKey: string }

/**
 * What making a report and following it up share: which organisations take reports, who a case is sealed to,
 * and the checks on what the browser sends (only shapes can be checked: the server cannot read it).
 */
export function reporterCases(context: ServiceContext, instance: InstanceService) {
  const { repos, config } = context

  function activeOrganisation(slug: string): OrganisationRow {
    const found = /^[a-z0-9-]{1,64}$/.test(slug) ? repos.organisations.findBySlug(slug) : undefined
    if (found?.status !== 'active') throw new ReportingPageNotFound()
    return found
  }

  /** Everyone a new case's keys are sealed to, besides the reporter. */
  function staffRecipients(confidants: ConfidantKey[]): Array<{ holder: string; publicKey: Uint8Array }> {
    const recipients = confidants.map((confidant) => ({
      holder: confidant.id,
      publicKey: new Uint8Array(confidant.publicKey),
    }))
    const recovery = instance.current().recoveryPublicKey
    return recovery
      ? [...recipients, { holder: 'recovery', publicKey: new Uint8Array(recovery) }]
      : recipients
  }

  function recipientsOf(organisation: OrganisationRow) {
    return staffRecipients(repos.organisations.confidantsWithKeys(organisation.id))
  }

  function requireId(value: string, what: string): string {
    if (!ID.test(value)) throw new SubmissionInvalid(`${what} is not a valid id`)
    return value
  }

  function decode(value: string, what: string, length?: number): Buffer {
    let bytes: Uint8Array
    try {
      bytes = fromBase64Url(value)
    } catch {
      throw new SubmissionInvalid(`${what} is not base64url`)
    }
    if (length !== undefined && bytes.length !== length)
      throw new SubmissionInvalid(`${what} has the wrong length`)
    return Buffer.from(bytes)
  }

  function decodeEntryCiphertext(entry: { nonce: string; ciphertext: string }) {
    const ciphertext = decode(entry.ciphertext, 'entry ciphertext')
    if (ciphertext.length < TAG_BYTES + 2 || ciphertext.length > MAX_ENTRY_CIPHERTEXT) {
      throw new SubmissionInvalid('entry ciphertext has an impossible length')
    }
    return { nonce: decode(entry.nonce, 'entry nonce', NONCE_BYTES), ciphertext }
  }

  /**
   * Stored files must be what the envelope announced, in number, ids and exact size; returns their ids to
   * attach to the entry in the transaction that stores it.
   */
  function matchEncryptedFiles(
    announced: Array<{ id: string; size: number }>,
    files: StagedFile[],
  ): string[] {
    if (announced.length > LIMITS.filesPerEntry) throw new TooManyFiles(LIMITS.filesPerEntry)
    if (announced.length !== files.length) throw new SubmissionInvalid('files do not match the envelope')
    const maxSize = encryptedAttachmentSize(config.maxFileBytes)
    return announced.map(({ id, size }) => {
      requireId(id, 'attachment id')
      const file = files.find((candidate) => candidate.id === id)
      if (!file || file.size !== size) throw new SubmissionInvalid('a file does not match the envelope')
      if (size > maxSize) throw new FileTooLarge(config.maxFileBytes)
      // Only a padded bucket's size is accepted: any other size would tell a disk thief more about the file.
      if (!isEncryptedAttachmentSize(size)) throw new SubmissionInvalid('a file is not padded to its bucket')
      return id
    })
  }

  return {
    activeOrganisation,
    staffRecipients,
    recipientsOf,
    requireId,
    decode,
    decodeEntryCiphertext,
    matchEncryptedFiles,
  }
}
export type ReporterCases = ReturnType<typeof reporterCases>
