// One row of a records import, checked and read into the record's stored form (issue 12).
// Pure: the server adds what needs the database (the school, jurisdiction, the existing record).
import type { RecordColumn } from './columns.ts'
import { maskIdNumber, normalizeIdNumber, parseIdNumber } from '../idNumber.ts'
import { decodeEthnicity, decodeGender, decodeIdType, decodeOverseas, decodeYesNo } from './codes.ts'

export type Cell = string | number | boolean | Date | null | undefined
export interface RowError { row: number, column: string, code: string, message: string }

export interface ImportedGuardian {
  ordinal: 1 | 2
  name: string
  relation: string
  isGuardian: boolean
  ethnicity: string | null
  idType: string
  idNumber: string | null
  employer: string | null
  householdAddress: string | null
  phone: string | null
}

/** The record fields an import sets, in their stored form. */
export interface ImportedStudent {
  name: string
  formerName: string | null
  gender: 'male' | 'female'
  nationality: string
  overseasStatus: string
  ethnicity: string
  idType: string
  idNumber: string | null
  birthDate: string
  currentAddress: string | null
  householdAddress: string | null
  grade: string | null
  className: string | null
  politicalStatus: string | null
  boarding: boolean | null
  disabled: boolean
  leftBehind: boolean | null
  disabilityType: string | null
  specialEducationType: string | null
}

export interface ImportedRecord {
  row: number
  registryNo: string
  temporary: boolean
  schoolCode: string | null
  schoolName: string | null
  student: ImportedStudent
  guardians: ImportedGuardian[]
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10)

/** What a cell says, as text: numbers without exponent where exact, dates as YYYY-MM-DD. */
export function cellText(cell: Cell): string {
  if (cell == null)
    return ''
  if (cell instanceof Date)
    return isoDate(cell)
  if (typeof cell === 'boolean')
    return cell ? '是' : '否'
  return String(cell).trim() // as written: full-width brackets in a class name stay full-width
}

/** 出生日期 as Excel and people write it: a date cell, an Excel serial, 2012-05-20, 2012/5/20, 20120520, 2012年5月20日. */
export function readDate(cell: Cell): string | null {
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? null : isoDate(cell)
  if (typeof cell === 'number' && cell > 1 && cell < 80000) // an Excel serial day number (1900 system)
    return isoDate(new Date(Date.UTC(1899, 11, 30) + Math.round(cell) * 86_400_000))
  const t = cellText(cell)
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t) ?? /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$/.exec(t)
  if (!m)
    return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? isoDate(date) : null
}

const EXPORT_AS_TEXT = '请在 Excel 中把该列设为「文本」格式后重新填入号码（或导出时选择文本格式、另存为 CSV 前先设为文本），再上传'

/**
 * An ID number Excel turned into a number: shown as 4.10102E+17, or kept as 18 digits whose last
 * digits became 000 (Excel keeps 15 significant digits), so the check character no longer fits.
 */
/** A rounded number keeps its first 15 digits: masked like any ID number in a message; `4.10102E+17` shows only the region. */
const shownRounded = (value: string) => (/^\d{18}$/.test(value) ? maskIdNumber(value) : value)

export function excelRounded(cell: Cell): boolean {
  if (typeof cell === 'number')
    return !Number.isSafeInteger(cell) || cell >= 1e15
  const text = cellText(cell)
  if (/^\d(?:\.\d+)?E\+?\d+$/i.test(text))
    return true
  return /^\d{15}000$/.test(text) && !parseIdNumber(text, '9999-12-31').ok
}

export interface RowContext {
  /** The header as the file wrote it, for messages naming the column. */
  header: (column: RecordColumn) => string
  /** Today in Asia/Shanghai, for the birth-date check. */
  today: string
}

