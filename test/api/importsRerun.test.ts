import type { TestServer, Visitor } from './harness.ts'
import type { Row } from './importsKit.ts'
import { inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { studentRecords } from '../../server/db/schema/index.ts'
import { indexOf, matchesSealed } from '../../server/db/sealedLookup.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { buildWorld } from '../../server/demo/world.ts'
import { databaseKinds, startServer } from './harness.ts'
import { dryRun, id, idNumbers, upload, workbook } from './importsKit.ts'

// Issue 12: the refusals that need the database (an ID number on another record, a 学籍号 of
// another county), a commit that fails half-way and is confirmed again, and the same file twice at once.
const world = buildWorld()
const primarySchool = world.featured.primary // 中原区
const featured = (key: string) => featuredStudents().find(f => f.key === key)!.record
const row = (idNumber: string, name: string, registryNo: string | null = null): Row => [primarySchool.code, registryNo, name, '1', '01', '1', idNumber, null, null]

describe.each(databaseKinds)('import refusals and re-runs on %s', (kind) => {
  let s: TestServer
  let county: Visitor
  beforeAll(async () => {
    s = await startServer(kind)
    county = s.visitor()
    expect((await county.api.auth.officer.$post({ json: { username: 'zhongyuan.officer', password: 'xjt-demo-2026' } })).status).toBe(200)
  })
  afterAll(async () => { await s.close() })

  const holders = async (idNumber: string) => s.deps.db.select({ id: studentRecords.id, name: studentRecords.name }).from(studentRecords).where(matchesSealed(studentRecords.idNumberIndex, idNumber))

  it('refuses an ID number already on another student\'s record under a different 学籍号, without showing the number', async () => {
    const junior = featured('junior')
    const { view } = await dryRun(county, await workbook([row(junior.idNumber!, '冒名', `G${id('41010220130401001')}`)]))
    expect(view.counts).toEqual({ created: 0, updated: 0, unchanged: 0, refused: 1 })
    expect(view.errors).toEqual([expect.objectContaining({ row: 3, column: '身份证件号', code: 'ID_NUMBER_TAKEN' })])
    expect(view.errors[0]!.message).toContain('已属于另一份学籍')
    expect(view.errors[0]!.message).not.toContain(junior.idNumber!)
    expect(await holders(junior.idNumber!)).toEqual([expect.objectContaining({ name: junior.name })])
  })

  it('refuses a row whose 学籍号 belongs to a student of another county\'s school, even when the row names a school of ours', async () => {
    const vocational = featured('vocational') // 祥符区, outside 中原区
    const { id: importId, view } = await dryRun(county, await workbook([row(id('41010220130402002'), '越界', vocational.registryNo)]))
    expect(view.counts).toMatchObject({ updated: 0, refused: 1 })
    expect(view.errors).toEqual([expect.objectContaining({ row: 3, column: '全国学籍号', code: 'RECORD_OUTSIDE_JURISDICTION' })])
    expect((await county.api.imports[':id'].commit.$post({ param: { id: importId } })).status).toBe(200)
    const [after] = await s.deps.db.select().from(studentRecords).where(matchesSealed(studentRecords.registryNoIndex, vocational.registryNo))
    expect(after).toMatchObject({ name: vocational.name, idNumber: vocational.idNumber })
  })

  it('a commit that fails half-way is confirmed again: every row once, nothing lost', async () => {
    // Rows past the first batch fail to write: a trigger refuses one of them, as a database fault would.
    const numbers = idNumbers(1030, 5)
    const rows = numbers.map((n, i) => row(n, i === 1010 ? '故障' : `批量${i}`))
    const { id: importId, view } = await dryRun(county, await workbook(rows))
    expect(view.counts).toEqual({ created: 1030, updated: 0, unchanged: 0, refused: 0 })
    await s.deps.db.execute(sql.raw(`create function refuse_fault() returns trigger language plpgsql as $$ begin if new.name = '故障' then raise exception 'injected fault'; end if; return new; end $$`))
    await s.deps.db.execute(sql.raw('create trigger refuse_fault before insert on student_records for each row execute function refuse_fault()'))
    const failed = await county.api.imports[':id'].commit.$post({ param: { id: importId } })
    expect(failed.status).toBe(500)
    expect((await (await county.api.imports[':id'].$get({ param: { id: importId } })).json()).status).toBe('failed')
    const written = async () => (await Promise.all([numbers[0]!, numbers[500]!, numbers[1010]!, numbers[1029]!].map(holders))).map(h => h.length)
    expect(await written()).toEqual([1, 1, 0, 0]) // the first batch is in, the rest is not

    await s.deps.db.execute(sql.raw('drop trigger refuse_fault on student_records'))
    const again = await county.api.imports[':id'].commit.$post({ param: { id: importId } })
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ status: 'committed', counts: { refused: 0 } })
    expect((await county.api.imports[':id'].commit.$post({ param: { id: importId } })).status).toBe(409)
    expect(await written()).toEqual([1, 1, 1, 1])
    const all = await s.deps.db.select({ id: studentRecords.id }).from(studentRecords).where(inArray(studentRecords.idNumberIndex, numbers.map(n => indexOf(n))))
    expect(all).toHaveLength(numbers.length) // every row once: the ID numbers are unique, so 1,030 records means no row twice and none lost
  }, 60_000) // 1,030 rows, more than one batch, three times over

  it('five uploads of the same file at once: one is checked, the others are told it is running; afterwards it uploads again', async () => {
    const bytes = await workbook(idNumbers(1500, 7).map((n, i) => row(n, `同时${i}`)))
    const answers = await Promise.all(Array.from({ length: 5 }, () => upload(county, bytes)))
    expect(answers.map(a => a.status).sort()).toEqual([201, 409, 409, 409, 409])
    expect(await answers.find(a => (a.status as number) === 409)!.json()).toMatchObject({ code: 'IMPORT_RUNNING' })
    expect((await upload(county, bytes)).status).toBe(201)
  })
})
