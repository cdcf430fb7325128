import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { afterEach, describe, expect, it } from 'vitest'
import {
  addWorkingDays,
  deadlineInstant,
  dueAt,
  dueSoonCutoff,
  isIsoDate,
  isKnownDate,
  isoDateSchema,
  isWorkingDay,
  knownFrom,
  knownUntil,
  makeCalendar,
  shanghaiDate,
  workingDaysBetween,
} from '../../shared/calendar/index.ts'
import { fromDayNumber, toDayNumber } from '../../shared/calendar/isoDate.ts'
import extraSchedules from '../../shared/calendar/schedules.json' with { type: 'json' }
import { festivals, statutoryHolidays } from '../../shared/calendar/statutory.ts'
import { chineseDaysLastYear, firstOn, firstUnknownYear, lastKnownYear, madeUpSchedule, weekdaysAfter } from '../support/calendarYears.ts'

// Expected answers checked against the State Council notices
// 国办发明电〔2023〕7号 (2024), 〔2024〕12号 (2025) and the notice of 2025-11-04 (2026).

describe('DOMAIN §5 working days: weekends off, statutory holidays off, 调休 weekends on', () => {
  it.each([
    // 2024
    ['2024-01-01', false, '元旦 2024'],
    ['2024-02-04', true, '春节 2024 调休 Sunday'],
    ['2024-02-09', true, '除夕 2024 was still a working day (Fri)'],
    ['2024-02-10', false, '春节 2024 first day'],
    ['2024-02-16', false, '春节 2024 Friday off'],
    ['2024-02-18', true, '春节 2024 调休 Sunday'],
    ['2024-04-04', false, '清明 2024'],
    ['2024-04-05', false, '清明 2024 Friday'],
    ['2024-04-07', true, '清明 2024 调休 Sunday'],
    ['2024-04-28', true, '劳动节 2024 调休 Sunday'],
    ['2024-05-03', false, '劳动节 2024 Friday'],
    ['2024-05-11', true, '劳动节 2024 调休 Saturday'],
    ['2024-06-10', false, '端午 2024 Monday'],
    ['2024-09-14', true, '中秋 2024 调休 Saturday'],
    ['2024-09-16', false, '中秋 2024 Monday'],
    ['2024-09-17', false, '中秋 2024 Tuesday'],
    ['2024-09-29', true, '国庆 2024 调休 Sunday'],
    ['2024-10-07', false, '国庆 2024 last day'],
    ['2024-10-08', true, 'first day back after 国庆 2024'],
    ['2024-10-12', true, '国庆 2024 调休 Saturday'],
    // 2025
    ['2025-01-01', false, '元旦 2025'],
    ['2025-01-26', true, '春节 2025 调休 Sunday'],
    ['2025-01-27', true, 'Monday before 除夕 2025'],
    ['2025-01-28', false, '除夕 2025 (holiday since the 2025 rules)'],
    ['2025-02-04', false, '春节 2025 last day (Tue)'],
    ['2025-02-08', true, '春节 2025 调休 Saturday'],
    ['2025-04-04', false, '清明 2025 Friday'],
    ['2025-04-07', true, 'Monday after 清明 2025'],
    ['2025-04-27', true, '劳动节 2025 调休 Sunday'],
    ['2025-05-02', false, '劳动节 2025 Friday'],
    ['2025-05-05', false, '劳动节 2025 Monday'],
    ['2025-06-02', false, '端午 2025 Monday'],
    ['2025-09-28', true, '国庆 2025 调休 Sunday'],
    ['2025-10-06', false, '中秋 2025 (inside 国庆)'],
    ['2025-10-08', false, '国庆 2025 last day (Wed)'],
    ['2025-10-09', true, 'first day back after 国庆 2025'],
    ['2025-10-11', true, '国庆 2025 调休 Saturday'],
    // 2026
    ['2026-01-02', false, '元旦 2026 Friday'],
    ['2026-01-04', true, '元旦 2026 调休 Sunday'],
    ['2026-02-14', true, '春节 2026 调休 Saturday'],
    ['2026-02-16', false, '春节 2026 Monday'],
    ['2026-02-23', false, '春节 2026 last day (Mon)'],
    ['2026-02-24', true, 'first day back after 春节 2026'],
    ['2026-02-28', true, '春节 2026 调休 Saturday'],
    ['2026-04-06', false, '清明 2026 Monday'],
    ['2026-05-05', false, '劳动节 2026 Tuesday'],
    ['2026-05-09', true, '劳动节 2026 调休 Saturday'],
    ['2026-06-19', false, '端午 2026 Friday'],
    ['2026-09-20', true, '国庆 2026 调休 Sunday'],
    ['2026-09-25', false, '中秋 2026 Friday'],
    ['2026-10-07', false, '国庆 2026 last day (Wed)'],
    ['2026-10-10', true, '国庆 2026 调休 Saturday'],
    // ordinary days
    ['2025-03-08', false, 'ordinary Saturday'],
    ['2025-03-09', false, 'ordinary Sunday'],
    ['2025-03-10', true, 'ordinary Monday'],
  ])('isWorkingDay(%s) is %s — %s', (d, expected) => {
    expect(isWorkingDay(d)).toBe(expected)
  })
})

