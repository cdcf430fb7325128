import type { IsoDate } from './isoDate.ts'
/**
 * The statutory holidays of 《全国年节及纪念日放假办法》 (2024 revision, from 2025), for years past the
 * last State Council schedule (DOMAIN §5): 元旦 1/1; 春节 除夕 to 正月初三 (4 days); 清明 (the solar
 * term); 劳动节 5/1–5/2; 端午 五月初五; 中秋 八月十五; 国庆 10/1–10/3. Lunar and solar-term dates come
 * from lunar-typescript (6tail's lunar, astronomical, no host time zone involved), never typed in.
 *
 * 补假: the 办法 says a holiday that falls on a Saturday or Sunday is made up on a working day, without
 * naming the day. design: it is made up on the first weekday after that festival's own days that is
 * not itself a holiday or an earlier make-up day; a festival day that falls on another festival's day
 * (中秋 on 国庆) is made up the same way. 调休 (working weekends) cannot be predicted, so a date in
 * such a year stays provisional.
 */
import { Lunar } from 'lunar-typescript'
import { dayOfWeek, fromDayNumber, toDayNumber } from './isoDate.ts'

const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
const lunarDay = (y: number, m: number, d: number) => toDayNumber(Lunar.fromYmd(y, m, d).getSolar().toYmd())
const run = (first: number, days: number) => Array.from({ length: days }, (_, i) => first + i)

/** Each festival of the year with its days (day numbers), in calendar order. */
export function festivals(year: number): { name: string, days: number[] }[] {
  const springFestival = lunarDay(year, 1, 1)
  return [
    { name: '元旦', days: [toDayNumber(ymd(year, 1, 1))] },
    { name: '春节', days: run(springFestival - 1, 4) }, // 除夕 is the day before 正月初一
    { name: '清明', days: [toDayNumber(Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明']!.toYmd())] },
    { name: '劳动节', days: run(toDayNumber(ymd(year, 5, 1)), 2) },
    { name: '端午', days: [lunarDay(year, 5, 5)] },
    { name: '中秋', days: [lunarDay(year, 8, 15)] },
    { name: '国庆', days: run(toDayNumber(ymd(year, 10, 1)), 3) },
  ].sort((a, b) => a.days[0]! - b.days[0]!)
}

/** Days off of a year by the 办法 alone: the festivals and their 补假 days, as schedules.json-shaped labels. */
export function statutoryHolidays(year: number): Record<IsoDate, string> {
  const off = new Map<number, string>()
  const weekend = (n: number) => dayOfWeek(n) % 6 === 0
  const list = festivals(year)
  const owed = list.map(() => 0)
  list.forEach((f, i) => f.days.forEach(d => (off.has(d) ? owed[i]!++ : off.set(d, f.name))))
  list.forEach((f, i) => {
    let left = owed[i]! + f.days.filter(d => weekend(d) && off.get(d) === f.name).length
    for (let n = f.days.at(-1)! + 1; left > 0; n++) {
      if (!weekend(n) && !off.has(n)) {
        off.set(n, `${f.name}补假`)
        left--
      }
    }
  })
  return Object.fromEntries([...off].sort((a, b) => a[0] - b[0]).map(([n, name]) => [fromDayNumber(n), name]))
}
