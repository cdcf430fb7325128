/**
 * The correction policy's words (./policy.ts) in English: the steps of each sign-off chain, each
 * rule's explanation and the proofs it asks for. Keyed by the Chinese text, which is what a
 * correction stores with its chain; a unit test keeps every text of the policy here.
 */
export const policyInEnglish: Record<string, string> = {
  // sign-off steps
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
  // what each rule says
  '一般信息由学校核实后更正，须两名工作人员分别审核、复核。': 'General information is corrected once the school has checked it; two staff members review it, one after the other.',
  '发证日期与毕业日期一致，随毕业日期（学习起止年月）确定，不能单独更正；如毕业日期有误，请申请更正“学习起止年月”。': 'The issue date is the graduation date and follows the period of study; it cannot be corrected on its own. If the graduation date is wrong, ask to correct the period of study.',
  '姓名、性别、身份证号、民族为关键信息，须本人提供户口簿和身份证；户口簿不能反映变更的，另附派出所证明。学校三级审签后更改，保留更改前的信息。': 'Name, gender, ID number and ethnic group are key information: the student provides the household register and ID card, and a police station certificate where the register does not show the change. The school changes it after three levels of sign-off and keeps the earlier value.',
  '姓名、身份证号是中小学生学籍的关键信息，须由学校上传变更原因说明和公安部门出具的证明，县（市）教育局严格审核。': 'Name and ID number are key information of a school pupil\'s record: the school uploads the reason for the change and the police certificates, and the county (city) education bureau reviews them strictly.',
  '学历注册并提供网上查询后，学校不得变更证书内容及注册信息，不再受理学生信息变更事宜（《高等学校学生学籍学历电子注册办法》第十九条）。': 'Once a diploma is registered and can be checked online, the school may not change the diploma or its registration and takes no more requests to change a student\'s information (Rules on electronic registration of higher-education students, article 19).',
  '证书编号由学历注册系统生成，不能通过更正申请修改；如有错误请向学校反映核查。': 'The diploma number comes from the diploma registration system and cannot be changed by a correction request; if it is wrong, tell the school so it can check.',
  '学校名称是学校在学历注册中的登记名称，同校毕业生共用，不能通过个人的更正申请修改；如有错误，请向学校反映，由学校报省级教育行政部门核实更正。': 'The school name is the school\'s own registered name, shared by all its graduates, and cannot be changed by one person\'s correction request; if it is wrong, tell the school, which has the provincial department confirm and correct it.',
  '学校在收到证明材料后 10 个工作日内通过全国学生系统启动信息变更，学籍主管部门 10 个工作日内核办完成；原件留学校备查。': 'Within 10 working days of receiving the proofs the school starts the change in the national student system, and the registry authority completes it within 10 working days; the school keeps the originals on file.',
  '学籍号一人一号、终身不变，不能更改；如学籍号有误请向学校反映核查。': 'A registry number is one per person for life and cannot be changed; if it is wrong, tell the school so it can check.',
  '尚未进行学历注册，没有可更正的学历信息。': 'The diploma is not registered yet, so there is no diploma information to correct.',
  '由本人提供合法性证明，学校审核确认后更改，保留更改前的信息。': 'The student provides proof that the new value is lawful; the school changes it once it has checked it and keeps the earlier value.',
  '转学属于学籍异动，不是信息更正，请向转入学校申请办理转学手续。': 'A change of school is a transfer, not a correction: ask the new school to arrange the transfer.',
  // proofs
  '公安派出所出具的户籍登记项目变更（更正）证明': 'Police station certificate of the change (correction) to the household registration',
  '公安部门出具的户籍注销证明（户籍已注销的，如注销重复户口）': 'Police certificate that a household registration was cancelled (where one was, such as a duplicate)',
  '公安部门出具的户籍登记项目变更证明': 'Police certificate of the change to the household registration',
  '学校登记错误的依据（如录取名册、学籍档案相关页）': 'Evidence of the school\'s registration error (such as the admission list or the pages of the student file)',
  '居民身份证': 'Resident ID card',
  '户口簿户主页和本人页': 'Household register: the head-of-household page and the student\'s page',
  '派出所开具的户籍单': 'Household registration slip from the police station',
  '能证明正确信息的材料': 'A document that proves the correct information',
  '能证明正确信息的材料（如户口簿相关页）': 'A document that proves the correct information (such as the household register\'s pages)',
}

/** A text of the correction policy in the reader's language. */
export const policyText = (text: string, locale: string) => (locale === 'en' ? policyInEnglish[text] ?? text : text)
