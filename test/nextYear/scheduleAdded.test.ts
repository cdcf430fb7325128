import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isWorkingDay, knownUntil } from '../../shared/calendar/index.ts'
import { firstOn } from '../support/madeUpSchedule.ts'
import { nextScheduleYear } from './nextScheduleYear.ts'

describe('the next-year run', () => {
  it('runs its tests with one more year of official schedule data than the repository holds', () => {
    const year = nextScheduleYear(JSON.parse(readFileSync('shared/calendar/schedules.json', 'utf8')))
    expect(knownUntil()).toBe(`${year}-12-31`)
    expect(isWorkingDay(firstOn(year, 10, 1))).toBe(false) // the made-up 国庆 week
  })
})
