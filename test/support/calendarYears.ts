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

export { firstOn, madeUpSchedule } from './madeUpSchedule.ts'
