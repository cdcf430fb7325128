import type { TestServer, Visitor } from './harness.ts'
// Issue 14: every list is paged by keyset, so an officer's queue holds every request however long it
// grows (it used to stop at 200 without saying so), each page costs what the first does, and a
// request filed between two pages is neither lost nor shown twice.
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { certificateRequests, corrections } from '../../server/db/schema/index.ts'
import { shanghaiDate } from '../../shared/calendar/index.ts'
import { copyRequest } from '../support/copyRows.ts'
import { bindDaughter, featured, officer, parent, primary, uploadProof } from './complaintsKit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

const college = featured.college!
const COPIES = 44 // with the one filed: 45 rows, three pages of 20

const monthBefore = (now: Date) => shanghaiDate(new Date(now.getTime() - 31 * 86_400_000)).slice(0, 7)

/** Reads every page of a list, following its cursor. */
async function allPages<T>(first: () => Promise<{ rows: T[], next: string | null }>, after: (cursor: string) => Promise<{ rows: T[], next: string | null }>) {
  const pages = [await first()]
  while (pages.at(-1)!.next)
    pages.push(await after(pages.at(-1)!.next!))
  return pages
}

describe.each(databaseKinds)('officers\' queues page by keyset on %s (issue 14)', (kind) => {
  let s: TestServer
  let mum: Visitor
  beforeAll(async () => {
    s = await startServer(kind)
    mum = await parent(s)
    await bindDaughter(mum)
  })
  afterAll(async () => { await s.close() })

  it('the correction queue lists all 45 waiting requests, 20 a page, least time left first, each once', async () => {
    const proof = await uploadProof(s, mum)
    const filed = await mum.api.corrections.$post({ json: { requestId: randomUUID(), recordId: primary.record.id, items: [{ field: 'student.name', requestedValue: '李梓涵' }], reason: '登记时录入错误', attachmentIds: [proof] } })
    expect(filed.status, await filed.clone().text()).toBe(201)
    await copyRequest(s.database.db, 'corrections', (await filed.json()).id, COPIES)
    const registrar = await officer(s, 'primary.registrar')
    const page = async (after?: string) => {
      const body = await (await registrar.api.officer.corrections.$get({ query: after ? { after } : {} })).json()
      return { rows: body.corrections, next: body.next }
    }
    const pages = await allPages(() => page(), page)
    expect(pages.map(p => p.rows.length)).toEqual([20, 20, 5])
    const rows = pages.flatMap(p => p.rows)
    expect(new Set(rows.map(r => r.id)).size).toBe(COPIES + 1)
    const due = rows.map(r => r.dueDate!)
    expect(due).toEqual(due.toSorted())
  })

  it('approved requests awaiting their official entry page on their own cursor', async () => {
    await s.database.db.update(corrections).set({ status: 'approved', decidedAt: sql`step_due_at`, step: 0 }).where(eq(corrections.status, 'pending'))
    const registrar = await officer(s, 'primary.registrar')
    const page = async (entryAfter?: string) => {
      const body = await (await registrar.api.officer.corrections.$get({ query: entryAfter ? { entryAfter } : {} })).json()
      expect(body.corrections).toEqual([])
      return { rows: body.awaitingEntry, next: body.awaitingEntryNext }
    }
    const pages = await allPages(() => page(), page)
    expect(pages.map(p => p.rows.length)).toEqual([20, 20, 5])
    expect(new Set(pages.flatMap(p => p.rows.map(r => r.id))).size).toBe(COPIES + 1)
  })

  it('the certificate queue lists all 45 open requests, 20 a page; a request filed between pages is not lost', async () => {
    const graduate = s.visitor()
    await signIn(graduate, '13712340077')
    const bound = await (await graduate.api.bindings.$post({ json: { relation: 'self', name: college.record.name, idNumber: college.record.idNumber! } })).json()
    const filed = await graduate.api.records[':id']['certificate-requests'].$post({ param: { id: bound.recordId }, json: { requestId: randomUUID(), loss: 'lost', occurredOn: monthBefore(s.clock.now), circumstances: '上个月搬家时装毕业证书的文件袋遗失，已多方寻找未果。', statement: { signedName: college.record.name, agreed: true } } })
    expect(filed.status, await filed.clone().text()).toBe(201)
    const id = (await filed.json()).id
    await copyRequest(s.database.db, 'certificate_requests', id, COPIES)
    const registrar = await officer(s, 'college.registrar')
    const page = async (after?: string) => {
      const body = await (await registrar.api.officer['certificate-requests'].$get({ query: after ? { after } : {} })).json()
      return { rows: body.requests, next: body.next }
    }
    const first = await page()
    // Filed after the first page was read, due last: it turns up on a later page.
    const [original] = await s.database.db.select().from(certificateRequests).where(eq(certificateRequests.id, id))
    const [late] = await s.database.db.insert(certificateRequests).values({ ...original!, id: randomUUID(), requestId: randomUUID(), dueAt: new Date(original!.dueAt.getTime() + 30 * 86_400_000) }).returning()
    const rest = await allPages(() => page(first.next!), page)
    const rows = [first, ...rest].flatMap(p => p.rows)
    expect(rows.length).toBe(COPIES + 2)
    expect(new Set(rows.map(r => r.id)).size).toBe(COPIES + 2)
    expect(rows.at(-1)!.id).toBe(late!.id)
  })

  it('a cursor that is not one is refused with CURSOR_INVALID, not a 500', async () => {
    const registrar = await officer(s, 'college.registrar')
    for (const res of [
      await registrar.api.officer['certificate-requests'].$get({ query: { after: 'not-a-cursor' } }),
      await registrar.api.officer.corrections.$get({ query: { entryAfter: 'bnVsbA' } }),
    ]) {
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'CURSOR_INVALID' })
    }
  })
})
