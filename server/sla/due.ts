import type { AnyColumn, SQL } from 'drizzle-orm'
import { and, gte, isNull, lt } from 'drizzle-orm'
import { dueSoonCutoff, shanghaiDate } from '#shared/calendar/index.ts'

// The two questions every SLA sweep asks of its table (issue 14), in SQL so a partial index answers
// them and a pass reads only the rows whose state changes, not every open one.

/** Late and not yet marked: its due time has passed. */
export function lateUnmarked(row: { dueAt: AnyColumn, breachedAt: AnyColumn }, now: Date): SQL {
  return and(isNull(row.breachedAt), lt(row.dueAt, now))!
}

/**
 * Due within `days` working days of today and not yet told: still before its due time, its due date
 * before dueSoonCutoff (the same as workingDaysBetween(today, dueDate) <= days).
 */
export function dueSoonUntold(row: { dueAt: AnyColumn, dueDate: AnyColumn, notifiedAt: AnyColumn }, now: Date, days: number): SQL {
  const today = shanghaiDate(now)
  return and(isNull(row.notifiedAt), gte(row.dueAt, now), gte(row.dueDate, today), lt(row.dueDate, dueSoonCutoff(today, days)))!
}
