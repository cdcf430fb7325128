import { isIsoDate } from '../calendar/index.ts'
import { parseIdNumber } from '../idNumber.ts'

// The kind of value each correctable field holds, so a requested value is checked before it is filed.
const yesNo = ['student.boarding', 'student.disabled', 'student.leftBehind', 'guardian1.isGuardian', 'guardian2.isGuardian']

export type ParsedValue = { ok: true, value: string } | { ok: false, message: string }

export function parseRequestedValue(field: string, raw: string): ParsedValue {
  const v = raw.trim()
  if (!v)
    return { ok: false, message: '请填写正确的内容' }
  if (v.length > 200)
    return { ok: false, message: '内容过长' }
  if (field === 'student.gender')
    return v === '男' || v === '女' ? { ok: true, value: v } : { ok: false, message: '性别请填“男”或“女”' }
  if (yesNo.includes(field))
    return v === '是' || v === '否' ? { ok: true, value: v } : { ok: false, message: '请填“是”或“否”' }
  if (field === 'student.birthDate' || field === 'diploma.issuedOn')
    return isIsoDate(v) ? { ok: true, value: v } : { ok: false, message: '日期请按 YYYY-MM-DD 填写' }
  if (field === 'diploma.studyPeriod')
    return /^\d{4}-(?:0[1-9]|1[0-2])\s*至\s*\d{4}-(?:0[1-9]|1[0-2])$/.test(v) ? { ok: true, value: v } : { ok: false, message: '学习起止年月请按“2021-09 至 2025-06”填写' }
  if (field.endsWith('.idNumber')) {
    const parsed = parseIdNumber(v)
    return parsed.ok ? { ok: true, value: parsed.value.number } : { ok: false, message: parsed.message }
  }
  if (field.endsWith('.phone'))
    return /^1[3-9]\d{9}$/.test(v) ? { ok: true, value: v } : { ok: false, message: '请填写 11 位手机号' }
  return { ok: true, value: v }
}

interface IdentityOnRecord { idNumber: string | null, birthDate: string | null, gender: 'male' | 'female' | null }
export interface Contradiction { field: string, message: string }

// What a contradiction says, at the field asked for and at a new ID number; no digit of the number (DOMAIN §6).
const contradictionMessages = {
  birthDate: {
    asked: '与身份证件号第 7 至 14 位（出生日期）不一致；如身份证件号也有误，请在本次申请中一并更正',
    newNumber: '新的身份证件号第 7 至 14 位与登记的出生日期不一致；如出生日期也有误，请在本次申请中一并更正',
  },
  gender: {
    asked: '与身份证件号第 17 位（奇数为男，偶数为女）不一致；如身份证件号也有误，请在本次申请中一并更正',
    newNumber: '新的身份证件号第 17 位（奇数为男，偶数为女）与登记的性别不一致；如性别也有误，请在本次申请中一并更正',
  },
}

/**
 * GB 11643-1999: an 18-digit ID number carries the birth date (7th–14th digits) and the gender (17th:
 * odd for men, even for women). A request must leave the record's three agreeing; the message is at a
 * field the request changes.
 */
export function contradictsIdNumber(record: IdentityOnRecord, items: { field: string, value: string }[]): Contradiction | null {
  const asked = (field: string) => items.find(i => i.field === field)?.value
  const idNumber = asked('student.idNumber') ?? record.idNumber
  const parsed = idNumber ? parseIdNumber(idNumber, '9999-12-31') : null
  if (!parsed?.ok)
    return null
  const birthDate = asked('student.birthDate') ?? record.birthDate
  const gender = asked('student.gender') ?? (record.gender && (record.gender === 'male' ? '男' : '女'))
  const differs = {
    birthDate: !!birthDate && birthDate !== parsed.value.birthDate,
    gender: !!gender && gender !== (parsed.value.gender === 'male' ? '男' : '女'),
  }
  for (const key of ['birthDate', 'gender'] as const) {
    if (!differs[key])
      continue
    if (asked(`student.${key}`) !== undefined)
      return { field: `student.${key}`, message: contradictionMessages[key].asked }
    if (asked('student.idNumber') !== undefined)
      return { field: 'student.idNumber', message: contradictionMessages[key].newNumber }
  }
  return null
}
