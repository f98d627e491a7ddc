import { parseArgs } from 'node:util'
import { ready as cryptoReady } from '../crypto/index.js'
import { openDatabase } from '../db/index.js'
import { ConfigError, loadConfig } from './config.js'
import { profiles } from './domain/profiles.js'
import { AuditChainBroken, DomainError } from './errors.js'
import { createServices, type Services } from './services/index.js'
import { statisticsCsv, statisticsTable } from './services/statistics.js'

const HELP = `meldpool: command-line administration (data directory from MELDPOOL_DATA_DIR, default ./data)

Usage: npm run meldpool -- <command> [options]

  init --admin-email E [--admin-name N] [--association N] --password-stdin
        create the first administrator headless; prints the TOTP otpauth:// URI once
  user add --email E --name N --role confidant|admin --password-stdin
        create an account with keys derived exactly as the browser does; prints the TOTP URI once
  user invite --email E --role confidant|admin [--name N]
        print a single-use link (valid 7 days) where the person chooses a password and enrols TOTP;
        also mailed when MELDPOOL_SMTP_URL is set
  user disable --email E        the account can no longer sign in; its open sessions end
  user reset --email E          lost password: delete the account's keys and the case keys sealed to it,
        print a new enrolment link; colleagues or the recovery key must share the cases again
  org add --slug S --name N [--profile ${Object.keys(profiles).join('|')}] [--timezone Europe/Amsterdam] [--locales nl,en]
        [--display-name D] [--auto-ack on|off]    add a member organisation (status: draft)
  org list [--json]
  org edit S [--name N] [--profile P] [--timezone TZ] [--locales L] [--retention-days D]
        [--display-name D] [--auto-ack on|off]
  org activate S        go live (needs at least one assigned confidant with keys)
  org suspend S         take the reporting page offline
  assign --email E --org S      add a confidant to an organisation's pool
  unassign --email E --org S    remove a confidant from an organisation's pool
  backup --out FILE     consistent copy of the database, safe while the server runs
  recovery-key          print the fingerprint of the instance recovery key's public half
  recovery-key generate [--replace]   make a recovery key pair here, print its secret once, store the public half
  purge [--dry-run]     delete closed cases past their retention (a tombstone keeps dates and outcome),
        then rewrite the file so no deleted ciphertext remains; --dry-run only lists them
  stats [--csv] [--quarter 2026-Q4] [--org S]
        statistics without content per member and for the association (outcome counts below 5 withheld)
  audit verify [--anchor H]
        check the audit log's hash chain; prints the head (last id and hash) to keep outside the server.
        Deleting the LAST rows leaves a valid shorter chain: only --anchor H (a head printed earlier) shows
        that, by requiring the row with hash H to be there and the chain from it to verify

Exit status: 0 on success; 1 with one line on stderr when the command fails; 2 on a usage error.`

class UsageError extends Error {}

type Options = Record<string, string | boolean | undefined>

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function optional(values: Options, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

/** `--auto-ack on|off` (issue 11). */
function onOff(values: Options, name: string): boolean | undefined {
  const value = optional(values, name)
  if (value === undefined) return undefined
  if (value !== 'on' && value !== 'off') throw new UsageError(`--${name} must be on or off`)
  return value === 'on'
}

function required(values: Options, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`missing --${name}`)
  return value
}