describe('DOMAIN §5 deadlines: N working days end on the Nth working day after the day of the act', () => {
  it.each([
    // 2024
    ['2024-02-08', 1, '2024-02-09', '春节 2024: 除夕 Friday still counts'],
    ['2024-02-08', 2, '2024-02-18', '春节 2024: jumps the holiday to the 调休 Sunday'],
    ['2024-04-03', 1, '2024-04-07', '清明 2024: 调休 Sunday'],
    ['2024-04-26', 1, '2024-04-28', '劳动节 2024: 调休 Sunday'],
    ['2024-04-30', 1, '2024-05-06', '劳动节 2024: after the holiday'],
    ['2024-05-10', 1, '2024-05-11', '劳动节 2024: 调休 Saturday'],
    ['2024-06-07', 1, '2024-06-11', '端午 2024'],
    ['2024-09-13', 1, '2024-09-14', '中秋 2024: 调休 Saturday'],
    ['2024-09-14', 1, '2024-09-18', '中秋 2024: after the holiday'],
    ['2024-09-27', 1, '2024-09-29', '国庆 2024: 调休 Sunday'],
    ['2024-09-30', 1, '2024-10-08', '国庆 2024: after the holiday'],
    ['2024-10-11', 1, '2024-10-12', '国庆 2024: 调休 Saturday'],
    // 2025
    ['2025-01-24', 1, '2025-01-26', '春节 2025: 调休 Sunday'],
    ['2025-01-26', 2, '2025-02-05', '春节 2025: 1-27, then 2-05'],
    ['2025-02-07', 1, '2025-02-08', '春节 2025: 调休 Saturday'],
    ['2025-01-20', 15, '2025-02-14', '15 working days (学籍注销) across 春节 2025'],
    ['2025-04-03', 1, '2025-04-07', '清明 2025'],
    ['2025-04-25', 1, '2025-04-27', '劳动节 2025: 调休 Sunday'],
    ['2025-04-30', 1, '2025-05-06', '劳动节 2025: after the holiday'],
    ['2025-05-30', 1, '2025-06-03', '端午 2025'],
    ['2025-09-26', 1, '2025-09-28', '国庆 2025: 调休 Sunday'],
    ['2025-09-30', 1, '2025-10-09', '国庆 2025: after the 8-day holiday'],
    ['2025-09-30', 3, '2025-10-11', '国庆 2025: the 调休 Saturday is the 3rd'],
    ['2025-09-26', 10, '2025-10-16', '10 working days across 国庆 2025'],
    // 2026
    ['2025-12-31', 1, '2026-01-04', '元旦 2026: 调休 Sunday'],
    ['2026-02-13', 1, '2026-02-14', '春节 2026: 调休 Saturday'],
    ['2026-02-14', 1, '2026-02-24', '春节 2026: after the 9-day holiday'],
    ['2026-02-27', 1, '2026-02-28', '春节 2026: 调休 Saturday'],
    ['2026-04-03', 1, '2026-04-07', '清明 2026'],
    ['2026-04-30', 1, '2026-05-06', '劳动节 2026'],
    ['2026-05-08', 1, '2026-05-09', '劳动节 2026: 调休 Saturday'],
    ['2026-06-18', 1, '2026-06-22', '端午 2026'],
    ['2026-09-18', 1, '2026-09-20', '国庆 2026: 调休 Sunday'],
    ['2026-09-24', 1, '2026-09-28', '中秋 2026'],
    ['2026-09-30', 1, '2026-10-08', '国庆 2026'],
    ['2026-10-09', 1, '2026-10-10', '国庆 2026: 调休 Saturday'],
    ['2026-12-30', 1, '2026-12-31', 'last known day'],
  ])('addWorkingDays(%s, %i) is %s — %s', (from, days, date) => {
    expect(addWorkingDays(from, days)).toEqual({ date, provisional: false })
  })

  it.each([
    ['2025-10-01', 1, '2025-10-09', 'act on a holiday'],
    ['2025-10-09', 1, '2025-10-10', 'act on a working day'],
    ['2025-10-11', 1, '2025-10-13', 'act on a 调休 working Saturday'],
    ['2025-03-08', 1, '2025-03-10', 'act on an ordinary Saturday'],
  ])('DOMAIN §5: the act day %s never counts, N=%i → %s (%s)', (from, days, date) => {
    expect(addWorkingDays(from, days).date).toBe(date)
  })

  it.each([
    ['2025-10-09', '2025-10-09', 'working day → itself'],
    ['2025-10-01', '2025-10-09', 'holiday → next working day'],
    ['2025-10-11', '2025-10-11', '调休 Saturday → itself'],
    ['2025-03-08', '2025-03-10', 'ordinary Saturday → Monday'],
  ])('DOMAIN §5: days=0 from %s gives %s (%s)', (from, date) => {
    expect(addWorkingDays(from, 0)).toEqual({ date, provisional: false })
  })

  it('DOMAIN §5: rejects negative, fractional and non-finite day counts, and invalid dates', () => {
    expect(() => addWorkingDays('2025-01-02', -1)).toThrow(RangeError)
    expect(() => addWorkingDays('2025-01-02', 1.5)).toThrow(RangeError)
    expect(() => addWorkingDays('2025-01-02', Number.NaN)).toThrow(RangeError)
    expect(() => addWorkingDays('2025-02-30', 1)).toThrow(RangeError)
    expect(() => isWorkingDay('2025/01/02')).toThrow(RangeError)
  })
})

