import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config.js'

describe('configuration', () => {
  it('starts with safe defaults: loopback, port 3000, ./data, no-JS fallback on', () => {
    const config = loadConfig({})
    expect(config.host).toBe('127.0.0.1')
    expect(config.port).toBe(3000)
    expect(config.dataDir).toMatch(/\/data$/)
    expect(config.publicUrl).toBe('http://127.0.0.1:3000')
    expect(config.noJsFallback).toBe(true)
    expect(config.smtpUrl).toBeUndefined()
    expect(config.trustProxy).toBe(false)
    expect(config.maxFileBytes).toBe(20 * 1024 * 1024)
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('reads every variable', () => {
    const config = loadConfig({
      MELDPOOL_DATA_DIR: '/srv/meldpool',
      MELDPOOL_HOST: '0.0.0.0',
      MELDPOOL_PORT: '8080',
      MELDPOOL_PUBLIC_URL: 'https://meldpunt.example.org/',
      MELDPOOL_SMTP_URL: 'smtps://user:secret@mail.example.org:465',
      MELDPOOL_TRUST_PROXY: '10.0.0.1,10.0.0.2',
      MELDPOOL_NOJS_FALLBACK: 'off',
      MELDPOOL_DEFAULT_LOCALE: 'en',
      MELDPOOL_MAX_FILE_MB: '5',
      MELDPOOL_LOG_LEVEL: 'warn',
    })
    expect(config).toMatchObject({
      dataDir: '/srv/meldpool',
      databaseFile: '/srv/meldpool/meldpool.sqlite',
      host: '0.0.0.0',
      port: 8080,
      publicUrl: 'https://meldpunt.example.org',
      smtpUrl: 'smtps://user:secret@mail.example.org:465',
      mailFrom: 'meldpool@meldpunt.example.org',
      trustProxy: ['10.0.0.1', '10.0.0.2'],
      noJsFallback: false,
      defaultLocale: 'en',
      maxFileBytes: 5 * 1024 * 1024,
      logLevel: 'warn',
    })
  })

  it('refuses bad values with one clear line per variable', () => {
    let caught: unknown
    try {
      loadConfig({
        MELDPOOL_PORT: 'eighty',
        MELDPOOL_PUBLIC_URL: 'meldpunt.example.org',
        MELDPOOL_NOJS_FALLBACK: 'maybe',
        MELDPOOL_LOG_LEVEL: 'loud',
        MELDPOOL_SMTP_URL: 'http://mail',
      })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigError)
    const problems = (caught as ConfigError).problems
    expect(problems).toHaveLength(5)
    expect(problems).toContain('MELDPOOL_PORT: "eighty" is not valid; expected a port number from 0 to 65535')
    expect(problems.find((line) => line.startsWith('MELDPOOL_NOJS_FALLBACK'))).toContain("'on' or 'off'")
    expect(problems.find((line) => line.startsWith('MELDPOOL_PUBLIC_URL'))).toContain('absolute http(s) URL')
    expect(problems.find((line) => line.startsWith('MELDPOOL_LOG_LEVEL'))).toContain('one of fatal')
    expect(problems.find((line) => line.startsWith('MELDPOOL_SMTP_URL'))).toContain('smtp://')
  })

  it('refuses a port above 65535', () => {
    expect(() => loadConfig({ MELDPOOL_PORT: '70000' })).toThrow(/MELDPOOL_PORT: "70000"/)
  })
})
