import type { TestServer, Visitor } from './harness.ts'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts } from '../../server/db/schema/index.ts'
import { PASSWORD } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'
import { codeNow, enrolTotp, officerWithoutCode, wrongCode } from './totpKit.ts'

function signIn(v: Visitor, username: string, password: string, totp?: string) {
  return v.api.auth.officer.$post({ json: { username, password, ...(totp ? { totp } : {}) } })
}

describe.each(databaseKinds)('an officer\'s second factor on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  it('enrolment shows a QR code and the secret, and needs a right first code', async () => {
    const v = await officerWithoutCode(s, 'zhengzhou.city')
    const started = await v.api.officer.security.totp.$post()
    const body = await started.json()
    expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(body.uri).toMatch(/^otpauth:\/\/totp\/.*zhengzhou\.city\?.*issuer=/)
    const secret = body.secret.replaceAll(' ', '')
    const wrong = await v.api.officer.security.totp.confirm.$post({ json: { code: wrongCode(s, secret) } })
    expect(await wrong.json()).toMatchObject({ code: 'TOTP_WRONG' })
    expect((await (await v.api.officer.security.$get()).json()).totpEnabled).toBe(false)
    const right = await v.api.officer.security.totp.confirm.$post({ json: { code: codeNow(s, secret) } })
    expect(right.status).toBe(200)
    expect(await (await v.api.me.$get()).json()).toMatchObject({ totp: { enabled: true, required: false } })
  })

  it('the secret is stored sealed, not in clear', async () => {
    const v = await officerWithoutCode(s, 'kaifeng.city')
    const secret = await enrolTotp(s, v)
    const [row] = await s.database.db.select({ stored: sql<string>`${accounts.totpSecret}` }).from(accounts).where(eq(accounts.username, 'kaifeng.city'))
    expect(row!.stored).toMatch(/^v1\./)
    expect(row!.stored).not.toContain(secret)
  })

  it('once enrolled, password alone asks for the code, password plus code signs in, and a code works once', async () => {
    const secret = await enrolTotp(s, await officerWithoutCode(s, 'henan.province'))
    const v = s.visitor()
    expect(await (await signIn(v, 'henan.province', PASSWORD)).json()).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' })
    const code = codeNow(s, secret)
    expect((await signIn(v, 'henan.province', PASSWORD, code)).status).toBe(200)
    expect(await (await signIn(s.visitor(), 'henan.province', PASSWORD, code)).json()).toMatchObject({ code: 'LOGIN_FAILED' })
  })

  it('five wrong codes after the right password lock the code for 15 minutes', async () => {
    const secret = await enrolTotp(s, await officerWithoutCode(s, 'junior.registrar'))
    for (let i = 0; i < 5; i++)
      expect(await (await signIn(s.visitor(), 'junior.registrar', PASSWORD, wrongCode(s, secret))).json()).toMatchObject({ code: 'LOGIN_FAILED' })
    const locked = await signIn(s.visitor(), 'junior.registrar', PASSWORD, codeNow(s, secret))
    expect(await locked.json()).toMatchObject({ code: 'TOTP_LOCKED' })
    s.clock.advance(15 * 60_000)
    expect((await signIn(s.visitor(), 'junior.registrar', PASSWORD, codeNow(s, secret))).status).toBe(200)
  })
})

describe.each(databaseKinds)('a unit that requires the second factor on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  it('only the unit\'s head can require it', async () => {
    const officer = await officerWithoutCode(s, 'xiangfu.officer')
    expect(await (await officer.api.officer.security.unit.$put({ json: { requireTotp: true } })).json()).toMatchObject({ code: 'UNIT_HEAD_ONLY' })
    const head = await officerWithoutCode(s, 'xiangfu.head')
    expect((await head.api.officer.security.unit.$put({ json: { requireTotp: true } })).status).toBe(200)
    expect(await (await head.api.officer.security.$get()).json()).toMatchObject({ totpRequired: true, unit: { requiresTotp: true, canChange: true } })
  })

  it('an officer of the unit, or of a school under it, must enrol before anything else, then works as before', async () => {
    const registrar = await officerWithoutCode(s, 'vocational.registrar') // a school under 祥符区
    expect(await (await registrar.api.me.$get()).json()).toMatchObject({ totp: { enabled: false, required: true } })
    const blocked = await registrar.api.officer.records.search.$post({ json: { q: '张' } })
    expect(blocked.status).toBe(403)
    expect(await blocked.json()).toMatchObject({ code: 'SECOND_FACTOR_ENROLMENT_REQUIRED' })
    await enrolTotp(s, registrar)
    expect((await registrar.api.officer.records.search.$post({ json: { q: '张' } })).status).toBe(200)
  })

  it('officers of other units are not affected', async () => {
    const other = await officerWithoutCode(s, 'zhongyuan.officer')
    expect((await other.api.officer.records.search.$post({ json: { q: '张' } })).status).toBe(200)
  })
})

