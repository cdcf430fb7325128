import type { TestServer, Visitor } from './harness.ts'
// What a decided correction leaves behind: a refusal keeps the record, the registrar notes the entry in
// the official system, and an approved ID-number change moves the student's binding to the new number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiDate } from '../../shared/calendar/index.ts'
import { idCheckCharacter, maskIdNumber } from '../../shared/idNumber.ts'
import { featured, officer } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const college = featured.college!
const vocational = featured.vocational!
const junior = featured.junior!
const temporary = featured.temporary!

/** Another valid number for the same person: same region and birth date, another sequence code. */
function anotherIdNumber(old: string) {
  const first17 = `${old.slice(0, 14)}99${old[16]}`
  return `${first17}${idCheckCharacter(first17)}`
}

describe.each(databaseKinds)('a decided correction on %s', (kind) => {
  let s: TestServer
  let graduate: Visitor
  let vocationalGraduate: Visitor
  beforeAll(async () => {
    s = await startServer(kind)
    graduate = s.visitor()
    await signIn(graduate, '13500000088')
    expect((await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).status).toBe(200)
    vocationalGraduate = s.visitor()
    await signIn(vocationalGraduate, '13500000087')
    expect((await vocationalGraduate.api.bindings.$post({ json: { relation: 'self', name: vocational.record.name, idNumber: vocational.record.idNumber! } })).status).toBe(200)
  })
  afterAll(async () => { await s.close() })

  async function request(field: string, requestedValue: string, by = graduate, recordId = college.record.id) {
    const form = new FormData()
    form.append('file', new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34])], 'proof.pdf'))
    const proof = (await (await by.fetch(`${s.baseUrl}/api/uploads`, { method: 'POST', body: form })).json() as { id: string }).id
    return by.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId, items: [{ field, requestedValue }], reason: '登记时录入错误', attachmentIds: [proof] } })
  }
  const decide = async (username: string, id: string, decision: 'approve' | 'reject' | 'notAccepted' = 'approve', reason = '') =>
    (await officer(s, username)).api.corrections[':id'].decision.$post({ param: { id }, json: { decision, reason } })
  const record = async () => (await graduate.api.records[':id'].$get({ param: { id: college.record.id } })).json()

  it('不同意 at the second step ends the request with its reason; the record keeps its value and nobody later is asked', async () => {
    const filed = await (await request('student.name', `${college.record.name}一`)).json()
    expect((await decide('college.registrar', filed.id)).status).toBe(200)
    const noReason = await decide('henan.province', filed.id, 'reject')
    expect(noReason.status).toBe(400)
    expect(await noReason.json()).toMatchObject({ code: 'REASON_REQUIRED' })
    const refused = await decide('henan.province', filed.id, 'reject', '户籍证明上的姓名与原登记一致')
    expect(refused.status).toBe(200)
    expect(await refused.json()).toMatchObject({ status: 'rejected', outcomeReason: '户籍证明上的姓名与原登记一致' })
    const late = await decide('college.registrar2', filed.id)
    expect(late.status).toBe(409)
    expect(await late.json()).toMatchObject({ code: 'CORRECTION_DECIDED' })
    const r = await record()
    expect(r.student.find(f => f.key === 'name')!.value).toBe(college.record.name)
    expect(r.history.filter(h => h.field === 'student.name')).toEqual([])
    const told = (await (await graduate.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.kind === 'correction.refused')
    expect(told).toEqual([expect.objectContaining({ title: '更正申请未获批准', body: '户籍证明上的姓名与原登记一致。您可以补充材料后重新提交。' })])
  })

  it('a number registered on another record is refused with ID_NUMBER_TAKEN (one person, one number)', async () => {
    const res = await request('student.idNumber', junior.record.idNumber!, vocationalGraduate, vocational.record.id)
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ code: 'ID_NUMBER_TAKEN' })
  })

  it('an approved ID-number change moves the student\'s binding to the new number; the registrar notes the official entry first', async () => {
    const newNumber = anotherIdNumber(vocational.record.idNumber!)
    const today = shanghaiDate(s.clock.now)
    const filed = await request('student.idNumber', newNumber, vocationalGraduate, vocational.record.id)
    expect(filed.status, await filed.clone().text()).toBe(201)
    const { id, steps } = await filed.json()
    expect(steps.map(x => x.role)).toEqual(['registrar', 'officer']) // 003:14
    expect(steps[0]!.unitName).toBe(vocational.schoolName)
    const early = await (await officer(s, 'vocational.registrar')).api.corrections[':id']['official-entry'].$post({ param: { id }, json: { enteredOn: today, operator: '范丽娟', reference: 'XJ20261123001' } })
    expect(early.status).toBe(409)
    expect(await early.json()).toMatchObject({ code: 'ENTRY_NOT_ALLOWED' })
    for (const u of ['vocational.registrar', 'xiangfu.officer'])
      expect((await decide(u, id)).status).toBe(200)
    // issue 10: the new number counts once it is entered in the official system.
    const notAtSchool = await (await officer(s, 'college.registrar')).api.corrections[':id']['official-entry'].$post({ param: { id }, json: { enteredOn: today, operator: '田晓燕', reference: 'XJ20261123001' } })
    expect(notAtSchool.status).toBe(404)
    const entered = await (await officer(s, 'vocational.registrar')).api.corrections[':id']['official-entry'].$post({ param: { id }, json: { enteredOn: today, operator: '范丽娟', reference: 'XJ20261123001' } })
    expect(entered.status).toBe(200)
    const twice = await (await officer(s, 'xiangfu.officer')).api.corrections[':id']['official-entry'].$post({ param: { id }, json: { enteredOn: today, operator: '田晓燕', reference: 'XJ20261123001' } })
    expect(twice.status).toBe(409)
    expect(await twice.json()).toMatchObject({ code: 'ALREADY_ENTERED' })

    // The binding proves the new number: reveal shows it, binding again with it finds the same record, the old one nothing.
    const revealed = await (await vocationalGraduate.api.records[':id'].reveal.$post({ param: { id: vocational.record.id } })).json()
    expect(revealed).toEqual({ idNumbers: [{ whose: 'student', idNumber: newNumber }] })
    const again = await vocationalGraduate.api.bindings.$post({ json: { relation: 'self', name: vocational.record.name, idNumber: newNumber } })
    expect(await again.json()).toMatchObject({ recordId: vocational.record.id, created: false })
    const stranger = s.visitor()
    await signIn(stranger, '13500000089')
    const old = await stranger.api.bindings.$post({ json: { relation: 'self', name: vocational.record.name, idNumber: vocational.record.idNumber! } })
    expect(old.status).toBe(400)
    expect(await old.json()).toMatchObject({ code: 'BIND_NO_MATCH' })

    const seen = await (await vocationalGraduate.api.corrections[':id'].$get({ param: { id } })).json()
    expect(seen).toMatchObject({ status: 'approved', officialEntry: { enteredOn: today, operator: '范丽娟', reference: 'XJ20261123001' } })
  })

  it('a temporary record given its ID number by an approved correction is no longer temporary, and keeps its 学籍号 (004:1)', async () => {
    const g = temporary.guardians.find(x => x.isGuardian)!
    const mum = s.visitor()
    await signIn(mum, g.phone!)
    const bound = await (await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: g.name, guardianIdNumber: g.idNumber!, childName: temporary.record.name, childRegistryNo: temporary.record.registryNo } })).json()
    const before = await (await mum.api.records[':id'].$get({ param: { id: bound.recordId } })).json()
    expect(before.temporary).toBe(true)
    const first17 = `410102${temporary.record.birthDate.replace(/-/g, '')}982`
    const filed = await request('student.idNumber', `${first17}${idCheckCharacter(first17)}`, mum, bound.recordId)
    expect(filed.status, await filed.clone().text()).toBe(201)
    const { id } = await filed.json()
    for (const u of ['primary.registrar', 'zhongyuan.officer', 'zhongyuan.head'])
      expect((await decide(u, id)).status).toBe(200)
    const entered = await (await officer(s, 'primary.registrar')).api.corrections[':id']['official-entry'].$post({ param: { id }, json: { enteredOn: shanghaiDate(s.clock.now), operator: '孙雅静', reference: 'GW-2026-0007' } })
    expect(entered.status, await entered.clone().text()).toBe(200)
    const record = await (await mum.api.records[':id'].$get({ param: { id: bound.recordId } })).json()
    expect(record.temporary).toBe(false)
    expect(record.registryNo).toBe(before.registryNo) // 一人一号、终身不变
    expect(record.history.some(h => h.field === 'student.idNumber')).toBe(true)
    // An officer's search shows the new number, masked (kept on the row: issue 14).
    const found = await (await (await officer(s, 'primary.registrar')).api.officer.records.search.$post({ json: { q: temporary.record.name } })).json()
    expect(found.records.find(r => r.id === bound.recordId)?.idNumber).toBe(maskIdNumber(`${first17}${idCheckCharacter(first17)}`))
  })
})
