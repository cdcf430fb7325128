import type { IsoDate } from './isoDate.ts'
/**
 * Working-day calendar of mainland China, Asia/Shanghai time (DOMAIN §5 "Time").
 *
 * - Weekends off, statutory holidays off, 调休 adjusted working weekends on,
 *   per the State Council's yearly notices: data from the `chinese-days`
 *   package (2004–2026 in v1.5.7) merged with ./schedules.json (format and
 *   merge rule: see ./schedules.ts), so next year's schedule is added as data.
 * - For STATUTORY_YEARS years past the last published schedule, the days off
 *   of 《全国年节及纪念日放假办法》 and their 补假 are counted (./statutory.ts);
 *   调休 is unknown there, so every answer depending on such a date says
 *   `provisional: true`. Before the known data, and further ahead, only
 *   weekends are known (also provisional). (chinese-days itself answers
 *   silently with plain weekends there; we never use its API, only its data.)
 * - Deadlines (DOMAIN §5 design): N working days from an act end at the close
 *   (23:59:59.999 Shanghai) of the Nth working day AFTER the day of the act;
 *   the act's own day never counts, working day or not.
 *
 * Pure and isomorphic (browser and Node, any host TZ). The index is built
 * once at import; everything else is pure functions.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import {
  dayOfWeek,
  deadlineInstant,
  fromDayNumber,

  shanghaiDate,
  toDayNumber,
} from './isoDate.ts'
import extraSchedules from './schedules.json' with { type: 'json' }
import { mergeSchedules } from './schedules.ts'
import { statutoryHolidays } from './statutory.ts'

export {
  deadlineInstant,
  isIsoDate,
  ISO_DATE_MESSAGE,
  type IsoDate,
  shanghaiDate,
} from './isoDate.ts'
export { isoDateSchema } from './isoDateSchema.ts'
export { mergeSchedules, type ScheduleData, scheduleDataSchema } from './schedules.ts'

/** design: deadlines reach weeks ahead; ten years of predicted holidays is plenty and cheap to build. */
export const STATUTORY_YEARS = 10

export interface WorkingDayResult { date: IsoDate, provisional: boolean }
export interface DueResult { dueAt: Date, dueDate: IsoDate, provisional: boolean }

export interface Calendar {
  /** Is this day a working day (weekday not a holiday, or a 调休 working weekend)? */
  isWorkingDay: (d: IsoDate) => boolean
  /**
   * The Nth working day strictly after `from` (`from` itself never counts).
   * days = 0: `from` if it is a working day, else the next working day.
   * `provisional` when any day examined lies outside the official data.
   */
  addWorkingDays: (from: IsoDate, days: number) => WorkingDayResult
  /**
   * Working days in (from, to] — strictly after `from`, up to and including
   * `to` ("剩余 N 个工作日"); negative (−count of (to, from]) when to < from.
   * Use isKnownDate/knownUntil to tell whether the count is provisional.
   */
  workingDaysBetween: (from: IsoDate, to: IsoDate) => number
  /** Act at `actInstant` + N working days → close of the due day in Shanghai. */
  dueAt: (actInstant: Date, days: number) => DueResult
  /** Last day of the official data (end of the last contiguous known year). */
  knownUntil: () => IsoDate
  /** First day of the official data. */
  knownFrom: () => IsoDate
  /** Is the day covered by official data (its year's schedule is known)? */
  isKnownDate: (d: IsoDate) => boolean
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= x)
      lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Weekdays (Mon–Fri) among day numbers < n, counted from the Monday 1970-01-05 (n = 4). */
function weekdaysBefore(n: number): number {
  const k = n - 4
  const weeks = Math.floor(k / 7)
  return weeks * 5 + Math.min(k - weeks * 7, 5)
}

/**
 * Build a calendar from chinese-days-shaped data. `extra` is merged over
 * `base` year by year (see ./schedules.ts). Pure: used by the default
 * instance below and by tests.
 */