describe('DOMAIN §5 beyond the official data answers are provisional, counting the 办法\'s holidays', () => {
  // The last known year comes from the data (chinese-days + schedules.json), never from a literal.
  const last = lastKnownYear
  const next = firstUnknownYear
  const off = new Set(Object.keys(statutoryHolidays(next)))

  it('knows the official data up to the end of the last year of chinese-days and schedules.json', () => {
    expect(knownFrom()).toBe('2004-01-01')
    const years = new Set([chineseDays.holidays, chineseDays.workdays, extraSchedules.holidays, extraSchedules.workdays].flatMap(days => Object.keys(days ?? {})).map(d => Number(d.slice(0, 4))))
    let contiguous = 2004
    while (years.has(contiguous + 1)) contiguous++
    expect(knownUntil()).toBe(`${contiguous}-12-31`)
    expect(last).toBeGreaterThanOrEqual(2026)
    expect(isKnownDate(`${last}-12-31`)).toBe(true)
    expect(isKnownDate(`${next}-01-01`)).toBe(false)
  })

  it('only the days after the act matter: a span wholly inside known years is not provisional', () => {
    expect(addWorkingDays('2003-12-31', 1)).toEqual({ date: '2004-01-02', provisional: false }) // 元旦 2004 off
  })

  it.each([
    [`${last}-12-31`, 1, 'the first day past the known data skips 元旦'],
    [`${last}-12-24`, 10, 'a span crossing into the unknown year'],
    [`${next}-03-05`, 1, 'a date in the unknown year'],
    [`${next}-01-01`, 0, 'days=0 on an unknown date'],
  ])('addWorkingDays(%s, %i) is provisional, counting weekends and the 办法\'s holidays — %s', (from, days) => {
    expect(addWorkingDays(from, days)).toEqual({ date: weekdaysAfter(from, days, off), provisional: true })
  })

  it('a day before the first known year is provisional too', () => {
    expect(addWorkingDays('2003-12-30', 1)).toEqual({ date: '2003-12-31', provisional: true })
  })

  it('dueAt flags a due date beyond the known data as provisional', () => {
    const date = weekdaysAfter(`${last}-12-31`, 1, off)
    expect(dueAt(new Date(`${last}-12-31T02:00:00Z`), 1)).toEqual({
      dueAt: new Date(`${date}T23:59:59.999+08:00`),
      dueDate: date,
      provisional: true,
    })
  })
})

