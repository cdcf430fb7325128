import type { caseSheets } from '../../server/db/schema/index.ts'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import casesZh from '../../app/i18n/cases.zh-CN.json'
import complaintsZh from '../../app/i18n/complaints.zh-CN.json'
import { clockOf } from '../../server/features/complaints/view.ts'
import { runningStatuses } from '../../shared/complaints/caseMachine.ts'
import { clockWords } from '../../shared/complaints/clockWords.ts'

type Sheet = typeof caseSheets.$inferSelect
const now = new Date('2026-12-01T02:00:00Z')
function sheet(kind: Sheet['kind'], dueDate: string, status: Sheet['status'] = 'open') {
  return ({ kind, dueDate, dueAt: new Date(`${dueDate}T15:59:59.999Z`), status, provisional: false }) as Sheet
}

describe('a case\'s clock (issue 10 item 8)', () => {
  const check = sheet('check', '2026-11-20')
  const city = sheet('supervise', '2026-11-27')
  const province = sheet('supervise', '2026-12-08')

  it.each([
    ['check, city, province', [check, city, province]],
    ['province, city, check', [province, city, check]],
    ['city, check, province', [city, check, province]],
  ])('is the open 督办单 due first, whatever order the sheets are read in (%s)', (_, sheets) => {
    expect(clockOf(sheets, false, now)).toMatchObject({ dueDate: '2026-11-27', overdue: true })
  })

  it('is the open 核查单 while no 督办单 is open', () => {
    expect(clockOf([check, { ...city, status: 'done' }], false, now)).toMatchObject({ dueDate: '2026-11-20' })
  })
})

// "已超期 0 个工作日" on the day a case went late (issue 10 defect): the clock decides due today,
// overdue by N ≥ 1 working days, or past its deadline with no working day gone yet.
describe('a case\'s clock in words', () => {
  const zh = { cases: casesZh, complaints: complaintsZh }
  const t = (key: string, values: Record<string, unknown> = {}) => {
    const text = key.split('.').reduce<any>((o, k) => o?.[k], zh) as string
    expect(text, key).toBeTypeOf('string')
    return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]))
  }
  // A 核查单 due Friday 2026-11-27 (close of day, Shanghai).
  const friday = sheet('check', '2026-11-27')
  const at = (iso: string) => clockOf([friday], false, new Date(iso))
  const words = (iso: string, scope: 'cases' | 'complaints' = 'cases') => clockWords(at(iso), t, scope)

  it.each([
    ['2026-11-26T02:00:00Z', '剩余 1 个工作日（截至 2026-11-27）'], // Thursday
    ['2026-11-27T02:00:00Z', '今日到期（2026-11-27）'], // Friday morning
    ['2026-11-27T15:59:59Z', '今日到期（2026-11-27）'], // Friday 23:59:59
    ['2026-11-27T16:00:00Z', '已超过完成时限（2026-11-27）'], // Saturday 00:00: late, no working day gone
    ['2026-11-29T10:00:00Z', '已超过完成时限（2026-11-27）'], // Sunday
    ['2026-11-30T02:00:00Z', '已超期 1 个工作日'], // Monday
    ['2026-12-02T02:00:00Z', '已超期 3 个工作日'], // Wednesday
  ])('at %s an officer reads “%s”', (iso, text) => {
    expect(words(iso)).toBe(text)
    expect(words(iso)).not.toMatch(/已超期 0 /)
  })

  it('the clock itself says due today and how many working days late', () => {
    expect(at('2026-11-27T02:00:00Z')).toMatchObject({ dueToday: true, overdue: false, workingDaysLeft: 0, workingDaysOverdue: 0 })
    expect(at('2026-11-28T02:00:00Z')).toMatchObject({ dueToday: false, overdue: true, workingDaysOverdue: 0 })
    expect(at('2026-11-30T02:00:00Z')).toMatchObject({ dueToday: false, overdue: true, workingDaysOverdue: 1 })
  })

  it('the parent reads the same decision in their words', () => {
    expect(words('2026-11-27T02:00:00Z', 'complaints')).toBe('今日到期（2026-11-27），请留意办理结果')
    expect(words('2026-11-28T02:00:00Z', 'complaints')).toBe('已超过完成时限（2026-11-27），已报上级督办')
    expect(words('2026-11-30T02:00:00Z', 'complaints')).toBe('已超期 1 个工作日（完成时限是 2026-11-27），已报上级督办')
  })

  it('a complaint waiting for 受理 runs on its intake due date, told to the parent as when to expect it', () => {
    const intake = { intakeDueAt: new Date('2026-11-26T15:59:59.999Z'), intakeDueDate: '2026-11-26', intakeProvisional: false }
    const waiting = clockOf([], false, new Date('2026-11-23T02:00:00Z'), intake)
    expect(waiting).toMatchObject({ stage: 'intake', dueDate: '2026-11-26', workingDaysLeft: 3 })
    expect(clockWords(waiting, t, 'complaints')).toBe('预计最迟 2026-11-26 受理')
    expect(clockWords(waiting, t, 'cases')).toBe('受理期限：剩余 3 个工作日（截至 2026-11-26）')
    expect(clockWords(clockOf([], false, new Date('2026-11-27T02:00:00Z'), intake), t, 'complaints')).toBe('已超过受理期限（2026-11-26），已报上级督办')
    // An open 督办单 (issued because intake ran late) sets the time instead.
    expect(clockOf([sheet('supervise', '2026-12-04')], false, new Date('2026-11-27T02:00:00Z'), intake)).toMatchObject({ stage: 'supervise', dueDate: '2026-12-04' })
  })
})

describe('the clock the database keeps for the officers\' queue (migration 0023)', () => {
  it('runs in exactly the statuses caseClock() runs in', () => {
    const trigger = readFileSync(new URL('../../server/db/migrations/0023_case_clock_triggers.sql', import.meta.url), 'utf8')
    const listed = /WHEN status IN \(([^)]*)\)/.exec(trigger)![1]!.split(',').map(s => s.trim().replace(/'/g, ''))
    expect(listed.toSorted()).toEqual([...runningStatuses].toSorted())
  })
})
