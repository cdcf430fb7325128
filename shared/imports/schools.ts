// One row of a school list (issue 12: 10-digit 学校标识码, name, level, address region, 学籍主管部门).
import type { Cell, RowError } from './rows.ts'
import { normalizeHeader } from './columns.ts'
import { cellText } from './rows.ts'

export type SchoolColumn = 'code' | 'name' | 'level' | 'regionCode' | 'authority'
export type SchoolLevelKey = 'primary' | 'junior' | 'senior' | 'vocational' | 'higher'
export interface ImportedSchool { row: number, code: string, name: string, level: SchoolLevelKey, regionCode: string, authority: string | null }

const variants: Record<SchoolColumn, string[]> = {
  code: ['学校标识码', '学校代码', '学校识别码'],
  name: ['学校名称', '学校'],
  level: ['办学层次', '学段', '办学类型', '学校类型', '层次'],
  regionCode: ['行政区划代码', '所在地区代码', '所在地行政区划', '地区代码', '所在地区'],
  authority: ['学籍主管部门', '主管部门', '主管教育行政部门'],
}
const byHeader = new Map(Object.entries(variants).flatMap(([k, names]) => names.map(n => [normalizeHeader(n), k as SchoolColumn])))
export const schoolColumnOf = (header: string) => byHeader.get(normalizeHeader(header)) ?? null
export const schoolColumnLabel = (c: SchoolColumn) => variants[c][0]!

// design: the words the national and provincial lists use for a school's stage.
const levels: [RegExp, SchoolLevelKey][] = [
  [/^(?:小学|primary|21\d)$/i, 'primary'],
  [/^(?:初中|初级中学|junior|31\d)$/i, 'junior'],
  [/^(?:高中|高级中学|完全中学|senior|34\d)$/i, 'senior'],
  [/^(?:中职|中等职业学校|职业高中|中专|技工学校|vocational|36\d)$/i, 'vocational'],
  [/^(?:高校|高等学校|本科|专科|高职|高等职业学校|大学|学院|higher)$/i, 'higher'],
]

export function readSchoolRow(row: number, cells: Partial<Record<SchoolColumn, Cell>>, header: (c: SchoolColumn) => string): { ok: true, school: ImportedSchool } | { ok: false, errors: RowError[] } {
  const errors: RowError[] = []
  const refuse = (c: SchoolColumn, code: string, detail: string) => errors.push({ row, column: header(c), code, message: `第 ${row} 行「${header(c)}」${detail}` })
  const text = (c: SchoolColumn) => cellText(cells[c])
  const code = text('code')
  if (!/^\d{10}$/.test(code))
    refuse('code', 'SCHOOL_CODE_INVALID', code ? `的值「${code}」不是 10 位数字的学校标识码` : '不能为空')
  const name = text('name')
  if (!name)
    refuse('name', 'REQUIRED', '不能为空')
  const level = levels.find(([re]) => re.test(text('level')))?.[1]
  if (!level)
    refuse('level', 'CODE_UNKNOWN', text('level') ? `的值「${text('level')}」不是可识别的办学层次（小学、初中、高中、中职、高校）` : '不能为空')
  const regionCode = text('regionCode')
  if (!/^\d{6}$/.test(regionCode))
    refuse('regionCode', 'REGION_INVALID', regionCode ? `的值「${regionCode}」不是 6 位行政区划代码` : '不能为空')
  if (errors.length)
    return { ok: false, errors }
  return { ok: true, school: { row, code, name, level: level!, regionCode, authority: text('authority') || null } }
}
