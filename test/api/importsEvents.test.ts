import type { TestServer, Visitor } from './harness.ts'
import type { Row } from './importsKit.ts'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts, disputes } from '../../server/db/schema/index.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { buildWorld } from '../../server/demo/world.ts'
import { databaseKinds, startServer } from './harness.ts'
import { dryRun, id, workbook } from './importsKit.ts'

// Issue 12: 学籍异动 come in like records, keyed by 学籍号 + 异动类别 + 异动日期, and show on the
// record's history; a unit maps its own header names once and later uploads use the mapping.
const world = buildWorld()
const primarySchool = world.featured.primary
const featured = (key: string) => featuredStudents().find(f => f.key === key)!.record
const EVENT_HEADERS = ['学籍号', '姓名', '异动类别', '异动日期', '异动原因', '转出学校', '转入学校']

describe.each(databaseKinds)('importing 学籍异动 and saved column mappings on %s', (kind) => {
  let s: TestServer
  let county: Visitor
  const officer = async (username: string) => {
    const v = s.visitor()
    expect((await v.api.auth.officer.$post({ json: { username, password: 'xjt-demo-2026' } })).status).toBe(200)
    return v
  }
  beforeAll(async () => {
    s = await startServer(kind)
    county = await officer('zhongyuan.officer')
  })
  afterAll(async () => { await s.close() })

  const recordId = async (v: Visitor, registryNo: string) => (await (await v.api.officer.records.search.$post({ json: { q: registryNo } })).json()).records[0]!.id
  const eventsOf = async (v: Visitor, id: string) => (await (await v.api.records[':id'].$get({ param: { id } })).json() as unknown as { events: { kind: string, changeType: string | null, occurredOn: string, note: string | null }[] }).events.filter(e => e.kind === 'statusChange')

  it('imports 转学 and 休学 onto the student\'s history, refuses what it cannot place, and changes nothing the second time', async () => {
    const junior = featured('junior')
    const vocational = featured('vocational')
    const rows: Row[] = [
      [junior.registryNo, junior.name, '转学', '2026-09-01', '随父母工作调动', '郑州市金水区文化路小学', world.featured.junior.name], // row 3
      [junior.registryNo, junior.name, '休学', new Date(Date.UTC(2026, 9, 10)), '因病休学一年', null, null], // row 4
      [junior.registryNo, junior.name, '请假', '2026-10-11', null, null, null], // row 5: not a 学籍异动
      ['G410102201001010000', '无此人', '退学', '2026-10-12', null, null, null], // row 6: no such record
      [vocational.registryNo, vocational.name, '退学', '2026-10-12', null, null, null], // row 7: another county's student
      [junior.registryNo, '王某某', '复学', '2026-10-13', null, null, null], // row 8: the name is not this student's
      [junior.registryNo, junior.name, '休学', '2026-10-10', '重复', null, null], // row 9: same student, type and day as row 4
    ]
    const bytes = await workbook(rows, EVENT_HEADERS)
    const { id: importId, view } = await dryRun(county, bytes, '学籍异动.xlsx', 'events')
    expect(view.counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 5 })
    expect(view.errors.map(e => [e.row, e.column, e.code])).toEqual([
      [5, '异动类别', 'CODE_UNKNOWN'],
      [6, '学籍号', 'RECORD_UNKNOWN'],
      [7, '学籍号', 'RECORD_OUTSIDE_JURISDICTION'],
      [8, '姓名', 'NAME_MISMATCH'],
      [9, '异动类别', 'DUPLICATE_IN_FILE'],
    ])
    expect(view.errors[0]!.message).toContain('「请假」')
    expect((await county.api.imports[':id'].commit.$post({ param: { id: importId } })).status).toBe(200)

    const rid = await recordId(county, junior.registryNo)
    const events = await eventsOf(county, rid)
    expect(events).toEqual(expect.arrayContaining([
      expect.objectContaining({ changeType: '转学', occurredOn: '2026-09-01', note: `随父母工作调动；转出学校：郑州市金水区文化路小学；转入学校：${world.featured.junior.name}` }),
      expect.objectContaining({ changeType: '休学', occurredOn: '2026-10-10', note: '因病休学一年' }),
    ]))

    const again = await dryRun(county, bytes, '学籍异动.xlsx', 'events')
    expect(again.view.counts).toEqual({ created: 0, updated: 0, unchanged: 2, refused: 5 })
    expect((await county.api.imports[':id'].commit.$post({ param: { id: again.id } })).status).toBe(200)
    expect(await eventsOf(county, rid)).toHaveLength(events.length)

    // a newer export with another reason for the same 异动 updates it, never adds a second one
    const newer = await dryRun(county, await workbook([[junior.registryNo, junior.name, '休学', '2026-10-10', '因病休学一年（已附诊断证明）', null, null]], EVENT_HEADERS), '学籍异动.xlsx', 'events')
    expect(newer.view.counts).toEqual({ created: 0, updated: 1, unchanged: 0, refused: 0 })
    await county.api.imports[':id'].commit.$post({ param: { id: newer.id } })
    const after = await eventsOf(county, rid)
    expect(after.filter(e => e.changeType === '休学' && e.occurredOn === '2026-10-10')).toEqual([expect.objectContaining({ note: '因病休学一年（已附诊断证明）' })])
  })

  it('a new 休学、复学 or 转学 changes the record\'s status or school with the old value kept as history; an older event, a second import or an unknown school change nothing', async () => {
    const n = id('41010220140606006')
    const student = await dryRun(county, await workbook([[primarySchool.code, null, '异动乙', '1', '01', '1', n, '2014-06-06', null]]))
    await county.api.imports[':id'].commit.$post({ param: { id: student.id } })
    const registryNo = `G${n}`
    const rid = await recordId(county, registryNo)
    const record = async () => (await (await county.api.records[':id'].$get({ param: { id: rid } })).json())
    const otherPrimary = world.schools.find(x => x.level === 'primary' && x.registryAuthorityId === primarySchool.registryAuthorityId && x.unitId !== primarySchool.unitId)!
    const importEvents = async (rows: Row[]) => {
      const checked = await dryRun(county, await workbook(rows, EVENT_HEADERS), '学籍异动.xlsx', 'events')
      expect((await county.api.imports[':id'].commit.$post({ param: { id: checked.id } })).status).toBe(200)
      return checked.view
    }

    const file: Row[] = [
      [registryNo, '异动乙', '休学', '2026-03-01', '因病休学', null, null],
      [registryNo, '异动乙', '转学', '2026-09-01', '随父母搬家', primarySchool.name, otherPrimary.code],
    ]
    const checked = await dryRun(county, await workbook(file, EVENT_HEADERS), '学籍异动.xlsx', 'events')
    expect(checked.view.conflicts).toEqual([])
    expect(await record()).toMatchObject({ status: 'enrolled', school: { name: primarySchool.name } }) // the dry run writes nothing
    await county.api.imports[':id'].commit.$post({ param: { id: checked.id } })
    const moved = await record()
    expect(moved).toMatchObject({ status: 'suspended', school: { name: otherPrimary.name } })
    expect(moved.history).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'placement.status', oldValue: '在籍', newValue: '休学' }),
      expect.objectContaining({ field: 'placement.school', oldValue: primarySchool.name, newValue: otherPrimary.name }),
    ]))

    // the same file again: nothing new, nothing changes
    await importEvents(file)
    expect((await record()).history).toHaveLength(moved.history.length)
    // a 复学 ends the 休学; a 休学 dated before it, imported later, does not start another
    await importEvents([[registryNo, '异动乙', '复学', '2026-10-08', null, null, null]])
    expect(await record()).toMatchObject({ status: 'enrolled' })
    await importEvents([[registryNo, '异动乙', '休学', '2026-02-01', '补录', null, null]])
    expect(await record()).toMatchObject({ status: 'enrolled' })
    // a 转学 to a school nobody knows is kept as an event, listed, and the school stays
    const unknown = await importEvents([[registryNo, '异动乙', '转学', '2026-11-02', null, otherPrimary.name, '不存在的希望小学']])
    expect(unknown.conflicts).toEqual([expect.objectContaining({ row: 3, column: '转入学校', code: 'SCHOOL_UNKNOWN' })])
    expect(await record()).toMatchObject({ school: { name: otherPrimary.name } })
    expect((await eventsOf(county, rid)).map(e => e.changeType)).toEqual(['休学', '休学', '转学', '复学', '转学'])

    // the school under an open dispute stays, and is listed; the 休学 in the same file still applies
    const [me] = await s.deps.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'zhongyuan.officer'))
    await s.deps.db.insert(disputes).values({ requestId: crypto.randomUUID(), recordId: rid, accountId: me!.id, field: 'placement.school', shownValue: otherPrimary.name, explanation: '学校登记有误' })
    const held = await importEvents([
      [registryNo, '异动乙', '转学', '2026-11-05', null, otherPrimary.name, primarySchool.code],
      [registryNo, '异动乙', '休学', '2026-11-10', null, null, null],
    ])
    expect(held.conflicts).toEqual([expect.objectContaining({ row: 3, column: '转入学校', code: 'FIELD_UNDER_REVIEW' })])
    expect(await record()).toMatchObject({ status: 'suspended', school: { name: otherPrimary.name } })
  })

  it('two 学籍异动 files committed at once: each status change is recorded against the status it replaced, none lost', async () => {
    const n = id('41010220140707007')
    const student = await dryRun(county, await workbook([[primarySchool.code, null, '并发丁', '1', '01', '1', n, '2014-07-07', null]]))
    await county.api.imports[':id'].commit.$post({ param: { id: student.id } })
    const registryNo = `G${n}`
    const rid = await recordId(county, registryNo)
    const files = await Promise.all([['休学', '2026-11-20'], ['退学', '2026-11-21']].map(async ([type, on]) => dryRun(county, await workbook([[registryNo, '并发丁', type!, on!, null, null, null]], EVENT_HEADERS), `${type}.xlsx`, 'events')))
    const commits = await Promise.all(files.map(f => county.api.imports[':id'].commit.$post({ param: { id: f.id } })))
    expect(commits.map(r => r.status)).toEqual([200, 200])
    const after = await (await county.api.records[':id'].$get({ param: { id: rid } })).json()
    // The changes form one chain from 在籍, each replacing what was there, ending at the record's status.
    const changes = after.history.filter(h => h.field === 'placement.status')
    const chain = [changes.find(c => c.oldValue === '在籍')!]
    while (chain.length < changes.length)
      chain.push(changes.find(c => c.oldValue === chain.at(-1)!.newValue)!)
    expect(chain.every(Boolean)).toBe(true)
    expect({ 休学: 'suspended', 已退学: 'withdrawn' }[chain.at(-1)!.newValue!]).toBe(after.status)
  })

  it('an unknown header is listed; mapped once for the unit, the next upload uses it; other units keep their own', async () => {
    const headers = ['学校代号', '全国学籍号', '学生名', '性别', '民族', '身份证件号', '备注']
    const n = id('41010220140505005')
    const bytes = await workbook([[primarySchool.code, null, '映射甲', '1', '01', n, '插班生']], headers)
    const first = await dryRun(county, bytes)
    expect(first.view.unmatched).toEqual(['学校代号', '学生名', '备注'])
    expect(first.view.counts).toMatchObject({ created: 0, refused: 1 })

    const before = await (await county.api.imports.mappings[':kind'].$get({ param: { kind: 'records' } })).json()
    expect(before.columns).toEqual([])
    expect(before.fields).toEqual(expect.arrayContaining([{ key: 'name', label: '姓名' }, { key: 'schoolCode', label: '学校标识码' }]))
    // two officers' saves at once both land
    const head = await officer('zhongyuan.head')
    const saves = await Promise.all([
      county.api.imports.mappings[':kind'].$put({ param: { kind: 'records' }, json: { columns: [{ header: '学校代号', column: 'schoolCode' }, { header: '备注', column: 'ignore' }] } }),
      head.api.imports.mappings[':kind'].$put({ param: { kind: 'records' }, json: { columns: [{ header: '学生名', column: 'name' }] } }),
    ])
    expect(saves.map(r => r.status)).toEqual([200, 200])
    const saved = await (await county.api.imports.mappings[':kind'].$get({ param: { kind: 'records' } })).json()
    expect(saved.columns).toHaveLength(3)

    const second = await dryRun(county, bytes)
    expect(second.view.unmatched).toEqual([])
    expect(second.view.counts).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 0 })

    const wrong = await county.api.imports.mappings[':kind'].$put({ param: { kind: 'records' }, json: { columns: [{ header: '学生名', column: 'salary' }] } })
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toMatchObject({ code: 'MAPPING_FIELD_UNKNOWN' })
    const other = await officer('xiangfu.officer')
    expect((await (await other.api.imports.mappings[':kind'].$get({ param: { kind: 'records' } })).json()).columns).toEqual([])

    // removing a header's mapping lists it again
    await county.api.imports.mappings[':kind'].$put({ param: { kind: 'records' }, json: { columns: [{ header: '备注', column: null }] } })
    expect((await dryRun(county, bytes)).view.unmatched).toEqual(['备注'])
  })
})
