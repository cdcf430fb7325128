// The columns of a records import: the 附件1 item names of 004 (DOMAIN §2) and the names the national
// K-12 system, Henan's 中职 学籍信息模块 and college registration lists use for the same items.
import { guardianFields, studentFields } from '../recordFields.ts'

export type RecordColumn
  = | 'registryNo' | 'schoolCode' | 'schoolName' | 'temporary'
    | (typeof studentFields)[number]['key']
    | `guardian${1 | 2}.${(typeof guardianFields)[number]['key']}`

// design: the variants seen in the official exports; header text is compared without spaces,
// brackets or full-width punctuation, so 「身份证件号（码）」 and 「身份证件号码」 both match.
const variants: Partial<Record<RecordColumn, string[]>> = {
  registryNo: ['学籍号', '全国学籍号', '学籍编号', '学籍辅号', '学生学籍号'],
  schoolCode: ['学校标识码', '学校代码', '学校识别码', '院校代码'],
  schoolName: ['学校名称', '学校', '就读学校', '院校名称'],
  temporary: ['是否临时学籍', '临时学籍', '学籍类型'],
  gender: ['性别', '性别码'],
  nationality: ['国籍/地区', '国籍地区', '国籍'],
  overseasStatus: ['港澳台侨外', '港澳台侨外码'],
  ethnicity: ['民族', '民族成分', '民族码'],
  idType: ['身份证件类型', '证件类型', '身份证件类型码'],
  idNumber: ['身份证件号', '身份证件号码', '身份证号', '身份证号码', '公民身份证号码', '证件号码', '证件号'],
  birthDate: ['出生日期', '出生年月日'],
  className: ['班级', '班级名称', '班号'],
  politicalStatus: ['政治面貌', '政治面貌码'],
  boarding: ['是否寄宿生', '是否住校'],
  disabled: ['是否残疾人', '是否残疾'],
  leftBehind: ['是否农村留守儿童', '是否留守儿童'],
}

/** Header text as compared: no spaces, brackets, punctuation or 「码」 suffix differences. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').replace(/[\s()（）[\]【】:：*＊]/g, '').replace(/\//g, '')
}

function guardianPrefixes(n: 1 | 2) {
  return n === 1
    ? ['家庭成员或监护人一', '家庭成员或监护人1', '家庭成员一', '家庭成员1', '监护人一', '监护人1', '成员1', '成员一']
    : ['家庭成员或监护人二', '家庭成员或监护人2', '家庭成员二', '家庭成员2', '监护人二', '监护人2', '成员2', '成员二']
}

const byHeader = new Map<string, RecordColumn>()
for (const f of studentFields) {
  for (const name of [f.label, ...(variants[f.key] ?? [])])
    byHeader.set(normalizeHeader(name), f.key)
}
for (const key of ['registryNo', 'schoolCode', 'schoolName', 'temporary'] as const) {
  for (const name of variants[key]!)
    byHeader.set(normalizeHeader(name), key)
}
for (const n of [1, 2] as const) {
  for (const prefix of guardianPrefixes(n)) {
    for (const g of guardianFields) {
      const labels = g.key === 'idNumber' ? ['身份证件号', '身份证件号码', '身份证号', '证件号码'] : g.key === 'phone' ? ['联系电话', '电话', '手机号码'] : [g.label]
      for (const label of labels)
        byHeader.set(normalizeHeader(`${prefix}${label}`), `guardian${n}.${g.key}`)
    }
  }
}

/** The column a header names, or null for a column the import ignores. */
export function columnOf(header: string): RecordColumn | null {
  return byHeader.get(normalizeHeader(header)) ?? null
}

/** The label shown for a column in messages and in the template ('身份证件号', '家庭成员或监护人一关系'). */
export function columnLabel(column: RecordColumn): string {
  if (column.startsWith('guardian')) {
    const [group, key] = column.split('.')
    return `家庭成员或监护人${group === 'guardian1' ? '一' : '二'}${guardianFields.find(g => g.key === key)!.label}`
  }
  return studentFields.find(f => f.key === column)?.label ?? variants[column as 'registryNo']![0]!
}

/** The template's headers, in 附件1 order with the school and 学籍号 first. */
export const templateColumns: RecordColumn[] = [
  'schoolCode',
  'schoolName',
  'registryNo',
  ...studentFields.filter(f => f.item <= 17).map(f => f.key),
  ...([1, 2] as const).flatMap(n => guardianFields.map(g => `guardian${n}.${g.key}` as RecordColumn)),
  'disabilityType',
  'specialEducationType',
]
