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
 * Makes a sweep pass's changes in batches and counts them: `run` makes a batch's changes in one
 * transaction. design (issue 14): a change costs round trips and a commit, not work (1,000 changes
 * as 1,000 transactions took 2.6 s). Rows are dealt into `width` lanes that run at once; the rows of
 * one `laneOf` key (the unit whose sheet counter their changes take) share a lane, so no lane waits
 * for another's counter. A lane runs its batches in turn. A batch that fails is run again a row at
 * a time, so a bad row holds back only itself; once a row fails alone no further batch is started,
 * and the pass ends (with that error) when the lanes under way have: a sweeper stopping must not
 * leave a change open.
 */
export async function changeInBatches<T>(rows: T[], opts: { width: number, batch: number, laneOf?: (row: T) => string | null | undefined }, run: (batch: T[]) => Promise<number>): Promise<number> {
  let changed = 0
  let failed = false
  const attempt = async (batch: T[]): Promise<void> => {
    try {
      const made = await run(batch) // not `changed += await …`: that reads `changed` before waiting
      changed += made
    }
    catch (e) {
      if (batch.length === 1) {
        failed = true
        throw e
      }
      for (const row of batch) {
        if (!failed)
          await attempt([row])
      }
    }
  }
  const runLane = async (lane: T[]) => {
    for (let i = 0; i < lane.length; i += opts.batch) {
      if (failed)
        return
      await attempt(lane.slice(i, i + opts.batch))
    }
  }
  const ends = await Promise.allSettled(dealIntoLanes(rows, opts.width, opts.laneOf).map(runLane))
  const failure = ends.find(e => e.status === 'rejected')
  if (failure)
    throw failure.reason
  return changed
}

/** The rows in at most `width` lanes of about equal length, the rows of one key in one lane. */
function dealIntoLanes<T>(rows: T[], width: number, laneOf?: (row: T) => string | null | undefined): T[][] {
  const groups = new Map<unknown, T[]>()
  rows.forEach((row, i) => {
    const key = laneOf?.(row) ?? i // a row without a key is a group of its own
    const group = groups.get(key)
    if (group)
      group.push(row)
    else
      groups.set(key, [row])
  })
  const lanes: T[][] = Array.from({ length: Math.min(width, rows.length) }, () => [])
  for (const group of [...groups.values()].sort((a, b) => b.length - a.length))
    lanes.reduce((shortest, lane) => lane.length < shortest.length ? lane : shortest).push(...group)
  return lanes
}
