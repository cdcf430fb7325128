import type { TestServer } from './harness.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptToSchool, file, officer, parent } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'

describe.each(databaseKinds)('站内消息 on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(async () => { await s.close() })

  it('marking all read clears this account\'s unread count only; a later message arrives unread', async () => {
    const mum = await parent(s)
    const intake = await officer(s, 'zhongyuan.officer')
    const first = await file(mum)
    expect((await acceptToSchool(intake, first)).status).toBe(200)
    const inbox = async (v: typeof mum) => (await v.api.notifications.$get()).json()
    const before = await inbox(mum)
    expect(before.unread).toBe(before.notifications.length)
    expect(before.unread).toBeGreaterThan(0)
    const desk = await inbox(intake)
    expect(desk.unread).toBeGreaterThan(0)

    const read = await mum.api.notifications.read.$post()
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual({ ok: true })
    const after = await inbox(mum)
    expect(after).toMatchObject({ unread: 0 })
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
  })
})
