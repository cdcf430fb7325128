import type { IsoDate } from './isoDate.ts'
/**
 * Official working-day schedules: chinese-days' data + shared/calendar/schedules.json.
 *
 * schedules.json format (the same shape as chinese-days' own data, so a
 * newly published State Council notice 《国务院办公厅关于YYYY年部分节假日安排的通知》
 * can be added as data, without a code change):
 *
 *   {
 *     "source":   "国办发明电〔YYYY〕N号",        // optional, free text or list, ignored
 *     "holidays": { "YYYY-MM-DD": "春节", … },    // days off (法定假日 and 调休 days off)
 *     "workdays": { "YYYY-MM-DD": "春节", … }     // 调休 working weekends (Sat/Sun only)
 *   }
 *
 * Keys are real dates "YYYY-MM-DD"; values are free labels (chinese-days uses
 * "English,中文,N"). Weekends that are days off need not be listed.
 *
 * Merge rule — per calendar YEAR: every year that has at least one date in
 * schedules.json (holidays or workdays) is taken WHOLLY from schedules.json,
 * and chinese-days' entries for that year are ignored. So list the complete
 * schedule of a year, never a single correction. Years not mentioned keep
 * chinese-days' data.
 *
 * A year is "known" when it has at least one entry after the merge. Past the
 * known years, chinese-days (and this calendar) can only answer with plain
 * weekends, so every answer that depends on such a date is flagged
 * provisional by the calendar.
 *
 * Validation (throws at load, i.e. fails the build/tests, never silently):
 * invalid dates, a workday that is not a Saturday or Sunday, a date listed
 * as both holiday and workday, unknown top-level keys.
 */
import { z } from 'zod'
import { dayOfWeek, toDayNumber } from './isoDate.ts'
import { isoDateSchema } from './isoDateSchema.ts'

export interface ScheduleData {
  source?: string | string[]
  holidays?: Record<IsoDate, string>
  workdays?: Record<IsoDate, string>
}

const dayMap = z.record(isoDateSchema, z.string())

export const scheduleDataSchema = z
  .strictObject({
    source: z.union([z.string(), z.array(z.string())]).optional(),
    holidays: dayMap.optional(),
    workdays: dayMap.optional(),
  })
  .superRefine((data, ctx) => {
    for (const d of Object.keys(data.workdays ?? {})) {
      const dow = dayOfWeek(toDayNumber(d))
      if (dow !== 0 && dow !== 6) {
        ctx.addIssue({ code: 'custom', path: ['workdays', d], message: `${d} 不是周六或周日，不能是调休上班日` })
      }
      if (data.holidays && Object.hasOwn(data.holidays, d)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', d], message: `${d} 同时列为放假日和上班日` })
      }
    }
  })

/** The merged schedule as day numbers (days since 1970-01-01). */
export interface MergedSchedule {
  holidays: ReadonlySet<number>
  workdays: ReadonlySet<number>
  /** Years with at least one official entry. */
  knownYears: ReadonlySet<number>
}

function parse(data: unknown, what: string): ScheduleData {
  const r = scheduleDataSchema.safeParse(data)
  if (!r.success) {
    throw new Error(`Invalid working-day schedule (${what}): ${z.prettifyError(r.error)}`)
  }
  return r.data
}

const yearOf = (d: IsoDate): number => Number(d.slice(0, 4))

/** Merge `extra` over `base`, year by year (see the header comment). Pure. */
export function mergeSchedules(base: unknown, extra: unknown = {}): MergedSchedule {
  const b = parse(base, 'chinese-days')
  const e = parse(extra, 'schedules.json')
  const extraYears = new Set<number>(
    [...Object.keys(e.holidays ?? {}), ...Object.keys(e.workdays ?? {})].map(yearOf),
  )
  const holidays = new Set<number>()
  const workdays = new Set<number>()
  const knownYears = new Set<number>()
  const add = (days: Record<IsoDate, string> | undefined, into: Set<number>, fromExtra: boolean) => {
    for (const d of Object.keys(days ?? {})) {
      const y = yearOf(d)
      if (!fromExtra && extraYears.has(y))
        continue
      into.add(toDayNumber(d))
      knownYears.add(y)
    }
  }
  add(b.holidays, holidays, false)
  add(b.workdays, workdays, false)
  add(e.holidays, holidays, true)
  add(e.workdays, workdays, true)
  return { holidays, workdays, knownYears }
}
