// The correction policy table (信息变更 / 勘误): field × level of education × stage of the record →
// proofs, approval chain, time limit and citation. Used by the app to guide and by the server to
// enforce; nothing about these rules lives in components or routes.

export type EducationLevel = 'k12' | 'vocational' | 'higher'
export type RecordStage = 'inSchool' | 'diplomaRegistered'
export const educationLevels: EducationLevel[] = ['k12', 'vocational', 'higher']
export const recordStages: RecordStage[] = ['inSchool', 'diplomaRegistered']

/** One approval step: which unit (relative to the record) and which post decides it. */
export interface ChainStep { unit: 'school' | 'authority' | 'province', role: 'registrar' | 'officer' | 'head' | 'leader', label: string }

export interface CorrectionRule {
  allowed: boolean
  /** Why (and, when refused, where to go instead), in plain Chinese for the applicant. */
  explanation: string
  proofs: string[]
  chain: ChainStep[]
  /** Working days each step may take. */
  days: number
  citation: string
  /** Told of the approved change, not asked to approve it. */
  informs?: 'province'
}

const step = (unit: ChainStep['unit'], role: ChainStep['role'], label: string): ChainStep => ({ unit, role, label })
// design: every decision on a record change is made by two different people (DOMAIN §3.2).
const schoolDual = [step('school', 'registrar', '学校学籍管理员审核'), step('school', 'registrar', '学校另一名学籍管理员复核（双岗）')]
const identityProofs = ['户口簿户主页和本人页', '居民身份证']
const policeProof = '公安派出所出具的户籍登记项目变更（更正）证明'

// Key information by level: K-12 姓名、身份证号 (004:3); a college student in school 姓名、性别、身份证号、民族 (001:4(5)).
const k12Key = ['student.name', 'student.idNumber']
const collegeKey = ['student.name', 'student.gender', 'student.idNumber', 'student.ethnicity']
// 002:17: the registered items of a diploma (照片 is registered too, but is not a field the app shows).
export const diplomaRegisteredFields = [
  'student.name',
  'student.gender',
  'student.birthDate',
  'diploma.studyPeriod',
  'diploma.major',
  'diploma.educationLevel',
  'diploma.lengthOfSchooling',
  'diploma.conclusion',
  'diploma.studyForm',
  'diploma.schoolName',
  'diploma.principalName',
  'diploma.diplomaNo',
]

const refused = (explanation: string, citation: string): CorrectionRule => ({ allowed: false, explanation, proofs: [], chain: [], days: 0, citation })

// 004:3: the school uploads the reason and the police proofs (户籍登记项目变更证明、户籍注销证明);
// the 县、市级 bureau strictly reviews key-data changes.
const k12KeyRule: CorrectionRule = {
  allowed: true,
  explanation: '姓名、身份证号是中小学生学籍的关键信息，须由学校上传变更原因说明和公安部门出具的证明，县（市）教育局严格审核。',
  proofs: ['公安部门出具的户籍登记项目变更证明', '公安部门出具的户籍注销证明（户籍已注销的，如注销重复户口）', '户口簿户主页和本人页'],
  chain: [step('school', 'registrar', '学校学籍管理员审核并提交'), step('authority', 'officer', '教育局经办人审核证明材料'), step('authority', 'head', '教育局负责人审批')],
  days: 10, // design: the seeds set no K-12 limit; 10 working days as in 003:14
  citation: '004:3',
}
const k12OtherRule: CorrectionRule = {
  allowed: true,
  explanation: '一般信息由学校核实后更正，须两名工作人员分别审核、复核。',
  proofs: ['能证明正确信息的材料（如户口簿相关页）'],
  chain: schoolDual,
  days: 10,
  // 004:3 names the K-12 key items; the rest is ours, after 003's practice (a parent reads 004 named first).
  citation: 'design (004:3 关键信息以外; 003:13 必要但可证明; 003:5 双岗)',
}
// 003:14: proofs 派出所户籍单, 户口簿户主页和本人页, originals kept at the school; the school starts the
// change within 10 working days of the proofs and the 学籍主管部门 decides within 10 working days.
// 003:25: no extra approval layers, so every vocational field, in school or after graduation, takes
// this one path (003 has no separate rule for graduates; 002 and 001 govern higher education only).
const vocationalRule: CorrectionRule = {
  allowed: true,
  explanation: '学校在收到证明材料后 10 个工作日内通过全国学生系统启动信息变更，学籍主管部门 10 个工作日内核办完成；原件留学校备查。',
  proofs: ['派出所开具的户籍单', '户口簿户主页和本人页'],
  chain: [step('school', 'registrar', '学校学籍管理员启动信息变更'), step('authority', 'officer', '学籍主管部门核办')],
  days: 10,
  citation: '003:14, 003:25',
}
// design: the province prints vocational diplomas in one batch (003:17), so it is told of an approved
// change to a diploma item; being told is not an approval step (003:25).
const vocationalDiplomaRule: CorrectionRule = {
  ...vocationalRule,
  explanation: `${vocationalRule.explanation}毕业证书由省教育厅统一打印，变更核办完成后同时告知省教育厅。`,
  citation: '003:14, 003:25, 003:17',
  informs: 'province',
}
// 001:4(5): 户口簿 and 身份证; the police certificate where the household register cannot show the change.
// design: three-level sign-off (三级审签, 000:2(1)) for a college's key information.
const collegeKeyRule: CorrectionRule = {
  allowed: true,
  explanation: '姓名、性别、身份证号、民族为关键信息，须本人提供户口簿和身份证；户口簿不能反映变更的，另附派出所证明。学校三级审签后更改，保留更改前的信息。',
  proofs: [...identityProofs, `${policeProof}（户口簿不能反映变更时）`],
  chain: [step('school', 'registrar', '学籍管理员审核'), step('school', 'head', '部门负责人审核'), step('school', 'leader', '分管领导签批')],
  days: 10, // design
  citation: '001:4(5), 002:19, 000:2(1)',
}
const collegeOtherRule: CorrectionRule = {
  allowed: true,
  explanation: '由本人提供合法性证明，学校审核确认后更改，保留更改前的信息。',
  proofs: ['能证明正确信息的材料'],
  chain: schoolDual,
  days: 10,
  citation: '002:19',
}

