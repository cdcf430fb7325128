/**
 * The steps of a correction's sign-off chain (./policy.ts), in English. Keyed by the Chinese label,
 * which is what a correction stores with its chain; a unit test keeps every label of the policy here.
 */
export const stepLabelsEn: Record<string, string> = {
  '学校学籍管理员审核': 'School registrar reviews',
  '学校另一名学籍管理员复核（双岗）': 'A second school registrar re-checks (dual control)',
  '学校学籍管理员审核并提交': 'School registrar reviews and submits',
  '学校学籍管理员启动信息变更': 'School registrar starts the change',
  '学校学籍管理员核实确属登记错误': 'School registrar confirms a registration error',
  '学籍管理员审核': 'Registrar reviews',
  '部门负责人审核': 'Head of department reviews',
  '分管领导签批': 'Leader in charge signs off',
  '教育局经办人审核证明材料': 'Education bureau officer checks the proofs',
  '教育局负责人审批': 'Head of the education bureau approves',
  '学籍主管部门核办': 'Registry authority handles it',
  '省级教育行政部门审核确认': 'Provincial department of education confirms',
}

/** A chain step's label in the reader's language. */
export const stepLabel = (label: string, locale: string) => (locale === 'en' ? stepLabelsEn[label] ?? label : label)
