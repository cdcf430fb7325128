import type { caseSheets } from '../../server/db/schema/index.ts'
import { describe, expect, it } from 'vitest'
import { clockOf } from '../../server/features/complaints/view.ts'

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
