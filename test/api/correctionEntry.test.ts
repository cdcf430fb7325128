import type { TestServer, Visitor } from './harness.ts'
// Issue 10 item 15: an approved correction is not on the record until it is entered in the official
// system. Until an officer records the entry, the record keeps the registered value and shows the
// approved one as 已批准，待录入国网 (学信网 / 学籍信息模块 by the record's source); then it changes.
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../server/db/schema/index.ts'
import { addWorkingDays, shanghaiDate } from '../../shared/calendar/index.ts'
import { bindDaughter, featured, officer, parent, primary, uploadProof } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const college = featured.college!
const vocational = featured.vocational!

describe.each(databaseKinds)('an approved correction waits for its official entry on %s', (kind) => {
  let s: TestServer
  let mum: Visitor
  beforeAll(async () => {
    s = await startServer(kind)
    mum = await parent(s)
    await bindDaughter(mum)
  })
  afterAll(async () => { await s.close() })

  async function request(v: Visitor, recordId: string, field: string, requestedValue: string) {
    const proof = await uploadProof(s, v)
    const res = await v.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId, items: [{ field, requestedValue }], reason: '登记时录入错误', attachmentIds: [proof] } })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()).id
  }
  const approveAll = async (id: string, usernames: string[]) => {
    for (const u of usernames)
      expect((await (await officer(s, u)).api.corrections[':id'].decision.$post({ param: { id }, json: { decision: 'approve', reason: '' } })).status).toBe(200)
  }
  const enter = async (v: Visitor, id: string, enteredOn = shanghaiDate(s.clock.now)) =>
    v.api.corrections[':id']['official-entry'].$post({ param: { id }, json: { enteredOn, operator: '孙雅静', reference: 'GW-2026-0042' } })
  const recordOf = async (v: Visitor, id: string) => (await v.api.records[':id'].$get({ param: { id } })).json()

  it('a K-12 name stays as registered, marked 已批准，待录入国网, until the entry is recorded; then it changes once', async () => {
    const id = await request(mum, primary.record.id, 'student.name', '李梓涵')
    await approveAll(id, ['primary.registrar', 'zhongyuan.officer', 'zhongyuan.head'])

    const waiting = await recordOf(mum, primary.record.id)
    expect(waiting.source).toBe('全国中小学生学籍信息管理系统')
    expect(waiting.student.find(f => f.key === 'name')!.value).toBe(primary.record.name)
    expect(waiting.pendingEntries).toEqual([expect.objectContaining({ field: 'student.name', value: '李梓涵', system: 'national', label: '已批准，待录入国网', correctionId: id })])
    expect(waiting.history.filter(h => h.field === 'student.name')).toEqual([])
    expect(await (await mum.api.corrections[':id'].$get({ param: { id } })).json()).toMatchObject({ status: 'approved', awaitingEntry: true, officialEntry: null })
    const approvedNote = (await (await mum.api.notifications.$get({ query: {} })).json()).notifications.find(n => n.kind === 'correction.approved')
    expect(approvedNote!.body).toContain('已批准，待录入国网')

    // The school's registrar has it in their queue; a second request for the same field waits for it.
    const registrar = await officer(s, 'primary.registrar')
    const queue = await (await registrar.api.officer.corrections.$get({ query: {} })).json()
    expect(queue.awaitingEntry.map(c => c.id)).toContain(id)
    const approver = await (await (await officer(s, 'zhongyuan.head')).api.officer.corrections.$get({ query: {} })).json()
    expect(approver.awaitingEntry.map(c => c.id)).toContain(id) // the approving unit may record it too
    const again = await mum.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.name', requestedValue: '李子涵' }], reason: '再次申请更正', attachmentIds: [] } })
    expect(await again.json()).toMatchObject({ code: 'CORRECTION_PENDING' })

    // Outside the jurisdiction: 404; a date in the future or before approval: 400.
    expect((await enter(await officer(s, 'xiangfu.officer'), id)).status).toBe(404)
    const future = await enter(registrar, id, addWorkingDays(shanghaiDate(s.clock.now), 3).date)
    expect(future.status).toBe(400)
    expect(await future.json()).toMatchObject({ code: 'ENTRY_DATE_INVALID' })
    const otherSchool = await officer(s, 'junior.registrar')
    expect((await enter(otherSchool, id)).status).toBe(404)

    // Two officers record at once: one wins, the record changes once.
    const [a, b] = await Promise.all([enter(registrar, id), enter(await officer(s, 'zhongyuan.officer'), id)])
    expect([a.status, b.status].toSorted()).toEqual([200, 409])
    expect(await ((a.status as number) === 409 ? a : b).json()).toMatchObject({ code: 'ALREADY_ENTERED' })
    const entered = await recordOf(mum, primary.record.id)
    expect(entered.student.find(f => f.key === 'name')!.value).toBe('李梓涵')
    expect(entered.pendingEntries).toEqual([])
    expect(entered.history.filter(h => h.field === 'student.name')).toEqual([expect.objectContaining({ oldValue: primary.record.name, newValue: '李梓涵', correctionId: id })])
    expect(await (await mum.api.corrections[':id'].$get({ param: { id } })).json()).toMatchObject({ awaitingEntry: false, officialEntry: { reference: 'GW-2026-0042' } })
    expect((await (await mum.api.notifications.$get({ query: {} })).json()).notifications.some(n => n.kind === 'correction.entered')).toBe(true)
    const audited = await s.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'correction.entered'), eq(auditEvents.objectId, id)))
    expect(audited).toHaveLength(1)
    expect((await (await registrar.api.officer.corrections.$get({ query: {} })).json()).awaitingEntry.map(c => c.id)).not.toContain(id)
  })

  it('a higher-education record waits for 学信网 and a vocational one for the 学籍信息模块, by the record\'s source', async () => {
    const graduate = s.visitor()
    await signIn(graduate, '13500000061')
    await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })
    const gid = await request(graduate, college.record.id, 'student.name', `${college.record.name}一`)
    await approveAll(gid, ['college.registrar', 'henan.province'])
    const g = await recordOf(graduate, college.record.id)
    expect(g.source).toBe('学信网')
    expect(g.pendingEntries).toEqual([expect.objectContaining({ field: 'student.name', system: 'chsi', label: '已批准，待录入学信网' })])
    expect(g.student.find(f => f.key === 'name')!.value).toBe(college.record.name)

    const vocationalGraduate = s.visitor()
    await signIn(vocationalGraduate, '13500000062')
    await vocationalGraduate.api.bindings.$post({ json: { relation: 'self', name: vocational.record.name, idNumber: vocational.record.idNumber! } })
    const vid = await request(vocationalGraduate, vocational.record.id, 'diploma.major', '数控技术应用')
    await approveAll(vid, ['vocational.registrar', 'xiangfu.officer'])
    const v = await recordOf(vocationalGraduate, vocational.record.id)
    expect(v.pendingEntries).toEqual([expect.objectContaining({ field: 'diploma.major', value: '数控技术应用', system: 'provincialModule', label: '已批准，待录入学籍信息模块' })])
    expect(v.diploma!.find(f => f.key === 'major')!.value).toBe(vocational.diploma!.major)
  })
})
