import { describe, expect, it } from 'vitest'
import { combinedRule, correctionRule, educationLevels, recordStages } from '../../shared/corrections/policy.ts'
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

  it('K-12 姓名 and 身份证号 need police proofs and the county bureau (004:3)', () => {
    const rule = correctionRule('student.name', 'k12', 'inSchool')
    expect(rule.citation).toBe('004:3')
    expect(rule.proofs.join()).toContain('公安')
    expect(rule.chain.map(s => s.unit)).toContain('authority')
  })

  it('vocational changes get no extra approval layers: school then authority (003:14, 003:25)', () => {
    for (const field of disputableFields.filter(f => f.startsWith('student.'))) {
      const rule = correctionRule(field, 'vocational', 'inSchool')
      expect(rule.chain.map(s => s.unit)).toEqual(['school', 'authority'])
      expect(rule.days).toBe(10)
    }
  })

  it('a published diploma record changes only with the province confirming (002:19, 001:4(8))', () => {
    for (const field of ['student.name', 'student.idNumber', 'diploma.major', 'diploma.conclusion']) {
      const rule = correctionRule(field, 'higher', 'diplomaRegistered')
      expect(rule.chain.at(-1)!.unit).toBe('province')
      expect(rule.citation).toContain('002:19')
    }
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

  it('the school name and diploma number cannot be changed by request', () => {
    expect(correctionRule('diploma.schoolName', 'higher', 'diplomaRegistered').allowed).toBe(false)
  })
})
