import type { TestServer } from './harness.ts'
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { acceptToSchool, file, officer, parent, reportAndClose } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'

// Issue 13, outbox: the app resends a complainant's step until an answer comes (a lost answer, two
// tabs, a reload). Each step is taken once per request id, and every resend is answered as the first.
describe.each(databaseKinds)('a complainant\'s step sent again with its request id on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  async function askedForInfo() {
    const mum = await parent(s)
    const id = await file(mum)
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    await (await officer(s, 'primary.registrar')).api.complaints[':id']['info-request'].$post({ param: { id }, json: { question: '请上传出生医学证明的照片' } })
    return { mum, id }
  }
  const count = (events: { kind: string }[], kind: string) => events.filter(e => e.kind === kind).length

  it('an answer to a request for information, sent five times at once, is taken once and answered 200 each time', async () => {
    const { mum, id } = await askedForInfo()
    const json = { requestId: randomUUID(), answer: '已上传出生医学证明', attachmentIds: [] }
    const burst = await Promise.all(Array.from({ length: 5 }, () => mum.api.complaints[':id'].info.$post({ param: { id }, json })))
    expect(burst.map(r => r.status)).toEqual([200, 200, 200, 200, 200])
    const late = await mum.api.complaints[':id'].info.$post({ param: { id }, json })
    expect(late.status).toBe(200)
    const view = await late.json()
    expect(count(view.events, 'infoProvided')).toBe(1)
    expect(view.status).toBe('assigned')
    // A new answer (a new request id) is a new step, which the case no longer allows.
    const another = await mum.api.complaints[':id'].info.$post({ param: { id }, json: { ...json, requestId: randomUUID() } })
    expect(another.status).toBe(409)
  })

  it('a rating and an objection, each sent again after it was taken, are taken once', async () => {
    const { mum, id } = await askedForInfo()
    await mum.api.complaints[':id'].info.$post({ param: { id }, json: { requestId: randomUUID(), answer: '已上传', attachmentIds: [] } })
    await reportAndClose(s, id, '经核实，出生日期登记错误，已按出生医学证明在国网更正。')
    const rating = { requestId: randomUUID(), rating: 'unsatisfied' as const }
    const rated = await Promise.all(Array.from({ length: 4 }, () => mum.api.complaints[':id'].rating.$post({ param: { id }, json: rating })))
    expect(rated.map(r => r.status)).toEqual([200, 200, 200, 200])
    const second = await mum.api.complaints[':id'].rating.$post({ param: { id }, json: { requestId: randomUUID(), rating: 'satisfied' } })
    expect(await second.json()).toMatchObject({ code: 'ALREADY_RATED' })

    const objection = { requestId: randomUUID(), reason: '学校没有核实出生证明' }
    const objected = await Promise.all(Array.from({ length: 4 }, () => mum.api.complaints[':id'].objection.$post({ param: { id }, json: objection })))
    expect(objected.map(r => r.status)).toEqual([200, 200, 200, 200])
    const view = await objected[0]!.json()
    expect(view.rating).toBe('unsatisfied')
    expect(count(view.events, 'rated')).toBe(1)
    expect(count(view.events, 'objected')).toBe(1)
    expect(view.sheets.filter(sh => sh.kind === 'supervise')).toHaveLength(1)
  })

  it('a request id already used on another case is refused, and that case is not touched', async () => {
    const first = await askedForInfo()
    const json = { requestId: randomUUID(), answer: '已上传出生医学证明', attachmentIds: [] }
    expect((await first.mum.api.complaints[':id'].info.$post({ param: { id: first.id }, json })).status).toBe(200)
    const second = await askedForInfo()
    const reused = await second.mum.api.complaints[':id'].info.$post({ param: { id: second.id }, json })
    expect(reused.status).toBe(409)
    expect(await reused.json()).toMatchObject({ code: 'REQUEST_ID_REUSED' })
    const view = await (await second.mum.api.complaints[':id'].$get({ param: { id: second.id } })).json()
    expect(view.infoRequest).not.toBeNull()
    // Nor may it name another kind of step on the same case.
    await (await officer(s, 'primary.registrar')).api.complaints[':id'].report.$post({ param: { id: first.id }, json: { findings: '经核实，出生日期登记错误，已在国网更正。' } })
    await (await officer(s, 'zhongyuan.officer')).api.complaints[':id'].close.$post({ param: { id: first.id }, json: {} })
    const asRating = await first.mum.api.complaints[':id'].rating.$post({ param: { id: first.id }, json: { requestId: json.requestId, rating: 'satisfied' } })
    expect(await asRating.json()).toMatchObject({ code: 'REQUEST_ID_REUSED' })
  })
})
