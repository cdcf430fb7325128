import { afterEach, describe, expect, it, vi } from 'vitest'
import { idCheckCharacter, maskIdNumber, maskPhone, parseIdNumber } from '../../shared/idNumber.ts'
import { idNumberSchema } from '../../shared/schemas/idNumber.ts'

const TODAY = '2025-06-01'

describe('parseIdNumber: numbers people really hold are accepted', () => {
  it.each([
    ['the example in GB 11643-1999, ending in X', '11010519491231002X', 'resident', '110105', '1949-12-31', 'female'],
    ['a pupil born in 郑州市中原区', '410102200808150011', 'resident', '410102', '2008-08-15', 'male'],
    ['a parent registered in 巩县, a county retired in 1991 (DOMAIN §2)', '410124198506120018', 'resident', '410124', '1985-06-12', 'male'],
    ['a pupil from 济源, a province-administered city', '419001201002280029', 'resident', '419001', '2010-02-28', 'female'],
    ['a birthday on 29 February of a leap year', '410105200002290014', 'resident', '410105', '2000-02-29', 'male'],
    ['a grandparent born on 1 January 1900', '410225190001010038', 'resident', '410225', '1900-01-01', 'male'],
    ['a baby born today', '410105202506010046', 'resident', '410105', '2025-06-01', 'female'],
    ['a Hong Kong resident\'s residence permit (810000)', '810000199501010023', 'hkmt-permit', '810000', '1995-01-01', 'female'],
    ['a Taiwan resident\'s residence permit (830000)', '830000200102030042', 'hkmt-permit', '830000', '2001-02-03', 'female'],
    ['a 2023 foreign permanent residence ID issued in Beijing', '911840198001010013', 'foreign-permanent', '110000', '1980-01-01', 'male'],
  ])('%s', (_, number, kind, regionCode, birthDate, gender) => {
    expect(parseIdNumber(number, TODAY)).toEqual({ ok: true, value: { number, kind, regionCode, birthDate, gender } })
  })
})

describe('parseIdNumber: what people type is tidied first', () => {
  it.each([
    ['a lower-case x is read as X (DOMAIN §2)', '11010519491231002x'],
    ['spaces around and inside are dropped', ' 110105 19491231 002X '],
    ['full-width digits and letters from a Chinese keyboard', '１１０１０５１９４９１２３１００２ｘ'],
    ['an ideographic space', '110105\u300019491231002X'],
  ])('%s', (_, raw) => {
    const parsed = parseIdNumber(raw, TODAY)
    expect(parsed.ok && parsed.value.number).toBe('11010519491231002X')
  })
})