describe.each(databaseKinds)('an officer\'s password and sessions on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  const change = (v: Visitor, currentPassword: string, newPassword: string) => v.api.officer.security.password.$post({ json: { currentPassword, newPassword } })

  it.each([
    ['shorter than 10', 'Ab1!xyz', '密码至少需要 10 位'],
    ['of one kind of character', 'abcdefghijkl', '至少三种'],
    ['made of a common word', 'Password123!', '太常见'],
    ['containing the username', 'Primary.registrar2026', '不能包含用户名'],
  ])('a new password %s is refused with WEAK_PASSWORD and a Chinese reason', async (_what, weak, reason) => {
    const v = await officerWithoutCode(s, 'primary.registrar')
    const res = await change(v, PASSWORD, weak)
    expect(res.status).toBe(400)
    const body = await res.json() as unknown as { issues: { path: string, code: string, message: string }[] }
    expect(body.issues[0]).toMatchObject({ path: 'newPassword', code: 'WEAK_PASSWORD' })
    expect(body.issues[0]!.message).toContain(reason)
  })

  it('a strong new password needs the current one, ends the other sessions and keeps this one', async () => {
    const desk = await officerWithoutCode(s, 'primary.registrar2')
    const other = await officerWithoutCode(s, 'primary.registrar2')
    expect(await (await change(desk, 'not-the-password', 'Qiu-2026-xuejiA')).json()).toMatchObject({ code: 'PASSWORD_WRONG' })
    expect((await change(desk, PASSWORD, 'Qiu-2026-xuejiA')).status).toBe(200)
    expect((await desk.api.me.$get()).status).toBe(200)
    expect((await other.api.me.$get()).status).toBe(401)
    expect((await signIn(s.visitor(), 'primary.registrar2', 'Qiu-2026-xuejiA')).status).toBe(200)
  })

  it('lists one\'s own sessions with the current one marked, ends one, then all', async () => {
    const device = (ua: string) => {
      const v = s.visitor()
      const fetchWithUa: typeof fetch = (input, init) => v.fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'user-agent': ua } })
      return { ...v, fetch: fetchWithUa }
    }
    const phoneUa = 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36'
    const desk = await officerWithoutCode(s, 'college.registrar')
    const other = device(phoneUa)
    await other.fetch(`${s.baseUrl}/api/auth/officer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'college.registrar', password: PASSWORD }) })
    const someoneElse = await officerWithoutCode(s, 'college.registrar2')

    s.clock.advance(10 * 60_000)
    await desk.api.me.$get() // seen again ten minutes later
    const list = (await (await desk.api.auth.sessions.$get()).json()).sessions
    expect(list).toHaveLength(2)
    const current = list.find(x => x.current)!
    const phoneSession = list.find(x => !x.current)!
    expect(new Date(current.lastSeenAt).getTime() - new Date(current.createdAt).getTime()).toBe(10 * 60_000)
    expect(phoneSession.device).toBe('Chrome · Android')

    expect((await someoneElse.api.auth.sessions[':id'].$delete({ param: { id: phoneSession.id } })).status).toBe(404)
    expect((await desk.api.auth.sessions[':id'].$delete({ param: { id: phoneSession.id } })).status).toBe(200)
    expect((await other.fetch(`${s.baseUrl}/api/me`)).status).toBe(401)
    expect((await desk.api.me.$get()).status).toBe(200)

    const again = await officerWithoutCode(s, 'college.registrar')
    expect((await desk.api.auth.sessions['end-all'].$post()).status).toBe(200)
    expect((await desk.api.me.$get()).status).toBe(401)
    expect((await again.api.me.$get()).status).toBe(401)
    expect((await someoneElse.api.me.$get()).status).toBe(200)
  })
})