describe('past the last published schedule (2026), 2027 counts the holidays of 《全国年节及纪念日放假办法》', () => {
  // A calendar that knows 2026 and no later year, whatever data ships later.
  const upTo2026 = (days: Record<string, string>) => Object.fromEntries(Object.entries(days).filter(([d]) => d < '2027'))
  const cal = makeCalendar({}, { holidays: upTo2026(chineseDays.holidays), workdays: upTo2026(chineseDays.workdays) })

  it('the festivals of 2027 come from the lunar calendar and the solar terms', () => {
    expect(festivals(2027).map(f => [f.name, fromDayNumber(f.days[0]!), f.days.length])).toEqual([
      ['元旦', '2027-01-01', 1],
      ['春节', '2027-02-05', 4], // 除夕 (正月初一 is 2027-02-06) to 初三
      ['清明', '2027-04-05', 1],
      ['劳动节', '2027-05-01', 2],
      ['端午', '2027-06-09', 1],
      ['中秋', '2027-09-15', 1],
      ['国庆', '2027-10-01', 3],
    ])
  })

  it.each([
    ['2026-12-31', 1, '2027-01-04', '元旦 (a Friday) is off'],
    ['2026-12-24', 10, '2027-01-08', 'a 10-day 核查单 issued in late December'],
    ['2027-02-04', 1, '2027-02-11', '春节 除夕–初三, the weekend days made up on 2/9 and 2/10'],
    ['2027-04-02', 1, '2027-04-06', '清明'],
    ['2027-04-30', 1, '2027-05-05', '劳动节 on a weekend, made up on 5/3 and 5/4'],
    ['2027-06-08', 1, '2027-06-10', '端午'],
    ['2027-09-14', 1, '2027-09-16', '中秋'],
    ['2027-09-30', 1, '2027-10-06', '国庆, 10/2 and 10/3 made up on 10/4 and 10/5'],
    ['2027-12-31', 1, '2028-01-04', '元旦 2028 (a Saturday) made up on Monday 1/3'],
  ])('addWorkingDays(%s, %i) = %s, provisional — %s', (from, days, date) => {
    expect(cal.addWorkingDays(from, days)).toEqual({ date, provisional: true })
  })

  it('1 January 2027 is not a working day', () => {
    expect(cal.isWorkingDay('2027-01-01')).toBe(false)
  })

  it('中秋 on 国庆 (2028-10-03) is made up on another weekday (design)', () => {
    expect(Object.entries(statutoryHolidays(2028)).filter(([d]) => d >= '2028-10-01' && d <= '2028-10-08').map(([d]) => d))
      .toEqual(['2028-10-01', '2028-10-02', '2028-10-03', '2028-10-04', '2028-10-05'])
  })
})