describe('parseIdNumber: a wrong number gets a message that says what to fix', () => {
  it.each([
    ['nothing typed', '', 'ID_EMPTY', '请输入身份证号码'],
    ['only spaces', '   ', 'ID_EMPTY', '请输入身份证号码'],
    ['a 15-digit first-generation number (DOMAIN §2)', '410105900307123', 'ID_FIRST_GENERATION', '15 位的一代身份证号码已停止使用，请输入 18 位号码'],
    ['a digit missing', '41010520080815001', 'ID_LENGTH', '身份证号码应为 18 位，现在是 17 位'],
    ['a digit too many', '4101022008081500111', 'ID_LENGTH', '身份证号码应为 18 位，现在是 19 位'],
    ['a letter among the digits', '4101022008O8150011', 'ID_FORMAT', '身份证号码前 17 位只能是数字，最后一位是数字或 X'],
    ['a check character other than X', '41010220080815001Y', 'ID_FORMAT', '身份证号码前 17 位只能是数字，最后一位是数字或 X'],
    ['a region code that never existed', '10000019900307123X', 'ID_REGION_UNKNOWN', '前 6 位的地区代码不存在，请核对'],
    ['a foreign permanent ID with no such province', '999840198001010015', 'ID_REGION_UNKNOWN', '第 2、3 位的省份代码不存在，请核对'],
    ['a foreign permanent ID claiming Hong Kong as the issuing province', '981840198001010016', 'ID_REGION_UNKNOWN', '第 2、3 位的省份代码不存在，请核对'],
    ['month 13', '410105199013011230', 'ID_BIRTH_DATE_INVALID', '出生日期无效，请核对第 7 至 14 位'],
    ['30 February', '410105199002301232', 'ID_BIRTH_DATE_INVALID', '出生日期无效，请核对第 7 至 14 位'],
    ['29 February 1900, not a leap year', '41010519000229123X', 'ID_BIRTH_DATE_INVALID', '出生日期无效，请核对第 7 至 14 位'],
    ['a birth date before 1900', '410105189912311238', 'ID_BIRTH_DATE_INVALID', '出生日期早于 1900 年，请核对第 7 至 14 位'],
    ['a birth date tomorrow', '410105202506021239', 'ID_BIRTH_DATE_FUTURE', '出生日期晚于今天，请核对第 7 至 14 位'],
    ['one mistyped digit, caught by MOD 11-2 (GB 11643-1999)', '410103200808150011', 'ID_CHECKSUM', '校验位不正确，请核对最后一位'],
    ['two neighbouring digits swapped', '410102200808150101', 'ID_CHECKSUM', '校验位不正确，请核对最后一位'],
    ['a wrong check character', '410102200808150012', 'ID_CHECKSUM', '校验位不正确，请核对最后一位'],
  ])('%s', (_, raw, code, message) => {
    expect(parseIdNumber(raw, TODAY)).toEqual({ ok: false, code, message })
  })
})

describe('parseIdNumber: today is the date in Beijing (DOMAIN §5)', () => {
  afterEach(() => vi.useRealTimers())

  it('a baby born just after midnight in Beijing is accepted while UTC is still on the day before', () => {
    vi.useFakeTimers({ now: new Date('2025-06-01T16:30:00Z') })
    expect(parseIdNumber('410105202506020041').ok).toBe(true)
    expect(parseIdNumber('410105202506031234')).toMatchObject({ code: 'ID_BIRTH_DATE_FUTURE' })
  })
})

describe('idCheckCharacter (ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['41010220080815001', '1'],
    ['41012419850612001', '8'],
    ['91184019800101001', '3'],
  ])('%s → %s', (first17, check) => expect(idCheckCharacter(first17)).toBe(check))

  it.each(['', '1101051949123100', '110105194912310021', '1101051949123100X'])('refuses %j, which is not 17 digits', (bad) => {
    expect(() => idCheckCharacter(bad)).toThrow(RangeError)
  })
})

describe('idNumberSchema', () => {
  it('hands on the tidied number', () => {
    expect(idNumberSchema.parse(' 110105 19491231 002x')).toBe('11010519491231002X')
  })

  it('reports the Chinese message and the error code for a form to show', () => {
    const result = idNumberSchema.safeParse('410102200808150012')
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'custom', message: '校验位不正确，请核对最后一位', params: { code: 'ID_CHECKSUM' } }),
    ])
  })

  it('asks for the number when none was sent', () => {
    expect(idNumberSchema.safeParse(undefined).error?.issues[0]?.message).toBe('请输入身份证号码')
  })
})

describe('masking: screens show only the ends of a number (DOMAIN §6)', () => {
  it.each([
    ['11010519491231002X', '110105********002X'],
    [' 110105 19491231 002x', '110105********002X'],
    ['410105900307123', '410105********7123'],
    ['E12345678', 'E1*****78'],
    ['1234567', '*******'],
    ['', ''],
  ])('ID %j shows as %j', (raw, shown) => expect(maskIdNumber(raw)).toBe(shown))

  it.each([
    ['13812341234', '138****1234'],
    ['+86 138-1234-1234', '138****1234'],
    ['１３８１２３４１２３４', '138****1234'],
    ['0371-12345678', '037****5678'],
    ['12345678', '****5678'],
    ['12345', '*****'],
    ['', ''],
  ])('phone %j shows as %j', (raw, shown) => expect(maskPhone(raw)).toBe(shown))
})
