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

/**
 * Runs `change` over the rows a sweep found, at most `width` at a time, and counts what changed.
 * design: each change is its own short transaction whose cost is round trips, not work, so on
 * PostgreSQL a pass runs several at once (issue 14: 1,000 changes one by one took 3.1 s); each is
 * conditional and locks its case before anything else, so side by side they change what they
 * would have in turn. After a failure no further row is started, and the pass ends (with that
 * error) only once the changes under way have: a sweeper stopping must not leave one open.
 */
export async function countChanges<T>(rows: T[], width: number, change: (row: T) => Promise<number>): Promise<number> {
  let next = 0
  let changed = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < rows.length) {
      try {
        const made = await change(rows[next++]!) // not `changed += await …`: that reads `changed` before waiting
        changed += made
      }
      catch (e) {
        failed = true
        throw e
      }
    }
  }
  const ends = await Promise.allSettled(Array.from({ length: Math.min(width, rows.length) }, worker))
  const failure = ends.find(e => e.status === 'rejected')
  if (failure)
    throw failure.reason
  return changed
}
