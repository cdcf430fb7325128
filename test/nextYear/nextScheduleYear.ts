import type { ScheduleData } from '../../shared/calendar/schedules.ts'
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { mergeSchedules } from '../../shared/calendar/schedules.ts'

/** The first year without official data, given schedules.json as it is in the repository. */
export function nextScheduleYear(schedules: ScheduleData): number {
  const { knownYears } = mergeSchedules({ holidays: chineseDays.holidays, workdays: chineseDays.workdays }, schedules)
  let year = Math.min(...knownYears)
  while (knownYears.has(year + 1)) year++
  return year + 1
}
