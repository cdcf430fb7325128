import type { TestServer, Visitor } from './harness.ts'
import type { Row } from './importsKit.ts'
import { eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordHistory, studentRecords } from '../../server/db/schema/index.ts'
import { matchesSealed } from '../../server/db/sealedLookup.ts'
import { featuredStudents } from '../../server/demo/generate.ts'
import { buildWorld } from '../../server/demo/world.ts'
import { databaseKinds, signIn, startServer } from './harness.ts'
import { dryRun, HEADERS, id, reordered, upload, workbook } from './importsKit.ts'

const world = buildWorld()
const primarySchool = world.featured.primary // 中原区, run by the 中原区 bureau
const vocationalSchool = world.featured.vocational // 祥符区
const junior = featuredStudents().find(f => f.key === 'junior')!
/** GBK bytes, as Excel on a Chinese Windows saves a CSV (Node decodes GBK but cannot encode it). */
function encodeGbk(text: string) {
  const decoder = new TextDecoder('gbk')
  const table = new Map<string, number[]>()
  for (let lead = 0x81; lead <= 0xFE; lead++) {
    for (let trail = 0x40; trail <= 0xFE; trail++)
      table.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail])
  }
  return new Uint8Array([...text].flatMap(ch => ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!))
}

describe.each(databaseKinds)('importing records on %s', (kind) => {
  let s: TestServer
  let county: Visitor
  beforeAll(async () => {
    s = await startServer(kind)
    county = await officer('zhongyuan.officer')
  })
  afterAll(async () => { await s.close() })

  async function officer(username: string) {
    const v = s.visitor()
    expect((await v.api.auth.officer.$post({ json: { username, password: 'xjt-demo-2026' } })).status).toBe(200)
    return v
  }
  const recordOf = async (registryNo: string) => (await s.deps.db.select().from(studentRecords).where(matchesSealed(studentRecords.registryNoIndex, registryNo)))[0]

  const newA = id('41010220130301001')
  const newB = id('41010220130302002')
  const fresh: Row[] = [
    [primarySchool.code, null, '王一鸣', '1', '01', '1', newA, '2013-03-01', '郑州市中原区建设路 1 号'],
    [primarySchool.code, null, '王二丫', '女', '回族', '居民身份证', newB, new Date(Date.UTC(2013, 2, 2)), null],
  ]

  it('a dry run counts new rows and writes nothing; commit creates them; the same file again changes nothing', async () => {
    const bytes = await workbook(fresh)
    const { id: importId, view } = await dryRun(county, bytes)
    expect(view).toMatchObject({ status: 'checked', counts: { created: 2, updated: 0, unchanged: 0, refused: 0 }, errors: [] })
    expect(await recordOf(`G${newA}`)).toBeUndefined()

    const committed = await county.api.imports[':id'].commit.$post({ param: { id: importId } })
    expect(committed.status).toBe(200)
    expect(await committed.json()).toMatchObject({ status: 'committed', counts: { created: 2 } })
    const a = await recordOf(`G${newA}`)
    expect(a).toMatchObject({ name: '王一鸣', gender: 'male', ethnicity: '汉族', birthDate: '2013-03-01', idNumber: newA, schoolUnitId: primarySchool.unitId, temporary: false })
    expect(await recordOf(`G${newB}`)).toMatchObject({ gender: 'female', ethnicity: '回族' })
    // committing twice is refused
    expect((await county.api.imports[':id'].commit.$post({ param: { id: importId } })).status).toBe(409)

    const again = await dryRun(county, bytes)
    expect(again.view.counts).toEqual({ created: 0, updated: 0, unchanged: 2, refused: 0 })
    await county.api.imports[':id'].commit.$post({ param: { id: again.id } })
    expect(await s.deps.db.select().from(recordHistory).where(eq(recordHistory.recordId, a!.id))).toEqual([])
  })

  it('refuses each faulty row with a Chinese reason naming row, column and value, and accepts a 临时 record without an ID (004:1)', async () => {
    const good = id('41010220130303003')
    const checksum = `${good.slice(0, 17)}${good.endsWith('1') ? '2' : '1'}`
    const { view } = await dryRun(county, await workbook([
      [primarySchool.code, null, '甲', '1', '01', '1', checksum, null, null], // row 3
      [primarySchool.code, null, '乙', '1', '01', '1', good, '2013-03-04', null], // row 4: birth date differs
      [primarySchool.code, null, '丙', '1', '01', '1', id('41010220130305005'), null, null], // row 5
      [primarySchool.code, null, '丁', '1', '01', '1', id('41010220130305005'), null, null], // row 6: same ID as row 5
      [vocationalSchool.code, null, '戊', '1', '01', '1', id('41022420070101007'), null, null], // row 7: another county's school
      [primarySchool.code, null, '己', '1', '01', '1', 410102201303060000, null, null], // row 8: stored as a number
      [primarySchool.code, null, '庚', '1', '01', '1', '4.10102E+17', null, null], // row 9: shown in scientific notation
      [primarySchool.code, null, '辛', '1', '01', '1', '410102201303070000', null, null], // row 10: 000 and a wrong check character
      [primarySchool.code, 'L2013030800001', '壬', '2', '01', null, null, '2013-03-08', null], // row 11: 临时学籍
    ]))
    const byRow = Object.fromEntries(view.errors.map(e => [e.row, e]))
    expect(view.counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 7 })
    expect(byRow[3]).toMatchObject({ column: '身份证件号', code: 'ID_CHECKSUM' })
    expect(byRow[3]!.message).toMatch(/^第 3 行「身份证件号」的值「410102\*+\d{3}[\dX]」有误：校验位不正确/)
    expect(byRow[4]).toMatchObject({ column: '出生日期', code: 'BIRTH_DATE_MISMATCH', message: '第 4 行「出生日期」的值「2013-03-04」与身份证件号中的出生日期 2013-03-03 不一致' })
    expect(byRow[6]).toMatchObject({ column: '身份证件号', code: 'DUPLICATE_IN_FILE' })
    expect(byRow[6]!.message).toContain('与第 5 行重复')
    expect(byRow[7]).toMatchObject({ column: '学校标识码', code: 'SCHOOL_OUTSIDE_JURISDICTION' })
    expect(byRow[7]!.message).toContain(vocationalSchool.name)
    for (const row of [8, 9, 10]) {
      expect(byRow[row]).toMatchObject({ column: '身份证件号', code: 'ID_EXCEL_ROUNDED' })
      expect(byRow[row]!.message).toMatch(/Excel.*舍入.*文本/)
    }
    expect(byRow[9]!.message).toContain('4.10102E+17')
    expect(byRow[11]).toBeUndefined()
  })

  it('the refused rows download as .xlsx with a reason column, and need no re-typing to upload again', async () => {
    const bad = id('41010220130309009')
    const { id: importId } = await dryRun(county, await workbook([
      [primarySchool.code, null, '癸', '1', '01', '1', bad, '2013-03-10', null],
      [primarySchool.code, null, '子', '1', '01', '1', id('41010220130311001'), null, null],
    ]))
    const res = await county.fetch(`${s.baseUrl}/api/imports/${importId}/errors.xlsx`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).getCell(1).value).toBe('原因')
    expect(ws.rowCount).toBe(2)
    expect(String(ws.getRow(2).getCell(1).value)).toContain('出生日期')
    expect(ws.getRow(2).getCell(2).value).toBe(3)
    expect(ws.getRow(2).getCell(9).value).toBe(bad) // the ID number as text, not a rounded number
  })

  it('a newer export updates what changed and keeps the old value as history with the import as its source', async () => {
    const r = junior.record
    const row = (address: string): Row => [world.featured.junior.code, r.registryNo, r.name, r.gender === 'male' ? '男' : '女', r.ethnicity, '居民身份证', r.idNumber!, r.birthDate, address]
    const { id: importId, view } = await dryRun(county, await workbook([row('郑州市中原区桐柏路 9 号')]))
    expect(view.counts).toEqual({ created: 0, updated: 1, unchanged: 0, refused: 0 })
    await county.api.imports[':id'].commit.$post({ param: { id: importId } })
    const after = await recordOf(r.registryNo)
    expect(after!.currentAddress).toBe('郑州市中原区桐柏路 9 号')
    const history = await s.deps.db.select().from(recordHistory).where(eq(recordHistory.recordId, after!.id))
    expect(history).toEqual([expect.objectContaining({ field: 'student.currentAddress', oldValue: r.currentAddress ?? null, newValue: '郑州市中原区桐柏路 9 号', importId })])
  })

  it('a newer export naming another school moves the student, and the history names both schools', async () => {
    const n = id('41010220130305004')
    const at = (code: string): Row => [code, null, '转校丙', '1', '01', '1', n, '2013-03-05', null]
    const other = world.schools.find(x => x.level === 'primary' && x.registryAuthorityId === primarySchool.registryAuthorityId && x.unitId !== primarySchool.unitId)!
    for (const code of [primarySchool.code, other.code]) {
      const { id: importId } = await dryRun(county, await workbook([at(code)]))
      expect((await county.api.imports[':id'].commit.$post({ param: { id: importId } })).status).toBe(200)
    }
    const after = await recordOf(`G${n}`)
    expect(after!.schoolUnitId).toBe(other.unitId)
    const history = await s.deps.db.select().from(recordHistory).where(eq(recordHistory.recordId, after!.id))
    expect(history).toEqual([expect.objectContaining({ field: 'placement.school', oldValue: primarySchool.name, newValue: other.name })])
  })

  it('a field with an open dispute is not overwritten but listed; the other fields are updated', async () => {
    const r = junior.record
    const student = s.visitor()
    await signIn(student, '13700000101')
    const bound = await (await student.api.bindings.$post({ json: { relation: 'self', name: r.name, idNumber: r.idNumber! } })).json() as { recordId: string }
    expect((await student.api.records[':id'].disputes.$post({ param: { id: bound.recordId }, json: { requestId: crypto.randomUUID(), field: 'student.currentAddress', explanation: '地址登记错了' } })).status).toBe(201)
    const before = await recordOf(r.registryNo)
    const headers = [...HEADERS, '班级']
    const { id: importId, view } = await dryRun(county, await workbook([[world.featured.junior.code, r.registryNo, r.name, r.gender === 'male' ? '男' : '女', r.ethnicity, '居民身份证', r.idNumber!, r.birthDate, '别的地址', '九年级（3）班']], headers))
    expect(view.conflicts).toEqual([expect.objectContaining({ row: 3, column: '现居住详细地址', code: 'FIELD_UNDER_REVIEW' })])
    const done = await (await county.api.imports[':id'].commit.$post({ param: { id: importId } })).json()
    expect(done).toMatchObject({ counts: { updated: 1 }, conflicts: [expect.objectContaining({ column: '现居住详细地址' })] })
    const after = await recordOf(r.registryNo)
    expect(after!.currentAddress).toBe(before!.currentAddress)
    expect(after!.className).toBe('九年级（3）班')
  })

  it('an officer of another county cannot import into this county, nor read its imports', async () => {
    const other = await officer('xiangfu.officer')
    const { view } = await dryRun(other, await workbook([[primarySchool.code, null, '外县', '1', '01', '1', id('41010220130312002'), null, null]]))
    expect(view.counts).toMatchObject({ created: 0, refused: 1 })
    expect(view.errors[0]).toMatchObject({ code: 'SCHOOL_OUTSIDE_JURISDICTION', column: '学校标识码' })
    const ours = await dryRun(county, await workbook(fresh))
    expect((await other.api.imports[':id'].$get({ param: { id: ours.id } })).status).toBe(404)
    expect((await other.api.imports[':id'].commit.$post({ param: { id: ours.id } })).status).toBe(404)
    const citizen = s.visitor()
    await signIn(citizen, '13700000102')
    expect((await upload(citizen, await workbook(fresh))).status).toBe(403)
  })

  it('reads a workbook whatever order its parts are stored in (the sheet before xl/workbook.xml)', async () => {
    const parts = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']
    const row: Row = [primarySchool.code, null, '赵小北', '1', '01', '1', id('41010220130304005'), '2013-03-04', null]
    const { view } = await dryRun(county, await reordered(await workbook([row]), parts), '另一种软件导出.xlsx')
    expect(view.counts).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 0 })
  })

  it('an old .xls file (or a password-protected workbook) is refused with what to do, not "no header row"', async () => {
    // the first bytes of an OLE2 compound file, as Excel 97-2003 and Excel's encryption write it
    const xls = new Uint8Array(4096)
    xls.set([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    const res = await upload(county, xls, '学生名单.xls')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'FILE_OLD_EXCEL', message: expect.stringContaining('另存为') })
  })

  it('reads a GBK CSV from Excel with codes, and a school registrar may leave the school out', async () => {
    const registrar = await officer('primary.registrar')
    const n = id('41010220130313003')
    const text = `姓名,性别,民族,身份证号码\r\n刘小明,1,01,${n}\r\n`
    const bytes = encodeGbk(text)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow() // really not UTF-8
    const { view } = await dryRun(registrar, bytes, '名单.csv')
    expect(view.counts).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 0 })
  })

  it('a county imports its school list keyed by 学校标识码; a school under another county is refused; records can then name the new school', async () => {
    const headers = ['学校标识码', '学校名称', '办学层次', '行政区划代码', '学籍主管部门']
    const { id: importId, view } = await dryRun(county, await workbook([
      ['3410102901', '郑州市中原区新苗小学', '小学', '410102', null],
      ['3410102902', '郑州市中原区越界小学', '小学', '410102', '开封市祥符区教育局'],
      ['341010290', '短码小学', '小学', '410102', null],
      [primarySchool.code, primarySchool.name, '小学', '410102', null],
    ], headers), '学校.xlsx', 'schools')
    expect(view.counts).toEqual({ created: 1, updated: 0, unchanged: 1, refused: 2 })
    expect(view.errors.map(e => [e.row, e.code])).toEqual([[4, 'SCHOOL_OUTSIDE_JURISDICTION'], [5, 'SCHOOL_CODE_INVALID']])
    expect((await county.api.imports[':id'].commit.$post({ param: { id: importId } })).status).toBe(200)
    const records = await dryRun(county, await workbook([['3410102901', null, '新苗', '1', '01', '1', id('41010220140101001'), null, null]]))
    expect(records.view.counts).toMatchObject({ created: 1, refused: 0 })
    const other = await officer('xiangfu.officer')
    const theirs = await dryRun(other, await workbook([['3410102901', '改名小学', '小学', '410102', null]], headers), '学校.xlsx', 'schools')
    expect(theirs.view.errors[0]).toMatchObject({ code: 'SCHOOL_OUTSIDE_JURISDICTION' })
  })

  it('a 临时 record is updated in place when its ID number arrives, never duplicated (004:1)', async () => {
    const n = id('41010220140202002')
    const headers = ['学校标识码', '全国学籍号', '姓名', '性别', '民族', '身份证件号', '出生日期', '家庭成员或监护人一姓名', '家庭成员或监护人一关系', '家庭成员或监护人一是否监护人']
    const first = await dryRun(county, await workbook([[primarySchool.code, 'L2014020200002', '赵临时', '女', '汉族', null, '2014-02-02', '赵大山', '父亲', '是']], headers))
    await county.api.imports[':id'].commit.$post({ param: { id: first.id } })
    expect(await recordOf('L2014020200002')).toMatchObject({ temporary: true, idNumber: null })
    const second = await dryRun(county, await workbook([[primarySchool.code, 'L2014020200002', '赵临时', '女', '汉族', n, '2014-02-02', '赵大山', '父亲', '是']], headers))
    expect(second.view.counts).toEqual({ created: 0, updated: 1, unchanged: 0, refused: 0 })
    await county.api.imports[':id'].commit.$post({ param: { id: second.id } })
    const after = await s.deps.db.select().from(studentRecords).where(matchesSealed(studentRecords.idNumberIndex, n))
    expect(after).toEqual([expect.objectContaining({ registryNo: 'L2014020200002', temporary: false })])
  })

  it('five commits of one import at once write it once', async () => {
    const { id: importId } = await dryRun(county, await workbook([[primarySchool.code, null, '钱同时', '1', '01', '1', id('41010220140303003'), null, null]]))
    const answers = await Promise.all(Array.from({ length: 5 }, () => county.api.imports[':id'].commit.$post({ param: { id: importId } })))
    expect(answers.map(a => a.status).sort()).toEqual([200, 409, 409, 409, 409])
    expect(await s.deps.db.select({ id: studentRecords.id }).from(studentRecords).where(matchesSealed(studentRecords.idNumberIndex, id('41010220140303003')))).toHaveLength(1)
  })

  it('offers a template with the 附件1 headers, ID columns as text and drop-down lists', async () => {
    const res = await county.fetch(`${s.baseUrl}/api/imports/template.xlsx`)
    expect(res.status).toBe(200)
    // A file a browser may open as a page of its own gets a page's security headers.
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self'/)
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    const ws = wb.getWorksheet('学生信息')!
    const headers = (ws.getRow(1).values as string[]).slice(1)
    expect(headers.slice(0, 5)).toEqual(['学校标识码', '学校名称', '学籍号', '姓名', '曾用名'])
    expect(headers).toContain('家庭成员或监护人二是否监护人')
    const idColumn = headers.indexOf('身份证件号') + 1
    expect(ws.getCell(2, idColumn).numFmt).toBe('@')
    expect(ws.getCell(2, headers.indexOf('性别') + 1).dataValidation).toMatchObject({ type: 'list' })
  })
})
