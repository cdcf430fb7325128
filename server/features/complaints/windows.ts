// The time windows of a case, as pure rules: the server enforces each one, and the case view's
// `can` flags come from the same function, so no button is offered that the server would refuse.
import type { caseSheets, complaints } from '../../db/schema/index.ts'
import { addWorkingDays, shanghaiDate, workingDaysBetween } from '#shared/calendar/index.ts'
import { casePolicy } from '#shared/complaints/categories.ts'

type Sheet = typeof caseSheets.$inferSelect
type Complaint = typeof complaints.$inferSelect

/** The last day the complainant may object to a closed case (design: 5 working days, casePolicy). */
export const objectionLastDay = (closedAt: Date) => addWorkingDays(shanghaiDate(closedAt), casePolicy.objectionWindowDays).date

export function objectionOpen(c: Pick<Complaint, 'closedAt'>, now: Date) {
  return !!c.closedAt && workingDaysBetween(shanghaiDate(c.closedAt), shanghaiDate(now)) <= casePolicy.objectionWindowDays
}

/** 退单: within 2 working days of being assigned, and only before anyone above has supervised the case. */
export function returnOpen(open: Sheet[], now: Date) {
  const check = open.find(s => s.kind === 'check')
  return !!check && !open.some(s => s.kind === 'supervise') && workingDaysBetween(shanghaiDate(check.assignedAt), shanghaiDate(now)) <= casePolicy.returnWindowDays
}

/** An extension is asked for before the 核查单's 完成时限, one at a time. */
export function extensionOpen(c: Pick<Complaint, 'extensionRequest'>, open: Sheet[], now: Date) {
  return !c.extensionRequest && open.some(s => s.kind === 'check' && s.dueAt > now)
}

/** Dual control: the one who asked for an extension never decides it. */
export function mayDecideExtension(c: Pick<Complaint, 'extensionRequest'>, accountId: string) {
  return !!c.extensionRequest && c.extensionRequest.by !== accountId
}

/**
 * design: the 处理责任单位 (the bureau the case is routed to) handling the case itself closes it
 * directly; any other 承办单位 (a school) reports, and that bureau reviews and closes.
 */
export function selfHandled(c: Pick<Complaint, 'handlingUnitId' | 'routedUnitId'>) {
  return c.handlingUnitId === c.routedUnitId
}
