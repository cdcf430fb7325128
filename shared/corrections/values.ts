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
