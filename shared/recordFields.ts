// The items of 附件1 of 004 (全国中小学生学籍信息管理系统学生基本信息采集表, 2022), in the form's order.
export const studentFields = [
  { key: 'name', item: 1, label: '姓名', en: 'Name' },
  { key: 'formerName', item: 2, label: '曾用名', en: 'Former name' },
  { key: 'gender', item: 3, label: '性别', en: 'Gender' },
  { key: 'nationality', item: 4, label: '国籍/地区', en: 'Nationality/region' },
  { key: 'overseasStatus', item: 5, label: '港澳台侨外', en: 'HK/Macau/Taiwan/overseas' },
  { key: 'ethnicity', item: 6, label: '民族', en: 'Ethnic group' },
  { key: 'idType', item: 7, label: '身份证件类型', en: 'ID type' },
  { key: 'idNumber', item: 8, label: '身份证件号', en: 'ID number' },
  { key: 'birthDate', item: 9, label: '出生日期', en: 'Date of birth' },
  { key: 'currentAddress', item: 10, label: '现居住详细地址', en: 'Current address' },
  { key: 'householdAddress', item: 11, label: '户口所在地具体地址', en: 'Household registration address' },
  { key: 'grade', item: 12, label: '年级', en: 'Grade' },
  { key: 'className', item: 13, label: '班级', en: 'Class' },
  { key: 'politicalStatus', item: 14, label: '政治面貌', en: 'Political status' },
  { key: 'boarding', item: 15, label: '是否寄宿生', en: 'Boarder' },
  { key: 'disabled', item: 16, label: '是否残疾人', en: 'Disability' },
  { key: 'leftBehind', item: 17, label: '是否农村留守儿童', en: 'Left-behind child' },
  { key: 'disabilityType', item: 36, label: '残疾类型', en: 'Type of disability' },
  { key: 'specialEducationType', item: 37, label: '特殊学生就读类型', en: 'Special-education placement' },
] as const

// Family member or guardian 一 (items 18–26) and 二 (27–35).
export const guardianFields = [
  { key: 'name', label: '姓名', en: 'Name' },
  { key: 'relation', label: '关系', en: 'Relationship' },
  { key: 'isGuardian', label: '是否监护人', en: 'Guardian' },
  { key: 'ethnicity', label: '民族', en: 'Ethnic group' },
  { key: 'idType', label: '身份证件类型', en: 'ID type' },
  { key: 'idNumber', label: '身份证件号', en: 'ID number' },
  { key: 'employer', label: '工作单位', en: 'Employer' },
  { key: 'householdAddress', label: '户口所在地具体地址', en: 'Household registration address' },
  { key: 'phone', label: '联系电话', en: 'Phone' },
] as const

// 学历注册 items (002:17, 003:17) shown on the record.
export const diplomaFields = [
  { key: 'diplomaNo', label: '证书编号', en: 'Diploma no.' },
  { key: 'educationLevel', label: '层次', en: 'Level' },
  { key: 'major', label: '专业', en: 'Major' },
  { key: 'lengthOfSchooling', label: '学制', en: 'Length of study' },
  { key: 'studyForm', label: '学习形式', en: 'Mode of study' },
  { key: 'studyPeriod', label: '学习起止年月', en: 'Period of study' },
  { key: 'conclusion', label: '毕（结）业', en: 'Completion' },
  { key: 'schoolName', label: '学校名称', en: 'School' },
  { key: 'principalName', label: '校（院）长姓名', en: 'Principal' },
  { key: 'issuedOn', label: '发证日期', en: 'Issued on' },
] as const

export const placementFields = [
  { key: 'registryNo', label: '学籍号', en: 'Registry no.' },
  { key: 'school', label: '就读学校', en: 'School' },
  { key: 'major', label: '专业', en: 'Major' },
] as const
/** Not a field anyone marks wrong, but one an imported 学籍异动 changes, so it has history (issue 12). */
const statusField = { key: 'status', label: '学籍状态', en: 'Registration status' } as const

export type StudentFieldKey = (typeof studentFields)[number]['key']
export type GuardianFieldKey = (typeof guardianFields)[number]['key']

/** Every field a student or guardian can mark as wrong, as `student.name`, `guardian2.phone`, `diploma.major` … */
export const disputableFields: readonly string[] = [
  ...studentFields.map(f => `student.${f.key}`),
  ...placementFields.map(f => `placement.${f.key}`),
  ...[1, 2].flatMap(n => guardianFields.map(f => `guardian${n}.${f.key}`)),
  ...diplomaFields.map(f => `diploma.${f.key}`),
]

export type Locale = 'zh-CN' | 'en'

/**
 * The label of a disputable field, e.g. '家庭成员或监护人二 · 联系电话' / 'Family member or guardian 2 · Phone';
 * `short` leaves out the group, for use inside the group's own section ('联系电话').
 * Chinese labels are the form's own (004 附件1); this table is the one place both languages live.
 */
export function fieldLabel(field: string, short = false, locale: Locale = 'zh-CN'): string {
  const [group, key] = field.split('.')
  const find = (list: readonly { key: string, label: string, en: string }[]) => {
    const f = list.find(f => f.key === key)
    return (locale === 'en' ? f?.en : f?.label) ?? key ?? ''
  }
  if (short)
    return find(group === 'student' ? studentFields : group === 'placement' ? [...placementFields, statusField] : group === 'diploma' ? diplomaFields : guardianFields)
  if (group === 'student')
    return find(studentFields)
  if (group === 'placement')
    return find([...placementFields, statusField])
  if (group === 'diploma')
    return `${locale === 'en' ? 'Diploma registration' : '学历注册'} · ${find(diplomaFields)}`
  const n = group === 'guardian1' ? 1 : 2
  return locale === 'en' ? `Family member or guardian ${n} · ${find(guardianFields)}` : `家庭成员或监护人${n === 1 ? '一' : '二'} · ${find(guardianFields)}`
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
