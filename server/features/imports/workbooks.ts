import type { ImportIssue } from '../../db/schema/index.ts'
import { Buffer } from 'node:buffer'
import ExcelJS from 'exceljs'
import { ETHNICITIES, ID_TYPES, OVERSEAS } from '#shared/imports/codes.ts'
import { columnLabel, columnOf, normalizeHeader, templateColumns } from '#shared/imports/columns.ts'
import { eventColumnOf } from '#shared/imports/events.ts'
import { cellText } from '#shared/imports/rows.ts'
import { schoolColumnOf } from '#shared/imports/schools.ts'
import { readSheet } from './sheet.ts'

const asBuffer = async (wb: ExcelJS.Workbook) => new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer)

/**
 * The refused rows as the file had them, with a reason column (issue 12): fixed in place and
 * uploaded again. Every cell is text, so an ID number is not turned into a number a second time.
 */
export async function refusedRowsWorkbook(file: Uint8Array, errors: ImportIssue[], kind: 'records' | 'schools' | 'events', mapping: Record<string, string> = {}) {
  const reasons = new Map<number, string[]>()
  for (const e of errors)
    reasons.set(e.row, [...(reasons.get(e.row) ?? []), e.message])
  // the header row as the import found it: the key column, or three recognised (or mapped) headers
  const known = (t: string): string | null => mapping[normalizeHeader(t)] ?? (kind === 'records' ? columnOf(t) : kind === 'schools' ? schoolColumnOf(t) : eventColumnOf(t))
  const key = kind === 'records' ? 'name' : kind === 'schools' ? 'code' : 'changeType'
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('未导入的行')
  let header: string[] | null = null
  for await (const { row, cells } of readSheet(file)) {
    const texts = cells.map(c => cellText(c ?? null))
    if (!header) {
      const found = texts.map(known)
      if (found.includes(key) || found.filter(f => f && f !== 'ignore').length >= 3) {
        header = texts
        ws.addRow(['原因', '原行号', ...texts]).font = { bold: true }
      }
      continue
    }
    const why = reasons.get(row)
    if (why)
      ws.addRow([why.join('；'), row, ...texts])
  }
  ws.columns.forEach((c, i) => {
    c.numFmt = '@'
    c.width = i === 0 ? 60 : 16
  })
  return asBuffer(wb)
}

/** The template: the headers in 附件1 order, ID columns as text, drop-down lists for coded items. */
export async function templateWorkbook() {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('学生信息')
  const lists = wb.addWorksheet('代码表', { state: 'veryHidden' })
  const listColumns: Record<string, readonly string[]> = {
    性别: ['男', '女'],
    民族: ETHNICITIES,
    身份证件类型: Object.values(ID_TYPES),
    港澳台侨外: Object.values(OVERSEAS),
    是否: ['是', '否'],
  }
  Object.entries(listColumns).forEach(([name, values], i) => {
    const col = lists.getColumn(i + 1)
    col.values = [name, ...values]
  })
  const rangeOf = (name: string) => {
    const i = Object.keys(listColumns).indexOf(name)
    const letter = String.fromCharCode(65 + i)
    return `代码表!$${letter}$2:$${letter}$${listColumns[name]!.length + 1}`
  }
  ws.addRow(templateColumns.map(columnLabel)).font = { bold: true }
  templateColumns.forEach((column, i) => {
    const col = ws.getColumn(i + 1)
    col.width = 14
    col.numFmt = '@' // ID numbers and 学籍号 stay text (a number loses digits after the 15th)
    const key = column.split('.').pop()!
    const list = key === 'gender' ? '性别' : key === 'ethnicity' ? '民族' : key === 'idType' ? '身份证件类型' : key === 'overseasStatus' ? '港澳台侨外' : ['boarding', 'disabled', 'leftBehind', 'isGuardian'].includes(key) ? '是否' : null
    if (list) {
      for (let r = 2; r <= 1000; r++)
        ws.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [rangeOf(list)] }
    }
  })
  return Buffer.from(await asBuffer(wb))
}
