import type { TestServer } from './harness.ts'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../server/db/bulk.ts'
import { acceptToSchool, file, officer, parent } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

describe.each(databaseKinds)('站内消息 on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  it('marking all read clears this account\'s unread count only; a later message arrives unread', async () => {
    const mum = await parent(s)
    const intake = await officer(s, 'zhongyuan.officer')
    const first = await file(mum)
    expect((await acceptToSchool(intake, first)).status).toBe(200)
    const inbox = async (v: typeof mum) => (await v.api.notifications.$get({ query: {} })).json()
    const before = await inbox(mum)
    expect(before.unread).toBe(before.notifications.length)
    expect(before.unread).toBeGreaterThan(0)
    // The home screen's count alone, without the messages.
    const count = async (v: typeof mum) => (await v.api.notifications.unread.$get()).json()
    expect(await count(mum)).toEqual({ unread: before.unread })
    const desk = await inbox(intake)
    expect(desk.unread).toBeGreaterThan(0)

    const read = await mum.api.notifications.read.$post()
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual({ ok: true })
    const after = await inbox(mum)
    expect(after).toMatchObject({ unread: 0 })
    expect(await count(mum)).toEqual({ unread: 0 })
    expect(after.notifications.map(n => n.read)).toEqual(before.notifications.map(() => true))
    expect((await inbox(intake)).unread).toBe(desk.unread) // the officer's messages are theirs to read

    const second = await file(mum)
    expect((await acceptToSchool(intake, second)).status).toBe(200)
    const later = await inbox(mum)
    const fresh = later.notifications.filter(n => n.complaintId === second)
    expect(fresh.length).toBeGreaterThan(0)
    expect(later.unread).toBe(fresh.length)
    expect(fresh.every(n => !n.read)).toBe(true)
    expect(later.notifications.filter(n => n.complaintId !== second).every(n => n.read)).toBe(true)
    expect((await s.visitor().api.notifications.read.$post()).status).toBe(401)
    expect((await s.visitor().api.notifications.unread.$get()).status).toBe(401)
  })

  it('keeps the values each notice was worded from, so the app can word it in English (issue 13)', async () => {
    const mum = await parent(s)
    const intake = await officer(s, 'zhongyuan.officer')
    const id = await file(mum)
    const filed = (await (await intake.api.notifications.$get({ query: {} })).json()).notifications.find(n => n.complaintId === id && n.kind === 'case.new')!
    expect(filed.params).toMatchObject({ category: expect.any(String), student: expect.any(String) })
    expect(filed.body).toContain(filed.params!.student as string)
    expect((await acceptToSchool(intake, id)).status).toBe(200)
    const accepted = (await (await mum.api.notifications.$get({ query: {} })).json()).notifications.find(n => n.complaintId === id && n.kind === 'case.accepted')!
    const { number, due } = accepted.params as { number: string, due: string }
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(accepted.body).toBe(`核查单 ${number}，完成时限 ${due}`)
  })

  it('pages through a long inbox, newest first, 50 at a time, with none lost or repeated (issue 14: every list is paged)', async () => {
    const v = s.visitor()
    await signIn(v, '13900000188')
    const me = await (await v.api.me.$get()).json() as { accountId: string }
    // 120 messages; 60 share one instant (microseconds apart and equal), so the order falls back on the id
    await s.database.db.execute(sql`insert into notifications (account_id, at, kind, title, body)
      select ${me.accountId}::uuid, case when i <= 60 then timestamptz '2026-11-30 09:00:00.123456+08' else timestamptz '2026-11-30 08:00:00+08' + (i * interval '1 microsecond') end, 'case.accepted', '已受理', '消息 ' || i
      from generate_series(1, 120) i`)
    const seen: string[] = []
    let before: string | undefined
    const sizes: number[] = []
    do {
      const res = await v.api.notifications.$get({ query: before ? { before } : {} })
      expect(res.status).toBe(200)
      const page = await res.json()
      sizes.push(page.notifications.length)
      seen.push(...page.notifications.map(n => n.id))
      expect(page.unread).toBe(120)
      before = page.next ?? undefined
    } while (before)
    expect(sizes).toEqual([50, 50, 20])
    expect(new Set(seen).size).toBe(120)
    const order = await s.database.db.execute(sql`select id from notifications where account_id = ${me.accountId}::uuid order by at desc, id desc`)
    expect(seen).toEqual(rowsOf(order).map(r => r.id))

    const forged = await v.api.notifications.$get({ query: { before: 'bm90IGEgY3Vyc29y' } })
    expect(forged.status).toBe(400)
    expect(await forged.json()).toMatchObject({ code: 'CURSOR_INVALID' })
  })
})
