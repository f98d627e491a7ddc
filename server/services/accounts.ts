import {
  authVerifier,
  decryptBytes,
  encryptBytes,
  fromBase64Url,
  KDF_V1,
  randomId,
  toBase64Url,
} from '../../crypto/index.js'
import { judgePassword, MIN_PASSWORD_LENGTH } from '../domain/password-strength.js'
import { newTotpSecret, totpUri } from '../domain/totp.js'
import { EmailTaken, InvalidField, InvalidInput } from '../errors.js'
import type { ServiceContext } from './context.js'
import type { InstanceService } from './instance.js'
import { normaliseEmail } from './organisations.js'

export type Role = 'admin' | 'confidant'

/** What the browser (or the CLI, doing exactly the same) sends after deriving keys from a password. */
export type AccountKeyMaterial = {
  auth: Uint8Array
  salt: Uint8Array
  publicKey: Uint8Array
  encryptedSecretKey: Uint8Array
}

export type NewAccount = {
  role: Role
  email: string
  name: string
  keys: AccountKeyMaterial
  totpSecret: string
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{1,63}$/

/** Staff accounts. The server stores only a hash of the password-derived auth key and the sealed private key. */
export function accountService(context: ServiceContext, instance: InstanceService) {
  const { repos, kdf, now } = context

  function sealTotp(userId: string, secret: string): Buffer {
    const key = instance.current().serverSecret
    return Buffer.from(encryptBytes(key, new TextEncoder().encode(secret), `v1|totp|${userId}`))
  }

  return {
    requireEmail(email: string): void {
      if (!EMAIL.test(normaliseEmail(email)))
        throw new InvalidField('email', `"${email}" is not an e-mail address`)
    },

    create(account: NewAccount, actor: string): { id: string; totpUri: string } {
      const email = normaliseEmail(account.email)
      this.requireEmail(email)
      const name = account.name.trim()
      if (name.length < 1 || name.length > 120) throw new InvalidInput('name must be 1–120 characters')
      if (repos.users.findByEmail(email)) throw new EmailTaken(email)
      const id = randomId()
      const { keys } = account
      repos.transaction(() => {
        repos.users.insert({
          id,
          role: account.role,
          email,
          displayName: name,
          authVerifier: Buffer.from(authVerifier(keys.auth)),
          kdfSalt: Buffer.from(keys.salt),
          kdfOpsLimit: KDF_V1.opsLimit,
          kdfMemLimit: KDF_V1.memLimit,
          publicKey: Buffer.from(keys.publicKey),
          encryptedSecretKey: Buffer.from(keys.encryptedSecretKey),
          totpSecret: sealTotp(id, account.totpSecret),
          createdAt: now(),
        })
        repos.audit.append({ at: now(), actor, action: `user.add:${account.role}`, subject: id })
      })
      return { id, totpUri: totpUri(account.totpSecret, instance.current().name, email) }
    },

    /** A reset account enrols again (issue 11): new keys and TOTP for the same id, name and assignments. */
    reenrol(
      id: string,
      account: Pick<NewAccount, 'name' | 'keys' | 'totpSecret'>,
    ): { id: string; totpUri: string } {
      const row = repos.users.findById(id)
      if (!row) throw new InvalidInput('no such account')
      const name = account.name.trim()
      if (name.length < 1 || name.length > 120) throw new InvalidInput('name must be 1–120 characters')
      const { keys } = account
      repos.transaction(() => {
        repos.users.setKeys(id, {
          authVerifier: Buffer.from(authVerifier(keys.auth)),
          kdfSalt: Buffer.from(keys.salt),
          kdfOpsLimit: KDF_V1.opsLimit,
          kdfMemLimit: KDF_V1.memLimit,
          publicKey: Buffer.from(keys.publicKey),
          encryptedSecretKey: Buffer.from(keys.encryptedSecretKey),
          totpSecret: sealTotp(id, account.totpSecret),
        })
        repos.users.rename(id, name)
        repos.audit.append({ at: now(), actor: 'invitation', action: 'user.reenrol', subject: id })
      })
      return { id, totpUri: totpUri(account.totpSecret, instance.current().name, row.email) }
    },

    /** The CLI path: derives keys exactly as the browser does, in the worker pool. */
    async createWithPassword(
      input: { role: Role; email: string; name: string; password: string },
      actor: string,
    ): Promise<{ id: string; totpUri: string }> {
      await requirePassword(input.password, [input.email, input.name])
      if (repos.users.findByEmail(normaliseEmail(input.email)))
        throw new EmailTaken(normaliseEmail(input.email))
      const keys = await kdf.createAccountKeys(input.password)
      return this.create({ ...input, keys, totpSecret: newTotpSecret() }, actor)
    },

    totpSecretOf(userId: string): string | undefined {
      const row = repos.users.findById(userId)
      if (!row?.totpSecret) return undefined
      const key = instance.current().serverSecret
      return new TextDecoder().decode(decryptBytes(key, row.totpSecret, `v1|totp|${userId}`))
    },

    countAdmins(): number {
      return repos.users.countAdmins()
    },
  }
}
export type AccountService = ReturnType<typeof accountService>

/** The CLI reads the password itself, so here the server enforces the same rule as the invitation page. */
export async function requirePassword(password: string, knownWords: string[] = []): Promise<void> {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new InvalidInput(`the password must be at least ${MIN_PASSWORD_LENGTH} characters long`)
  }
  if (!(await judgePassword(password, knownWords)).acceptable) {
    throw new InvalidInput('the password is too easy to guess: make it longer, e.g. several unrelated words')
  }
}

/** Decodes key material posted by the browser, checking every length so nothing malformed is stored. */
export function decodeKeyMaterial(fields: {
  auth: string
  salt: string
  publicKey: string
  encryptedSecretKey: string
}): AccountKeyMaterial {
  const decode = (value: string, length: number) => {
    let bytes: Uint8Array
    try {
      bytes = fromBase64Url(value)
    } catch {
      throw new InvalidInput('key material is not valid base64url')
    }
    if (bytes.length !== length) throw new InvalidInput('key material has the wrong length')
    return bytes
  }
  return {
    auth: decode(fields.auth, 32),
    salt: decode(fields.salt, 16),
    publicKey: decode(fields.publicKey, 32),
    // nonce (24) + secret key (32) + tag (16)
    encryptedSecretKey: decode(fields.encryptedSecretKey, 72),
  }
}

/** `auth` as the sign-in page posts it; anything else is refused like a wrong password. */
export function decodeAuth(value: string): Uint8Array {
  let bytes: Uint8Array
  try {
    bytes = fromBase64Url(value)
  } catch {
    throw new InvalidInput('auth is not valid base64url')
  }
  if (bytes.length !== 32) throw new InvalidInput('auth has the wrong length')
  return bytes
}

export function encodeBytes(bytes: Uint8Array): string {
  return toBase64Url(bytes)
}