describe('DOMAIN §5 remaining working days (剩余 N 个工作日)', () => {
  it.each([
    ['2025-09-30', '2025-10-09', 1],
    ['2025-10-09', '2025-09-30', -1],
    ['2025-10-09', '2025-10-09', 0],
    ['2025-10-01', '2025-10-08', 0],
    ['2025-01-24', '2025-02-08', 6],
    ['2025-09-26', '2025-10-16', 10],
    ['2026-02-13', '2026-02-28', 6],
    ['2024-01-01', '2024-12-31', 251],
    ['2025-01-01', '2025-12-31', 248],
    ['2026-01-01', '2026-12-31', 248],
  ])('workingDaysBetween(%s, %s) is %i (days after from, up to and including to)', (from, to, n) => {
    expect(workingDaysBetween(from, to)).toBe(n)
  })

  it('agrees with a day-by-day count and inverts addWorkingDays (2023-12 … 2027-03)', () => {
    const day = (s: string, k: number) =>
      new Date(Date.parse(`${s}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10)
    const brute = (a: string, b: string) => {
      let n = 0
      for (let d = day(a, 1); d <= b; d = day(d, 1)) {
        if (isWorkingDay(d))
          n++
      }
      return n
    }
    let seed = 42
    const rnd = (m: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % m
    }
    for (let i = 0; i < 300; i++) {
      const a = day('2023-12-01', rnd(1200))
      const b = day(a, rnd(120))
      expect(workingDaysBetween(a, b)).toBe(brute(a, b))
      expect(workingDaysBetween(b, a)).toBe(0 - brute(a, b))
      const k = 1 + rnd(60)
      expect(workingDaysBetween(a, addWorkingDays(a, k).date)).toBe(k)
    }
  })
})

describe('the sweeper\'s due-soon date range (issue 14)', () => {
  it('a due date is within N working days of today exactly when it falls before dueSoonCutoff (every day of 2024 … 2026, around 春节 and 国庆)', () => {
    const day = (s: string, k: number) => new Date(Date.parse(`${s}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10)
    for (let today = '2024-01-01'; today <= '2026-12-31'; today = day(today, 1)) {
      for (const n of [1, 2]) {
        const cutoff = dueSoonCutoff(today, n)
        for (let k = -3; k <= 16; k++) {
          const due = day(today, k)
          expect(due < cutoff, `${today} +${k}, ${n} days`).toBe(workingDaysBetween(today, due) <= n)
        }
      }
    }
  })
})

describe('DOMAIN §5 time zone is always Asia/Shanghai', () => {
  const originalTz = process.env.TZ
  afterEach(() => {
    if (originalTz === undefined)
      delete process.env.TZ
    else process.env.TZ = originalTz
  })

  it.each([
    ['2025-01-01T16:30:00Z', '2025-01-02'],
    ['2025-01-01T15:59:59.999Z', '2025-01-01'],
    ['2025-01-01T16:00:00Z', '2025-01-02'],
    ['2024-12-31T23:00:00-05:00', '2025-01-01'],
  ])('shanghaiDate(%s) is %s', (instant, date) => {
    expect(shanghaiDate(new Date(instant))).toBe(date)
  })

  it('an act at 2025-01-01T16:30Z is on 2025-01-02 in Shanghai, so 1 working day ends 2025-01-03 23:59:59.999+08:00', () => {
    expect(dueAt(new Date('2025-01-01T16:30:00Z'), 1)).toEqual({
      dueAt: new Date('2025-01-03T15:59:59.999Z'),
      dueDate: '2025-01-03',
      provisional: false,
    })
  })

  it('deadlineInstant is the close of the day in Shanghai', () => {
    expect(deadlineInstant('2025-10-09').toISOString()).toBe('2025-10-09T15:59:59.999Z')
    expect(shanghaiDate(deadlineInstant('2025-10-09'))).toBe('2025-10-09')
    expect(shanghaiDate(new Date(deadlineInstant('2025-10-09').getTime() + 1))).toBe('2025-10-10')
  })

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai'])(
    'gives the same answers whatever the host time zone (TZ=%s), matching Intl Asia/Shanghai',
    (tz) => {
      process.env.TZ = tz
      const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
      for (const iso of ['2025-01-01T16:30:00Z', '2025-06-30T16:00:00Z', '2004-03-01T00:00:00Z', '2026-12-31T15:59:59Z']) {
        const instant = new Date(iso)
        expect(shanghaiDate(instant)).toBe(fmt.format(instant))
      }
      expect(dueAt(new Date('2025-09-30T17:00:00Z'), 1).dueDate).toBe('2025-10-09')
    },
  )

  it('rejects an invalid Date', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError)
  })
})

describe('DOMAIN §5 IsoDate validation', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-12-31', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-5', false],
    [' 2025-01-05', false],
    ['2025-01-05T00:00', false],
    ['0000-01-01', false],
  ])('isIsoDate(%j) is %s', (s, ok) => {
    expect(isIsoDate(s)).toBe(ok)
    expect(isoDateSchema.safeParse(s).success).toBe(ok)
  })

  it('rejects non-dates with the Chinese message', () => {
    for (const bad of ['2025-02-30', 20250101, null]) {
      const r = isoDateSchema.safeParse(bad)
      expect(r.success).toBe(false)
      expect(r.error?.issues[0]?.message).toBe('日期无效，请使用 YYYY-MM-DD 格式')
    }
    expect(isIsoDate(20250101)).toBe(false)
  })
})

