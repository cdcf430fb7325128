import { describe, expect, it } from 'vitest'
import { combinedRule, correctionRule, diplomaRegisteredFields, educationLevels, recordStages } from '../../shared/corrections/policy.ts'
import { parseRequestedValue } from '../../shared/corrections/values.ts'
import { disputableFields } from '../../shared/recordFields.ts'

const every = disputableFields.flatMap(f => educationLevels.flatMap(l => recordStages.map(s => [f, l, s] as const)))

describe('the correction policy table', () => {
  it.each(every)('%s for %s at %s has an answer with a citation', (field, level, stage) => {
    const rule = correctionRule(field, level, stage)
    expect(rule.citation.length).toBeGreaterThan(2)
    expect(rule.explanation.length).toBeGreaterThan(5)
    if (rule.allowed) {
      expect(rule.chain.length).toBeGreaterThanOrEqual(2) // DOMAIN §3.2 design: dual control at least
      expect(rule.proofs.length).toBeGreaterThan(0)
      expect(rule.days).toBeGreaterThan(0)
    }
  })

  it('学籍号 never changes (004:1) and a transfer is not a correction (002:12)', () => {
    expect(correctionRule('placement.registryNo', 'k12', 'inSchool')).toMatchObject({ allowed: false, citation: '004:1' })
    expect(correctionRule('placement.school', 'higher', 'inSchool').allowed).toBe(false)
  })

  it.each(['student.name', 'student.idNumber'])('K-12 %s needs the police proofs, 户籍登记项目变更证明 or 户籍注销证明, and the county bureau (004:3)', (field) => {
    const rule = correctionRule(field, 'k12', 'inSchool')
    expect(rule.citation).toBe('004:3')
    expect(rule.proofs.some(p => p.includes('户籍登记项目变更证明'))).toBe(true)
    expect(rule.proofs.some(p => p.includes('户籍注销证明'))).toBe(true)
    expect(rule.chain.map(s => s.unit)).toContain('authority')
  })

  const vocational = disputableFields.flatMap(f => recordStages.map(s => [f, s] as const))
    .filter(([f, s]) => correctionRule(f, 'vocational', s).allowed)
  it.each(vocational)('vocational %s at %s: school then 学籍主管部门, 10 working days each, no extra layer (003:14, 003:25)', (field, stage) => {
    const rule = correctionRule(field, 'vocational', stage)
    expect(rule.chain.map(s => [s.unit, s.role])).toEqual([['school', 'registrar'], ['authority', 'officer']])
    expect(rule.days).toBe(10)
    expect(rule.citation).toMatch(/^003:14, 003:25/)
    expect(rule.citation).not.toMatch(/00[0-2]:/) // the higher-education articles do not govern 中职
  })

  it('every vocational student and diploma field can be changed, in school and after graduation (003:14)', () => {
    expect(vocational.length).toBeGreaterThan(60)
    for (const f of ['student.name', 'student.gender', 'student.idNumber', 'diploma.major', 'diploma.conclusion'])
      expect(correctionRule(f, 'vocational', 'diplomaRegistered').allowed).toBe(true)
  })

  it('the province is told of a vocational diploma change, as a notice, not an approval step (003:17, design)', () => {
    expect(correctionRule('diploma.major', 'vocational', 'diplomaRegistered').informs).toBe('province')
    expect(correctionRule('student.currentAddress', 'vocational', 'diplomaRegistered').informs).toBeUndefined()
    expect(combinedRule(['student.name', 'diploma.major'], 'vocational', 'diplomaRegistered')).toMatchObject({ informs: 'province' })
  })

  it.each(diplomaRegisteredFields.filter(f => f !== 'diploma.schoolName'))('published diploma: %s goes school (verify the registration error) → province (002:19, 002:17)', (field) => {
    const rule = correctionRule(field, 'higher', 'diplomaRegistered')
    expect(rule.allowed).toBe(true)
    expect(rule.chain.map(s => s.unit)).toEqual(['school', 'province'])
    expect(rule.chain[0]!.label).toContain('登记错误')
    expect(rule.citation).toContain('002:19')
    expect(rule.citation).toContain('002:17')
  })

  it('the 002:17 registered items are exactly the diploma fields the app shows, plus 姓名, 性别, 出生日期', () => {
    expect(diplomaRegisteredFields).toEqual(expect.arrayContaining(['student.name', 'student.gender', 'student.birthDate', 'diploma.studyPeriod', 'diploma.major', 'diploma.educationLevel', 'diploma.lengthOfSchooling', 'diploma.conclusion', 'diploma.studyForm', 'diploma.schoolName', 'diploma.principalName', 'diploma.diplomaNo']))
  })

  const otherAfterPublication = disputableFields.filter(f => !diplomaRegisteredFields.includes(f) && !f.startsWith('placement.') && f !== 'diploma.issuedOn')
  it.each(otherAfterPublication)('published diploma: a change of %s is refused, quoting 002:19', (field) => {
    const rule = correctionRule(field, 'higher', 'diplomaRegistered')
    expect(rule).toMatchObject({ allowed: false, citation: '002:19' })
    expect(rule.explanation).toContain('不再受理学生信息变更事宜')
  })

  it.each(['higher', 'vocational'] as const)('a %s diploma\'s 学校名称 is the school\'s, not one graduate\'s to change (design; it could never be entered)', (level) => {
    expect(correctionRule('diploma.schoolName', level, 'diplomaRegistered')).toMatchObject({ allowed: false, citation: 'design (002:17, 002:19)' })
  })

  it('发证日期 follows the graduation date and is not corrected on its own (002:18)', () => {
    expect(correctionRule('diploma.issuedOn', 'higher', 'diplomaRegistered')).toMatchObject({ allowed: false, citation: '002:18' })
  })

  it('college key information goes through three-level sign-off', () => {
    expect(correctionRule('student.ethnicity', 'higher', 'inSchool').chain.map(s => s.role)).toEqual(['registrar', 'head', 'leader'])
  })

  it('several fields together take the strictest chain', () => {
    const r = combinedRule(['student.currentAddress', 'student.name'], 'k12', 'inSchool')
    expect(r.chain).toHaveLength(3)
  })

  it.each([
    ['student.gender', '男', true],
    ['student.gender', 'M', false],
    ['student.birthDate', '2012-02-30', false],
    ['student.idNumber', '11010519491231002x', true],
    ['student.idNumber', '110105194912310021', false],
    ['student.boarding', '是', true],
  ])('a requested %s of %s is %s', (field, value, ok) => {
    expect(parseRequestedValue(field, value).ok).toBe(ok)
  })
})

describe('combining fields never weakens a chain', () => {
  it('a published-diploma name change listed after a school-only field still needs the province (002:19)', () => {
    const r = combinedRule(['student.gender', 'student.name'], 'higher', 'diplomaRegistered')
    expect(r.chain.at(-1)!.unit).toBe('province')
  })

  it('a K-12 key field listed after an ordinary one still goes to the county bureau (004:3)', () => {
    expect(combinedRule(['student.grade', 'student.idNumber'], 'k12', 'inSchool').chain.map(s => s.unit)).toContain('authority')
  })

  it('before diploma registration there is no diploma field to correct (002:17)', () => {
    expect(correctionRule('diploma.schoolName', 'higher', 'inSchool')).toMatchObject({ allowed: false, citation: '002:17' })
  })
})
