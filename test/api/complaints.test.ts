import type { TestServer } from './harness.ts'
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { addWorkingDays, shanghaiDate } from '../../shared/calendar/index.ts'
import { maskIdNumber, maskRegistryNo } from '../../shared/idNumber.ts'
import { acceptToSchool, complaintInput, featured, file, officer, parent, primary, reportAndClose } from './complaintsKit.ts'
import { databaseKinds, startServer, testYear } from './harness.ts'

const DAY = 24 * 3600_000

describe.each(databaseKinds)('a complaint case from filing to rating on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('goes through filing, 受理 with a 核查单, a pause, an extension, closing and rating', async () => {
    const mum = await parent(s)
    const form = new FormData()
    form.append('file', new File([new Uint8Array([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])], 'photo.jpg'))
    const up = await mum.fetch(`${s.baseUrl}/api/uploads`, { method: 'POST', body: form })
    expect(up.status).toBe(201)
    const { id: attachmentId } = await up.json() as { id: string }

    const input = complaintInput({ attachmentIds: [attachmentId] })
    const first = await mum.api.complaints.$post({ json: input })
    const retry = await mum.api.complaints.$post({ json: input })
    expect(first.status).toBe(201)
    expect(retry.status).toBe(200)
    const filed = await first.json()
    expect((await retry.json()).id).toBe(filed.id)
    expect(filed).toMatchObject({ status: 'received', routedUnitName: '郑州市中原区教育局', attachments: [{ id: attachmentId, mime: 'image/jpeg' }] })
    const id = filed.id

    const intake = await officer(s, 'zhongyuan.officer')
    const inbox = await (await intake.api.notifications.$get({ query: {} })).json()
    expect(inbox.notifications.some(n => n.complaintId === id && n.kind === 'case.new')).toBe(true)

    const accepted = await (await acceptToSchool(intake, id)).json() as any
    const check = accepted.sheets[0]
    expect(check).toMatchObject({ kind: 'check', number: `410102-${testYear}-HC0001`, status: 'open' })
    // accepted on the test clock's day (Monday, 10:00 Shanghai) + 10 working days (DOMAIN §5, design default)
    expect(check.dueDate).toBe(addWorkingDays(shanghaiDate(s.clock.now), 10).date)
    const view = await (await mum.api.complaints[':id'].$get({ param: { id } })).json()
    expect(view.clock).toMatchObject({ workingDaysLeft: 10, overdue: false })
    expect(view.sheets[0]).toMatchObject({ kind: 'check', number: `410102-${testYear}-HC0001` })

    let handler = await officer(s, 'primary.registrar')
    await handler.api.complaints[':id']['info-request'].$post({ param: { id }, json: { question: '请上传出生医学证明的照片' } })
    s.clock.advance(3 * DAY) // Mon → Thu: 3 working days paused
    const answered = await (await mum.api.complaints[':id'].info.$post({ param: { id }, json: { requestId: randomUUID(), answer: '已上传出生医学证明', attachmentIds: [] } })).json()
    expect(answered.sheets[0]!.dueDate).toBe(addWorkingDays(check.dueDate, 3).date)
    expect(answered.events.some(e => e.kind === 'infoProvided' && (e.detail as any).pausedWorkingDays === 3)).toBe(true)
    handler = await officer(s, 'primary.registrar') // an officer's session lasts a working day

    const asked = await handler.api.complaints[':id'].extension.$post({ param: { id }, json: { days: 2, reason: '需要派出所出具证明' } })
    expect(asked.status, await asked.clone().text()).toBe(200)
    const head = await officer(s, 'zhongyuan.head')
    const extended = await (await head.api.complaints[':id']['extension-decision'].$post({ param: { id }, json: { approve: true, note: '' } })).json()
    expect(extended.sheets[0]!.dueDate).toBe(addWorkingDays(answered.sheets[0]!.dueDate, 2).date)
    const told = await (await mum.api.notifications.$get({ query: {} })).json()
    expect(told.notifications.some(n => n.kind === 'case.extensionDecided')).toBe(true)

    const closed = await (await reportAndClose(s, id, '经核实，出生日期登记错误，已按出生医学证明在国网更正。')).json()
    expect(closed).toMatchObject({ status: 'closed', clock: null })
    expect(closed.sheets[0]).toMatchObject({ status: 'done', outcome: '经核实，出生日期登记错误，已按出生医学证明在国网更正。' })

    const rated = await (await mum.api.complaints[':id'].rating.$post({ param: { id }, json: { requestId: randomUUID(), rating: 'satisfied' } })).json()
    expect(rated).toMatchObject({ rating: 'satisfied', can: { rate: false } })
    const kinds = rated.events.map(e => e.kind)
    expect(kinds).toEqual(['submitted', 'accepted', 'infoRequested', 'infoProvided', 'extensionRequested', 'extensionGranted', 'closed', 'rated'])
  })

  it('refused steps answer 409 with the case\'s state in words', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    const early = await mum.api.complaints[':id'].rating.$post({ param: { id }, json: { requestId: randomUUID(), rating: 'satisfied' } })
    expect(early.status).toBe(409)
    const intake = await officer(s, 'zhongyuan.officer')
    await acceptToSchool(intake, id)
    const twice = await acceptToSchool(intake, id)
    expect(twice.status).toBe(409)
    expect(await twice.json()).toMatchObject({ code: 'CASE_STATE', message: '这件投诉当前为“办理中”，不能受理' })
  })

  it('an officer of another county gets 404 for the case and cannot see it in their queue', async () => {
    const id = await file(await parent(s))
    const other = await officer(s, 'xiangfu.officer')
    expect((await other.api.complaints[':id'].$get({ param: { id } })).status).toBe(404)
    const queue = await (await other.api.cases.$get({ query: {} })).json()
    expect(queue.cases.map(c => c.id)).not.toContain(id)
    const city = await officer(s, 'zhengzhou.city')
    expect((await (await city.api.cases.$get({ query: {} })).json()).cases.map(c => c.id)).toContain(id)
  })

  it('a parent sees only their own complaints', async () => {
    const id = await file(await parent(s))
    const stranger = await parent(s, '13300000001')
    expect((await stranger.api.complaints[':id'].$get({ param: { id } })).status).toBe(404)
    expect((await (await stranger.api.complaints.$get({ query: {} })).json()).complaints).toEqual([])
  })

  it('the answer to a filing is the case as its page reads afterwards, and a repeat answers the same (issue 14: written, not read back)', async () => {
    const mum = await parent(s)
    const input = complaintInput()
    const filed = await mum.api.complaints.$post({ json: input })
    expect(filed.status).toBe(201)
    const answered = await filed.json()
    const read = await (await mum.api.complaints[':id'].$get({ param: { id: answered.id } })).json()
    expect(answered).toEqual(read)
    expect(answered).toMatchObject({ status: 'received', schoolName: expect.any(String), routedUnitName: expect.any(String), events: [expect.objectContaining({ kind: 'submitted' })] })
    const again = await mum.api.complaints.$post({ json: input })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual(read)
  })

  it('a second complaint about the same student and problem is flagged and can be linked', async () => {
    const mum = await parent(s)
    const first = await file(mum, complaintInput({ category: 'duplicateRecord' }))
    const second = await file(mum, complaintInput({ category: 'duplicateRecord' }))
    const intake = await officer(s, 'zhongyuan.officer')
    const view = await (await intake.api.complaints[':id'].$get({ param: { id: second } })).json()
    expect(view.likelyDuplicateOf).toBe(first)
    const linked = await (await intake.api.complaints[':id'].link.$post({ param: { id: second }, json: { targetId: first } })).json()
    expect(linked).toMatchObject({ status: 'merged', mergedInto: first })
  })

  it('a complaint about a vocational school is outside the K-12 mechanism (004:5)', async () => {
    const res = await (await parent(s)).api.complaints.$post({ json: complaintInput({ schoolUnitId: featured.vocational!.record.schoolUnitId }) })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'COMPLAINT_SCOPE' })
  })

  it('an unbound child can be entered by hand, with the same ID validation', async () => {
    const res = await (await parent(s)).api.complaints.$post({ json: complaintInput({ student: { idNumber: '410102201703140001' } }) })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'student.idNumber', code: 'ID_CHECKSUM' }] })
  })

  it('a file whose content is not an image or PDF is refused, whatever its name', async () => {
    const form = new FormData()
    form.append('file', new File(['<script>alert(1)</script>'], 'photo.jpg', { type: 'image/jpeg' }))
    const res = await (await parent(s)).fetch(`${s.baseUrl}/api/uploads`, { method: 'POST', body: form })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ code: 'FILE_TYPE' })
  })
})

