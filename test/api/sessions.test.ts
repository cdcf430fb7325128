import type { TestServer } from './harness.ts'
// design (server/auth/session.ts): a phone stays signed in for a week; an officer's desk session ends after 12 hours.
import { count, eq, lt } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { accounts, outboxMessages, sessions, signInLimits, smsCodes } from '../../server/db/schema/index.ts'
import { sweepAll } from '../../server/sla/sweeper.ts'
import { officer } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe.each(databaseKinds)('how long a sign-in lasts on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind, { students: 5 }) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('a citizen stays signed in for 7 days, then must sign in again', async () => {
    const v = s.visitor()
    await signIn(v, '13800000501')
    s.clock.advance(7 * 24 * HOUR - MINUTE)
    expect((await v.api.me.$get()).status).toBe(200)
    s.clock.advance(2 * MINUTE)
    const expired = await v.api.me.$get()
    expect(expired.status).toBe(401)
    expect(await expired.json()).toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('an officer\'s session ends 12 hours after signing in', async () => {
    const v = await officer(s, 'zhongyuan.officer')
    s.clock.advance(12 * HOUR - MINUTE)
    expect((await v.api.me.$get()).status).toBe(200)
    s.clock.advance(2 * MINUTE)
    const expired = await v.api.me.$get()
    expect(expired.status).toBe(401)
    expect(await expired.json()).toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('what a sign-in leaves behind is forgotten once no rule reads it: sessions at their end, codes after a day, limits after their window', async () => {
    const rows = async () => {
      const { db } = s.deps
      const n = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n
      const sessionsOf = (phone: string) => db.select({ n: count() }).from(sessions).innerJoin(accounts, eq(accounts.id, sessions.accountId)).where(eq(accounts.phone, phone))
      return {
        firstSessions: await n(sessionsOf('13800000503')),
        laterSessions: await n(sessionsOf('13800000504')),
        firstCodes: await n(db.select({ n: count() }).from(smsCodes).where(eq(smsCodes.phone, '13800000503'))),
        firstTexts: await n(db.select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.recipient, '13800000503'))),
        limits: await n(db.select({ n: count() }).from(signInLimits)),
        expiredSessions: await n(db.select({ n: count() }).from(sessions).where(lt(sessions.expiresAt, s.clock.now))),
      }
    }
    const v = s.visitor()
    await signIn(v, '13800000503')
    expect(await (await s.visitor().api.auth.officer.$post({ json: { username: 'zhongyuan.officer', password: 'wrong-password' } })).json()).toMatchObject({ code: 'LOGIN_FAILED' })
    await sweepAll(s.deps)
    const kept = await rows()
    expect(kept).toMatchObject({ firstSessions: 1, firstCodes: 1, firstTexts: 1, expiredSessions: 0 })
    expect(kept.limits).toBeGreaterThan(0)

    s.clock.advance(7 * 24 * HOUR + MINUTE)
    const later = s.visitor()
    await signIn(later, '13800000504')
    // Two instances sweeping at once: one forgets, the other finds the work taken (an advisory lock).
    await Promise.all([sweepAll(s.deps), sweepAll(s.deps)])
    expect(await rows()).toMatchObject({ firstSessions: 0, laterSessions: 1, firstCodes: 0, firstTexts: 0, limits: 0, expiredSessions: 0 })
    expect((await v.api.me.$get()).status).toBe(401)
    expect((await later.api.me.$get()).status).toBe(200)
  })

  it('the cookie lasts as long as the session', async () => {
    const citizen = s.visitor()
    await citizen.api.auth.sms.send.$post({ json: { phone: '13800000502' } })
    const code = (await (await citizen.api.dev['sms-outbox'].$post({ json: { phone: '13800000502' } })).json() as { messages: { code: string }[] }).messages[0]!.code
    const signedIn = await citizen.api.auth.sms.verify.$post({ json: { phone: '13800000502', code } })
    expect(signedIn.headers.get('set-cookie')).toMatch(/Max-Age=604800(;|$)/)
    const desk = await s.visitor().api.auth.officer.$post({ json: { username: 'zhongyuan.head', password: 'xjt-demo-2026' } })
    expect(desk.headers.get('set-cookie')).toMatch(/Max-Age=43200(;|$)/)
  })
})
