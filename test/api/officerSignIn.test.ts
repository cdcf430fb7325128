import type { TestServer, Visitor } from './harness.ts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as password from '../../server/auth/password.ts'
import { databaseKinds, startServer } from './harness.ts'
import { codeNow, enrolTotp, officerWithoutCode, wrongCode } from './totpKit.ts'

// Every password comparison goes through verifyPassword: counting its calls counts the hash work.
vi.mock(import('../../server/auth/password.ts'), async (original) => {
  const real = await original()
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) }
})
const compared = () => vi.mocked(password.verifyPassword).mock.calls.length

const DEMO_PASSWORD = 'xjt-demo-2026'
interface Answer { code?: string, kind?: string, retryAfterSeconds?: number }
async function signInAs(v: Visitor, username: string, pw: string, totp?: string) {
  const res = await v.api.auth.officer.$post({ json: { username, password: pw, ...(totp ? { totp } : {}) } })
  return { status: res.status as number, body: await res.json() as Answer }
}

describe.each(databaseKinds)('officer sign-in under attack on %s (issue 9, defects 2 and 3)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  it('25 wrong passwords sent at once from one address compare exactly 5; the rest wait', async () => {
    const attacker = s.visitor('203.0.113.7')
    const before = compared()
    const answers = await Promise.all(Array.from({ length: 25 }, () => signInAs(attacker, 'zhongyuan.officer', 'wrong-guess-1')))
    expect(compared() - before).toBe(5)
    expect(answers.filter(a => a.body.code === 'LOGIN_FAILED')).toHaveLength(5)
    expect(answers.filter(a => a.status === 429)).toHaveLength(20)
  })

  it('the real officer still signs in from another address while the attacker waits', async () => {
    const officer = s.visitor('198.51.100.20')
    const answer = await signInAs(officer, 'zhongyuan.officer', DEMO_PASSWORD)
    expect(answer.status).toBe(200)
    expect(answer.body.kind).toBe('officer')
  })

  it('the attacker\'s wait grows with each failure from that address', async () => {
    const attacker = s.visitor('203.0.113.8')
    for (let i = 0; i < 5; i++)
      expect((await signInAs(attacker, 'zhongyuan.head', 'wrong-guess-2')).body.code).toBe('LOGIN_FAILED')
    const waits: number[] = []
    for (let i = 0; i < 3; i++) {
      const refused = await signInAs(attacker, 'zhongyuan.head', 'wrong-guess-2')
      expect(refused.status).toBe(429)
      const wait = refused.body.retryAfterSeconds!
      waits.push(wait)
      s.clock.advance(wait * 1000)
      expect((await signInAs(attacker, 'zhongyuan.head', 'wrong-guess-2')).body.code).toBe('LOGIN_FAILED')
    }
    expect(waits).toEqual([30, 60, 120])
  })

  it('an unknown username costs the same password hashing as a known one', async () => {
    const v = s.visitor('198.51.100.30')
    let before = compared()
    expect((await signInAs(v, 'nobody.at.all', 'wrong-guess-3')).body.code).toBe('LOGIN_FAILED')
    expect(compared() - before).toBe(1)
    before = compared()
    expect((await signInAs(v, 'xiangfu.head', 'wrong-guess-3')).body.code).toBe('LOGIN_FAILED')
    expect(compared() - before).toBe(1)
  })
})

describe.each(databaseKinds)('the officer\'s way in while under attack on %s', (kind) => {
  let s: TestServer
  let secret: string
  beforeAll(async () => {
    s = await startServer(kind)
    secret = await enrolTotp(s, await officerWithoutCode(s, 'xiangfu.officer'))
  })
  afterAll(async () => { await s.close() })

  it('when many addresses attack one username, password alone is refused but password plus code signs in', async () => {
    // 5 addresses × 4 wrong passwords: under each pair's limit, past the username's 20.
    for (let a = 0; a < 5; a++) {
      const attacker = s.visitor(`203.0.113.${100 + a}`)
      await Promise.all(Array.from({ length: 4 }, () => signInAs(attacker, 'xiangfu.officer', 'wrong-guess-4')))
    }
    const officer = s.visitor('198.51.100.40')
    const alone = await signInAs(officer, 'xiangfu.officer', DEMO_PASSWORD)
    expect(alone).toMatchObject({ status: 429, body: { code: 'LOGIN_LOCKED' } })
    const withCode = await signInAs(officer, 'xiangfu.officer', DEMO_PASSWORD, codeNow(s, secret))
    expect(withCode).toMatchObject({ status: 200, body: { kind: 'officer' } })
  }, 60_000)

  it('an address that sprayed 30 wrong passwords is locked, but an officer behind it signs in with a code', async () => {
    const proxy = '192.0.2.50'
    const attacker = s.visitor(proxy)
    const names = ['a.nobody', 'b.nobody', 'c.nobody', 'd.nobody', 'e.nobody', 'f.nobody']
    await Promise.all(names.map(async (name) => {
      for (let i = 0; i < 5; i++)
        await signInAs(attacker, name, 'wrong-guess-5')
    }))
    const colleague = s.visitor(proxy)
    expect(await signInAs(colleague, 'zhongyuan.head', DEMO_PASSWORD)).toMatchObject({ status: 429, body: { code: 'LOGIN_LOCKED' } })
    s.clock.advance(30_000)
    expect(await signInAs(colleague, 'xiangfu.officer', DEMO_PASSWORD, codeNow(s, secret))).toMatchObject({ status: 200 })
  }, 90_000) // 30 scrypt comparisons on a shared machine

  it('a guessed code without the password tells nothing: the same answer as a wrong password', async () => {
    const attacker = s.visitor('203.0.113.60')
    const answer = await signInAs(attacker, 'xiangfu.officer', 'wrong-guess-6', wrongCode(s, secret))
    const unknown = await signInAs(attacker, 'nobody.else', 'wrong-guess-6', wrongCode(s, secret))
    expect(answer).toEqual(unknown)
    expect(answer).toMatchObject({ status: 400, body: { code: 'LOGIN_FAILED' } })
  })
})
