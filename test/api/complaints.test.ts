import type { TestServer } from './harness.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addWorkingDays } from '../../shared/calendar/index.ts'
import { acceptToSchool, complaintInput, featured, file, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, startServer } from './harness.ts'

const DAY = 24 * 3600_000

describe.each(databaseKinds)('a complaint case from filing to rating on %s', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
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
    const inbox = await (await intake.api.notifications.$get()).json()
    expect(inbox.notifications.some(n => n.complaintId === id && n.kind === 'case.new')).toBe(true)

    const accepted = await (await acceptToSchool(intake, id)).json() as any
    const check = accepted.sheets[0]
    expect(check).toMatchObject({ kind: 'check', number: '410102-2026-HC0001', status: 'open' })
    // 2026-11-23 10:00 Shanghai + 10 working days (DOMAIN §5, design default)
    expect(check.dueDate).toBe(addWorkingDays('2026-11-23', 10).date)
    const view = await (await mum.api.complaints[':id'].$get({ param: { id } })).json()
    expect(view.clock).toMatchObject({ workingDaysLeft: 10, overdue: false })
    expect(view.sheets[0]).toMatchObject({ kind: 'check', number: '410102-2026-HC0001' })

    let handler = await officer(s, 'primary.registrar')
    await handler.api.complaints[':id']['info-request'].$post({ param: { id }, json: { question: '请上传出生医学证明的照片' } })
    s.clock.advance(3 * DAY) // Mon → Thu: 3 working days paused
    const answered = await (await mum.api.complaints[':id'].info.$post({ param: { id }, json: { answer: '已上传出生医学证明', attachmentIds: [] } })).json()
    expect(answered.sheets[0]!.dueDate).toBe(addWorkingDays(check.dueDate, 3).date)
    expect(answered.events.some(e => e.kind === 'infoProvided' && (e.detail as any).pausedWorkingDays === 3)).toBe(true)
    handler = await officer(s, 'primary.registrar') // an officer's session lasts a working day

    const asked = await handler.api.complaints[':id'].extension.$post({ param: { id }, json: { days: 2, reason: '需要派出所出具证明' } })
    expect(asked.status, await asked.clone().text()).toBe(200)
    const head = await officer(s, 'zhongyuan.head')
    const extended = await (await head.api.complaints[':id']['extension-decision'].$post({ param: { id }, json: { approve: true, note: '' } })).json()
    expect(extended.sheets[0]!.dueDate).toBe(addWorkingDays(answered.sheets[0]!.dueDate, 2).date)
    const told = await (await mum.api.notifications.$get()).json()
    expect(told.notifications.some(n => n.kind === 'case.extensionDecided')).toBe(true)

    const closed = await (await handler.api.complaints[':id'].close.$post({ param: { id }, json: { findings: '经核实，出生日期登记错误，已按出生医学证明在国网更正。' } })).json()
    expect(closed).toMatchObject({ status: 'closed', clock: null })
    expect(closed.sheets[0]).toMatchObject({ status: 'done', outcome: '经核实，出生日期登记错误，已按出生医学证明在国网更正。' })

    const rated = await (await mum.api.complaints[':id'].rating.$post({ param: { id }, json: { rating: 'satisfied' } })).json()
    expect(rated).toMatchObject({ rating: 'satisfied', can: { rate: false } })
    const kinds = rated.events.map(e => e.kind)
    expect(kinds).toEqual(['submitted', 'accepted', 'infoRequested', 'infoProvided', 'extensionRequested', 'extensionGranted', 'closed', 'rated'])
  })

  it('refused steps answer 409 with the case\'s state in words', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    const early = await mum.api.complaints[':id'].rating.$post({ param: { id }, json: { rating: 'satisfied' } })
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
    expect((await (await stranger.api.complaints.$get()).json()).complaints).toEqual([])
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
  afterAll(async () => { await s.close() })

  it('a pupil without an ID number can be complained about when refused for that reason (004:1)', async () => {
    const mum = await parent(s)
    const input = complaintInput({ category: 'refusedForNoId', student: { idNumber: '', registryNo: '' } })
    const res = await mum.api.complaints.$post({ json: input })
    expect(res.status).toBe(201)
    const other = await mum.api.complaints.$post({ json: complaintInput({ category: 'other', student: { idNumber: '', registryNo: '' } }) })
    expect(await other.json()).toMatchObject({ issues: [{ path: 'student.idNumber' }] })
  })

  it('the queue filters by status, school and overdue, least time left first', async () => {
    const mum = await parent(s)
    const id = await file(mum)
    const intake = await officer(s, 'zhongyuan.officer')
    const bySchool = await (await intake.api.cases.$get({ query: { schoolUnitId: primary.record.schoolUnitId, status: 'received' } })).json()
    expect(bySchool.cases.map(c => c.id)).toContain(id)
    expect(bySchool.cases.every(c => c.status === 'received' && c.schoolUnitId === primary.record.schoolUnitId)).toBe(true)
    const overdue = await (await intake.api.cases.$get({ query: { overdue: 'true' } })).json()
    expect(overdue.cases.every(c => c.clock?.overdue)).toBe(true)
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
