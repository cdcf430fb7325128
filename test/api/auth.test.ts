import type { TestServer } from './harness.ts'
import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { outboxMessages } from '../../server/db/schema/index.ts'
import { readEnv } from '../../server/env.ts'
import { databaseKinds, outboxCode, signIn, startServer } from './harness.ts'

describe.each(databaseKinds)('phone sign-in on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('a code from the outbox signs the visitor in and /api/me knows them', async () => {
    const v = s.visitor()
    await signIn(v, '13800000001')
    expect(v.cookies.get('xjt_session')).toBeTruthy()
    const me = await (await v.api.me.$get()).json()
    expect(me).toMatchObject({ kind: 'citizen', phone: '13800000001', bindings: [] })
  })

  it('the session cookie is HttpOnly and SameSite', async () => {
    const v = s.visitor()
    await v.api.auth.sms.send.$post({ json: { phone: '13800000002' } })
    const res = await v.api.auth.sms.verify.$post({ json: { phone: '13800000002', code: await outboxCode(v, '13800000002') } })
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
  })

  it('without a session /api/me answers 401 with a stable code', async () => {
    const res = await s.visitor().api.me.$get()
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' })
  })

  it('/api/session answers a visitor who is not signed in with me: null, not an error (issue 13 item 10)', async () => {
    const v = s.visitor()
    const before = await v.api.session.$get()
    expect(before.status).toBe(200)
    expect(await before.json()).toEqual({ me: null, demo: true })
    await signIn(v, '13800000003')
    expect(await (await v.api.session.$get()).json()).toMatchObject({ me: { kind: 'citizen', phone: '13800000003' } })
  })

  it('a wrong phone number is refused with a Chinese message', async () => {
    const res = await s.visitor().api.auth.sms.send.$post({ json: { phone: '12345' } })
    expect(res.status).toBe(400)
    const body = await res.json() as any
    expect(body.code).toBe('VALIDATION_FAILED')
    expect(body.issues[0]).toMatchObject({ path: 'phone', message: '请输入 11 位中国大陆手机号' })
  })

  it('codes are stored hashed, never in clear', async () => {
    const v = s.visitor()
    await v.api.auth.sms.send.$post({ json: { phone: '13800000003' } })
    const code = await outboxCode(v, '13800000003')
    const rows = await s.database.db.query.smsCodes.findMany()
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some(r => r.codeHash.includes(code))).toBe(false)
  })

  it('a wrong code uses up one of five attempts, then the code is locked', async () => {
    const v = s.visitor()
    const phone = '13800000004'
    await v.api.auth.sms.send.$post({ json: { phone } })
    const right = await outboxCode(v, phone)
    const wrong = right === '000000' ? '111111' : '000000'
    const first = await v.api.auth.sms.verify.$post({ json: { phone, code: wrong } })
    expect(await first.json()).toMatchObject({ code: 'CODE_WRONG', message: '验证码不正确，还可以再试 4 次' })
    for (let i = 0; i < 4; i++)
      await v.api.auth.sms.verify.$post({ json: { phone, code: wrong } })
    const locked = await v.api.auth.sms.verify.$post({ json: { phone, code: right } })
    expect(await locked.json()).toMatchObject({ code: 'CODE_LOCKED' })
  })

  it('a code expires after 5 minutes', async () => {
    const v = s.visitor()
    const phone = '13800000005'
    await v.api.auth.sms.send.$post({ json: { phone } })
    const code = await outboxCode(v, phone)
    s.clock.advance(5 * 60_000 + 1000)
    const res = await v.api.auth.sms.verify.$post({ json: { phone, code } })
    expect(await res.json()).toMatchObject({ code: 'CODE_EXPIRED' })
  })

  it('a code works once only', async () => {
    const v = s.visitor()
    const phone = '13800000006'
    await v.api.auth.sms.send.$post({ json: { phone } })
    const code = await outboxCode(v, phone)
    expect((await v.api.auth.sms.verify.$post({ json: { phone, code } })).status).toBe(200)
    const other = s.visitor()
    const again = await other.api.auth.sms.verify.$post({ json: { phone, code } })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'CODE_EXPIRED' })
    expect(other.cookies.has('xjt_session')).toBe(false)
  })

  it('a second code within 60 seconds is refused and says when to try again', async () => {
    const v = s.visitor()
    const phone = '13800000007'
    expect((await v.api.auth.sms.send.$post({ json: { phone } })).status).toBe(200)
    s.clock.advance(20_000)
    const res = await v.api.auth.sms.send.$post({ json: { phone } })
    expect(res.status).toBe(429)
    expect(await res.json()).toMatchObject({ code: 'SMS_TOO_SOON', retryAfterSeconds: 40, message: '操作过于频繁，请在 40 秒后再试' })
  })

  it('a burst of sends for one phone issues one code and sends one message; the rest wait their turn', async () => {
    const phone = '13800000017'
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => s.visitor(`10.7.7.${i + 1}`).api.auth.sms.send.$post({ json: { phone } })))
    expect(answers.map(a => a.status).sort()).toEqual([200, 429, 429, 429, 429, 429, 429, 429])
    const texts = await s.database.db.select({ id: outboxMessages.id }).from(outboxMessages).where(and(eq(outboxMessages.recipient, phone), eq(outboxMessages.template, 'signInCode')))
    expect(texts).toHaveLength(1)
  })

  it('a phone gets at most 5 codes an hour', async () => {
    const v = s.visitor()
    const phone = '13800000008'
    for (let i = 0; i < 5; i++) {
      expect((await v.api.auth.sms.send.$post({ json: { phone } })).status).toBe(200)
      s.clock.advance(61_000)
    }
    const res = await v.api.auth.sms.send.$post({ json: { phone } })
    expect(res.status).toBe(429)
    expect(await res.json()).toMatchObject({ code: 'SMS_PHONE_LIMIT' })
  })

  it('one client address gets at most 20 codes an hour, across phones', async () => {
    const v = s.visitor('10.9.9.9')
    for (let i = 0; i < 20; i++)
      expect((await v.api.auth.sms.send.$post({ json: { phone: `1390000${String(i).padStart(4, '0')}` } })).status).toBe(200)
    const res = await v.api.auth.sms.send.$post({ json: { phone: '13911112222' } })
    expect(res.status).toBe(429)
    expect(await res.json()).toMatchObject({ code: 'SMS_IP_LIMIT' })
  })

  it('a burst from one address across phones stops at 20 codes an hour', async () => {
    const answers = await Promise.all(Array.from({ length: 26 }, (_, i) => s.visitor('10.9.9.77').api.auth.sms.send.$post({ json: { phone: `1370000${String(i).padStart(4, '0')}` } })))
    expect(answers.filter(a => a.status === 200)).toHaveLength(20)
    expect(answers.filter(a => (a.status as number) === 429)).toHaveLength(6)
  })

  it('logging out ends the session on the server', async () => {
    const v = s.visitor()
    await signIn(v, '13800000009')
    const token = v.cookies.get('xjt_session')!
    await v.api.auth.logout.$post()
    const stale = s.visitor()
    stale.cookies.set('xjt_session', token)
    expect((await stale.api.me.$get()).status).toBe(401)
  })
})

