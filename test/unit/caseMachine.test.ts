import { describe, expect, it } from 'vitest'
import { addWorkingDays, dueAt, workingDaysBetween } from '../../shared/calendar/index.ts'
import { caseActions, caseStatuses, nextStatus, publicStatus, statusLabels } from '../../shared/complaints/caseMachine.ts'
import { casePolicy, complaintCategories } from '../../shared/complaints/categories.ts'

// design (DOMAIN §4): the flow follows the 12345 hotline practice.
const allowed: Record<string, string> = {
  'received accept': 'assigned',
  'received reject': 'rejected',
  'received link': 'merged',
  'received supervise': 'received',
  'assigned return': 'received',
  'assigned requestInfo': 'awaitingInfo',
  'assigned requestExtension': 'assigned',
  'assigned decideExtension': 'assigned',
  'assigned close': 'closed',
  'assigned supervise': 'assigned',
  'assigned writeOutcome': 'assigned',
  'assigned report': 'reported', // the 承办单位 reports (design, issue 10 item 12)
  'reported close': 'closed', // the 处理责任单位 closes
  'reported sendBack': 'assigned', // or sends it back for rework
  'reported supervise': 'reported',
  'reported decideExtension': 'reported',
  'awaitingInfo provideInfo': 'assigned',
  'awaitingInfo supervise': 'awaitingInfo',
  'awaitingInfo decideExtension': 'awaitingInfo',
  'closed rate': 'closed',
  'closed object': 'assigned',
  'closed supervise': 'assigned',
}

const every = caseStatuses.flatMap(status => caseActions.map(action => [status, action] as const))

describe('the case state machine (DOMAIN §4, design)', () => {
  it.each(every.filter(([s, a]) => allowed[`${s} ${a}`]))('%s + %s is allowed', (status, action) => {
    expect(nextStatus(status, action)).toBe(allowed[`${status} ${action}`])
  })

  it.each(every.filter(([s, a]) => !allowed[`${s} ${a}`]))('%s + %s is refused', (status, action) => {
    expect(nextStatus(status, action)).toBeNull()
  })

  it('rejected and merged cases are final', () => {
    for (const action of caseActions) {
      expect(nextStatus('rejected', action)).toBeNull()
      expect(nextStatus('merged', action)).toBeNull()
    }
  })
})

describe('case deadlines in working days (DOMAIN §5)', () => {
  it('every complaint category has a 完成时限 in working days', () => {
    for (const c of complaintCategories)
      expect(c.checkDays).toBeGreaterThan(0)
  })

  it.each([
    // act instant (UTC), days, 完成时限 date
    ['2025-09-26T02:00:00Z', 10, '2025-10-16'], // 国庆+中秋 2025: 10-01..08 off, 09-28 (Sun) and 10-11 (Sat) worked
    ['2026-02-10T02:00:00Z', 10, '2026-03-02'], // 春节 2026: 02-15..23 off, 02-14 (Sat) and 02-28 (Sat) worked
    ['2024-04-01T02:00:00Z', 5, '2024-04-09'], // 清明 2024: 04-04..06 off, 04-07 (Sun) worked
    ['2025-04-28T02:00:00Z', 5, '2025-05-08'], // 劳动节 2025: 05-01..05 off, 04-27 (Sun) worked
    ['2026-11-20T17:30:00Z', 1, '2026-11-23'], // 01:30 on Sat 11-21 in Shanghai: counting starts the next day
  ])('an act at %s with %i working days is due at the close of %s', (at, days, date) => {
    const due = dueAt(new Date(at), days)
    expect(due.dueDate).toBe(date)
    expect(due.dueAt.toISOString()).toBe(new Date(`${date}T23:59:59.999+08:00`).toISOString())
  })

  it('a pause adds back the working days it lasted, holidays excluded', () => {
    const paused = workingDaysBetween('2025-09-29', '2025-10-09') // over 国庆: 09-30 and 10-09 are the only working days
    expect(paused).toBe(2)
    expect(addWorkingDays('2025-10-16', paused).date).toBe('2025-10-20') // 10-17 (Fri), then Mon 10-20
  })

  it('the complainant reads 办理中 while a report waits for review', () => {
    expect(publicStatus('reported')).toBe('assigned')
    expect(statusLabels.reported).toBe(statusLabels.assigned)
    for (const status of caseStatuses.filter(x => x !== 'reported'))
      expect(publicStatus(status)).toBe(status)
  })

  it('the objection window, 退单 window and intake limit are short working-day periods', () => {
    expect(casePolicy.intakeDays).toBe(3)
    expect(casePolicy.objectionWindowDays).toBe(5)
    expect(casePolicy.returnWindowDays).toBe(2)
  })
})
