// The life of a complaint case (design after the 12345 hotline practice, DOMAIN §4):
// received → (accept → assigned) | (reject → rejected) | (link → merged);
// assigned ⇄ awaitingInfo (clock paused); assigned → received (退单);
// assigned → reported (the 承办单位 reports) → closed (the 处理责任单位 reviews and 办结) | assigned (退回重办);
// assigned → closed directly only when the 处理责任单位 handles the case itself;
// closed → assigned again when the complainant objects (a 督办单 is issued).
// design (12345 hotline practice, 承办单位答复 → 派单单位审核 → 办结): the unit that did the work
// reports its findings; the bureau that accepted and assigned the case (处理责任单位, which answers
// for it on the 核查单) reads them first and either closes the case or sends it back with a reason.
export const caseStatuses = ['received', 'assigned', 'awaitingInfo', 'reported', 'closed', 'rejected', 'merged'] as const
export type CaseStatus = (typeof caseStatuses)[number]

export const caseActions = [
  'accept',
  'reject',
  'link',
  'return',
  'requestInfo',
  'provideInfo',
  'requestExtension',
  'decideExtension',
  'close',
  'rate',
  'object',
  'supervise',
  'writeOutcome',
  'report',
  'sendBack',
] as const
export type CaseAction = (typeof caseActions)[number]

const transitions: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  received: { accept: 'assigned', reject: 'rejected', link: 'merged', supervise: 'received' },
  assigned: {
    return: 'received',
    requestInfo: 'awaitingInfo',
    requestExtension: 'assigned',
    decideExtension: 'assigned',
    close: 'closed', // only the 处理责任单位 handling the case itself (server/features/complaints/handling.ts)
    supervise: 'assigned',
    writeOutcome: 'assigned',
    report: 'reported',
  },
  // The report does not stop the clock: the 核查单 is met when the 处理责任单位 closes (design).
  reported: { close: 'closed', sendBack: 'assigned', supervise: 'reported', decideExtension: 'reported' },
  awaitingInfo: { provideInfo: 'assigned', supervise: 'awaitingInfo', decideExtension: 'awaitingInfo' },
  closed: { rate: 'closed', object: 'assigned', supervise: 'assigned' },
  rejected: {},
  merged: {},
}

/** The status after `action`, or null when the action is not allowed in `status`. */
export function nextStatus(status: CaseStatus, action: CaseAction): CaseStatus | null {
  return transitions[status][action] ?? null
}

/** Plain words for the complainant's timeline (已提交 → 已受理 → 办理中 → 已办结). */
export const statusLabels: Record<CaseStatus, string> = {
  received: '已提交，待受理',
  assigned: '办理中',
  awaitingInfo: '待您补充材料',
  reported: '办理中', // design: the complainant sees 办理中 until the 处理责任单位 closes (publicStatus)
  closed: '已办结',
  rejected: '不予受理',
  merged: '已合并到另一件投诉',
}

/**
 * The status the complainant is shown. design: a report waiting for the 处理责任单位's review is
 * internal; until the case is closed the complainant reads 办理中, as for any case being handled.
 */
export function publicStatus(status: CaseStatus): CaseStatus {
  return status === 'reported' ? 'assigned' : status
}

/** Statuses in which a case's clock runs (the report does not stop it). */
export const runningStatuses: CaseStatus[] = ['received', 'assigned', 'awaitingInfo', 'reported']
