import { describe, expect, it } from 'vitest'
import { certificatePrintedFields, signedFieldsInCorrection } from '../../shared/certificates/printedFields.ts'
import { diplomaRegisteredFields } from '../../shared/corrections/policy.ts'
import { contradictsIdNumber } from '../../shared/corrections/values.ts'
import { idCheckCharacter } from '../../shared/idNumber.ts'
import { disputableFields } from '../../shared/recordFields.ts'

/** A valid resident number for a birth date and a sequence (odd: a man). */
function numberOf(birth: string, sequence: string) {
  const first17 = `410102${birth.replaceAll('-', '')}${sequence}`
  return first17 + idCheckCharacter(first17)
}
const woman = { idNumber: numberOf('2004-07-16', '024'), birthDate: '2004-07-16', gender: 'female' as const }

describe('a correction keeps birth date, gender and ID number agreeing (GB 11643-1999)', () => {
  it('lets through a request that leaves them agreeing, or does not touch them', () => {
    expect(contradictsIdNumber(woman, [{ field: 'student.name', value: '王芳' }])).toBeNull()
    expect(contradictsIdNumber({ ...woman, birthDate: '2004-07-19' }, [{ field: 'student.birthDate', value: '2004-07-16' }])).toBeNull()
    expect(contradictsIdNumber(woman, [{ field: 'student.idNumber', value: numberOf('2004-07-19', '024') }, { field: 'student.birthDate', value: '2004-07-19' }])).toBeNull()
    expect(contradictsIdNumber({ ...woman, idNumber: null }, [{ field: 'student.gender', value: '男' }])).toBeNull()
  })

  it('refuses a birth date or gender the ID number contradicts, at that field', () => {
    expect(contradictsIdNumber(woman, [{ field: 'student.birthDate', value: '2004-07-19' }])).toEqual({ field: 'student.birthDate', message: expect.stringContaining('第 7 至 14 位') })
    expect(contradictsIdNumber(woman, [{ field: 'student.gender', value: '男' }])).toEqual({ field: 'student.gender', message: expect.stringContaining('第 17 位') })
  })

  it('refuses a new ID number that contradicts the registered birth date or gender, at the number, naming no digit', () => {
    const other = numberOf('2004-08-16', '024')
    const found = contradictsIdNumber(woman, [{ field: 'student.idNumber', value: other }])
    expect(found).toEqual({ field: 'student.idNumber', message: expect.stringContaining('登记的出生日期') })
    expect(found!.message).not.toMatch(/\d{4}/)
    expect(contradictsIdNumber(woman, [{ field: 'student.idNumber', value: numberOf('2004-07-16', '013') }])!.message).toContain('登记的性别')
  })
})

describe('the fields a 学历证明书 prints', () => {
  it('are fields a student can mark wrong, and take in every registered item of a diploma (002:17)', () => {
    expect(certificatePrintedFields.every(f => disputableFields.includes(f))).toBe(true)
    expect(diplomaRegisteredFields.every(f => certificatePrintedFields.includes(f))).toBe(true)
  })
  it('are named to applicant and registrar when a correction works on one fixed at issue; the live ones are not', () => {
    expect(signedFieldsInCorrection(['guardian1.phone', 'student.currentAddress'])).toEqual([])
    expect(signedFieldsInCorrection(['diploma.major', 'guardian1.phone', 'student.name'])).toEqual(['student.name', 'diploma.major'])
    expect(signedFieldsInCorrection(['student.birthDate', 'diploma.principalName'])).toEqual([]) // printed from the record as it is
  })
})