describe.each(databaseKinds)('review fixes on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterEach(() => s.clock.reset())
  afterAll(async () => { await s.close() })

  it('a pupil without an ID number can be complained about when refused for that reason (004:1)', async () => {
    const mum = await parent(s)
    const input = complaintInput({ category: 'refusedForNoId', student: { idNumber: '', registryNo: '' } })
    const res = await mum.api.complaints.$post({ json: input })
    expect(res.status).toBe(201)
    const other = await mum.api.complaints.$post({ json: complaintInput({ category: 'other', student: { idNumber: '', registryNo: '' } }) })
    expect(await other.json()).toMatchObject({ issues: [{ path: 'student.idNumber' }] })
  })

  it('a bound child\'s ID number comes from the record when the form leaves it to the server (issue 13 item 3)', async () => {
    const father = primary.guardians.find(g => g.relation === '父亲')!
    const dad = await parent(s, father.phone!)
    const bound = await dad.api.bindings.$post({ json: { relation: 'guardian', guardianName: father.name, guardianIdNumber: father.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
    expect(bound.status).toBe(200)
    const recordId = (await (await dad.api.me.$get()).json()).bindings[0]!.recordId
    const input = complaintInput({ category: 'other', student: { idNumber: '', registryNo: '', recordId } as any })
    const res = await dad.api.complaints.$post({ json: { ...input, complainant: { ...input.complainant, name: father.name, gender: '男', idNumber: father.idNumber!, phone: father.phone! } } })
    expect(res.status, await res.clone().text()).toBe(201)
    const filed = await res.json()
    const intake = await officer(s, 'zhongyuan.officer')
    const seen = await (await intake.api.complaints[':id'].$get({ param: { id: filed.id } })).json() as any
    expect(seen.student.idNumber).toBe(maskIdNumber(primary.record.idNumber!))
    expect(seen.student.registryNo).toBe(maskRegistryNo(primary.record.registryNo))
    expect(seen.complainant.idNumber).toBe(maskIdNumber(father.idNumber!))
    // Each number on its own: an ID number typed by hand leaves the 学籍号 to the record still, as the form shows it.
    const typed = complaintInput({ category: 'falseInformation', student: { idNumber: primary.record.idNumber!, registryNo: '', recordId } as any })
    const typedRes = await dad.api.complaints.$post({ json: { ...typed, complainant: { ...typed.complainant, name: father.name, gender: '男', idNumber: father.idNumber!, phone: father.phone! } } })
    expect(typedRes.status, await typedRes.clone().text()).toBe(201)
    const typedSeen = await (await intake.api.complaints[':id'].$get({ param: { id: (await typedRes.json()).id } })).json() as any
    expect(typedSeen.student.registryNo).toBe(maskRegistryNo(primary.record.registryNo))
    // The officer's case leads to the child's record, which they may open; the filer's view names no record.
    expect(seen.recordId).toBe(recordId)
    expect((await intake.api.records[':id'].$get({ param: { id: recordId } })).status).toBe(200)
    expect((await (await dad.api.complaints[':id'].$get({ param: { id: filed.id } })).json() as any).recordId).toBeNull()
    // The parent's own number comes from the guardian entry that holds their phone, when the form leaves it out.
    const own = complaintInput({ category: 'notRegistered', student: { idNumber: '', registryNo: '', recordId } as any })
    const ownRes = await dad.api.complaints.$post({ json: { ...own, complainant: { ...own.complainant, name: father.name, gender: '男', idNumber: '', phone: father.phone! } } as any })
    expect(ownRes.status, await ownRes.clone().text()).toBe(201)
    const ownSeen = await (await intake.api.complaints[':id'].$get({ param: { id: (await ownRes.json()).id } })).json() as any
    expect(ownSeen.complainant.idNumber).toBe(maskIdNumber(father.idNumber!))
    // Without a bound record, the form still has to give an ID number or a 学籍号.
    const unbound = await dad.api.complaints.$post({ json: complaintInput({ category: 'other', student: { idNumber: '', registryNo: '' } }) })
    expect(unbound.status).toBe(400)
  })

  it('the queue filters by status, school and overdue, least time left first', async () => {
    // Filed a minute apart and accepted a day apart: due dates run in filing order, newest filing last.
    const mum = await parent(s)
    const [a, b, c] = [await file(mum), (s.clock.advance(60_000), await file(mum)), (s.clock.advance(60_000), await file(mum))]
    const accepted = []
    for (const id of [a, b, c]) {
      accepted.push(await (await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)).json() as any)
      s.clock.advance(DAY)
    }
    const waiting = await file(mum) // received, no 核查单 yet: comes first, by its intake due date
    const aDue = new Date(accepted[0].sheets[0].dueAt)
    expect(aDue < new Date(accepted[1].sheets[0].dueAt)).toBe(true)
    s.clock.now = new Date(aDue.getTime() + 1) // a is just late; b and c are not
    const mine = [a, b, c, waiting]
    const queue = async (query: Record<string, string>) => {
      const res = await (await officer(s, 'zhongyuan.officer')).api.cases.$get({ query })
      expect(res.status).toBe(200)
      return (await res.json()).cases.filter(x => mine.includes(x.id))
    }
    expect((await queue({})).map(x => x.id)).toEqual([waiting, a, b, c])
    const overdue = await queue({ overdue: 'true' })
    // The waiting complaint is past its intake limit by then (issue 10 item 13): overdue too, and first.
    expect(overdue.map(x => [x.id, x.clock?.stage, x.clock?.overdue])).toEqual([[waiting, 'intake', true], [a, 'check', true]])
    expect((await queue({ overdue: 'false' })).map(x => x.id)).toEqual([b, c])
    expect((await queue({ status: 'assigned' })).map(x => x.id)).toEqual([a, b, c])
    expect((await queue({ status: 'received', schoolUnitId: primary.record.schoolUnitId })).map(x => x.id)).toEqual([waiting])
    expect(await queue({ schoolUnitId: featured.junior!.record.schoolUnitId })).toEqual([])
  })

  it('the queue comes a page at a time, each case once, in the same order (issue 14)', async () => {
    const mum = await parent(s)
    const filed: string[] = []
    for (let i = 0; i < 23; i++) {
      filed.push(await file(mum))
      s.clock.advance(60_000)
    }
    const desk = await officer(s, 'zhongyuan.officer')
    // A refused case has no clock: it comes after every case with one, on the last page.
    expect((await desk.api.complaints[':id'].reject.$post({ param: { id: filed[0]! }, json: { reason: '不属于学籍问题，已告知向有关部门反映' } })).status).toBe(200)
    const pages = []
    let after: string | undefined
    do {
      const res = await desk.api.cases.$get({ query: after ? { after } : {} })
      expect(res.status).toBe(200)
      const page = await res.json()
      expect(page.cases.length).toBeLessThanOrEqual(20)
      pages.push(page.cases)
      after = page.next ?? undefined
    } while (after)
    const all = pages.flat()
    expect(pages.length).toBeGreaterThan(1)
    expect(new Set(all.map(c => c.id)).size).toBe(all.length)
    const keys = all.map(c => c.clock ? Date.parse(c.clock.dueAt) : Number.MAX_SAFE_INTEGER)
    expect(keys).toEqual(keys.toSorted((x, y) => x - y))
    expect(all.map(c => c.id)).toEqual(expect.arrayContaining(filed))
    expect(all.findIndex(c => c.id === filed[0])).toBeGreaterThan(all.findIndex(c => c.id === filed[1]))
    const bad = await desk.api.cases.$get({ query: { after: 'not-a-cursor' } })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'CURSOR_INVALID' })
  })

  it('不予受理 tells the parent why and ends the case', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    const intake = await officer(s, 'zhongyuan.officer')
    const short = await intake.api.complaints[':id'].reject.$post({ param: { id }, json: { reason: '否' } })
    expect(short.status).toBe(400)
    expect(await short.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'reason' }] })
    const school = await (await officer(s, 'primary.registrar')).api.complaints[':id'].reject.$post({ param: { id }, json: { reason: '不属于学籍管理问题' } })
    expect(school.status).toBe(404) // not yet theirs: the school sees the case only once it is assigned
    const rejected = await intake.api.complaints[':id'].reject.$post({ param: { id }, json: { reason: '所反映问题已由法院受理，不属于本机制受理范围' } })
    expect(rejected.status).toBe(200)
    expect(await rejected.json()).toMatchObject({ status: 'rejected', clock: null, sheets: [] })
    const seen = await (await mum.api.complaints[':id'].$get({ param: { id } })).json()
    expect(seen).toMatchObject({ status: 'rejected', rejectReason: '所反映问题已由法院受理，不属于本机制受理范围' })
    expect(seen.events.map(e => e.kind)).toEqual(['submitted', 'rejected'])
    const told = (await (await mum.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.complaintId === id && n.kind === 'case.rejected')
    expect(told).toEqual([expect.objectContaining({ body: '所反映问题已由法院受理，不属于本机制受理范围' })])
    const again = await acceptToSchool(intake, id)
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'CASE_STATE' })
  })

  it('a refused extension leaves the 完成时限 where it was and tells the parent and the handler', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    const first = await (await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)).json() as any
    const dueDate = first.sheets[0].dueDate
    const handler = await officer(s, 'primary.registrar')
    expect((await handler.api.complaints[':id'].extension.$post({ param: { id }, json: { days: 5, reason: '需要调档' } })).status).toBe(200)
    const refused = await (await officer(s, 'zhongyuan.head')).api.complaints[':id']['extension-decision'].$post({ param: { id }, json: { approve: false, note: '材料已齐全，请按期办结' } })
    expect(refused.status).toBe(200)
    const view = await refused.json()
    expect(view.sheets[0]!.dueDate).toBe(dueDate)
    expect(view.events.map(e => e.kind).slice(-2)).toEqual(['extensionRequested', 'extensionDenied'])
    const told = (await (await mum.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.complaintId === id && n.kind === 'case.extensionDecided')
    expect(told).toEqual([expect.objectContaining({ title: '延期申请未获批准', body: '延期申请未获批准：材料已齐全，请按期办结' })])
    const handlerTold = (await (await handler.api.notifications.$get({ query: {} })).json()).notifications.filter(n => n.complaintId === id && n.kind === 'case.extensionDecided')
    expect(handlerTold).toHaveLength(1)
    const twice = await (await officer(s, 'zhongyuan.head')).api.complaints[':id']['extension-decision'].$post({ param: { id }, json: { approve: true, note: '' } })
    expect(twice.status).toBe(409)
    expect(await twice.json()).toMatchObject({ code: 'NO_EXTENSION_REQUEST' })
  })

  it('a malformed sheet file name is a 400, not a 500', async () => {
    const mum = await parent(s)
    const res = await mum.fetch(`${s.baseUrl}/api/sheets/${'-'.repeat(36)}.pdf`)
    expect(res.status).toBe(400)
  })

  it('a case under a 督办单 cannot be returned, and a county extension leaves the 督办单\'s deadline alone', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    await acceptToSchool(await officer(s, 'zhongyuan.officer'), id)
    const city = await officer(s, 'zhengzhou.city')
    const supervised = await (await city.api.complaints[':id'].supervise.$post({ param: { id }, json: { instructions: '请加快办理' } })).json()
    const superviseDue = supervised.sheets.find(x => x.kind === 'supervise')!.dueDate
    const handler = await officer(s, 'primary.registrar')
    expect((await handler.api.complaints[':id'].return.$post({ param: { id }, json: { reason: '不是本校学生' } })).status).toBe(409)
    await handler.api.complaints[':id'].extension.$post({ param: { id }, json: { days: 5, reason: '需要调档' } })
    const decided = await (await (await officer(s, 'zhongyuan.head')).api.complaints[':id']['extension-decision'].$post({ param: { id }, json: { approve: true, note: '' } })).json()
    expect(decided.sheets.find(x => x.kind === 'supervise')!.dueDate).toBe(superviseDue)
  })
})
