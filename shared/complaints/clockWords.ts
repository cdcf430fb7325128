/** A case's clock as the server decided it (clockOf; clockSchema in server/features/complaints/view.ts). */
export interface Clock {
  stage: 'intake' | 'check' | 'supervise'
  dueDate: string
  workingDaysLeft: number
  overdue: boolean
  dueToday: boolean
  workingDaysOverdue: number
  paused: boolean
}
type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * The words for a case's clock, from what the server decided (clockOf): "今日到期" on the due day,
 * "已超期 N 个工作日" only with N ≥ 1, and "已超过完成时限" when the deadline passed but no working
 * day has yet (a Friday deadline read at the weekend). `scope` picks the officer's or the parent's words.
 */
export function clockWords(clock: Clock | null, t: Translate, scope: 'cases' | 'complaints', date: (iso: string) => string = d => d): string {
  if (!clock)
    return ''
  const k = (key: string) => `${scope}.clock.${key}`
  const on = { date: date(clock.dueDate) }
  if (clock.paused)
    return t(k('paused'))
  if (clock.stage === 'intake')
    return intakeWords(clock, t, scope, on)
  if (clock.overdue) {
    return clock.workingDaysOverdue >= 1
      ? t(k('overdue'), { n: clock.workingDaysOverdue, ...on })
      : t(k(scope === 'cases' ? 'overdueSince' : 'overdueToday'), on)
  }
  if (clock.dueToday)
    return t(k('dueToday'), on)
  return t(k('left'), { n: clock.workingDaysLeft, ...on })
}

function intakeWords(clock: Clock, t: Translate, scope: 'cases' | 'complaints', on: { date: string }) {
  if (scope === 'complaints') // the parent is told when to expect 受理, and that a late one went up a level
    return t(clock.overdue ? 'complaints.clock.intakeOverdue' : 'complaints.clock.intakeLeft', on)
  if (clock.overdue)
    return t('cases.clock.intakeOverdue', on)
  return clock.dueToday ? t('cases.clock.intakeDueToday', on) : t('cases.clock.intakeLeft', { n: clock.workingDaysLeft, ...on })
}