// 002:19, second paragraph: "学历注册并提供网上查询后，学校不得变更证书内容及注册信息，不再受理学生信息变更事宜。
// 注册信息确有错误的，须经省级教育行政部门审核确认后方可修改。" — the national rule, which outranks one
// college's narrower protected list (001:4(8)).
const rule002_19 = '学历注册并提供网上查询后，学校不得变更证书内容及注册信息，不再受理学生信息变更事宜（《高等学校学生学籍学历电子注册办法》第十九条）。'
const publishedRegisteredRule: CorrectionRule = {
  allowed: true,
  explanation: `${rule002_19}学历注册信息确有错误的，由学校核实确属登记错误后报省级教育行政部门，经审核确认后方可修改；材料涉嫌弄虚作假的不予受理。`,
  proofs: ['学校登记错误的依据（如录取名册、学籍档案相关页）', ...identityProofs],
  chain: [step('school', 'registrar', '学校学籍管理员核实确属登记错误'), step('province', 'officer', '省级教育行政部门审核确认')],
  days: 10, // design: the seeds set no limit for higher-education corrections (DOMAIN §5)
  citation: '002:19, 002:17',
}
const publishedOtherRule = refused(`${rule002_19}这项信息不属于学历注册信息，学历公布后不能再申请变更。`, '002:19')

/**
 * The chain for several fields at once: the strictest of their chains — one that ends at the
 * province (002:19) wins over any other, then the longest.
 */
export function combinedRule(fields: string[], level: EducationLevel, stage: RecordStage) {
  const rules = fields.map(f => ({ field: f, rule: correctionRule(f, level, stage) }))
  const weight = (r: CorrectionRule) => (r.chain.some(s => s.unit === 'province') ? 100 : 0) + (r.chain.some(s => s.unit === 'authority') ? 10 : 0) + r.chain.length
  const strictest = rules.reduce((a, b) => (weight(b.rule) > weight(a.rule) ? b : a))
  const informs = rules.some(r => r.rule.informs === 'province') ? 'province' as const : undefined
  return { rules, chain: strictest.rule.chain, days: Math.max(...rules.map(r => r.rule.days)), informs }
}

export function levelOfSchool(schoolLevel: string): EducationLevel {
  return schoolLevel === 'vocational' ? 'vocational' : schoolLevel === 'higher' ? 'higher' : 'k12'
}

export function correctionRule(field: string, level: EducationLevel, stage: RecordStage): CorrectionRule {
  if (field === 'placement.registryNo')
    return refused('学籍号一人一号、终身不变，不能更改；如学籍号有误请向学校反映核查。', '004:1')
  if (field === 'placement.school')
    return refused('转学属于学籍异动，不是信息更正，请向转入学校申请办理转学手续。', '002:12, 003:12')
  if (field.startsWith('diploma.') && stage !== 'diplomaRegistered')
    return refused('尚未进行学历注册，没有可更正的学历信息。', '002:17')
  // design: the name is the school's, shown from its unit for every graduate alike; one graduate's request
  // cannot change it (a wrong name is the school's to have confirmed by the province, 002:19).
  if (field === 'diploma.schoolName')
    return refused('学校名称是学校在学历注册中的登记名称，同校毕业生共用，不能通过个人的更正申请修改；如有错误，请向学校反映，由学校报省级教育行政部门核实更正。', 'design (002:17, 002:19)')
  if (field === 'diploma.issuedOn')
    return refused('发证日期与毕业日期一致，随毕业日期（学习起止年月）确定，不能单独更正；如毕业日期有误，请申请更正“学习起止年月”。', '002:18')
  if (level === 'vocational')
    return field.startsWith('diploma.') ? vocationalDiplomaRule : vocationalRule
  if (level === 'higher' && stage === 'diplomaRegistered')
    return diplomaRegisteredFields.includes(field) ? publishedRegisteredRule : publishedOtherRule
  if (field === 'diploma.diplomaNo')
    return refused('证书编号由学历注册系统生成，不能通过更正申请修改；如有错误请向学校反映核查。', '002:17')
  if (level === 'k12')
    return k12Key.includes(field) ? k12KeyRule : k12OtherRule
  return collegeKey.includes(field) ? collegeKeyRule : collegeOtherRule
}
