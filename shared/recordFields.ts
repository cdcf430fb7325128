// The items of 附件1 of 004 (全国中小学生学籍信息管理系统学生基本信息采集表, 2022), in the form's order.
export const studentFields = [
  { key: 'name', item: 1, label: '姓名' },
  { key: 'formerName', item: 2, label: '曾用名' },
  { key: 'gender', item: 3, label: '性别' },
  { key: 'nationality', item: 4, label: '国籍/地区' },
  { key: 'overseasStatus', item: 5, label: '港澳台侨外' },
  { key: 'ethnicity', item: 6, label: '民族' },
  { key: 'idType', item: 7, label: '身份证件类型' },
  { key: 'idNumber', item: 8, label: '身份证件号' },
  { key: 'birthDate', item: 9, label: '出生日期' },
  { key: 'currentAddress', item: 10, label: '现居住详细地址' },
  { key: 'householdAddress', item: 11, label: '户口所在地具体地址' },
  { key: 'grade', item: 12, label: '年级' },
  { key: 'className', item: 13, label: '班级' },
  { key: 'politicalStatus', item: 14, label: '政治面貌' },
  { key: 'boarding', item: 15, label: '是否寄宿生' },
  { key: 'disabled', item: 16, label: '是否残疾人' },
  { key: 'leftBehind', item: 17, label: '是否农村留守儿童' },
  { key: 'disabilityType', item: 36, label: '残疾类型' },
  { key: 'specialEducationType', item: 37, label: '特殊学生就读类型' },
] as const

// Family member or guardian 一 (items 18–26) and 二 (27–35).
export const guardianFields = [
  { key: 'name', label: '姓名' },
  { key: 'relation', label: '关系' },
  { key: 'isGuardian', label: '是否监护人' },
  { key: 'ethnicity', label: '民族' },
  { key: 'idType', label: '身份证件类型' },
  { key: 'idNumber', label: '身份证件号' },
  { key: 'employer', label: '工作单位' },
  { key: 'householdAddress', label: '户口所在地具体地址' },
  { key: 'phone', label: '联系电话' },
] as const

// 学历注册 items (002:17, 003:17) shown on the record.
export const diplomaFields = [
  { key: 'diplomaNo', label: '证书编号' },
  { key: 'educationLevel', label: '层次' },
  { key: 'major', label: '专业' },
  { key: 'lengthOfSchooling', label: '学制' },
  { key: 'studyForm', label: '学习形式' },
  { key: 'studyPeriod', label: '学习起止年月' },
  { key: 'conclusion', label: '毕（结）业' },
  { key: 'schoolName', label: '学校名称' },
  { key: 'principalName', label: '校（院）长姓名' },
  { key: 'issuedOn', label: '发证日期' },
] as const

export const placementFields = [
  { key: 'registryNo', label: '学籍号' },
  { key: 'school', label: '就读学校' },
  { key: 'major', label: '专业' },
] as const

export type StudentFieldKey = (typeof studentFields)[number]['key']
export type GuardianFieldKey = (typeof guardianFields)[number]['key']

/** Every field a student or guardian can mark as wrong, as `student.name`, `guardian2.phone`, `diploma.major` … */
export const disputableFields: readonly string[] = [
  ...studentFields.map(f => `student.${f.key}`),
  ...placementFields.map(f => `placement.${f.key}`),
  ...[1, 2].flatMap(n => guardianFields.map(f => `guardian${n}.${f.key}`)),
  ...diplomaFields.map(f => `diploma.${f.key}`),
]

/**
 * The label of a disputable field, e.g. '家庭成员或监护人二 · 联系电话';
 * `short` leaves out the group, for use inside the group's own section ('联系电话').
 */
export function fieldLabel(field: string, short = false): string {
  const [group, key] = field.split('.')
  const find = (list: readonly { key: string, label: string }[]) => list.find(f => f.key === key)?.label ?? key ?? ''
  if (short)
    return find(group === 'student' ? studentFields : group === 'placement' ? placementFields : group === 'diploma' ? diplomaFields : guardianFields)
  if (group === 'student')
    return find(studentFields)
  if (group === 'placement')
    return find(placementFields)
  if (group === 'diploma')
    return `学历注册 · ${find(diplomaFields)}`
  const n = group === 'guardian1' ? '一' : '二'
  return `家庭成员或监护人${n} · ${find(guardianFields)}`
}

interface Shown { key: string, value: string | null }
/** The shape of a record as shown (RecordView); enough to look up a field's shown value. */
export interface ShownRecord {
  registryNo: string
  school: { name: string }
  major: string | null
  student: Shown[]
  diploma: Shown[] | null
  guardians: { ordinal: number, fields: Shown[] }[]
}

/** The value a viewer sees for a disputable field (masked where the screen masks it). */
export function shownFieldValue(view: ShownRecord, field: string): string | null {
  const [group, key] = field.split('.')
  const list: Shown[] = group === 'student'
    ? view.student
    : group === 'diploma'
      ? view.diploma ?? []
      : group === 'placement'
        ? [{ key: 'registryNo', value: view.registryNo }, { key: 'school', value: view.school.name }, { key: 'major', value: view.major }]
        : view.guardians.find(g => `guardian${g.ordinal}` === group)?.fields ?? []
  return list.find(f => f.key === key)?.value ?? null
}