/** Reads one row; either the record or every refusal, each naming row, column and value. */
export function readRecordRow(row: number, cells: Partial<Record<RecordColumn, Cell>>, ctx: RowContext): { ok: true, record: ImportedRecord } | { ok: false, errors: RowError[] } {
  const errors: RowError[] = []
  const refuse = (column: RecordColumn, code: string, detail: string) => {
    const header = ctx.header(column)
    errors.push({ row, column: header, code, message: `第 ${row} 行「${header}」${detail}` })
  }
  const text = (column: RecordColumn) => cellText(cells[column])
  const optional = (column: RecordColumn) => text(column) || null
  const decoded = <T>(column: RecordColumn, decode: (t: string) => { ok: true, value: T } | { ok: false }, fallback: T, what: string): T => {
    const t = text(column)
    if (!t)
      return fallback
    const d = decode(t)
    if (d.ok)
      return d.value
    refuse(column, 'CODE_UNKNOWN', `的值「${t}」不是有效的${what}`)
    return fallback
  }

  const name = text('name')
  if (!name)
    refuse('name', 'REQUIRED', '不能为空')
  const idType = decoded('idType', decodeIdType, '居民身份证', '身份证件类型（代码或名称）')
  let idNumber: string | null = null
  let fromId: { birthDate: string, gender: 'male' | 'female' } | null = null
  const rawId = cells.idNumber
  if (text('idNumber')) {
    if (excelRounded(rawId)) {
      refuse('idNumber', 'ID_EXCEL_ROUNDED', `的值「${shownRounded(cellText(rawId))}」是被 Excel 当作数字保存后舍入的号码，后几位已经丢失，无法恢复。${EXPORT_AS_TEXT}`)
    }
    else if (idType === '居民身份证') {
      const parsed = parseIdNumber(text('idNumber'), ctx.today)
      if (parsed.ok) {
        idNumber = parsed.value.number
        fromId = parsed.value
      }
      else {
        refuse('idNumber', parsed.code, `的值「${maskIdNumber(text('idNumber'))}」有误：${parsed.message}`)
      }
    }
    else {
      idNumber = normalizeIdNumber(text('idNumber'))
    }
  }

  const registryText = text('registryNo').toUpperCase()
  // 004:1: a pupil without an ID number gets a temporary record (临时学籍), not a refusal.
  const flag = decodeYesNo(text('temporary'))
  const temporary = !text('idNumber') || (flag.ok && flag.value) || text('temporary') === '临时学籍'
  // design: the national 学籍号 is "G" + the ID number (DOMAIN §2, practice) when the file leaves it out.
  const registryNo = registryText || (idNumber ? `G${idNumber}` : '')
  if (!registryNo && !text('idNumber'))
    refuse('registryNo', 'REGISTRY_NO_REQUIRED', '为空：没有身份证件号的临时学籍须填写学籍号（004:1）')

  let birthDate = fromId?.birthDate ?? ''
  if (text('birthDate')) {
    const read = readDate(cells.birthDate)
    if (!read)
      refuse('birthDate', 'DATE_INVALID', `的值「${text('birthDate')}」不是有效日期，请写成 2012-05-20`)
    else if (fromId && read !== fromId.birthDate)
      refuse('birthDate', 'BIRTH_DATE_MISMATCH', `的值「${read}」与身份证件号中的出生日期 ${fromId.birthDate} 不一致`)
    else birthDate = read
  }
  else if (!text('idNumber')) { // a faulty ID number is the one refusal, not two
    refuse('birthDate', 'REQUIRED', '不能为空（没有身份证号可推算）')
  }

  const gender = decoded<'male' | 'female' | null>('gender', decodeGender, fromId?.gender ?? null, '性别（1 男、2 女，或 男/女）')
  if (!gender && !text('gender') && !text('idNumber'))
    refuse('gender', 'REQUIRED', '不能为空')
  const ethnicity = decoded<string | null>('ethnicity', decodeEthnicity, null, '民族（两位代码或名称）')
  if (!text('ethnicity'))
    refuse('ethnicity', 'REQUIRED', '不能为空')
  const overseasStatus = decoded('overseasStatus', decodeOverseas, '否', '港澳台侨外（代码或名称）')
  const yesNo = (column: RecordColumn) => decoded<boolean | null>(column, decodeYesNo, null, '是/否')

  const student: ImportedStudent = {
    name,
    formerName: optional('formerName'),
    gender: gender ?? 'male',
    nationality: text('nationality') || '中国',
    overseasStatus,
    ethnicity: ethnicity ?? '',
    idType,
    idNumber,
    birthDate,
    currentAddress: optional('currentAddress'),
    householdAddress: optional('householdAddress'),
    grade: optional('grade'),
    className: optional('className'),
    politicalStatus: optional('politicalStatus'),
    boarding: yesNo('boarding'),
    disabled: yesNo('disabled') ?? false,
    leftBehind: yesNo('leftBehind'),
    disabilityType: optional('disabilityType'),
    specialEducationType: optional('specialEducationType'),
  }

  const guardians: ImportedGuardian[] = []
  for (const n of [1, 2] as const) {
    const g = (key: string) => `guardian${n}.${key}` as RecordColumn
    const gName = text(g('name'))
    if (!gName)
      continue
    const gIdType = decoded(g('idType'), decodeIdType, '居民身份证', '身份证件类型（代码或名称）')
    let gId: string | null = null
    if (text(g('idNumber'))) {
      if (excelRounded(cells[g('idNumber')])) {
        refuse(g('idNumber'), 'ID_EXCEL_ROUNDED', `的值「${shownRounded(text(g('idNumber')))}」是被 Excel 当作数字保存后舍入的号码，后几位已经丢失，无法恢复。${EXPORT_AS_TEXT}`)
      }
      else if (gIdType === '居民身份证') {
        const parsed = parseIdNumber(text(g('idNumber')), ctx.today)
        if (parsed.ok)
          gId = parsed.value.number
        else refuse(g('idNumber'), parsed.code, `的值「${maskIdNumber(text(g('idNumber')))}」有误：${parsed.message}`)
      }
      else {
        gId = normalizeIdNumber(text(g('idNumber')))
      }
    }
    guardians.push({
      ordinal: n,
      name: gName,
      relation: text(g('relation')) || '其他',
      isGuardian: decoded(g('isGuardian'), decodeYesNo, false, '是/否'),
      ethnicity: decoded<string | null>(g('ethnicity'), decodeEthnicity, null, '民族（两位代码或名称）'),
      idType: gIdType,
      idNumber: gId,
      employer: optional(g('employer')),
      householdAddress: optional(g('householdAddress')),
      phone: optional(g('phone')),
    })
  }

  if (errors.length)
    return { ok: false, errors }
  return { ok: true, record: { row, registryNo, temporary, schoolCode: optional('schoolCode'), schoolName: optional('schoolName'), student, guardians } }
}
