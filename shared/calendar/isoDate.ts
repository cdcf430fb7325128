/**
 * Calendar dates (IsoDate, "YYYY-MM-DD") and the Asia/Shanghai clock.
 *
 * Pure and isomorphic: no node:, no DOM, and no dependence on the host's
 * time zone. Dates are handled as integer day numbers (days since
 * 1970-01-01) with proleptic-Gregorian arithmetic, never through the local
 * Date API.
 *
 * Shanghai time is a fixed UTC+08:00: China has observed no daylight saving
 * time since 1991 (DST ran 1986–1991 only), and all official holiday data
 * we use starts in 2004, so the fixed offset equals what
 * Intl.DateTimeFormat({ timeZone: 'Asia/Shanghai' }) answers, without
 * depending on the runtime's ICU time-zone data.
 */
/** A calendar day, "YYYY-MM-DD" (years 0001–9999). */
export type IsoDate = string

export const ISO_DATE_MESSAGE = '日期无效，请使用 YYYY-MM-DD 格式'

const MS_PER_DAY = 86_400_000
/** UTC+08:00, Asia/Shanghai all year round (no DST since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
}

/** True for a real calendar date written "YYYY-MM-DD" (rejects 2025-02-30). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string')
    return false
  const m = ISO_RE.exec(s)
  if (!m)
    return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). Input must be valid. */
function civilToDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const mp = (m + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** IsoDate → day number; throws RangeError on anything but a valid IsoDate. */
export function toDayNumber(date: IsoDate): number {
  if (!isIsoDate(date))
    throw new RangeError(`Invalid IsoDate: ${JSON.stringify(date)}`)
  return civilToDays(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))
}

/** Day number → IsoDate (H. Hinnant's civil_from_days). */
export function fromDayNumber(n: number): IsoDate {
  const z0 = n + 719_468
  const era = Math.floor(z0 / 146_097)
  const doe = z0 - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  if (y < 1 || y > 9999)
    throw new RangeError(`Date out of range (year ${y})`)
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(n: number): number {
  return (((n + 4) % 7) + 7) % 7
}

/** The calendar date, in Asia/Shanghai, of an instant — whatever the host's time zone. */
export function shanghaiDate(instant: Date): IsoDate {
  const t = instant.getTime()
  if (!Number.isFinite(t))
    throw new RangeError('Invalid Date')
  return fromDayNumber(Math.floor((t + SHANGHAI_OFFSET_MS) / MS_PER_DAY))
}

/** An instant as Beijing reads it, `2026-12-02 13:05` (China has no daylight saving: a fixed offset). */
export function shanghaiDateTime(instant: Date): string {
  const minutes = ((Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / 60_000) % 1440) + 1440) % 1440
  return `${shanghaiDate(instant)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** The close of a day in Shanghai: `${date}T23:59:59.999+08:00`. */
export function deadlineInstant(date: IsoDate): Date {
  return new Date((toDayNumber(date) + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS - 1)
}