export function makeCalendar(
  extra: unknown = {},
  base: unknown = { holidays: chineseDays.holidays, workdays: chineseDays.workdays },
): Calendar {
  const { holidays, workdays, knownYears } = mergeSchedules(base, extra)
  if (knownYears.size === 0)
    throw new Error('Working-day calendar: no official schedule data')

  const firstYear = Math.min(...knownYears)
  let lastYear = firstYear
  while (knownYears.has(lastYear + 1)) lastYear++
  const knownFromDay = toDayNumber(`${String(firstYear).padStart(4, '0')}-01-01`)
  const knownUntilDay = toDayNumber(`${String(lastYear).padStart(4, '0')}-12-31`)

  const predicted = new Set(holidays)
  for (let y = lastYear + 1; y <= lastYear + STATUTORY_YEARS; y++) {
    for (const d of Object.keys(statutoryHolidays(y)))
      predicted.add(toDayNumber(d))
  }
  const weekdayHolidays = [...predicted].filter(n => dayOfWeek(n) % 6 !== 0).sort((a, b) => a - b)
  const weekendWorkdays = [...workdays].sort((a, b) => a - b)

  const working = (n: number): boolean => {
    if (workdays.has(n))
      return true
    if (predicted.has(n))
      return false
    return dayOfWeek(n) % 6 !== 0
  }

  /** Every day in [a, b] (a ≤ b) lies in a known year. */
  const covered = (a: number, b: number): boolean => {
    if (a >= knownFromDay && b <= knownUntilDay)
      return true
    const ya = Number(fromDayNumber(a).slice(0, 4))
    const yb = Number(fromDayNumber(b).slice(0, 4))
    for (let y = ya; y <= yb; y++) {
      if (!knownYears.has(y))
        return false
    }
    return true
  }

  /** Working days in (a, b], a ≤ b. */
  const countAfter = (a: number, b: number): number =>
    weekdaysBefore(b + 1)
    - weekdaysBefore(a + 1)
    - (upperBound(weekdayHolidays, b) - upperBound(weekdayHolidays, a))
    + (upperBound(weekendWorkdays, b) - upperBound(weekendWorkdays, a))

  const addWorkingDays = (from: IsoDate, days: number): WorkingDayResult => {
    if (!Number.isSafeInteger(days) || days < 0) {
      throw new RangeError(`addWorkingDays: days must be a non-negative integer, got ${days}`)
    }
    let n = toDayNumber(from)
    const start = days === 0 ? n : n + 1
    if (days === 0) {
      while (!working(n)) n++
    }
    else {
      for (let left = days; left > 0;) {
        if (working(++n))
          left--
      }
    }
    return { date: fromDayNumber(n), provisional: !covered(start, n) }
  }

  return {
    isWorkingDay: d => working(toDayNumber(d)),
    addWorkingDays,
    workingDaysBetween: (from, to) => {
      const a = toDayNumber(from)
      const b = toDayNumber(to)
      return b >= a ? countAfter(a, b) : 0 - countAfter(b, a) // never -0
    },
    dueAt: (actInstant, days) => {
      const { date, provisional } = addWorkingDays(shanghaiDate(actInstant), days)
      return { dueAt: deadlineInstant(date), dueDate: date, provisional }
    },
    knownUntil: () => fromDayNumber(knownUntilDay),
    knownFrom: () => fromDayNumber(knownFromDay),
    isKnownDate: (d) => {
      toDayNumber(d) // validates
      return knownYears.has(Number(d.slice(0, 4)))
    },
  }
}

/** The calendar of the app: chinese-days + ./schedules.json, indexed once. */
export const calendar: Calendar = makeCalendar(extraSchedules)

export const {
  isWorkingDay,
  addWorkingDays,
  workingDaysBetween,
  dueAt,
  knownUntil,
  knownFrom,
  isKnownDate,
} = calendar

/**
 * The first date more than `days` working days after `today`: a due date is within `days` working
 * days (workingDaysBetween(today, due) <= days) exactly when it falls before it. Lets the sweeper ask
 * the database for the due-soon rows by a date range, rather than read every open one (issue 14).
 */
export function dueSoonCutoff(today: IsoDate, days: number): IsoDate {
  return addWorkingDays(today, days + 1).date
}
