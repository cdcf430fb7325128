import type { TestServer, Visitor } from './harness.ts'
import { randomUUID } from 'node:crypto'
// Issue 10 item 14: a complaint merged into another case hears that case's result. When the main case
// closes (and again after an objection reopens and closes it), the merged complaint's filer is told the
// findings, sees them on their own case page and may rate them, once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { acceptToSchool, complaintInput, file, officer, parent, reportAndClose } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'

describe.each(databaseKinds)('a merged complaint hears the result of its case on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  /** mum's case, with another complaint about the same child and problem merged into it. */
  async function mergedPair(other: Visitor, category: string) {
    const mum = await parent(s)
    const main = await file(mum, complaintInput({ category }))
    const merged = await file(other, complaintInput({ category }))
    const intake = await officer(s, 'zhongyuan.officer')
    const linked = await intake.api.complaints[':id'].link.$post({ param: { id: merged }, json: { targetId: main } })
    expect(linked.status, await linked.clone().text()).toBe(200)
    expect((await acceptToSchool(intake, main)).status).toBe(200)
    return { mum, main, merged }
  }
  const close = async (id: string, findings: string) => {
    const res = await reportAndClose(s, id, findings)
    expect(res.status, await res.clone().text()).toBe(200)
  }
  const view = async (v: Visitor, id: string) => (await v.api.complaints[':id'].$get({ param: { id } })).json()
  const told = async (v: Visitor, id: string) => (await (await v.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.kind === 'case.mergedClosed' && n.complaintId === id)

  it('the merged filer is told the findings, sees them on their own page, and rates once even when tapping five times at once', async () => {
    const grandma = await parent(s, '13300000021')
    const { main, merged } = await mergedPair(grandma, 'duplicateRecord')
    const before = await view(grandma, merged)
    expect(before).toMatchObject({ status: 'merged', mergedOutcome: { caseId: main, findings: null }, can: { rate: false } })
    const early = await grandma.api.complaints[':id'].rating.$post({ param: { id: merged }, json: { requestId: randomUUID(), rating: 'satisfied' } })
    expect(early.status).toBe(409)

    await close(main, '经核实，该生在两校重复建籍，已注销重复学籍。')
    expect(await told(grandma, merged)).toEqual([expect.objectContaining({ title: '与您的投诉合并办理的投诉已办结', body: expect.stringContaining('已注销重复学籍') })])
    const after = await view(grandma, merged)
    expect(after).toMatchObject({ status: 'merged', mergedOutcome: { caseId: main, status: 'closed', findings: '经核实，该生在两校重复建籍，已注销重复学籍。' }, can: { rate: true } })
    expect(after.events.some(e => e.kind === 'mergedOutcome')).toBe(true)

    const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => grandma.api.complaints[':id'].rating.$post({ param: { id: merged }, json: { requestId: randomUUID(), rating: i === 0 ? 'basicallySatisfied' : 'unsatisfied' } })))
    expect(burst.map(r => r.status).toSorted()).toEqual([200, 409, 409, 409, 409])
    for (const r of burst.filter(r => (r.status as number) === 409))
      expect(await r.json()).toMatchObject({ code: 'ALREADY_RATED' })
    const rated = await view(grandma, merged)
    expect(rated).toMatchObject({ can: { rate: false } })
    expect(['basicallySatisfied', 'unsatisfied']).toContain(rated.rating)
    expect(rated.events.filter(e => e.kind === 'rated')).toHaveLength(1)
    // The main case's rating stays its own filer's.
    expect(await view(await parent(s), main)).toMatchObject({ rating: null, can: { rate: true } })
  })

  it('an objection reopens the case: the merged page says so, and the second close is told again', async () => {
    const grandpa = await parent(s, '13300000022')
    const { mum, main, merged } = await mergedPair(grandpa, 'notTransferred')
    await close(main, '经核实，学籍已于本周接续。')
    const objected = await mum.api.complaints[':id'].objection.$post({ param: { id: main }, json: { requestId: randomUUID(), reason: '学籍至今没有接续，国网查不到' } })
    expect(objected.status, await objected.clone().text()).toBe(200)
    expect(await view(grandpa, merged)).toMatchObject({ mergedOutcome: { status: 'assigned', findings: null }, can: { rate: false } })
    await close(main, '经督办核实，学籍已在国网完成接续，转入学校已确认。')
    const notes = await told(grandpa, merged)
    expect(notes).toHaveLength(2)
    expect(notes.map(n => n.body).join()).toContain('转入学校已确认')
    expect(await view(grandpa, merged)).toMatchObject({ mergedOutcome: { status: 'closed', findings: '经督办核实，学籍已在国网完成接续，转入学校已确认。' }, can: { rate: true } })
  })

  it('a parent whose own two complaints were merged hears the result once and rates once', async () => {
    const mum = await parent(s)
    const { main, merged } = await mergedPair(mum, 'keyInfoChangeRefused')
    await close(main, '经核实，姓名变更已按派出所证明办理。')
    expect(await told(mum, merged)).toEqual([]) // told once, through the main case
    expect((await mum.api.complaints[':id'].rating.$post({ param: { id: main }, json: { requestId: randomUUID(), rating: 'satisfied' } })).status).toBe(200)
    expect(await view(mum, merged)).toMatchObject({ mergedOutcome: { status: 'closed' }, can: { rate: false } })
    const again = await mum.api.complaints[':id'].rating.$post({ param: { id: merged }, json: { requestId: randomUUID(), rating: 'unsatisfied' } })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'ALREADY_RATED' })
  })
})
