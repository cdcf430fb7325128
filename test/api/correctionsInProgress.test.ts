import type { TestServer, Visitor } from './harness.ts'

// A field a correction is working on: a second request for it is refused however many are sent at
// once, and the record links to the one in progress. A 学历证明书 asked for meanwhile prints the field
// as registered, and applicant and registrar are told so (design: shared/certificates/printedFields.ts);
// once a field its signed content fixed is corrected, the holder of a valid one is told it no longer matches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiDate } from '../../shared/calendar/index.ts'
import { featured, officer, uploadProof } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const college = featured.college!

describe.each(databaseKinds)('a field in correction on %s', (kind) => {
  let s: TestServer
  let graduate: Visitor
  const recordId = college.record.id
  beforeAll(async () => {
    s = await startServer(kind)
    graduate = s.visitor()
    await signIn(graduate, '13500000071')
    expect((await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).status).toBe(200)
  })
  afterAll(async () => { await s.close() })

  const correction = async (field: string, requestedValue: string, proof?: string) =>
    graduate.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId, items: [{ field, requestedValue }], reason: '学校登记时录入错误', attachmentIds: [proof ?? await uploadProof(s, graduate)] } })
  const decide = async (username: string, id: string, decision: 'approve' | 'reject' = 'approve') =>
    expect((await (await officer(s, username)).api.corrections[':id'].decision.$post({ param: { id }, json: { decision, reason: decision === 'approve' ? '' : '测试结束，不同意' } })).status).toBe(200)
  const enter = async (id: string) => (await officer(s, 'college.registrar')).api.corrections[':id']['official-entry'].$post({ param: { id }, json: { enteredOn: shanghaiDate(s.clock.now), operator: '田晓燕', reference: `XJ-${id.slice(0, 8)}` } })
  // A birth date three days off the registered one (and the ID number's): no date written in.
  const threeDaysOff = new Date(Date.parse(college.record.birthDate) + 3 * 86_400_000).toISOString().slice(0, 10)
  const apply = async (name: string) => graduate.api.records[':id']['certificate-requests'].$post({ param: { id: recordId }, json: {
    requestId: crypto.randomUUID(),
    loss: 'lost',
    occurredOn: shanghaiDate(s.clock.now).slice(0, 7),
    circumstances: '搬家时装毕业证书的文件袋遗失，已多方寻找未果。',
    statement: { signedName: name, agreed: true },
  } })
  const review = async (id: string) => expect((await (await officer(s, 'college.registrar')).api['certificate-requests'][':id'].review.$post({ param: { id } })).status).toBe(200)
  const issue = async (id: string) => (await officer(s, 'college.registrar2')).api['certificate-requests'][':id'].issue.$post({ param: { id } })
  const certificatesOf = async () => (await graduate.api.records[':id'].certificates.$get({ param: { id: recordId } })).json()

  it('a burst of requests for one field files one; the others are refused with CORRECTION_PENDING and the record links to it', async () => {
    const proofs = await Promise.all(Array.from({ length: 6 }, () => uploadProof(s, graduate)))
    const answers = await Promise.all(proofs.map(p => correction('diploma.studyForm', '全日制', p)))
    const codes = await Promise.all(answers.map(async a => a.status === 201 ? 201 : (await a.json() as unknown as { code: string }).code))
    expect(codes.filter(c => c === 201)).toHaveLength(1)
    expect(codes.filter(c => c === 'CORRECTION_PENDING')).toHaveLength(5)
    const filed = await answers.find(a => a.status === 201)!.json()
    const record = await (await graduate.api.records[':id'].$get({ param: { id: recordId } })).json()
    expect(record.inCorrection).toEqual([{ field: 'diploma.studyForm', correctionId: filed.id }])
    const mine = await (await graduate.api.records[':id'].corrections.$get({ param: { id: recordId } })).json()
    expect(mine.corrections.filter(c => c.items.some(i => i.field === 'diploma.studyForm'))).toHaveLength(1)

    // The certificate prints the mode of study: a certificate may still be asked for, and says how it prints it.
    expect(await certificatesOf()).toMatchObject({ canApply: true, applyBlockedBy: null, correcting: ['diploma.studyForm'] })

    // Decided, it is no longer in progress.
    await decide('college.registrar', filed.id, 'reject')
    expect((await (await graduate.api.records[':id'].$get({ param: { id: recordId } })).json()).inCorrection).toEqual([])
    expect(await certificatesOf()).toMatchObject({ canApply: true, correcting: [] })
  })

  it('the same request sent several times at once is filed once, and each send is answered with it', async () => {
    const proof = await uploadProof(s, graduate)
    const json = { requestId: crypto.randomUUID(), recordId, items: [{ field: 'diploma.studyForm', requestedValue: '非全日制' }], reason: '学校登记时录入错误', attachmentIds: [proof] }
    const answers = await Promise.all(Array.from({ length: 4 }, () => graduate.api.corrections.$post({ json })))
    expect(answers.map(a => a.status).sort()).toEqual([200, 200, 200, 201])
    const ids = new Set(await Promise.all(answers.map(async a => (await a.json()).id)))
    expect(ids.size).toBe(1)
    await decide('college.registrar', [...ids][0]!, 'reject')
  })

  it('the applicant withdraws a request while a step waits: once, the officers are told, and the field is free again', async () => {
    const filed = await (await correction('diploma.studyForm', '业余')).json()
    const registrar = await officer(s, 'college.registrar')
    expect((await registrar.api.corrections[':id'].withdraw.$post({ param: { id: filed.id } })).status).toBe(403)
    // Someone else bound to the record (a second phone of the graduate's) sees it, but did not file it.
    const other = s.visitor()
    await signIn(other, '13500000072')
    expect((await other.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).status).toBe(200)
    expect(await (await other.api.corrections[':id'].$get({ param: { id: filed.id } })).json()).toMatchObject({ canWithdraw: false })
    const notFiler = await other.api.corrections[':id'].withdraw.$post({ param: { id: filed.id } })
    expect(notFiler.status).toBe(403)
    expect(await notFiler.json()).toMatchObject({ code: 'NOT_FILER' })
    expect(await (await graduate.api.corrections[':id'].$get({ param: { id: filed.id } })).json()).toMatchObject({ canWithdraw: true })
    const twice = await Promise.all([0, 1].map(() => graduate.api.corrections[':id'].withdraw.$post({ param: { id: filed.id } })))
    expect(twice.map(r => r.status).sort()).toEqual([200, 409])
    expect(await (await graduate.api.corrections[':id'].$get({ param: { id: filed.id } })).json()).toMatchObject({ status: 'withdrawn', outcomeReason: null, canWithdraw: false })
    const told = (await (await registrar.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.kind === 'correction.withdrawn')
    expect(told).toEqual([expect.objectContaining({ body: '学历注册 · 学习形式：申请人已撤回，无需再办理' })])
    const late = await registrar.api.corrections[':id'].decision.$post({ param: { id: filed.id }, json: { decision: 'approve', reason: '' } })
    expect(late.status).toBe(409)
    expect((await (await graduate.api.records[':id'].$get({ param: { id: recordId } })).json()).inCorrection).toEqual([])

    // Approved, it is the authority's decision: no longer withdrawn.
    const approved = await (await correction('diploma.studyForm', '业余')).json()
    await decide('college.registrar', approved.id)
    await decide('henan.province', approved.id)
    const tooLate = await graduate.api.corrections[':id'].withdraw.$post({ param: { id: approved.id } })
    expect(tooLate.status).toBe(409)
    expect(await tooLate.json()).toMatchObject({ code: 'CORRECTION_DECIDED' })
    expect((await enter(approved.id)).status).toBe(200)
  })

  it('a birth date the ID number contradicts is refused at that field, and nothing is filed', async () => {
    const proof = await uploadProof(s, graduate)
    const res = await graduate.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId, items: [{ field: 'student.birthDate', requestedValue: threeDaysOff }], reason: '出生日期登记错误', attachmentIds: [proof] } })
    expect(res.status).toBe(400)
    const body = await res.json() as unknown as { code: string, issues: { path: string, message: string }[] }
    expect(body).toMatchObject({ code: 'VALUE_CONTRADICTS_ID', issues: [{ path: 'items.0.requestedValue', message: expect.stringContaining('第 7 至 14 位') }] })
    expect(JSON.stringify(body)).not.toContain(college.record.idNumber!.slice(6, 14))
    const record = await (await graduate.api.records[':id'].$get({ param: { id: recordId } })).json()
    expect(record.inCorrection).toEqual([])
  })

  it('the officer deciding sees whose record it is', async () => {
    const filed = await (await correction('diploma.studyForm', '全日制')).json()
    const seen = await (await (await officer(s, 'college.registrar')).api.corrections[':id'].$get({ param: { id: filed.id } })).json()
    expect(seen.student).toEqual({ name: college.record.name, schoolName: college.schoolName })
    const queue = await (await (await officer(s, 'college.registrar')).api.officer.corrections.$get({ query: {} })).json()
    expect(queue.corrections.find(c => c.id === filed.id)!.student.name).toBe(college.record.name)
    await decide('college.registrar', filed.id, 'reject')
  })
  it('a certificate issued while the name is being corrected prints it as registered; once entered, its holder is told and a new one matches', async () => {
    const renamed = `${college.record.name}一`
    const filed = await (await correction('student.name', renamed)).json()
    expect((await certificatesOf()).correcting).toEqual(['student.name'])

    // Applied for and issued meanwhile: the registrar is told first, and it prints the registered name.
    const first = await (await apply(college.record.name)).json()
    await review(first.id)
    const seen = await (await (await officer(s, 'college.registrar2')).api['certificate-requests'][':id'].$get({ param: { id: first.id } })).json()
    expect(seen.correcting).toEqual(['student.name'])
    const issuedFirst = await issue(first.id)
    expect(issuedFirst.status, await issuedFirst.clone().text()).toBe(200)
    const firstCertificate = (await certificatesOf()).certificates[0]!
    expect(firstCertificate).toMatchObject({ status: 'valid', holderName: college.record.name })
    expect((await (await graduate.api['certificate-requests'][':id'].$get({ param: { id: first.id } })).json()).correcting).toEqual([]) // settled

    // Entered in 学信网: the holder is told the certificate no longer matches; it stays valid.
    await decide('college.registrar', filed.id)
    await decide('henan.province', filed.id)
    const entered = await enter(filed.id)
    expect(entered.status).toBe(200)
    const outdated = async () => (await (await graduate.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.kind === 'certificate.outdated')
    expect(await outdated()).toEqual([expect.objectContaining({ title: '学历证明书与更正后的学籍不一致', body: expect.stringContaining(`${firstCertificate.number} 上的姓名是更正前的内容`) })])
    expect((await certificatesOf()).certificates[0]).toMatchObject({ status: 'valid' })

    // A new one carries the corrected name, and the earlier one gives way to it.
    const second = await (await apply(renamed)).json()
    await review(second.id)
    expect((await issue(second.id)).status).toBe(200)
    const after = await certificatesOf()
    expect(after.certificates.find(c => c.number === firstCertificate.number)).toMatchObject({ status: 'superseded' })
    expect(after.certificates.find(c => c.status === 'valid')).toMatchObject({ holderName: renamed })

    // The principal's name is printed from the record as it is, not fixed at issue: nothing to be told.
    const principal = await (await correction('diploma.principalName', '冯永')).json()
    await decide('college.registrar', principal.id)
    await decide('henan.province', principal.id)
    expect((await enter(principal.id)).status).toBe(200)
    expect(await outdated()).toHaveLength(1)
  })
})
