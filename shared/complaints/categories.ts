// Complaint categories: the problems 004 names (preamble, 一, 二, 四; DOMAIN §4).
// `checkDays` is the 完成时限 of the 核查单 in working days. The seeds set no limit for complaint
// handling (each sheet carries its own), so every number here is design: 10 by default (DOMAIN §5).
export const complaintCategories = [
  { code: 'notRegistered', label: '未及时注册学籍', hint: '入学一个月后仍未给孩子注册学籍（004:1）', checkDays: 10 },
  { code: 'falseInformation', label: '学籍信息虚假或不准确', hint: '学籍上的信息与真实情况不符，学校未核实更正（004:1）', checkDays: 10 },
  { code: 'duplicateRecord', label: '重复建立学籍', hint: '同一个孩子有两个学籍（004:1 一人一号）', checkDays: 10 },
  { code: 'notTransferred', label: '学籍未接续', hint: '孩子已转入新学校，但学籍没有转过去（004 二）', checkDays: 10 },
  { code: 'noAdmissionFormalities', label: '未办理入学手续即就读', hint: '学校收了孩子，却没有办理入学和注册手续（004 二）', checkDays: 10 },
  { code: 'registryWithoutStudent', label: '空挂学籍 / 人籍分离', hint: '学籍挂在一所学校，孩子却在另一所学校上学（004 二）', checkDays: 10 },
  { code: 'refusedForNoId', label: '因无身份证号拒绝注册', hint: '学校以没有身份证号为由不给小学新生注册（004:1）', checkDays: 5 },
  { code: 'keyInfoChangeRefused', label: '关键信息变更被拒或拖延', hint: '申请更正姓名、身份证号等关键信息，学校或教育局不受理或拖着不办（004:3）', checkDays: 10 },
  { code: 'other', label: '其他学籍管理问题', hint: '以上都不是，请在下一步详细说明', checkDays: 10 },
] as const

export type ComplaintCategory = (typeof complaintCategories)[number]['code']
export const complaintCategoryCodes = complaintCategories.map(c => c.code) as [ComplaintCategory, ...ComplaintCategory[]]

export const categoryOf = (code: ComplaintCategory) => complaintCategories.find(c => c.code === code)!

// design: the other time limits of a case, in working days (DOMAIN §4–5).
export const casePolicy = {
  // design: a complaint waiting for 受理 (new, or sent back by 退单) is accepted or refused within
  // this. The seeds set no intake limit; 12345 practice answers a work order's intake within a day or
  // two, and the 学籍主管部门 must also pick a handler and write the 所投诉事项, so 3 working days.
  // Past it the sweeper issues a 督办单 from the level above, like any other breach.
  intakeDays: 3,
  intakeDueSoonDays: 1, // within this of the intake due date the routed bureau is told once
  superviseDays: 5, // 完成时限 of an automatic or objection 督办单
  returnWindowDays: 2, // a unit that received a case that is not theirs returns it within this (退单)
  dueSoonDays: 2, // within this of the 完成时限 a sheet shows as due soon and its handler is told
  objectionWindowDays: 5, // the complainant may object to a closed case within this
} as const
