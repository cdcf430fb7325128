import type { TestServer } from './harness.ts'
// design (server/auth/session.ts): a phone stays signed in for a week; an officer's desk session ends after 12 hours.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
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

  it('the cookie lasts as long as the session', async () => {
    const citizen = s.visitor()
    await citizen.api.auth.sms.send.$post({ json: { phone: '13800000502' } })
    const code = (await (await citizen.api.dev['sms-outbox'].$get({ query: { phone: '13800000502' } })).json() as { messages: { code: string }[] }).messages[0]!.code
    const signedIn = await citizen.api.auth.sms.verify.$post({ json: { phone: '13800000502', code } })
    expect(signedIn.headers.get('set-cookie')).toMatch(/Max-Age=604800(;|$)/)
    const desk = await s.visitor().api.auth.officer.$post({ json: { username: 'zhongyuan.head', password: 'xjt-demo-2026' } })
    expect(desk.headers.get('set-cookie')).toMatch(/Max-Age=43200(;|$)/)
  })
})