describe.each(databaseKinds)('cross-site protection on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind, { students: 5 }) })
  afterAll(async () => { await s.close() })

  it('a form posted from another site is refused', async () => {
    const res = await fetch(`${s.baseUrl}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'origin': 'https://evil.example' },
      body: 'x=1',
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'CROSS_SITE_REJECTED' })
  })

  it('answers about a person are never kept in the browser\'s cache, signed in or not', async () => {
    const v = s.visitor()
    await signIn(v, '13800000004')
    const answers = [await v.api.me.$get(), await v.api.session.$get(), await s.visitor().api.me.$get()]
    expect(answers.map(r => r.status)).toEqual([200, 200, 401])
    for (const res of answers)
      expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('responses carry security headers', async () => {
    const res = await fetch(`${s.baseUrl}/api/health`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors \'none\'')
    expect(await res.json()).toEqual({ status: 'ok', database: kind })
  })

  it('every API answer in JSON, a refusal too, gets the API\'s headers and a request id; anything else the page\'s', async () => {
    const refused = await fetch(`${s.baseUrl}/api/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example' } })
    const answers = [await fetch(`${s.baseUrl}/api/health`), await fetch(`${s.baseUrl}/api/no-such-thing`), refused]
    expect(answers.map(r => r.status)).toEqual([200, 404, 403])
    const ids = new Set<string | null>()
    for (const res of answers) {
      expect(res.headers.get('content-security-policy')).toBe('default-src \'none\'; frame-ancestors \'none\'')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/)
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('cross-origin-opener-policy')).toBeNull() // a page's header: JSON is never one
      ids.add(res.headers.get('x-request-id'))
    }
    expect([...ids].filter(id => /^[0-9a-f-]{36}$/.test(id ?? ''))).toHaveLength(3)
    const page = await fetch(`${s.baseUrl}/no-such-page`) // no built app here: a plain-text 404
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; .*frame-ancestors 'none'$/)
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(page.headers.get('x-request-id')).toBeNull()
    const bare = await fetch(`${s.baseUrl}/api`) // the API's, as /api/* is
    expect(bare.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await bare.json()).toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe.each(databaseKinds)('officer sign-in on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('an officer signs in with username and password and sees their unit', async () => {
    const v = s.visitor()
    const res = await v.api.auth.officer.$post({ json: { username: 'zhongyuan.officer', password: 'xjt-demo-2026' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ kind: 'officer', unit: { kind: 'county' } })
  })

  it('passwords are stored as scrypt hashes', async () => {
    const rows = await s.database.db.query.accounts.findMany({ where: (a, { eq }) => eq(a.kind, 'officer') })
    expect(rows.every(r => r.passwordHash?.startsWith('scrypt$'))).toBe(true)
  })

  it('after five wrong passwords from one address, the next try from there has to wait', async () => {
    const v = s.visitor()
    for (let i = 0; i < 5; i++) {
      const res = await v.api.auth.officer.$post({ json: { username: 'zhongyuan.head', password: 'wrong' } })
      expect(await res.json()).toMatchObject({ code: 'LOGIN_FAILED', message: '用户名或密码不正确' })
    }
    const locked = await v.api.auth.officer.$post({ json: { username: 'zhongyuan.head', password: 'xjt-demo-2026' } })
    expect(locked.status).toBe(429)
    s.clock.advance(16 * 60_000)
    expect((await v.api.auth.officer.$post({ json: { username: 'zhongyuan.head', password: 'xjt-demo-2026' } })).status).toBe(200)
  })
})

describe('demo mode', () => {
  it('outside demo mode the outbox route does not exist', async () => {
    const s = await startServer('pglite', { demo: false, students: 5 })
    const res = await s.visitor().api.dev['sms-outbox'].$post({ json: { phone: '13800000001' } })
    expect(res.status).toBe(404)
    await s.close()
  })

  it('outside demo mode an unconfigured SMS sender stops the server from starting', () => {
    expect(() => readEnv({ DEMO: 'false', SECRET: 'y'.repeat(32) })).toThrow(/SMS_SENDER/)
  })
})
