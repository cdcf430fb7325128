// A made-up year of schedule data, built without importing the calendar (which imports schedules.json),
// so the next-year run (test/nextYear/addYear.ts) can use it inside its mock of schedules.json.
import type { IsoDate } from '../../shared/calendar/isoDate.ts'
import { dayOfWeek, fromDayNumber, toDayNumber } from '../../shared/calendar/isoDate.ts'

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