describe('DOMAIN §5 schedules.json: next year\'s official schedule is added as data', () => {
  // A made-up schedule for the year after chinese-days' data: fixture only, not a real notice.
  const year = chineseDaysLastYear + 1
  const fixture = madeUpSchedule(year)
  const octoberMonday = firstOn(year, 10, 1)

  it('an extra year counts as known and its days apply, not provisional', () => {
    const cal = makeCalendar(fixture)
    expect(cal.knownUntil()).toBe(`${year}-12-31`)
    expect(cal.addWorkingDays(`${year - 1}-12-31`, 1)).toEqual({ date: weekdaysAfter(`${year - 1}-12-31`, 1, new Set([`${year}-01-01`])), provisional: false })
    expect(cal.isWorkingDay(octoberMonday)).toBe(false)
    const sundayBefore = Object.keys(fixture.workdays)[0]!
    expect(cal.isWorkingDay(sundayBefore)).toBe(true)
    // The Friday before the holiday week + 1 working day is that Sunday (调休), + 2 the Saturday after.
    const friday = fromDayNumber(toDayNumber(sundayBefore) - 2)
    expect(cal.addWorkingDays(friday, 1)).toEqual({ date: sundayBefore, provisional: false })
    expect(cal.addWorkingDays(friday, 2)).toEqual({ date: Object.keys(fixture.workdays)[1], provisional: false })
    // chinese-days' years are still there
    expect(cal.isWorkingDay('2025-01-26')).toBe(true)
  })

  it('an empty schedules.json leaves chinese-days\' data as it is', () => {
    const cal = makeCalendar({ holidays: {}, workdays: {} })
    expect(cal.knownUntil()).toBe(`${chineseDaysLastYear}-12-31`)
    expect(cal.addWorkingDays('2025-09-30', 1)).toEqual(addWorkingDays('2025-09-30', 1))
  })

  it('a year present in schedules.json replaces chinese-days\' data for that whole year', () => {
    const cal = makeCalendar({ holidays: { '2026-03-02': 'test' }, workdays: {} })
    expect(cal.isWorkingDay('2026-03-02')).toBe(false)
    expect(cal.isWorkingDay('2026-10-05')).toBe(true) // chinese-days' 2026 国庆 dropped
    expect(cal.isWorkingDay('2026-10-10')).toBe(false) // and its 调休 Saturday
    expect(cal.isWorkingDay('2025-10-05')).toBe(false) // 2025 untouched
  })

  it('a gap year keeps the known range contiguous: dates in the gap stay provisional', () => {
    const after = `${year + 1}-01-03`
    const cal = makeCalendar({ holidays: { [after]: 'test' } })
    expect(cal.knownUntil()).toBe(`${chineseDaysLastYear}-12-31`)
    expect(cal.addWorkingDays(`${chineseDaysLastYear}-12-31`, 1).provisional).toBe(true)
    expect(cal.addWorkingDays(`${year + 1}-01-01`, 1)).toEqual({ date: weekdaysAfter(`${year + 1}-01-01`, 1, new Set([after])), provisional: false })
  })

  it.each<[unknown, string]>([
    [{ holidays: { '2027-02-30': 'x' } }, 'an invalid date'],
    [{ workdays: { '2027-02-10': 'x' } }, 'a 调休 workday on a weekday (a Wednesday)'],
    [{ holidays: { '2027-02-13': 'x' }, workdays: { '2027-02-13': 'x' } }, 'a day both off and on'],
    [{ holiday: {} }, 'a misspelt key'],
  ])('rejects %j (%s)', (extra) => {
    expect(() => makeCalendar(extra)).toThrow(/Invalid working-day schedule/)
  })
})

describe('DOMAIN §5 performance: the index is built once', () => {
  it('computes 10 000 deadlines of up to 60 working days quickly', () => {
    const t0 = performance.now()
    for (let i = 0; i < 10_000; i++) addWorkingDays('2025-01-20', i % 61)
    expect(performance.now() - t0).toBeLessThan(1000)
  })
})
