// The life of a complaint case (design after the 12345 hotline practice, DOMAIN §4):
// received → (accept → assigned) | (reject → rejected) | (link → merged);
// assigned ⇄ awaitingInfo (clock paused); assigned → received (退单); assigned → closed;
// closed → assigned again when the complainant objects (a 督办单 is issued).
export const caseStatuses = ['received', 'assigned', 'awaitingInfo', 'closed', 'rejected', 'merged'] as const
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
] as const
export type CaseAction = (typeof caseActions)[number]

const transitions: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  received: { accept: 'assigned', reject: 'rejected', link: 'merged', supervise: 'received' },
  assigned: {
    return: 'received',
    requestInfo: 'awaitingInfo',
    requestExtension: 'assigned',
    decideExtension: 'assigned',
    close: 'closed',
    supervise: 'assigned',
    writeOutcome: 'assigned',
  },
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
  closed: '已办结',
  rejected: '不予受理',
  merged: '已合并到另一件投诉',
}
