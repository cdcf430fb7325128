// Identity numbers: GB 11643-1999 resident numbers, Hong Kong / Macau / Taiwan residence permits
// (DOMAIN §2) and the 2023 foreign permanent residence ID (国家移民管理局, 机读信息规则 2023).
import { shanghaiDate } from './calendar/isoDate.ts'
import { HKMT_PERMIT_REGIONS, isKnownRegionCode } from './regions/codes.ts'

export type IdNumberKind = 'resident' | 'hkmt-permit' | 'foreign-permanent'
export type IdNumberErrorCode = 'ID_EMPTY' | 'ID_FIRST_GENERATION' | 'ID_LENGTH' | 'ID_FORMAT'
  | 'ID_REGION_UNKNOWN' | 'ID_BIRTH_DATE_INVALID' | 'ID_BIRTH_DATE_FUTURE' | 'ID_CHECKSUM'

export interface IdNumber {
  number: string
  kind: IdNumberKind
  regionCode: string
  birthDate: string
  gender: 'male' | 'female'
}
export type IdNumberResult
  = | { ok: true, value: IdNumber }
    | { ok: false, code: IdNumberErrorCode, message: string }

const fail = (code: IdNumberErrorCode, message: string): IdNumberResult => ({ ok: false, code, message })

function toHalfWidth(s: string) {
  return s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A]/gi, ch => String.fromCharCode(ch.charCodeAt(0) - 0xFEE0))
}

/** What people paste: spaces anywhere, full-width digits from Chinese IMEs, a lower-case x. */
export function normalizeIdNumber(raw: string): string {
  return toHalfWidth(raw).replace(/\s/g, '').replace(/x/g, 'X')
}

// GB 11643-1999 / ISO 7064 MOD 11-2: weight of position i (from the right, check char = 1) is 2^(i-1) mod 11.
const WEIGHTS = Array.from({ length: 17 }, (_, k) => 2 ** (17 - k) % 11)

export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17))
    throw new RangeError('idCheckCharacter needs exactly 17 digits')
  const sum = WEIGHTS.reduce((acc, w, k) => acc + w * Number(first17[k]), 0)
  return '10X98765432'[sum % 11]!
}

function daysInMonth(y: number, m: number) {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
}

let clock: () => Date = () => new Date()
/**
 * Sets the clock the birth-date check reads when no `today` is passed. The server hands it the
 * request's `deps.now` (server/http/requestClock.ts), so the check runs on the same clock as
 * every deadline; the app keeps the device's clock.
 */
export function useIdNumberClock(now: () => Date) {
  clock = now
}

// `today` defaults to the date in Asia/Shanghai (DOMAIN §5) on that clock, read at each call.
export function parseIdNumber(raw: string, today: string = shanghaiDate(clock())): IdNumberResult {
  const n = normalizeIdNumber(raw)
  if (!n)
    return fail('ID_EMPTY', '请输入身份证号码')
  // DOMAIN §2: first-generation numbers are no longer in use.
  if (/^\d{15}$/.test(n))
    return fail('ID_FIRST_GENERATION', '15 位的一代身份证号码已停止使用，请输入 18 位号码')
  const length = [...n].length
  if (length !== 18)
    return fail('ID_LENGTH', `身份证号码应为 18 位，现在是 ${length} 位`)
  if (!/^\d{17}[\dX]$/.test(n))
    return fail('ID_FORMAT', '身份证号码前 17 位只能是数字，最后一位是数字或 X')

  // 2023 永居证: 9, issuing province (2), nationality (3), birth date (8), sequence (3), check.
  const foreign = n.startsWith('9')
  const regionCode = foreign ? `${n.slice(1, 3)}0000` : n.slice(0, 6)
  const kind: IdNumberKind = foreign
    ? 'foreign-permanent'
    : Object.hasOwn(HKMT_PERMIT_REGIONS, regionCode) ? 'hkmt-permit' : 'resident'
  // The 永居证 is issued on the mainland, so its province is never 71/81/82/83.
  if (!isKnownRegionCode(regionCode) || (foreign && !/^[1-6]/.test(regionCode))) {
    return fail('ID_REGION_UNKNOWN', foreign ? '第 2、3 位的省份代码不存在，请核对' : '前 6 位的地区代码不存在，请核对')
  }

  const [y, m, d] = [n.slice(6, 10), n.slice(10, 12), n.slice(12, 14)].map(Number) as [number, number, number]
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
    return fail('ID_BIRTH_DATE_INVALID', '出生日期无效，请核对第 7 至 14 位')
  if (y < 1900)
    return fail('ID_BIRTH_DATE_INVALID', '出生日期早于 1900 年，请核对第 7 至 14 位')
  const birthDate = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`
  if (birthDate > today)
    return fail('ID_BIRTH_DATE_FUTURE', '出生日期晚于今天，请核对第 7 至 14 位')

  if (idCheckCharacter(n.slice(0, 17)) !== n[17])
    return fail('ID_CHECKSUM', '校验位不正确，请核对最后一位')
  // GB 11643-1999: the sequence code is odd for men, even for women.
  const gender = Number(n[16]) % 2 === 1 ? 'male' : 'female'
  return { ok: true, value: { number: n, kind, regionCode, birthDate, gender } }
}

// design: masked except to the person and the handling officer (DOMAIN §6); first 6 and last 4 shown.
export function maskIdNumber(n: string): string {
  const s = normalizeIdNumber(n)
  if (s.length >= 15)
    return `${s.slice(0, 6)}********${s.slice(-4)}`
  // Shorter documents (passports, permits) keep only their ends; very short ones show nothing.
  if (s.length >= 8)
    return `${s.slice(0, 2)}${'*'.repeat(s.length - 4)}${s.slice(-2)}`
  return '*'.repeat(s.length)
}

/**
 * The national K-12 学籍号 is "G" + the ID number (DOMAIN §2, practice), so it is masked like one;
 * other registry numbers are shown as they are.
 */
export function maskRegistryNo(no: string): string {
  return /^G\d{17}[\dX]$/.test(no) ? `G${maskIdNumber(no.slice(1))}` : no
}

/**
 * A 学籍号 as a list shows it, and as it is kept in the clear beside its sealed value (issue 14):
 * masked whatever its form. design: a temporary record's "L" number holds a region and a birth date;
 * nothing of a 学籍号 is stored whole in the clear (DOMAIN §6), so only its ends are.
 */
export function maskRegistryNoForList(no: string): string {
  return /^G\d{17}[\dX]$/.test(no) ? maskRegistryNo(no) : maskIdNumber(no)
}

export function maskPhone(p: string): string {
  const s = toHalfWidth(p).replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '')
  if (s.length >= 11)
    return `${s.slice(0, 3)}****${s.slice(-4)}`
  if (s.length >= 8)
    return `${'*'.repeat(s.length - 4)}${s.slice(-4)}`
  return '*'.repeat(s.length)
}
