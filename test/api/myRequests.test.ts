import type { TestServer } from './harness.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { featured, file, mother, officer, parent, primary } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const college = featured.college!

describe.each(databaseKinds)('我的申请: every request a person filed, in one list, on %s (issue 13 item 8)', (kind) => {
  let s: TestServer
  beforeAll(async () => { s = await startServer(kind) })
  afterAll(() => s.close())

  it('a parent sees their complaint and their correction with state and time left; nobody else\'s', async () => {
    const mum = await parent(s)
    await mum.api.bindings.$post({ json: { relation: 'guardian', guardianName: mother.name, guardianIdNumber: mother.idNumber!, childName: primary.record.name, childIdNumber: primary.record.idNumber! } })
    const complaintId = await file(mum)
    const form = new FormData()
    form.append('file', new File([new Uint8Array([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])], 'proof.jpg'))
    const proof = (await (await mum.fetch(`${s.baseUrl}/api/uploads`, { method: 'POST', body: form })).json() as { id: string }).id
    const correction = await mum.api.corrections.$post({ json: { requestId: crypto.randomUUID(), recordId: primary.record.id, items: [{ field: 'student.currentAddress', requestedValue: '河南省郑州市中原区建设西路 8 号' }], reason: '搬家后住址变了', attachmentIds: [proof] } })
    expect(correction.status).toBe(201)
    const correctionId = (await correction.json() as { id: string }).id

    const res = await mum.api['my-requests'].$get()
    expect(res.status).toBe(200)
    const mine = await res.json()
    expect(mine.complaints.map(c => c.id)).toEqual([complaintId])
    expect(mine.complaints[0]!.clock).toMatchObject({ stage: 'intake', overdue: false }) // waiting for 受理, with its limit
    expect(mine.corrections.map(c => c.id)).toEqual([correctionId])
    expect(mine.corrections[0]).toMatchObject({ status: 'pending', overdue: false })
    expect(mine.corrections[0]!.workingDaysLeft).toBeGreaterThan(0)
    expect(mine.certificateRequests).toEqual([])

    // Someone else signed in sees none of it.
    const stranger = s.visitor()
    await signIn(stranger, '13900000177')
    expect(await (await stranger.api['my-requests'].$get()).json()).toEqual({ complaints: [], corrections: [], certificateRequests: [] })
  })

  it('a graduate sees their certificate request; an officer is refused, a visitor must sign in', async () => {
    const graduate = s.visitor()
    await signIn(graduate, '13900000178')
    const bound = await (await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).json() as { recordId: string }
    const request = await graduate.api.records[':id']['certificate-requests'].$post({ param: { id: bound.recordId }, json: { requestId: crypto.randomUUID(), loss: 'lost', occurredOn: '2026-10', circumstances: '2026年10月搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: { signedName: college.record.name, agreed: true } } })
    expect(request.status).toBe(201)
    const mine = await (await graduate.api['my-requests'].$get()).json()
    expect(mine.certificateRequests.map(r => r.id)).toEqual([(await request.json() as { id: string }).id])
    expect(mine.certificateRequests[0]!.status).toBe('pending')

    expect((await (await officer(s, 'zhongyuan.officer')).api['my-requests'].$get()).status).toBe(403)
    expect((await s.visitor().api['my-requests'].$get()).status).toBe(401)
  })
})
