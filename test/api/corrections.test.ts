import type { TestServer, Visitor } from './harness.ts'
import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { corrections } from '../../server/db/schema/index.ts'
import { sweepCorrections } from '../../server/features/corrections/sweep.ts'
import { shanghaiDate, workingDaysBetween } from '../../shared/calendar/index.ts'
import { casePolicy } from '../../shared/complaints/categories.ts'
import { featured, mother, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const college = featured.college!
const vocational = featured.vocational!

async function upload(v: Visitor, baseUrl: string) {
  const form = new FormData()
  form.append('file', new File([new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])], 'hukou.png'))
  const res = await v.fetch(`${baseUrl}/api/uploads`, { method: 'POST', body: form })
  return ((await res.json()) as { id: string }).id
}

describe.each(databaseKinds)('corrections on %s', (kind) => {
  let s: TestServer
  let mum: Visitor
  let graduate: Visitor
  let vocationalGraduate: Visitor
  beforeAll(async () => {
    s = await startServer(kind)
    mum = await parent(s)
    await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
    graduate = s.visitor()
    await signIn(graduate, '13500000077')
    await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })
    vocationalGraduate = s.visitor()
    await signIn(vocationalGraduate, '13500000078')
    await vocationalGraduate.api.bindings.$post({ json: { relation: 'self', name: vocational.record.name, idNumber: vocational.record.idNumber! } })
  })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  /** issue 10: the record changes once the school's registrar records the entry in the official system. */
  const enter = async (id: string, registrar: string) => {
    const res = await (await officer(s, registrar)).api.corrections[':id']['official-entry'].$post({ param: { id }, json: { enteredOn: shanghaiDate(s.clock.now), operator: '孙雅静', reference: 'GW-2026-0001' } })
    expect(res.status, await res.clone().text()).toBe(200)
  }
  const request = async (v: Visitor, recordId: string, items: { field: string, requestedValue: string }[], withProof = true) =>
    v.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId, items, reason: '登记时录入错误', attachmentIds: withProof ? [await upload(v, s.baseUrl)] : [] } })

  it('without proofs the applicant is told which proofs to bring: 户籍登记项目变更证明 or 户籍注销证明 for a K-12 name (004:3)', async () => {
    const res = await request(mum, primary.record.id, [{ field: 'student.name', requestedValue: '李梓涵' }], false)
    expect(res.status).toBe(400)
    const body = await res.json() as any
    expect(body.code).toBe('PROOFS_REQUIRED')
    expect(body.message).toContain('户籍登记项目变更证明')
    expect(body.message).toContain('户籍注销证明')
  })

  it('学籍号 cannot be corrected (004:1)', async () => {
    const res = await request(mum, primary.record.id, [{ field: 'placement.registryNo', requestedValue: 'G123' }])
    expect(await res.json()).toMatchObject({ code: 'CORRECTION_NOT_ALLOWED' })
  })

  it('dual control: the registrar who reviewed cannot also approve; a second registrar approves and the record changes with its history kept', async () => {
    const res = await request(mum, primary.record.id, [{ field: 'student.currentAddress', requestedValue: '河南省郑州市中原区建设西路 8 号' }])
    expect(res.status).toBe(201)
    const filed = await res.json()
    expect(filed.steps.map(x => x.label)).toEqual(['学校学籍管理员审核', '学校另一名学籍管理员复核（双岗）'])
    const first = await officer(s, 'primary.registrar')
    expect((await first.api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })).status).toBe(200)
    const again = await first.api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })
    expect(again.status).toBe(403)
    expect(await again.json()).toMatchObject({ code: 'SAME_PERSON' })
    const second = await officer(s, 'primary.registrar2')
    const done = await (await second.api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })).json()
    expect(done.status).toBe('approved')
    await enter(filed.id, 'primary.registrar')
    const record = await (await mum.api.records[':id'].$get({ param: { id: primary.record.id } })).json()
    expect(record.student.find(f => f.key === 'currentAddress')!.value).toBe('河南省郑州市中原区建设西路 8 号')
    expect(record.history[0]).toMatchObject({ field: 'student.currentAddress', oldValue: primary.record.currentAddress, newValue: '河南省郑州市中原区建设西路 8 号' })
  })

  it('a K-12 name change goes through the school and the county bureau (004:3)', async () => {
    const filed = await (await request(mum, primary.record.id, [{ field: 'student.name', requestedValue: '李梓涵' }])).json()
    const decide = async (username: string) => (await (await officer(s, username)).api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })).json()
    const wrongUnit = await (await officer(s, 'xiangfu.officer')).api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })
    expect(wrongUnit.status).toBe(404)
    expect(await decide('primary.registrar')).toMatchObject({ status: 'pending', step: 1 })
    const unchanged = await (await mum.api.records[':id'].$get({ param: { id: primary.record.id } })).json()
    expect(unchanged.student[0]!.value).toBe(primary.record.name)
    expect(await decide('zhongyuan.officer')).toMatchObject({ status: 'pending', step: 2 })
    expect(await decide('zhongyuan.head')).toMatchObject({ status: 'approved' })
    await enter(filed.id, 'primary.registrar')
    const record = await (await mum.api.records[':id'].$get({ param: { id: primary.record.id } })).json()
    expect(record.student[0]!.value).toBe('李梓涵')
    expect(record.history.some(h => h.field === 'student.name' && h.oldValue === primary.record.name)).toBe(true)
  })

  it('不予受理 states its reason and the student can submit again', async () => {
    const filed = await (await request(mum, primary.record.id, [{ field: 'student.ethnicity', requestedValue: '回族' }])).json()
    const registrar = await officer(s, 'primary.registrar')
    const refusedNoReason = await registrar.api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'notAccepted', reason: '' } })
    expect(await refusedNoReason.json()).toMatchObject({ code: 'REASON_REQUIRED' })
    const refused = await (await registrar.api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'notAccepted', reason: '户口簿照片不清晰，无法核对' } })).json()
    expect(refused).toMatchObject({ status: 'notAccepted', outcomeReason: '户口簿照片不清晰，无法核对' })
    const inbox = await (await mum.api.notifications.$get({ query: {} })).json()
    expect(inbox.notifications.some(n => n.kind === 'correction.refused' && n.body.includes('户口簿照片不清晰'))).toBe(true)
    expect((await request(mum, primary.record.id, [{ field: 'student.ethnicity', requestedValue: '回族' }])).status).toBe(201)
  })

  const approve = async (username: string, id: string) =>
    (await officer(s, username)).api.corrections[':id'].decision.$post({ param: { id }, json: { decision: 'approve', reason: '' } })

  it('a published diploma record\'s 姓名 is not changed by the college alone: the school verifies, the province confirms (002:19, 002:17)', async () => {
    const res = await request(graduate, college.record.id, [{ field: 'student.name', requestedValue: '刘雨彤' }])
    expect(res.status).toBe(201)
    const filed = await res.json()
    expect(filed.steps.map(x => [x.role, x.unitName])).toEqual([['registrar', college.schoolName], ['officer', '河南省教育厅']])
    expect((await (await approve('college.registrar', filed.id)).json())).toMatchObject({ status: 'pending', step: 1 })
    expect((await approve('college.leader', filed.id)).status).toBe(403) // the college cannot finish it
    expect((await (await approve('henan.province', filed.id)).json()).status).toBe('approved')
    await enter(filed.id, 'college.registrar')
    const record = await (await graduate.api.records[':id'].$get({ param: { id: college.record.id } })).json()
    expect(record.student.find(f => f.key === 'name')!.value).toBe('刘雨彤')
  })

  it('after publication any other information change is refused, quoting 002:19', async () => {
    const res = await request(graduate, college.record.id, [{ field: 'student.currentAddress', requestedValue: '河南省郑州市金水区文化路 1 号' }])
    expect(res.status).toBe(400)
    const body = await res.json() as any
    expect(body.code).toBe('CORRECTION_NOT_ALLOWED')
    expect(body.message).toContain('不再受理学生信息变更事宜')
    expect(body.message).toContain('第十九条')
  })

  it('a vocational graduate\'s 姓名 and 民族 take one path: the school, then the 学籍主管部门 (003:14, 003:25)', async () => {
    for (const item of [{ field: 'student.name', requestedValue: '陈思源' }, { field: 'student.ethnicity', requestedValue: '回族' }]) {
      const filed = await (await request(vocationalGraduate, vocational.record.id, [item])).json()
      expect(filed.steps.map(x => x.role)).toEqual(['registrar', 'officer'])
      expect(filed.steps.map(x => x.unitName)).not.toContain('河南省教育厅')
      expect((await (await approve('vocational.registrar', filed.id)).json()).step).toBe(1)
      expect((await (await approve('xiangfu.officer', filed.id)).json()).status).toBe('approved')
    }
  })

  it('an approved vocational diploma change is told to the province, which prints the diplomas, without asking it (003:17, design)', async () => {
    const filed = await (await request(vocationalGraduate, vocational.record.id, [{ field: 'diploma.major', requestedValue: '数控技术应用' }])).json()
    expect(filed.steps).toHaveLength(2)
    await approve('vocational.registrar2', filed.id)
    expect((await (await approve('xiangfu.officer', filed.id)).json()).status).toBe('approved')
    const inbox = await (await (await officer(s, 'henan.province')).api.notifications.$get({ query: {} })).json()
    expect(inbox.notifications.some(n => n.kind === 'correction.informed' && n.body.includes('专业'))).toBe(true)
  })

  it('a published diploma record changes only after the province confirms (002:19)', async () => {
    const filed = await (await request(graduate, college.record.id, [{ field: 'diploma.major', requestedValue: '计算机科学与技术' }])).json()
    expect(filed.steps.map(x => x.unitName).at(-1)).toBe('河南省教育厅')
    await approve('college.registrar2', filed.id)
    const pending = await (await graduate.api.corrections[':id'].$get({ param: { id: filed.id } })).json()
    expect(pending).toMatchObject({ status: 'pending', step: 1 })
    const record = await (await graduate.api.records[':id'].$get({ param: { id: college.record.id } })).json()
    expect(record.diploma!.find(f => f.key === 'major')!.value).not.toBe('计算机科学与技术')
    const oldMajor = college.diploma!.major
    expect(record.diploma!.find(f => f.key === 'major')!.value).toBe(oldMajor)
    const city = await (await officer(s, 'zhengzhou.city')).api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })
    expect(city.status).toBe(404) // the college is not under the city: the request does not exist for it
    expect(await city.json()).toMatchObject({ code: 'RECORD_NOT_FOUND' })
    const leader = await approve('college.leader', filed.id)
    expect(leader.status).toBe(403) // the college sees it, but the last step is the province's
    expect(await leader.json()).toMatchObject({ code: 'NOT_YOUR_STEP' })
    expect((await (await graduate.api.records[':id'].$get({ param: { id: college.record.id } })).json()).diploma!.find(f => f.key === 'major')!.value).toBe(oldMajor)
    const province = await (await (await officer(s, 'henan.province')).api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })).json()
    expect(province.status).toBe('approved')
    await enter(filed.id, 'college.registrar')
    const changed = await (await graduate.api.records[':id'].$get({ param: { id: college.record.id } })).json()
    expect(changed.diploma!.find(f => f.key === 'major')!.value).toBe('计算机科学与技术')
    expect(changed.history.filter(h => h.field === 'diploma.major')).toEqual([expect.objectContaining({ oldValue: oldMajor, newValue: '计算机科学与技术' })])
  })

  it('a waiting step warns its officers once when due soon and once when late, on the shared timers', async () => {
    const filed = await (await request(mum, primary.record.id, [{ field: 'student.className', requestedValue: '3班' }])).json()
    const count = async (kind: string) => {
      const inbox = await (await (await officer(s, 'primary.registrar2')).api.notifications.$get({ query: {} })).json()
      return inbox.notifications.filter(n => n.kind === kind && n.body.includes(filed.dueDate!)).length
    }
    // A notice names the step and its due day, not the request: expect one per request waiting at this desk that day.
    const [mine] = await s.database.db.select().from(corrections).where(eq(corrections.id, filed.id))
    const desk = mine!.chain[mine!.step]!
    const waiting = (await s.database.db.select().from(corrections).where(and(eq(corrections.status, 'pending'), eq(corrections.stepDueDate, filed.dueDate!))))
      .filter(c => c.chain[c.step]?.unitId === desk.unitId && c.chain[c.step]?.role === desk.role)
      .length
    // Not yet on the last day more than 2 working days before the due day.
    let early = Date.parse(`${filed.dueDate}T23:59:59+08:00`)
    while (workingDaysBetween(shanghaiDate(new Date(early)), filed.dueDate!) <= casePolicy.dueSoonDays)
      early -= 24 * 3600_000
    expect(early).toBeGreaterThan(s.clock.now.getTime())
    s.clock.now = new Date(early)
    await sweepCorrections(s.deps)
    expect(await count('correction.dueSoon')).toBe(0)
    s.clock.now = new Date(Date.parse(`${filed.dueDate}T00:00:00+08:00`))
    await sweepCorrections(s.deps)
    await sweepCorrections(s.deps)
    expect(await count('correction.dueSoon')).toBe(waiting)
    s.clock.advance(2 * 24 * 3600_000)
    await Promise.all([sweepCorrections(s.deps), sweepCorrections(s.deps)])
    await sweepCorrections(s.deps)
    expect(await count('correction.dueSoon')).toBe(waiting)
    expect(await count('correction.overdue')).toBe(waiting) // one overdue notice per waiting step, never two
  })

  it('a field of a family member the record does not have cannot be corrected', async () => {
    const res = await request(graduate, college.record.id, [{ field: 'guardian2.employer', requestedValue: '某公司' }])
    expect(await res.json()).toMatchObject({ code: 'GUARDIAN_MISSING' })
  })

  it('the reviewers can open the proofs; a stranger cannot', async () => {
    const filed = await (await request(mum, primary.record.id, [{ field: 'student.politicalStatus', requestedValue: '少先队员' }])).json()
    const proof = filed.attachments[0]!.id
    const registrar = await officer(s, 'primary.registrar')
    expect((await registrar.fetch(`${s.baseUrl}/api/attachments/${proof}`)).status).toBe(200)
    expect((await (await officer(s, 'xiangfu.officer')).fetch(`${s.baseUrl}/api/attachments/${proof}`)).status).toBe(404)
  })

  it('a changed phone number stays masked in the history', async () => {
    const filed = await (await request(mum, primary.record.id, [{ field: 'guardian1.phone', requestedValue: '13912345678' }])).json()
    expect(filed.items[0]!.requestedValue).toBe('139****5678')
    for (const u of ['primary.registrar', 'primary.registrar2'])
      await (await officer(s, u)).api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })
    expect(JSON.stringify((await (await mum.api.records[':id'].$get({ param: { id: primary.record.id } })).json()).pendingEntries)).not.toContain('13912345678')
    await enter(filed.id, 'primary.registrar')
    const record = await (await mum.api.records[':id'].$get({ param: { id: primary.record.id } })).json()
    expect(record.history.some(h => h.field === 'guardian1.phone')).toBe(true)
    expect(JSON.stringify(record.history)).not.toContain('13912345678')
  })

  it('a field with a correction already in progress cannot be requested again', async () => {
    expect((await request(mum, primary.record.id, [{ field: 'student.householdAddress', requestedValue: '河南省郑州市中原区桐柏路 2 号' }])).status).toBe(201)
    const again = await request(mum, primary.record.id, [{ field: 'student.householdAddress', requestedValue: '河南省郑州市中原区桐柏路 3 号' }])
    expect(await again.json()).toMatchObject({ code: 'CORRECTION_PENDING' })
  })

  it('a field marked wrong and then put in a correction links to it instead of offering another (issue 13 item 9)', async () => {
    const marked = await mum.api.records[':id'].disputes.$post({ param: { id: primary.record.id }, json: { requestId: crypto.randomUUID(), field: 'student.formerName', explanation: '曾用名没有登记' } })
    expect(marked.status).toBe(201)
    const dispute = await marked.json()
    const shown = async () => (await (await mum.api.records[':id'].$get({ param: { id: primary.record.id } })).json()).disputes.find(d => d.id === dispute.id)!
    expect((await shown()).correctionId).toBeNull()
    const filed = await request(mum, primary.record.id, [{ field: 'student.formerName', requestedValue: '李小涵' }])
    expect(filed.status, await filed.clone().text()).toBe(201)
    const { id } = await filed.json() as { id: string }
    expect(await shown()).toMatchObject({ status: 'open', correctionId: id })
  })

  it('a second submit of the same request creates one correction', async () => {
    const json = { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.grade', requestedValue: '四年级' }], reason: '年级登记错了', attachmentIds: [await upload(mum, s.baseUrl)] }
    const first = await mum.api.corrections.$post({ json })
    expect(first.status, await first.clone().text()).toBe(201)
    expect((await mum.api.corrections.$post({ json })).status).toBe(200)
  })
})
