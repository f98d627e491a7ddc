import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// Recovery key (issue 11)
import { ready, recoveryKeyFingerprint, recoveryKeyFromText } from '../crypto/index.js'
import { runCli, startServer } from './helpers/processes.js'

let dataDir: string
let env: Record<string, string>
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'meldpool-cli-'))
  env = { MELDPOOL_DATA_DIR: dataDir }
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const otpauth =
  /^TOTP \(add to an authenticator app; shown only now\): otpauth:\/\/totp\/[^?]+\?issuer=[^&]+&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/m

describe('meldpool CLI', () => {
  it('lists its commands with --help', { timeout: 180_000 }, async () => {
    const result = await runCli(['--help'], env)
    expect(result.status).toBe(0)
    for (const command of [
      'init --admin-email',
      'user add',
      'user invite',
      'org add',
      'org list',
      'org edit',
      'org activate',
      'org suspend',
      'assign --email',
      'unassign --email',
      'user disable --email',
      'user reset --email',
      '--display-name D] [--auto-ack on|off]',
      'backup --out',
      'purge [--dry-run]',
      'recovery-key ',
      'recovery-key generate [--replace]',
      'stats [--csv]',
      'audit verify [--anchor H]',
    ]) {
      expect(result.stdout).toContain(command)
    }
  })

  it('runs an operator’s onboarding script end to end', { timeout: 600_000 }, async () => {
    const init = await runCli(
      [
        'init',
        '--admin-email',
        'admin@example.org',
        '--admin-name',
        'Ada',
        '--association',
        'Metaalunie Zuid',
        '--password-stdin',
      ],
      env,
      'a long admin passphrase\n',
    )
    expect(init.stderr).toBe('')
    expect(init.status).toBe(0)
    expect(init.stdout).toContain('administrator admin@example.org created')
    expect(init.stdout).toMatch(otpauth)
    expect(init.stdout).toContain('Metaalunie%20Zuid')

    const again = await runCli(
      ['init', '--admin-email', 'b@example.org', '--password-stdin'],
      env,
      'another long passphrase',
    )
    expect(again.status).toBe(1)
    expect(again.stderr.trim().split('\n')).toHaveLength(1)
    expect(again.stderr).toContain('an administrator already exists')

    const added = await runCli(
      ['org', 'add', '--slug', 'bakkerij-jansen', '--name', 'Bakkerij Jansen B.V.'],
      env,
    )
    expect(added.status).toBe(0)
    expect(added.stdout).toContain('organisation bakkerij-jansen added (draft)')

    const refused = await runCli(['org', 'activate', 'bakkerij-jansen'], env)
    expect(refused.status).toBe(1)
    expect(refused.stderr.trim()).toBe(
      'meldpool: "bakkerij-jansen" cannot be activated: no confidant with keys is assigned (assign one first)',
    )

    const confidant = await runCli(
      [
        'user',
        'add',
        '--email',
        'vp@example.org',
        '--name',
        'Vera Vertrouwen',
        '--role',
        'confidant',
        '--password-stdin',
      ],
      env,
      'confidant passphrase 123',
    )
    expect(confidant.status).toBe(0)
    expect(confidant.stdout).toMatch(otpauth)

    expect(
      (await runCli(['assign', '--email', 'vp@example.org', '--org', 'bakkerij-jansen'], env)).stdout,
    ).toContain('vp@example.org now handles reports for bakkerij-jansen')
    expect((await runCli(['org', 'activate', 'bakkerij-jansen'], env)).status).toBe(0)
    const edited = await runCli(
      ['org', 'edit', 'bakkerij-jansen', '--timezone', 'Europe/Berlin', '--retention-days', '400'],
      env,
    )
    expect(edited.status).toBe(0)

    const list = await runCli(['org', 'list', '--json'], env)
    expect(JSON.parse(list.stdout)).toEqual([
      {
        slug: 'bakkerij-jansen',
        name: 'Bakkerij Jansen B.V.',
        profile: 'nl',
        timezone: 'Europe/Berlin',
        locales: 'nl,en',
        status: 'active',
        retentionDays: 400,
        confidants: 1,
      },
    ])

    // The backup is taken while a server runs on the same database and keeps writing reports.
    const server = await startServer({ ...env, MELDPOOL_PORT: '0' })
    try {
      const report = (what: string) => {
        const form = new FormData()
        form.append('lang', 'en')
        form.append('what', what)
        return fetch(`${server.url}/r/bakkerij-jansen/report`, { method: 'POST', body: form })
      }
      expect((await report('Before the backup')).status).toBe(200)
      const backupFile = join(dataDir, 'backup.sqlite')
      const [backup, ...during] = await Promise.all([
        runCli(['backup', '--out', backupFile], env),
        report('During the backup 1'),
        report('During the backup 2'),
      ])
      expect(backup.stderr).toBe('')
      expect(backup.status).toBe(0)
      for (const response of during) expect(response.status).toBe(200)
      const copy = new BetterSqlite3(backupFile, { readonly: true })
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
        expect(copy.prepare('select slug, status from organisation').all()).toEqual([
          { slug: 'bakkerij-jansen', status: 'active' },
        ])
        // Consistent: everything committed before the backup started, whole cases only.
        const cases = copy.prepare('select count(*) as n from "case"').get() as { n: number }
        expect(cases.n).toBeGreaterThanOrEqual(1)
        expect(cases.n).toBeLessThanOrEqual(3)
        const orphans = copy
          .prepare('select count(*) as n from "case" where id not in (select case_id from entry)')
          .get() as { n: number }
        expect(orphans.n).toBe(0)
      } finally {
        copy.close()
      }
      expect((await runCli(['backup', '--out', backupFile], env)).stderr).toContain('already exists')

      // unassign, checked by its effect: the pool is empty, so the member cannot go live again.
      expect(
        (await runCli(['unassign', '--email', 'vp@example.org', '--org', 'bakkerij-jansen'], env)).status,
      ).toBe(0)
      const unassigned = JSON.parse((await runCli(['org', 'list', '--json'], env)).stdout)
      expect(unassigned).toMatchObject([{ slug: 'bakkerij-jansen', status: 'active', confidants: 0 }])

      // suspend, checked by its effect: the running server takes the reporting page offline.
      expect((await fetch(`${server.url}/r/bakkerij-jansen`)).status).toBe(200)
      expect((await runCli(['org', 'suspend', 'bakkerij-jansen'], env)).status).toBe(0)
      expect((await fetch(`${server.url}/r/bakkerij-jansen`)).status).toBe(404)
      const reactivate = await runCli(['org', 'activate', 'bakkerij-jansen'], env)
      expect(reactivate.status).toBe(1)
      expect(reactivate.stderr).toContain('no confidant with keys is assigned')
      expect((await fetch(`${server.url}/r/bakkerij-jansen`)).status).toBe(404)
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0)
    }
  })

  it('sets display names and automatic acknowledgement, disables and resets staff (issue 11)', {
    timeout: 600_000,
  }, async () => {
    const readOne = (query: string) => {
      const db = new BetterSqlite3(join(dataDir, 'meldpool.sqlite'), { readonly: true })
      try {
        return db.prepare(query).get()
      } finally {
        db.close()
      }
    }
    const organisation = () =>
      readOne("SELECT display_name, auto_acknowledge FROM organisation WHERE slug = 'garage-noord'")
    const added = await runCli(
      [
        'org',
        'add',
        '--slug',
        'garage-noord',
        '--name',
        'Garage Noord B.V.',
        '--display-name',
        'Garage Noord',
        '--auto-ack',
        'off',
      ],
      env,
    )
    expect(added.status).toBe(0)
    expect(organisation()).toEqual({ display_name: 'Garage Noord', auto_acknowledge: 0 })
    expect((await runCli(['org', 'edit', 'garage-noord', '--auto-ack', 'on'], env)).status).toBe(0)
    expect(organisation()).toEqual({ display_name: 'Garage Noord', auto_acknowledge: 1 })
    const bad = await runCli(['org', 'edit', 'garage-noord', '--auto-ack', 'maybe'], env, 'short')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--auto-ack must be on or off')

    const invited = await runCli(
      ['user', 'invite', '--email', 'kees@example.org', '--role', 'confidant'],
      env,
    )
    expect(invited.status).toBe(0)
    const user = () =>
      new BetterSqlite3(join(dataDir, 'meldpool.sqlite'), { readonly: true })
        .prepare(
          "SELECT disabled_at IS NOT NULL AS disabled, public_key FROM user WHERE email = 'vp@example.org'",
        )
        .get()
    const reset = await runCli(['user', 'reset', '--email', 'vp@example.org'], env)
    expect(reset.status).toBe(0)
    expect(reset.stdout).toMatch(/sealed case keys deleted/)
    expect(reset.stdout).toMatch(/\/staff\/invite\/[A-Za-z0-9_-]{43}$/m)
    expect(user()).toEqual({ disabled: 0, public_key: null })
    const disabled = await runCli(['user', 'disable', '--email', 'vp@example.org'], env)
    expect(disabled.status).toBe(0)
    expect(user()).toEqual({ disabled: 1, public_key: null })
    const unknown = await runCli(['user', 'disable', '--email', 'ghost@example.org'], env, 'short')
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('no user with e-mail address')
  })

  it('fails with one clear line and a non-zero status on bad input', { timeout: 180_000 }, async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['frobnicate'], 2, /unknown command "frobnicate"/],
      [['org', 'add', '--slug', 'Bad Slug!', '--name', 'X'], 1, /slug "Bad Slug!" must be/],
      [
        ['org', 'add', '--slug', 'x', '--name', 'X', '--timezone', 'Mars/Olympus'],
        1,
        /unknown time zone "Mars\/Olympus"/,
      ],
      [['org', 'add', '--slug', 'y'], 2, /missing --name/],
      [['org', 'activate', 'nobody'], 1, /no organisation with slug "nobody"/],
      [['assign', '--email', 'ghost@example.org', '--org', 'nobody'], 1, /no user with e-mail address/],
      [
        ['user', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'confidant', '--password-stdin'],
        1,
        /at least 12 characters/,
      ],
      [['org', 'add', '--bogus'], 2, /Unknown option '--bogus'/],
    ]
    for (const [args, status, message] of cases) {
      const result = await runCli(args, env, 'short')
      expect(result.status, args.join(' ')).toBe(status)
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(result.stderr, args.join(' ')).toMatch(message)
    }
  })

  it('adds organisations under the French and Spanish profiles, and names the known ones for a typo', {
    timeout: 180_000,
  }, async () => {
    for (const [slug, profile, timezone] of [
      ['atelier-dupont', 'fr', 'Europe/Paris'],
      ['talleres-garcia', 'es', 'Europe/Madrid'],
    ]) {
      const added = await runCli(
        ['org', 'add', '--slug', slug!, '--name', slug!, '--profile', profile!, '--timezone', timezone!],
        env,
      )
      expect(added.stderr).toBe('')
      expect(added.status).toBe(0)
    }
    const listed = JSON.parse((await runCli(['org', 'list', '--json'], env)).stdout) as Array<{
      slug: string
      profile: string
      retentionDays: number
    }>
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ slug: 'atelier-dupont', profile: 'fr', retentionDays: 730 }),
        expect.objectContaining({ slug: 'talleres-garcia', profile: 'es', retentionDays: 3650 }),
      ]),
    )
    const typo = await runCli(['org', 'add', '--slug', 'z', '--name', 'Z', '--profile', 'fra'], env)
    expect(typo.status).toBe(1)
    expect(typo.stderr).toContain('unknown profile "fra"; known: nl, de, eu, fr, be, es, it, pl')
  })

  it('invites with a single-use link, and refuses a guessable password for user add', {
    timeout: 180_000,
  }, async () => {
    const invited = await runCli(['user', 'invite', '--email', 'Jan@Example.org', '--role', 'confidant'], env)
    expect(invited.stderr).toBe('')
    expect(invited.status).toBe(0)
    expect(invited.stdout).toContain('invitation for confidant jan@example.org (valid until ')
    const link = invited.stdout.match(/^http:\/\/127\.0\.0\.1:3000\/staff\/invite\/([A-Za-z0-9_-]{43})$/m)
    expect(link).not.toBeNull()
    // Stored as a hash only.
    const db = new BetterSqlite3(join(dataDir, 'meldpool.sqlite'), { readonly: true })
    try {
      const stored = db.prepare("SELECT token_hash FROM invitation WHERE email = 'jan@example.org'").all()
      expect(stored).toHaveLength(1)
      expect(JSON.stringify(stored)).not.toContain(link![1])
    } finally {
      db.close()
    }
    const weak = await runCli(
      ['user', 'add', '--email', 'w@example.org', '--name', 'W', '--role', 'confidant', '--password-stdin'],
      env,
      'password1234',
    )
    expect(weak.status).toBe(1)
    expect(weak.stderr).toMatch(/too easy to guess/)
  })

  // Retention and purge (issue 10): a closed case past its retention, put on disk as the server would store it.
  it('purges closed cases past their retention, and --dry-run only lists them', {
    timeout: 180_000,
  }, async () => {
    expect((await runCli(['org', 'add', '--slug', 'purge-bv', '--name', 'Purge B.V.'], env)).status).toBe(0)
    const file = join(dataDir, 'meldpool.sqlite')
    const ciphertext = randomBytes(3000)
    const db = new BetterSqlite3(file)
    try {
      const { id: organisationId } = db
        .prepare("SELECT id FROM organisation WHERE slug = 'purge-bv'")
        .get() as {
        id: string
      }
      const day = (iso: string) => Date.parse(`${iso}T10:00:00Z`)
      const insertCase = db.prepare(
        `INSERT INTO "case" (id, organisation_id, lookup_verifier, reporter_public_key, received_at, acknowledge_by,
           feedback_by, acknowledged_at, feedback_given_at, closed_at, status, outcome, purge_after, submitted_via)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'browser')`,
      )
      insertCase.run(
        'case-due',
        organisationId,
        randomBytes(32),
        randomBytes(32),
        day('2023-01-02'),
        day('2023-01-11'),
        day('2023-04-11'),
        day('2023-01-12'),
        day('2023-03-01'),
        day('2023-03-15'),
        'closed',
        'substantiated',
        day('2025-03-14'),
      )
      insertCase.run(
        'case-open',
        organisationId,
        randomBytes(32),
        randomBytes(32),
        day('2023-01-02'),
        day('2023-01-11'),
        day('2023-04-11'),
        null,
        null,
        null,
        'received',
        null,
        null,
      )
      db.prepare(
        `INSERT INTO entry (id, case_id, kind, author, seq, created_at, nonce, ciphertext)
         VALUES ('entry-due', 'case-due', 'report', 'reporter', 0, ?, ?, ?)`,
      ).run(day('2023-01-02'), randomBytes(24), ciphertext)
      db.prepare(
        "INSERT INTO case_key (case_id, holder, kind, sealed_key) VALUES ('case-due', 'reporter', 'shared', ?)",
      ).run(randomBytes(80))
    } finally {
      db.close()
    }
    const stored = () => {
      const copy = new BetterSqlite3(file, { readonly: true })
      try {
        return {
          cases: copy
            .prepare(`SELECT id FROM "case" WHERE id IN ('case-due', 'case-open') ORDER BY id`)
            .pluck()
            .all(),
          entries: copy.prepare("SELECT count(*) FROM entry WHERE case_id = 'case-due'").pluck().get(),
          tombstones: copy.prepare('SELECT case_id, outcome, feedback_met FROM case_tombstone').all(),
        }
      } finally {
        copy.close()
      }
    }

    const dry = await runCli(['purge', '--dry-run'], env)
    expect(dry.stderr).toBe('')
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('purge-bv\t2023-03-15\t2025-03-14\t1\t0\t1')
    expect(dry.stdout).toContain(
      'dry run: would purge 1 case(s), 1 entries, 0 file(s) (0 bytes), 1 key(s); nothing changed',
    )
    expect(stored()).toEqual({ cases: ['case-due', 'case-open'], entries: 1, tombstones: [] })

    const purged = await runCli(['purge'], env)
    expect(purged.stderr).toBe('')
    expect(purged.status).toBe(0)
    expect(purged.stdout).toContain('purge-bv\t2023-03-15\t2025-03-14\t1\t0\t1')
    expect(purged.stdout).toContain('purged 1 case(s), 1 entries, 0 file(s) (0 bytes), 1 key(s)')
    expect(stored()).toEqual({
      cases: ['case-open'],
      entries: 0,
      tombstones: [{ case_id: 'case-due', outcome: 'substantiated', feedback_met: 1 }],
    })
    for (const suffix of ['', '-wal'])
      if (existsSync(`${file}${suffix}`))
        expect(readFileSync(`${file}${suffix}`).includes(ciphertext.subarray(0, 64)), suffix).toBe(false)

    const again = await runCli(['purge'], env)
    expect(again.stdout).toContain('purged 0 case(s)')
  })

  // Recovery key (issue 11)
  it('recovery-key prints the fingerprint; generate prints the secret once, stores only the public half', {
    timeout: 180_000,
  }, async () => {
    await ready()
    const own = { MELDPOOL_DATA_DIR: mkdtempSync(join(tmpdir(), 'meldpool-cli-recovery-')) }
    try {
      const none = await runCli(['recovery-key'], own)
      expect(none.status).toBe(0)
      expect(none.stdout.trim()).toBe('no recovery key set')

      const made = await runCli(['recovery-key', 'generate'], own)
      expect(made.stderr).toBe('')
      expect(made.status).toBe(0)
      const text = made.stdout.match(/^MPR1(-[0-9A-Z]{4}){14}$/m)?.[0]
      expect(text).toBeDefined()
      const pair = recoveryKeyFromText(text!)
      const fingerprint = recoveryKeyFingerprint(pair.publicKey)
      expect(made.stdout).toContain(`fingerprint: ${fingerprint}`)
      const shown = await runCli(['recovery-key'], own)
      expect(shown.stdout.trim()).toBe(`recovery key fingerprint: ${fingerprint}`)
      expect(shown.stdout).not.toContain('MPR1')

      // Only the public half is stored: the secret, in any form, is nowhere in the data directory.
      const file = join(own.MELDPOOL_DATA_DIR, 'meldpool.sqlite')
      const db = new BetterSqlite3(file, { readonly: true })
      try {
        const row = db.prepare('SELECT recovery_public_key AS key FROM instance').get() as { key: Buffer }
        expect(new Uint8Array(row.key)).toEqual(pair.publicKey)
      } finally {
        db.close()
      }
      const stored = readFileSync(file)
      expect(stored.includes(Buffer.from(pair.secretKey))).toBe(false)
      expect(stored.includes(Buffer.from(text!))).toBe(false)

      const refused = await runCli(['recovery-key', 'generate'], own)
      expect(refused.status).toBe(1)
      expect(refused.stderr.trim().split('\n')).toHaveLength(1)
      expect(refused.stderr).toContain('--replace')
      expect(refused.stdout).not.toContain('MPR1')
      expect((await runCli(['recovery-key'], own)).stdout).toContain(fingerprint)

      const replaced = await runCli(['recovery-key', 'generate', '--replace'], own)
      expect(replaced.status).toBe(0)
      const second = recoveryKeyFromText(replaced.stdout.match(/^MPR1(-[0-9A-Z]{4}){14}$/m)![0])
      expect(recoveryKeyFingerprint(second.publicKey)).not.toBe(fingerprint)
      expect((await runCli(['recovery-key'], own)).stdout).toContain(recoveryKeyFingerprint(second.publicKey))

      for (const args of [
        ['recovery-key', 'show'],
        ['recovery-key', '--replace'],
        ['recovery-key', 'generate', 'x'],
      ]) {
        const usage = await runCli(args, own)
        expect(usage.status, args.join(' ')).toBe(2)
      }
    } finally {
      rmSync(own.MELDPOOL_DATA_DIR, { recursive: true, force: true })
    }
  })

  // Statistics and audit (issue 11)
  describe('audit verify and stats', () => {
    let auditDir: string
    let auditEnv: Record<string, string>
    beforeAll(() => {
      auditDir = mkdtempSync(join(tmpdir(), 'meldpool-cli-audit-'))
      auditEnv = { MELDPOOL_DATA_DIR: auditDir }
    })
    afterAll(() => rmSync(auditDir, { recursive: true, force: true }))

    type AuditRow = {
      id: number
      at: number
      actor: string
      action: string
      subject: string | null
      previous_hash: Buffer
      hash: Buffer
    }
    /** Works on the SQLite file directly, as someone with write access to the server's disk would. */
    function onFile<T>(work: (db: BetterSqlite3.Database) => T): T {
      const db = new BetterSqlite3(join(auditDir, 'meldpool.sqlite'))
      try {
        return work(db)
      } finally {
        db.close()
      }
    }
    const rowOf = (id: number) =>
      onFile((db) => db.prepare('SELECT * FROM audit_event WHERE id = ?').get(id) as AuditRow)
    const restore = (row: AuditRow) =>
      onFile((db) =>
        db
          .prepare(
            'INSERT OR REPLACE INTO audit_event (id, at, actor, action, subject, previous_hash, hash) VALUES (@id, @at, @actor, @action, @subject, @previous_hash, @hash)',
          )
          .run(row),
      )
    const verify = (...args: string[]) => runCli(['audit', 'verify', ...args], auditEnv)

    it('finds an edited, an inserted and a deleted row by id, and a truncated tail with --anchor', {
      timeout: 300_000,
    }, async () => {
      for (const slug of ['een', 'twee', 'drie'])
        expect((await runCli(['org', 'add', '--slug', slug, '--name', `Lid ${slug}`], auditEnv)).status).toBe(
          0,
        )
      const fine = await verify()
      expect(fine.stderr).toBe('')
      expect(fine.status).toBe(0)
      const head = fine.stdout.match(/^head: #(\d+) ([0-9a-f]{128})$/m)
      expect(head?.[1]).toBe('3')
      expect(head?.[2]).toBe(rowOf(3).hash.toString('hex'))

      // Edited: one field of row 2 changed in place.
      const second = rowOf(2)
      onFile((db) => db.prepare("UPDATE audit_event SET action = 'organisation.nothing' WHERE id = 2").run())
      const edited = await verify()
      expect(edited.status).toBe(1)
      expect(edited.stderr).toContain('audit log broken at row #2')
      restore(second)
      expect((await verify()).status).toBe(0)

      // Inserted: a forged row after the head that names the head as its predecessor.
      onFile((db) =>
        db
          .prepare(
            'INSERT INTO audit_event (id, at, actor, action, subject, previous_hash, hash) VALUES (4, ?, ?, ?, ?, ?, ?)',
          )
          .run(Date.now(), 'cli', 'organisation.activate', 'een', rowOf(3).hash, randomBytes(64)),
      )
      const inserted = await verify()
      expect(inserted.status).toBe(1)
      expect(inserted.stderr).toContain('audit log broken at row #4')
      onFile((db) => db.prepare('DELETE FROM audit_event WHERE id = 4').run())

      // Deleted: row 2 gone; row 3 no longer follows from row 1.
      onFile((db) => db.prepare('DELETE FROM audit_event WHERE id = 2').run())
      const deleted = await verify()
      expect(deleted.status).toBe(1)
      expect(deleted.stderr).toContain('audit log broken at row #3')
      restore(second)

      // Truncated: the last row deleted. The shorter chain verifies on its own; only the old head shows it.
      const third = rowOf(3)
      onFile((db) => db.prepare('DELETE FROM audit_event WHERE id = 3').run())
      const shorter = await verify()
      expect(shorter.status).toBe(0)
      expect(shorter.stdout).toMatch(/^head: #2 /m)
      const anchored = await verify('--anchor', third.hash.toString('hex'))
      expect(anchored.status).toBe(1)
      expect(anchored.stderr).toContain('does not extend the anchor')
      restore(third)
      const extended = await verify('--anchor', rowOf(2).hash.toString('hex'))
      expect(extended.status).toBe(0)
      expect(extended.stdout).toContain('anchor found at #2')
      expect((await verify('--anchor', 'xyz')).status).toBe(2)
    })

    it('prints the statistics, and as CSV', { timeout: 180_000 }, async () => {
      const csv = await runCli(['stats', '--csv', '--quarter', '2026-Q4'], auditEnv)
      expect(csv.status).toBe(0)
      const lines = csv.stdout.trim().split('\r\n')
      expect(lines[0]).toMatch(/^quarter,member,name,received,/)
      expect(lines[1]).toMatch(/^2026-Q4,,association,0,/)
      // The association first, then the members by name.
      expect(lines.map((line) => line.split(',')[1])).toEqual(['member', '', 'drie', 'een', 'twee'])
      const text = await runCli(['stats', '--quarter', '2026-Q4', '--org', 'een'], auditEnv)
      expect(text.status).toBe(0)
      expect(text.stdout).toContain('statistics for 2026-Q4')
      expect(text.stdout).toContain('een\tLid een\t0')
      expect((await runCli(['stats', '--quarter', '2026-Q9'], auditEnv)).status).toBe(1)
    })
  })

  it('reports a bad configuration as one line per variable', { timeout: 180_000 }, async () => {
    const result = await runCli(['org', 'list'], { ...env, MELDPOOL_LOG_LEVEL: 'loud' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('MELDPOOL_LOG_LEVEL: "loud" is not valid')
  })
})
