import type { TestServer } from './harness.ts'
import { Buffer } from 'node:buffer'
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

    const res = await mum.api['my-requests'].$get({ query: {} })
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
    expect(await (await stranger.api['my-requests'].$get({ query: {} })).json()).toEqual({ complaints: [], corrections: [], certificateRequests: [], next: null })
  })

  it('a graduate sees their certificate request; an officer is refused, a visitor must sign in', async () => {
    const graduate = s.visitor()
    await signIn(graduate, '13900000178')
    const bound = await (await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).json() as { recordId: string }
    const request = await graduate.api.records[':id']['certificate-requests'].$post({ param: { id: bound.recordId }, json: { requestId: crypto.randomUUID(), loss: 'lost', occurredOn: '2026-10', circumstances: '2026年10月搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: { signedName: college.record.name, agreed: true } } })
    expect(request.status).toBe(201)
    const mine = await (await graduate.api['my-requests'].$get({ query: {} })).json()
    expect(mine.certificateRequests.map(r => r.id)).toEqual([(await request.json() as { id: string }).id])
    expect(mine.certificateRequests[0]!.status).toBe('pending')

    expect((await (await officer(s, 'zhongyuan.officer')).api['my-requests'].$get({ query: {} })).status).toBe(403)
    expect((await s.visitor().api['my-requests'].$get({ query: {} })).status).toBe(401)
  })
  /** Every page of a list, first to last, following each page's `next`. */
  async function walk<R extends { status: number, json: () => Promise<any> }>(read: (before?: string) => Promise<R>, between?: () => Promise<unknown>) {
    const pages: Awaited<ReturnType<R['json']>>[] = []
    let before: string | undefined
    do {
      const res = await read(before)
      expect(res.status).toBe(200)
      const page = await res.json() as Awaited<ReturnType<R['json']>>
      pages.push(page)
      before = page.next ?? undefined
      await between?.()
    } while (before)
    return pages
  }

  it('both lists come in pages of 20 that hold every request once, in order, however many a person filed (issue 14)', async () => {
    const mum = await parent(s)
    const earlier = (await walk(before => mum.api.complaints.$get({ query: before ? { before } : {} }))).flatMap(p => p.complaints.map(c => c.id))
    const filed: string[] = []
    for (let i = 0; i < 20; i++) {
      filed.push(await file(mum))
      s.clock.advance(60_000)
    }
    filed.push(...await Promise.all([file(mum), file(mum), file(mum)])) // filed at one instant: ordered by id
    s.clock.advance(60_000)
    const desk = await officer(s, 'zhongyuan.officer')
    for (const id of [filed[3]!, filed[21]!])
      expect((await desk.api.complaints[':id'].reject.$post({ param: { id }, json: { reason: '不属于学籍问题，已告知向有关部门反映' } })).status).toBe(200)

    // A complaint filed while the person pages is newer than every page after the first: it moves nothing.
    let late = ''
    const requestPages = await walk(before => mum.api['my-requests'].$get({ query: before ? { before } : {} }), async () => { late ||= await file(mum) })
    expect(requestPages.map(p => p.complaints.length + p.corrections.length + p.certificateRequests.length).slice(0, 1)).toEqual([20])
    interface Line { id: string, at: string, ended: boolean }
    const listOrder = (a: Line, b: Line) => Number(a.ended) - Number(b.ended) || b.at.localeCompare(a.at) || (a.id < b.id ? 1 : -1)
    // Each page's lines in the list's order (a page gives each kind apart), page after page.
    const lines = requestPages.flatMap(p => [...p.complaints.map(c => ({ id: c.id, at: c.createdAt, ended: !['received', 'assigned', 'awaitingInfo', 'reported'].includes(c.status) })), ...p.corrections.map(c => ({ id: c.id, at: c.createdAt, ended: c.status !== 'pending' && !c.awaitingEntry }))]
      .sort(listOrder))
    expect(lines).toEqual([...lines].sort(listOrder)) // no line of a later page belongs before one of an earlier page
    const ids = lines.map(l => l.id)
    expect(new Set(ids).size).toBe(ids.length) // none twice
    expect(ids).not.toContain(late)
    expect(ids.filter(id => filed.includes(id)).sort()).toEqual([...filed].sort()) // none missing
    // What still runs comes before what has ended, page after page.
    const endedAt = lines.findIndex(l => l.ended)
    expect(lines.slice(endedAt).every(l => l.ended)).toBe(true)
    expect(lines.filter(l => l.ended).map(l => l.id)).toEqual(expect.arrayContaining([filed[3], filed[21]]))

    // 我提交的投诉: newest first, the same way.
    const complaintPages = await walk(before => mum.api.complaints.$get({ query: before ? { before } : {} }))
    const listed = complaintPages.flatMap(p => p.complaints)
    expect(complaintPages.map(p => p.complaints.length)).toEqual([20, listed.length - 20])
    expect(listed.map(c => c.id).sort()).toEqual([...earlier, ...filed, late].sort())
    const newestFirst = [...listed].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? 1 : -1))
    expect(listed.map(c => c.id)).toEqual(newestFirst.map(c => c.id))

    // A cursor that is not one is refused; another person's cursor shows them nothing of anyone's.
    const broken = await mum.api['my-requests'].$get({ query: { before: 'not-a-cursor' } })
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({ code: 'CURSOR_INVALID' })
    expect((await mum.api.complaints.$get({ query: { before: 'not-a-cursor' } })).status).toBe(400)
    const handMade = Buffer.from(JSON.stringify([0, `${new Date().getUTCFullYear()}-02-30T00:00:00.000000`, '-'.repeat(36)])).toString('base64url')
    expect(await (await mum.api['my-requests'].$get({ query: { before: handMade } })).json()).toMatchObject({ code: 'CURSOR_INVALID' })
    const stranger = s.visitor()
    await signIn(stranger, '13900000179')
    expect(await (await stranger.api.complaints.$get({ query: { before: complaintPages[0]!.next! } })).json()).toEqual({ complaints: [], next: null })
  })
})
