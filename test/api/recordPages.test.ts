import type { TestServer, Visitor } from './harness.ts'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../server/db/bulk.ts'
import { DEMO_PASSWORD } from '../../server/demo/accounts.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { pruneRecordPages } from '../../server/features/records/storedPage.ts'
import { databaseKinds, racingKinds, signIn, startServer } from './harness.ts'

// issue 14: the record page is stored once built and served until something it shows changes. What
// a reader must never notice: a change they made, or an officer entered, missing from the page.
const junior = featuredStudents().find(f => f.key === 'junior')!
const temporary = featuredStudents().find(f => f.key === 'temporary')!
const recordId = junior.record.id

async function boundStudent(s: TestServer) {
  const v = s.visitor()
  await signIn(v, '13600000001')
  await v.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber! } })
  return v
}
async function page(v: Visitor) {
  const res = await v.api.records[':id'].$get({ param: { id: recordId } })
  expect(res.status).toBe(200)
  return res.json()
}
const studentField = (r: Awaited<ReturnType<typeof page>>, key: string) => r.student.find(f => f.key === key)!.value
const employer = (r: Awaited<ReturnType<typeof page>>) => r.guardians[0]!.fields.find(f => f.key === 'employer')!.value
// A sweeper's look once no transaction older than the record's changes runs anywhere on the server: a
// snapshot's xmin is the whole cluster's, so another test file's open transaction would make it keep them.
async function lookOnceSettled(s: TestServer) {
  const older = async () => rowsOf(await s.database.db.execute(sql`select 1 from record_page_changes where key = ${recordId} and xid >= pg_snapshot_xmin(pg_current_snapshot())`)).length
  await expect.poll(older, { timeout: 20_000 }).toBe(0)
  await pruneRecordPages(s.database.db)
}

describe.each(databaseKinds)('the stored record page on %s', (kind) => {
  let s: TestServer
  let student: Visitor
  const run = (query: ReturnType<typeof sql>) => s.database.db.execute(query)
  const count = async (query: ReturnType<typeof sql>) => (rowsOf(await run(sql`select count(*)::int as n from ${query}`))[0] as { n: number }).n
  const storedPages = async () => count(sql`record_pages where record_id = ${recordId}`)
  beforeAll(async () => {
    s = await startServer(kind)
    student = await boundStudent(s)
  })
  afterAll(async () => { await s.close() })

  const builtIn = async () => (rowsOf(await run(sql`select built_in::text as b from record_pages where record_id = ${recordId}`))[0] as { b: string } | undefined)?.b

  it('is stored by the first read and serves the same page afterwards', async () => {
    const first = await page(student)
    expect(await storedPages()).toBe(1)
    const stored = await builtIn()
    expect(await page(student)).toEqual(first)
    expect(await builtIn()).toBe(stored) // served, not built again
  })

  it('a temporary record\'s page, which shows its whole 学籍号, is never stored', async () => {
    const officer = s.visitor()
    expect((await officer.api.auth.officer.$post({ json: { username: 'henan.province', password: DEMO_PASSWORD } })).status).toBe(200)
    const res = await officer.api.records[':id'].$get({ param: { id: temporary.record.id } })
    expect((await res.json()).registryNo).toBe(temporary.record.registryNo)
    expect(await count(sql`record_pages where record_id = ${temporary.record.id}`)).toBe(0)
  })

  it('a page whose snapshot is ahead of this database (a backup restored on another server) is not served', async () => {
    await page(student)
    await run(sql`update record_pages set built_in = ((pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000000)::text || ':' || (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000000)::text || ':')::pg_snapshot,
      page = replace(page, '"className","value":"', '"className","value":"未来') where record_id = ${recordId}`)
    await run(sql`update student_records set class_name = '九年级（5）班' where id = ${recordId}`)
    expect(studentField(await page(student), 'className')).toBe('九年级（5）班')
  })

  it('shows every kind of write to what it shows at the next read', async () => {
    await page(student)
    await run(sql`update student_records set class_name = '九年级（7）班' where id = ${recordId}`)
    expect(studentField(await page(student), 'className')).toBe('九年级（7）班')
    await run(sql`update record_guardians set employer = '新单位' where record_id = ${recordId} and ordinal = (select min(ordinal) from record_guardians where record_id = ${recordId})`)
    expect(employer(await page(student))).toBe('新单位')
    const marked = await student.api.records[':id'].disputes.$post({ param: { id: recordId }, json: { requestId: crypto.randomUUID(), field: 'student.className', explanation: '班级登记错了' } })
    expect(marked.status).toBe(201)
    expect((await page(student)).disputes.map(d => d.field)).toContain('student.className')
  })

  it('shows a renamed school; another school renamed leaves the stored page alone', async () => {
    await page(student)
    await run(sql`update units set name = name || '（更名）' where id = (select school_unit_id from student_records where id = ${recordId})`)
    expect((await page(student)).school.name).toMatch(/（更名）$/)
    const stored = await builtIn()
    await run(sql`update units set name = name || '（更名）' where kind = 'school' and id not in (select school_unit_id from registration_events where record_id = ${recordId})`)
    // A school import rewrites a school only when its file row differs; an unchanged row logs nothing.
    await run(sql`update units set name = name`)
    await page(student)
    expect(await builtIn()).toBe(stored)
  })

  it('a page stored by an older release is built again, not served', async () => {
    await page(student)
    await run(sql`update record_pages set format = 'older', page = replace(page, '"className","value":"', '"className","value":"旧版本') where record_id = ${recordId}`)
    expect(studentField(await page(student), 'className')).not.toMatch(/^旧版本/)
  })

  it('the sweeper forgets a change once it had committed by a look ten minutes old, with the pages that missed it', async () => {
    await page(student)
    const logged = await count(sql`record_page_changes where key = ${recordId}`)
    await run(sql`update student_records set class_name = '九年级（8）班' where id = ${recordId}`)
    await lookOnceSettled(s) // a look: the change has committed by now
    await run(sql`update record_page_sweeps set at = at - interval '1 hour'`) // … and that look is an hour old
    await run(sql`update record_guardians set employer = '看过之后' where record_id = ${recordId}`) // after the look
    expect(await count(sql`record_page_changes where key = ${recordId}`)).toBe(logged + 2)
    await pruneRecordPages(s.database.db)
    // The change before the first look is forgotten, and the page that missed it goes with it.
    expect(await count(sql`record_page_changes where key = ${recordId}`)).toBe(1)
    expect(await storedPages()).toBe(0)
    const now = await page(student)
    expect([studentField(now, 'className'), employer(now)]).toEqual(['九年级（8）班', '看过之后'])
    expect(await storedPages()).toBe(1)
  })

  it('a page not built again for 30 days is removed by the sweeper, and the next read builds it again', async () => {
    const before = await page(student)
    await run(sql`update record_pages set built_at = built_at - interval '29 days' where record_id = ${recordId}`)
    await pruneRecordPages(s.database.db)
    expect(await storedPages()).toBe(1) // built 29 days ago: kept
    await run(sql`update record_pages set built_at = built_at - interval '2 days' where record_id = ${recordId}`)
    await pruneRecordPages(s.database.db)
    expect(await storedPages()).toBe(0)
    expect(await page(student)).toEqual(before)
    expect(await count(sql`record_pages where record_id = ${recordId} and built_at > now() - interval '1 hour'`)).toBe(1)
  })
})

