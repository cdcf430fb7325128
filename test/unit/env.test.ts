import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { envWarnings, readEnv } from '../../server/env.ts'
import { productionEnv } from '../support/productionEnv.ts'

/** The settings of .env.production.example, as an operator's environment would hold them. */
function exampleFile(): Record<string, string> {
  const lines = readFileSync('.env.production.example', 'utf8').split('\n').filter(l => /^[A-Z_]+=/.test(l))
  return Object.fromEntries(lines.map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
}

const strong = productionEnv

describe('production settings (issue 11)', () => {
  it('the demo starts with no settings at all, cookies not Secure on plain http://localhost', () => {
    const env = readEnv({})
    expect(env.DEMO).toBe(true)
    expect(env.SMS_SENDER).toBe('outbox')
    expect(env.COOKIE_SECURE).toBe(false)
  })

  it('DEMO=false with nothing set names every missing setting in one error', () => {
    const error = (() => {
      try {
        readEnv({ DEMO: 'false', PORT: 'x' })
      }
      catch (e) {
        return (e as Error).message
      }
    })()
    for (const key of ['PORT', 'SECRET', 'DATA_KEY', 'SMS_SENDER'])
      expect(error).toContain(`  ${key}: `)
  })

  it('refuses a hand-made secret and a key of repeated bytes, naming each', () => {
    expect(() => readEnv({ ...strong, SECRET: 'x'.repeat(40) })).toThrow(/SECRET: too weak/)
    expect(() => readEnv({ ...strong, DATA_KEY: '00'.repeat(32) })).toThrow(/DATA_KEY: too weak/)
    expect(() => readEnv({ ...strong, DATA_KEY: 'short' })).toThrow(/DATA_KEY: must be 32 bytes/)
  })

  it('a gateway without its credentials, sign name or template names each; tencent also needs its app id', () => {
    const aliyun = { ...strong, SMS_ACCESS_KEY_ID: undefined, SMS_ACCESS_KEY_SECRET: undefined, SMS_SIGN_NAME: undefined, SMS_TEMPLATE_SIGN_IN: undefined }
    expect(() => readEnv(aliyun)).toThrow(/SMS_ACCESS_KEY_ID[\s\S]*SMS_ACCESS_KEY_SECRET[\s\S]*SMS_SIGN_NAME[\s\S]*SMS_TEMPLATE_SIGN_IN/)
    expect(() => readEnv({ ...strong, SMS_SENDER: 'tencent' })).toThrow(/SMS_APP_ID/)
    expect(() => readEnv({ ...strong, SMS_SENDER: 'outbox' })).toThrow(/SMS_SENDER: the outbox sender only exists in demo mode/)
  })

  it('the PostgreSQL pool is a whole number of connections from 1 to 100, unset by default', () => {
    expect(readEnv({}).DATABASE_POOL_SIZE).toBeUndefined()
    expect(readEnv({ DATABASE_POOL_SIZE: '8' }).DATABASE_POOL_SIZE).toBe(8)
    for (const wrong of ['0', '2.5', 'ten', '101'])
      expect(() => readEnv({ DATABASE_POOL_SIZE: wrong })).toThrow(/DATABASE_POOL_SIZE: /)
  })

  it('production turns Secure cookies on unless told otherwise', () => {
    expect(readEnv(strong).COOKIE_SECURE).toBe(true)
    expect(readEnv({ ...strong, COOKIE_SECURE: 'false' }).COOKIE_SECURE).toBe(false)
    expect(envWarnings(readEnv(strong))).toEqual([])
  })

  it('.env.production.example starts unchanged, and every example secret is named in a warning', () => {
    const env = readEnv(exampleFile())
    expect(env.DEMO).toBe(false)
    expect(env.SMS_SENDER).toBe('aliyun')
    const warnings = envWarnings(env).join('\n')
    for (const key of ['SECRET', 'DATA_KEY', 'SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET'])
      expect(warnings).toContain(`${key} is the example value`)
  })
})
