import type { CaseAction, CaseStatus } from '#shared/complaints/caseMachine.ts'
import type { Tx } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import type { Complaint } from './access.ts'
import { eq } from 'drizzle-orm'
import { nextStatus, statusLabels } from '#shared/complaints/caseMachine.ts'
import { audit } from '../../audit/entry.ts'
import { caseEvents, complaints } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { caseNotFound } from './access.ts'

const actionLabels: Record<CaseAction, string> = {
  accept: '受理',
  reject: '不予受理',
  link: '合并',
  return: '退单',
  requestInfo: '请投诉人补充材料',
  provideInfo: '补充材料',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  close: '办结',
  rate: '评价',
  object: '提出异议',
  supervise: '督办',
  writeOutcome: '填写办理情况',
  report: '提交办理报告',
  sendBack: '退回重办',
}

export interface Actor { accountId: string | null, unitId: string | null }
export interface Step { kind: string, note?: string | null, detail?: Record<string, unknown>, public?: boolean, requestId?: string }

/**
 * Runs one step of a case in a transaction: locks the case, refuses an action its status does
 * not allow (409 CASE_STATE), applies the patch, and writes the timeline event.
 */
export async function transition(
  deps: Deps,
  id: string,
  action: CaseAction,
  actor: Actor,
  run: (tx: Tx, c: Complaint, now: Date) => Promise<{ patch?: Partial<Complaint>, step: Step }>,
): Promise<CaseStatus> {
  return deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(complaints).where(eq(complaints.id, id)).for('update')
    if (!c)
      throw caseNotFound()
    const next = nextStatus(c.status, action)
    if (!next)
      throw new AppError(409, 'CASE_STATE', `这件投诉当前为“${statusLabels[c.status]}”，不能${actionLabels[action]}`)
    const now = deps.now()
    const { patch, step } = await run(tx, c, now)
    await tx.update(complaints).set({ ...patch, status: next }).where(eq(complaints.id, id))
    await logStep(tx, id, actor, step, now)
    await audit(tx, actor, { action: `case.${action}`, recordId: c.recordId, object: { type: 'complaint', id }, detail: { from: c.status, to: next }, at: now })
    return next
  })
}

export async function logStep(tx: Tx, complaintId: string, actor: Actor, step: Step, at: Date) {
  await logSteps(tx, [{ complaintId, actor, step }], at)
}

/** logStep for several cases at once (a sweep's batch), by one insert. */
export async function logSteps(tx: Tx, steps: { complaintId: string, actor: Actor, step: Step }[], at: Date) {
  if (steps.length > 0) {
    await tx.insert(caseEvents).values(steps.map(({ complaintId, actor, step }) => ({
      complaintId,
      at,
      actorId: actor.accountId,
      actorUnitId: actor.unitId,
      kind: step.kind,
      note: step.note ?? null,
      detail: step.detail,
      public: step.public ?? true,
      requestId: step.requestId,
    })))
  }
}
