import type { RecordColumn } from '../../shared/imports/columns.ts'
import type { Cell } from '../../shared/imports/rows.ts'
import { describe, expect, it } from 'vitest'
import { idCheckCharacter } from '../../shared/idNumber.ts'
import { decodeEthnicity, decodeGender, decodeIdType } from '../../shared/imports/codes.ts'
import { columnOf } from '../../shared/imports/columns.ts'
import { decodeCsv, parseCsv } from '../../shared/imports/csv.ts'
import { excelRounded, readDate, readRecordRow } from '../../shared/imports/rows.ts'

const id = (first17: string) => `${first17}${idCheckCharacter(first17)}`
const girl = id('41010220120520002') // 2012-05-20, even sequence: female
const ctx = { header: (c: RecordColumn) => c, today: '2026-11-23' }
const read = (cells: Partial<Record<RecordColumn, Cell>>) => readRecordRow(2, { name: '李小雨', ethnicity: '01', ...cells }, ctx)
function codes(cells: Partial<Record<RecordColumn, Cell>>) { const r = read(cells); return r.ok ? [] : r.errors.map(e => e.code) }

describe('import columns are matched by header name, with the usual variants', () => {
  it.each([
    ['身份证件号', 'idNumber'],
    ['身份证号码', 'idNumber'],
    ['公民身份证号码', 'idNumber'],
    [' 身份证件号（码） ', 'idNumber'],
    ['民族成分', 'ethnicity'],
    ['国籍/地区', 'nationality'],
    ['全国学籍号', 'registryNo'],
    ['学校标识码', 'schoolCode'],
    ['家庭成员或监护人一姓名', 'guardian1.name'],
    ['监护人2联系电话', 'guardian2.phone'],
    ['家庭成员或监护人二是否监护人', 'guardian2.isGuardian'],
    ['备注', null],
  ])('%s → %s', (header, column) => {
    expect(columnOf(header)).toBe(column)
  })
})

describe('codes and labels are both accepted', () => {
  it('性别 1/2 or 男/女, 民族 two-digit code or name, 身份证件类型 code or name', () => {
    expect([decodeGender('1'), decodeGender('女'), decodeGender('3')]).toEqual([{ ok: true, value: 'male' }, { ok: true, value: 'female' }, { ok: false }])
    expect([decodeEthnicity('01'), decodeEthnicity('3'), decodeEthnicity('回族'), decodeEthnicity('汉'), decodeEthnicity('57')]).toEqual([
      { ok: true, value: '汉族' },
      { ok: true, value: '回族' },
      { ok: true, value: '回族' },
      { ok: true, value: '汉族' },
      { ok: false },
    ])
    expect([decodeIdType('1'), decodeIdType('身份证'), decodeIdType('6')]).toEqual([{ ok: true, value: '居民身份证' }, { ok: true, value: '居民身份证' }, { ok: true, value: '护照' }])
  })
})

describe('a row of a records import', () => {
  it('reads birth date and gender from the ID number and makes the 学籍号 G + ID when absent', () => {
    const r = read({ idNumber: girl })
    expect(r.ok && r.record).toMatchObject({ registryNo: `G${girl}`, temporary: false, student: { gender: 'female', birthDate: '2012-05-20', ethnicity: '汉族' } })
  })

  it('refuses a wrong check character (校验位不正确) naming row, column and a masked value', () => {
    const bad = `${girl.slice(0, 17)}${girl.endsWith('1') ? '2' : '1'}`
    const r = read({ idNumber: bad })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.errors[0]).toMatchObject({ row: 2, column: 'idNumber', code: 'ID_CHECKSUM' })
    expect(!r.ok && r.errors[0]!.message).toMatch(/^第 2 行「idNumber」的值「410102\*{8}\d{3}[\dX]」有误：校验位不正确/)
  })

  it('refuses a birth date that differs from the ID number', () => {
    expect(codes({ idNumber: girl, birthDate: '2012-05-21' })).toEqual(['BIRTH_DATE_MISMATCH'])
    expect(codes({ idNumber: girl, birthDate: new Date(Date.UTC(2012, 4, 20)) })).toEqual([])
  })

  it.each([
    ['a number cell', 410102201205200000],
    ['scientific notation text', '4.10102E+17'],
    ['18 digits ending in 000 that fail the check character', '410102201205200000'],
  ])('names an ID number Excel rounded (%s) and says how to export it as text', (_what, value) => {
    const r = read({ idNumber: value })
    expect(!r.ok && r.errors[0]!.code).toBe('ID_EXCEL_ROUNDED')
    expect(!r.ok && r.errors[0]!.message).toContain('文本')
  })

  it('keeps a valid number that happens to end in 000', () => {
    const first17 = Array.from({ length: 1000 }, (_, k) => `41010220120520${String(k).padStart(3, '0')}`).find(f => idCheckCharacter(f) === '0' && f.endsWith('00'))!
    expect(excelRounded(`${first17}0`)).toBe(false)
  })

  it('accepts a 临时 record without an ID number when it has a 学籍号 (004:1), and refuses one with neither', () => {
    const r = read({ registryNo: 'L2012052000001', gender: '女', birthDate: '2012-05-20' })
    expect(r.ok && r.record).toMatchObject({ temporary: true, registryNo: 'L2012052000001', student: { idNumber: null } })
    expect(codes({ gender: '女', birthDate: '2012-05-20' })).toEqual(['REGISTRY_NO_REQUIRED'])
  })

  it('refuses an unknown code naming the value', () => {
    const r = read({ idNumber: girl, ethnicity: '99' })
    expect(!r.ok && r.errors[0]!.message).toBe('第 2 行「ethnicity」的值「99」不是有效的民族（两位代码或名称）')
  })

  it.each([['2012/5/20'], ['20120520'], ['2012年5月20日'], [41049]])('reads the date %s', (value) => {
    expect(readDate(value)).toBe('2012-05-20')
  })
})

describe('csv files', () => {
  it('decodes UTF-8 with a BOM, without one, and GBK', () => {
    const text = '姓名,民族\n李小雨,汉族\n'
    const utf8 = new TextEncoder().encode(text)
    expect(decodeCsv(new Uint8Array([0xEF, 0xBB, 0xBF, ...utf8]))).toBe(text)
    expect(decodeCsv(utf8)).toBe(text)
    // 姓名 in GBK
    expect(decodeCsv(new Uint8Array([0xD0, 0xD5, 0xC3, 0xFB]))).toBe('姓名')
  })

  it('splits quoted fields with commas, quotes and line breaks', () => {
    expect([...parseCsv('a,"b,c","d""e"\r\n"f\ng",h')]).toEqual([['a', 'b,c', 'd"e'], ['f\ng', 'h']])
  })
})
