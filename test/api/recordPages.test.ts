import type { TestServer, Visitor } from './harness.ts'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../server/db/bulk.ts'
import { recordHistory } from '../../server/db/schema/index.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { storePage } from '../../server/features/records/queries.ts'
import { DEMO_PASSWORD } from '../browser/kit.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'

// issue 14: the record page is stored once built and served as stored while the record's
// page_version stays where it was; triggers move the version with anything the page shows.
const junior = featuredStudents().find(f => f.key === 'junior')!
const recordId = junior.record.id

describe.each(databaseKinds)('the stored record page on %s', (kind) => {
  let s: TestServer
  let student: Visitor
  const page = async (who: Visitor = student) => {
    const res = await who.api.records[':id'].$get({ param: { id: recordId } })
    expect(res.status).toBe(200)
    return res.json()
  }
  const field = async (key: string) => (await page()).student.find(f => f.key === key)?.value
  const run = async (statement: ReturnType<typeof sql>) => rowsOf(await s.database.db.execute(statement))
  const stamps = async () => {
    const [row] = await run(sql`select page_version as version, (select epoch from record_page_epoch) as epoch from student_records where id = ${recordId}`)
    return { version: Number(row!.version), epoch: Number(row!.epoch) }
  }

  beforeAll(async () => {
    s = await startServer(kind)
    student = s.visitor()
    await signIn(student, '13600000001')
    await student.api.bindings.$post({ json: { relation: 'self', name: junior.record.name, idNumber: junior.record.idNumber! } })
  })
  afterAll(async () => { await s.close() })

  it('is stored at the first read and served to every reader with their own relation', async () => {
    const first = await page()
    const [row] = await run(sql`select count(*)::int as n from record_pages where record_id = ${recordId}`)
    expect(row!.n).toBe(1)
    expect(await page()).toEqual(first)
    const officer = s.visitor()
    expect((await officer.api.auth.officer.$post({ json: { username: 'zhongyuan.officer', password: DEMO_PASSWORD } })).status).toBe(200)
    const seen = await page(officer)
    expect(seen.viewerRelation).toBe('officer')
    expect({ ...seen, viewerRelation: 'self' }).toEqual(first)
  })

  it('follows every change to what it shows, whoever writes it (the app, an import, SQL)', async () => {
    await page()
    await run(sql`update student_records set current_address = '郑州市中原区测试路 1 号' where id = ${recordId}`)
    expect(await field('currentAddress')).toBe('郑州市中原区测试路 1 号')

    const events = (await page()).events.length
    await run(sql`insert into registration_events (record_id, kind, occurred_on, school_unit_id, note) select id, 'annual', current_date, school_unit_id, '测试学年注册' from student_records where id = ${recordId}`)
    expect((await page()).events).toHaveLength(events + 1)
    await run(sql`delete from registration_events where record_id = ${recordId} and note = '测试学年注册'`)
    expect((await page()).events).toHaveLength(events)

    await run(sql`update record_guardians set employer = '测试单位' where record_id = ${recordId} and ordinal = 1`)
    expect((await page()).guardians[0]!.fields.find(f => f.key === 'employer')?.value).toBe('测试单位')

    await s.database.db.insert(recordHistory).values({ recordId, field: 'student.currentAddress', oldValue: '旧址', newValue: '郑州市中原区测试路 1 号', at: new Date() })
    expect((await page()).history[0]).toMatchObject({ field: 'student.currentAddress', oldValue: '旧址' })

    const school = (await page()).school
    await run(sql`update units set name = name || '（测试）' where id = ${school.id}`)
    expect((await page()).school.name).toBe(`${school.name}（测试）`)
    await run(sql`update units set name = name || '（测试）' where id = (select registry_authority_id from schools where unit_id = ${school.id})`)
    expect((await page()).school.authorityName).toBe(`${school.authorityName}（测试）`)
  })

  it('is built again after a TRUNCATE, a version set backwards, a school\'s new level, or by newer code', async () => {
    const dispute = { requestId: crypto.randomUUID(), field: 'student.ethnicity', explanation: '民族登记错了' }
    expect((await student.api.records[':id'].disputes.$post({ param: { id: recordId }, json: dispute })).status).toBe(201)
    expect((await page()).disputes).toHaveLength(1)
    await run(sql`truncate disputes`)
    expect((await page()).disputes).toHaveLength(0)

    await run(sql`update student_records set page_version = 0, class_name = '回退班' where id = ${recordId}`)
    expect(await field('className')).toBe('回退班')
    await run(sql`update student_records set page_version = 0 where id = ${recordId}`)
    await run(sql`update student_records set class_name = '再回退班', page_version = 1 where id = ${recordId}`)
    expect(await field('className')).toBe('再回退班')

    const ofSchool = sql`unit_id = (select school_unit_id from student_records where id = ${recordId})`
    const level = (await run(sql`select level from schools where ${ofSchool}`))[0]!.level as string
    expect((await page()).level).toBe('k12')
    await run(sql`update schools set level = 'vocational' where ${ofSchool}`)
    expect((await page()).level).toBe('vocational')
    await run(sql`update schools set level = ${level} where ${ofSchool}`)

    const { viewerRelation: _, ...shown } = await page()
    await run(sql`delete from record_pages where record_id = ${recordId}`)
    await storePage(s.database.db, recordId, await stamps(), JSON.stringify({ ...shown, student: [] }))
    expect((await page()).student).toEqual([]) // what an older code would have stored …
    await run(sql`update record_pages set format = format - 1 where record_id = ${recordId}`)
    expect((await page()).student).toEqual(shown.student) // … is not served once the format moved on
  })

  it('a page built from an older version is never served, however late it is stored', async () => {
    await page()
    const before = await stamps()
    await run(sql`update student_records set class_name = '测试班' where id = ${recordId}`)
    const { viewerRelation: _, ...shown } = await page()
    const stale = JSON.stringify(shown).replace('测试班', '旧班')
    await storePage(s.database.db, recordId, before, stale) // a newer page is stored: the older one is not taken
    expect(await field('className')).toBe('测试班')
    await run(sql`delete from record_pages where record_id = ${recordId}`)
    await storePage(s.database.db, recordId, before, stale) // nothing stored: the older one is kept, under its version
    expect(await field('className')).toBe('测试班')
  })

  it('a burst of reads around a change: once the change is committed, every read shows it', async () => {
    const burst = () => Promise.all(Array.from({ length: 20 }, () => field('className')))
    const [during] = await Promise.all([burst(), run(sql`update student_records set class_name = '并发班' where id = ${recordId}`)])
    expect(during.every(v => v === '测试班' || v === '并发班')).toBe(true)
    expect(new Set(await burst())).toEqual(new Set(['并发班']))
  })

  it('every table the page shows moves its version (a table added to the page needs its triggers)', async () => {
    const rows = await run(sql`select c.relname as t, count(*)::int as n from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname like '%page%' and not g.tgisinternal group by c.relname order by c.relname`)
    expect(Object.fromEntries(rows.map(r => [r.t, r.n]))).toEqual({
      certificates: 4,
      corrections: 4,
      diploma_registrations: 4,
      disputes: 4,
      record_guardians: 4,
      record_history: 4,
      registration_events: 4,
      schools: 2,
      student_records: 1,
      units: 1,
    })
  })
})