describe.each(racingKinds)('the stored record page racing writers on %s', (kind) => {
  let s: TestServer
  let student: Visitor
  let other: postgres.Sql
  beforeAll(async () => {
    s = await startServer(kind)
    student = await boundStudent(s)
    other = postgres(s.databaseUrl!, { max: 4, onnotice: () => {} })
  })
  afterAll(async () => {
    await other.end()
    await s.close()
  })

  it('a page built while a write is in flight is built again once the write commits', async () => {
    await page(student)
    await other`update student_records set class_name = '九年级（1）班' where id = ${recordId}` // the stored page is stale
    await other.begin(async (tx) => {
      await tx`update record_guardians set employer = '进行中的单位' where record_id = ${recordId}`
      // Built now, the page cannot see the write in flight: it shows the committed employer.
      const during = await page(student)
      expect(studentField(during, 'className')).toBe('九年级（1）班')
      expect(employer(during)).not.toBe('进行中的单位')
    })
    expect(employer(await page(student))).toBe('进行中的单位')
  })

  it('even when the sweeper forgets the change: the page that missed it is removed with it', async () => {
    await other`update student_records set class_name = '九年级（2）班' where id = ${recordId}`
    await other.begin(async (tx) => {
      await tx`update record_guardians set employer = '又一个单位' where record_id = ${recordId}`
      expect(employer(await page(student))).not.toBe('又一个单位')
    })
    await lookOnceSettled(s)
    await other`update record_page_sweeps set at = at - interval '1 hour'`
    await pruneRecordPages(s.database.db)
    expect((await other`select count(*)::int as n from record_page_changes where key = ${recordId}`)[0]!.n).toBe(0)
    expect(employer(await page(student))).toBe('又一个单位')
  })

  it('a burst of reads and writes to one record: no deadlock, and every read after the last write shows it', async () => {
    const writes = Array.from({ length: 10 }, (_, i) => i % 2
      ? other`update record_guardians set employer = ${`单位${i}`} where record_id = ${recordId}`
      : other`update student_records set class_name = ${`班${i}`} where id = ${recordId}`)
    const reads = Array.from({ length: 30 }, async () => page(student))
    await Promise.all([...writes, ...reads])
    const [last] = await other`select class_name, (select employer from record_guardians where record_id = ${recordId} limit 1) as employer from student_records where id = ${recordId}`
    const after = await Promise.all(Array.from({ length: 10 }, async () => page(student)))
    for (const r of after) {
      expect(studentField(r, 'className')).toBe(last!.class_name)
      expect(employer(r)).toBe(last!.employer)
    }
  })
})
