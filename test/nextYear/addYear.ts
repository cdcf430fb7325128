// Setup of the "next-year" test project: schedules.json gets one more year of (made-up) official data,
// as when next year's State Council notice is added. Every test in the project must pass unchanged:
// no test may assume which year is the last one published.
import type { ScheduleData } from '../../shared/calendar/schedules.ts'
import { vi } from 'vitest'

vi.mock('../../shared/calendar/schedules.json', async (importOriginal) => {
  const real = (await importOriginal<{ default: ScheduleData }>()).default
  const { nextScheduleYear } = await import('./nextScheduleYear.ts')
  const { madeUpSchedule } = await import('../support/madeUpSchedule.ts')
  const extra = madeUpSchedule(nextScheduleYear(real))
  return { default: { source: extra.source, holidays: { ...real.holidays, ...extra.holidays }, workdays: { ...real.workdays, ...extra.workdays } } }
})