async function readPassword(values: Options): Promise<string> {
  if (values['password-stdin'] !== true)
    throw new UsageError('pass the password on standard input with --password-stdin')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

type Command = (services: Services, args: string[]) => Promise<void>

const commands: Record<string, Command> = {
  async init(services, args) {
    const { values } = parse(args, {
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      association: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    })
    const email = required(values, 'admin-email')
    const password = await readPassword(values)
    const created = await services.setup.initialise({
      email,
      name: optional(values, 'admin-name') ?? 'Administrator',
      password,
      association: optional(values, 'association'),
    })
    console.log(`administrator ${email} created`)
    console.log(`TOTP (add to an authenticator app; shown only now): ${created.totpUri}`)
  },

  async user(services, args) {
    const [sub, ...rest] = args
    if (sub === 'invite') {
      const { values } = parse(rest, {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
      })
      const role = required(values, 'role')
      if (role !== 'confidant' && role !== 'admin') throw new UsageError('--role must be confidant or admin')
      const email = required(values, 'email')
      const invited = services.invitations.invite({ email, role, name: optional(values, 'name') }, 'cli')
      console.log(`invitation for ${role} ${invited.email} (valid until ${invited.expiresAt.toISOString()}):`)
      console.log(invited.url)
      return
    }
    if (sub === 'disable' || sub === 'reset') {
      const { values } = parse(rest, { email: { type: 'string' } })
      const email = required(values, 'email')
      if (sub === 'disable') {
        services.confidantPool.disable(email, 'cli')
        console.log(`${email} is disabled; open sessions ended`)
        return
      }
      const reset = services.confidantPool.reset(email, 'cli')
      console.log(`${reset.email} reset: ${reset.caseKeysDeleted} sealed case keys deleted`)
      console.log('colleagues (the sharing banner on /staff) or the recovery key must share the cases again')
      console.log(`enrolment link (valid until ${reset.expiresAt.toISOString()}):`)
      console.log(reset.url)
      return
    }
    if (sub !== 'add') throw new UsageError(`unknown command "user ${sub ?? ''}"`)
    const { values } = parse(rest, {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    })
    const role = required(values, 'role')
    if (role !== 'confidant' && role !== 'admin') throw new UsageError('--role must be confidant or admin')
    const email = required(values, 'email')
    const name = required(values, 'name')
    const password = await readPassword(values)
    const created = await services.accounts.createWithPassword({ role, email, name, password }, 'cli')
    console.log(`${role} ${email} created`)
    console.log(`TOTP (add to an authenticator app; shown only now): ${created.totpUri}`)
  },

  async org(services, args) {
    const [sub, ...rest] = args
    const { organisations } = services
    switch (sub) {
      case 'add': {
        const { values } = parse(rest, {
          slug: { type: 'string' },
          name: { type: 'string' },
          profile: { type: 'string' },
          timezone: { type: 'string' },
          locales: { type: 'string' },
          'display-name': { type: 'string' },
          'auto-ack': { type: 'string' },
        })
        const added = organisations.add(
          {
            slug: required(values, 'slug'),
            name: required(values, 'name'),
            profile: optional(values, 'profile'),
            timezone: optional(values, 'timezone'),
            locales: optional(values, 'locales'),
            displayName: optional(values, 'display-name'),
            autoAcknowledge: onOff(values, 'auto-ack'),
          },
          'cli',
        )
        console.log(`organisation ${added.slug} added (draft); reporting page: /r/${added.slug}`)
        return
      }
      case 'list': {
        const { values } = parse(rest, { json: { type: 'boolean' } })
        const rows = organisations.list()
        if (values.json) return void console.log(JSON.stringify(rows, null, 2))
        if (rows.length === 0)
          return void console.log('no organisations yet (add one with: org add --slug S --name N)')
        console.log(['slug', 'status', 'confidants', 'profile', 'timezone', 'locales', 'name'].join('\t'))
        for (const row of rows) {
          console.log(
            [row.slug, row.status, row.confidants, row.profile, row.timezone, row.locales, row.name].join(
              '\t',
            ),
          )
        }
        return
      }
      case 'edit': {
        const { values, positionals } = parse(rest, {
          name: { type: 'string' },
          profile: { type: 'string' },
          timezone: { type: 'string' },
          locales: { type: 'string' },
          'retention-days': { type: 'string' },
          'display-name': { type: 'string' },
          'auto-ack': { type: 'string' },
        })
        const slug = onePositional(positionals, 'org edit S')
        const retention = optional(values, 'retention-days')
        if (retention !== undefined && !/^[0-9]+$/.test(retention))
          throw new UsageError('--retention-days must be a number')
        const edited = organisations.edit(
          slug,
          {
            name: optional(values, 'name'),
            profile: optional(values, 'profile'),
            timezone: optional(values, 'timezone'),
            locales: optional(values, 'locales'),
            retentionDays: retention === undefined ? undefined : Number(retention),
            displayName: optional(values, 'display-name'),
            autoAcknowledge: onOff(values, 'auto-ack'),
          },
          'cli',
        )
        console.log(`organisation ${edited.slug} updated`)
        return
      }
      case 'activate':
      case 'suspend': {
        const { positionals } = parse(rest, {})
        const slug = onePositional(positionals, `org ${sub} S`)
        organisations[sub](slug, 'cli')
        console.log(`organisation ${slug} is now ${sub === 'activate' ? 'active' : 'suspended'}`)
        return
      }
      default:
        throw new UsageError(`unknown command "org ${sub ?? ''}"`)
    }
  },

  async assign(services, args) {
    const { values } = parse(args, { email: { type: 'string' }, org: { type: 'string' } })
    const email = required(values, 'email')
    const slug = required(values, 'org')
    const added = services.organisations.assign(email, slug, 'cli')
    console.log(
      added ? `${email} now handles reports for ${slug}` : `${email} already handles reports for ${slug}`,
    )
  },

  async unassign(services, args) {
    const { values } = parse(args, { email: { type: 'string' }, org: { type: 'string' } })
    const email = required(values, 'email')
    const slug = required(values, 'org')
    const removed = services.organisations.unassign(email, slug, 'cli')
    console.log(
      removed ? `${email} no longer handles reports for ${slug}` : `${email} was not assigned to ${slug}`,
    )
  },

  async backup(services, args) {
    const { values } = parse(args, { out: { type: 'string' } })
    const target = await services.backup.backup(required(values, 'out'))
    console.log(`backup written to ${target}`)
  },

  // Recovery key (issue 11): the secret half is printed once and never stored.
  async 'recovery-key'(services, args) {
    const { values, positionals } = parse(args, { replace: { type: 'boolean' } })
    const [sub, ...extra] = positionals
    if (extra.length > 0 || (sub !== undefined && sub !== 'generate'))
      throw new UsageError('usage: recovery-key [generate [--replace]]')
    if (sub === undefined) {
      if (values.replace) throw new UsageError('--replace goes with recovery-key generate')
      const fingerprint = services.recovery.fingerprint()
      console.log(fingerprint ? `recovery key fingerprint: ${fingerprint}` : 'no recovery key set')
      return
    }
    const made = services.recovery.generate('cli', values.replace === true)
    console.log(`recovery key stored; fingerprint: ${made.fingerprint}`)
    console.log(
      'Secret half (shown only now, never stored: print it and keep it in a safe; anyone who has it',
    )
    console.log('can read every report sent from now on; cases received before keep any earlier key):')
    console.log(made.secretText)
  },

  // Retention and purge (issue 10)
  async purge(services, args) {
    const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' } })
    if (positionals.length > 0) throw new UsageError('usage: purge [--dry-run]')
    const result = services.purge.run({ dryRun: values['dry-run'] === true })
    const day = (at: number | null) => (at === null ? '-' : new Date(at).toISOString().slice(0, 10))
    if (result.cases.length > 0)
      console.log(['organisation', 'closed', 'purge_after', 'entries', 'files', 'keys'].join('\t'))
    for (const c of result.cases)
      console.log(
        [c.organisationSlug, day(c.closedAt), day(c.purgeAfter), c.entries, c.attachments, c.keys].join('\t'),
      )
    const { totals } = result
    const what = `${totals.cases} case(s), ${totals.entries} entries, ${totals.attachments} file(s) (${totals.attachmentBytes} bytes), ${totals.keys} key(s)`
    console.log(result.dryRun ? `dry run: would purge ${what}; nothing changed` : `purged ${what}`)
  },

  // Statistics and audit (issue 11)
  async stats(services, args) {
    const { values, positionals } = parse(args, {
      csv: { type: 'boolean' },
      quarter: { type: 'string' },
      org: { type: 'string' },
    })
    if (positionals.length > 0) throw new UsageError('usage: stats [--csv] [--quarter Q] [--org S]')
    const report = services.statistics.report({
      quarter: optional(values, 'quarter'),
      organisation: optional(values, 'org'),
    })
    if (values.csv) return void process.stdout.write(statisticsCsv(report))
    // The same rows as the CSV, as tab-separated columns for a terminal.
    console.log(`statistics for ${report.quarter} (open and overdue: now)`)
    for (const row of statisticsTable(report)) console.log(row.slice(1).join('\t'))
  },

  async audit(services, args) {
    const [sub, ...rest] = args
    if (sub !== 'verify') throw new UsageError(`unknown command "audit ${sub ?? ''}"`)
    const { values, positionals } = parse(rest, { anchor: { type: 'string' } })
    if (positionals.length > 0) throw new UsageError('usage: audit verify [--anchor H]')
    const anchorText = optional(values, 'anchor')
    if (anchorText !== undefined && !/^[0-9a-f]{128}$/i.test(anchorText))
      throw new UsageError('--anchor must be a head hash as audit verify prints it (128 hex digits)')
    const result = services.audit.verify({ anchor: anchorText ? Buffer.from(anchorText, 'hex') : undefined })
    if (!result.ok) {
      const reasons = {
        hash: 'the row does not match its hash (edited)',
        link: 'the row does not follow from the one before it (a row was inserted or deleted before it, or rewritten)',
        gap: 'a gap in the ids before this row (a row was deleted)',
        anchor_missing: 'no row has that hash (rows were deleted or rewritten)',
      }
      throw new AuditChainBroken(result.badRowId, reasons[result.reason])
    }
    if (!result.head) return void console.log('audit log is empty')
    if (result.anchorId !== undefined)
      console.log(`anchor found at #${result.anchorId}; the log still extends it`)
    console.log(`audit log verified: ${result.events} events`)
    console.log(`head: #${result.head.id} ${result.head.hash}`)
  },
}

function onePositional(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`)
  return positionals[0]!
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP)
    return 0
  }
  const command = commands[name]
  if (!command) {
    console.error(`meldpool: unknown command "${name}" (see --help)`)
    return 2
  }
  let services: Services | undefined
  let close = () => {}
  try {
    const config = loadConfig()
    await cryptoReady()
    const database = openDatabase(config.databaseFile, config.migrationsFolder)
    close = () => database.close()
    // The CLI only enqueues mail; the running server delivers it.
    services = createServices({ config, database, log: { info: () => {}, warn: () => {} } })
    services.instance.ensure()
    await command(services, args)
    return 0
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`meldpool: ${error.message} (see --help)`)
      return 2
    }
    if (error instanceof DomainError || error instanceof ConfigError) {
      console.error(`meldpool: ${error.message.replace(/\n\s*/g, '; ')}`)
      return 1
    }
    console.error(`meldpool: failed: ${(error as Error).message}`)
    return 1
  } finally {
    await services?.close()
    close()
  }
}

process.exitCode = await main(process.argv.slice(2))
