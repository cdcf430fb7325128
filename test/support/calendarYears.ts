// Years of official schedule data, read from the calendar itself: tests never assume which year is
// the last one published, so adding next year's State Council notice to schedules.json changes no test.
import type { IsoDate } from '../../shared/calendar/index.ts'
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { knownUntil } from '../../shared/calendar/index.ts'
import { dayOfWeek, fromDayNumber, toDayNumber } from '../../shared/calendar/isoDate.ts'

/** The last year the app's calendar has official data for (chinese-days merged with schedules.json). */
export const lastKnownYear = Number(knownUntil().slice(0, 4))
/** The first year past the official data, where answers are provisional. */
export const firstUnknownYear = lastKnownYear + 1
/** The last year chinese-days' own data covers (what the calendar knows with an empty schedules.json). */
export const chineseDaysLastYear = Math.max(...[...Object.keys(chineseDays.holidays), ...Object.keys(chineseDays.workdays)].map(d => Number(d.slice(0, 4))))

/** The Nth Monday–Friday strictly after `from` (days = 0: `from` or the next weekday), skipping `off`. */
export function weekdaysAfter(from: IsoDate, days: number, off: ReadonlySet<IsoDate> = new Set()): IsoDate {
  let n = toDayNumber(from)
  const working = (d: number) => dayOfWeek(d) % 6 !== 0 && !off.has(fromDayNumber(d))
  if (days === 0) {
    while (!working(n)) n++
    return fromDayNumber(n)
  }
  for (let left = days; left > 0;) {
    if (working(++n))
      left--
  }
  return fromDayNumber(n)
}

/** The first day of `month` (1–12) in `year` that falls on `dow` (0 Sunday … 6 Saturday). */
export function firstOn(year: number, month: number, dow: number): IsoDate {
  let n = toDayNumber(`${year}-${String(month).padStart(2, '0')}-01`)
  while (dayOfWeek(n) !== dow) n++
  return fromDayNumber(n)
}

/** A made-up schedule for `year` (not a real notice): 元旦 and a 国庆 week off, with 调休 weekends around it. */
export function madeUpSchedule(year: number) {
  const octoberMonday = firstOn(year, 10, 1)
  const week = [0, 1, 2, 3, 4].map(k => fromDayNumber(toDayNumber(octoberMonday) + k))
  const holidays: Record<IsoDate, string> = Object.fromEntries([`${year}-01-01`, ...week].map(d => [d, 'test fixture']))
  const workdays: Record<IsoDate, string> = {
    [fromDayNumber(toDayNumber(octoberMonday) - 1)]: 'test fixture', // the Sunday before
    [fromDayNumber(toDayNumber(octoberMonday) + 5)]: 'test fixture', // the Saturday after
  }
  return { source: `test fixture for ${year}`, holidays, workdays }
}
