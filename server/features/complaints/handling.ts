import type { Tx } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import type { CaseRoles } from './access.ts'
import type { Actor } from './transition.ts'
import { and, eq } from 'drizzle-orm'
import { addWorkingDays, deadlineInstant } from '#shared/calendar/index.ts'
import { casePolicy } from '#shared/complaints/categories.ts'
import { caseSheets } from '../../db/schema/index.ts'
import { AppError, forbidden } from '../../http/errors.ts'
import { notify, officersOf } from '../notifications/notify.ts'
import { filedOn } from '../notifications/sms.ts'
import { intakeClock } from './intake.ts'
import { tellMergedFilers } from './merged.ts'
import { transition } from './transition.ts'
import { extensionOpen, mayDecideExtension, returnOpen, selfHandled } from './windows.ts'

export function openSheets(tx: Tx, complaintId: string) {
  return tx.select().from(caseSheets).where(and(eq(caseSheets.complaintId, complaintId), eq(caseSheets.status, 'open')))
}

/**
 * Moves open sheets' 完成时限 later by `days` working days: a pause ending moves every sheet; an
 * extension granted by the case's own bureau moves only its 核查单, never a 督办单 from above.
 */
export async function pushDeadlines(tx: Tx, complaintId: string, days: number, kinds: ('check' | 'supervise')[] = ['check', 'supervise'], extension = false) {
  if (days <= 0)
    return
  for (const s of (await openSheets(tx, complaintId)).filter(x => kinds.includes(x.kind))) {
    const next = addWorkingDays(s.dueDate, days)
    await tx.update(caseSheets).set({
      dueDate: next.date,
      dueAt: deadlineInstant(next.date),
      provisional: s.provisional || next.provisional,
      dueSoonNotifiedAt: null,
      issuedDueDate: s.issuedDueDate ?? s.dueDate, // the sheet keeps its original 完成时限
      extensionDays: s.extensionDays + (extension ? days : 0),
    }).where(eq(caseSheets.id, s.id))
  }
}

/** 退单: a unit that received a case that is not theirs sends it back to intake within 2 working days. */
export async function returnCase(deps: Deps, id: string, actor: Actor, reason: string) {
  return transition(deps, id, 'return', actor, async (tx, c, now) => {
    const sheets = await openSheets(tx, id)
    const check = sheets.find(s => s.kind === 'check')
    // A case under a 督办单 (or reopened after an objection) is no longer the handler's to send back.
    if (!check || !returnOpen(sheets, now))
      throw new AppError(409, 'RETURN_WINDOW_PASSED', `只能在交办后 ${casePolicy.returnWindowDays} 个工作日内、上级督办前退单；如确有困难请申请延期`)
    await tx.update(caseSheets).set({ status: 'returned', completedAt: now }).where(eq(caseSheets.id, check.id))
    await notify(tx, await officersOf(tx, c.routedUnitId, ['officer', 'head']), { kind: 'case.returned', title: '投诉被退单，请重新交办', body: reason, params: { reason }, complaintId: id }, now)
    // design: back at intake the case waits for 受理 again, with a fresh intake clock.
    const clock = intakeClock(now)
    return { patch: { handlingUnitId: null, handlerId: null, ...clock }, step: { kind: 'returned', note: reason, detail: { intakeDueDate: clock.intakeDueDate } } }
  })
}

/** Asks the complainant for more information; the clock stops until they answer. */
export async function requestInfo(deps: Deps, id: string, actor: Actor, question: string) {
  return transition(deps, id, 'requestInfo', actor, async (tx, c, now) => {
    await notify(tx, [c.filedBy], { kind: 'case.infoRequested', title: '请补充投诉材料', body: question, params: { question }, complaintId: id, sms: { template: 'complaintInfoRequested', params: { date: filedOn(c.createdAt) }, ref: `${id}:${now.toISOString()}` } }, now)
    return { patch: { infoRequest: question, pausedAt: now }, step: { kind: 'infoRequested', note: question } }
  })
}

export async function requestExtension(deps: Deps, id: string, actor: Actor & { accountId: string }, input: { days: number, reason: string }) {
  return transition(deps, id, 'requestExtension', actor, async (tx, c, now) => {
    if (c.extensionRequest)
      throw new AppError(409, 'EXTENSION_PENDING', '已有一份延期申请在审批中')
    if (!extensionOpen(c, await openSheets(tx, id), now))
      throw new AppError(409, 'EXTENSION_TOO_LATE', '延期须在完成时限之前申请')
    await notify(tx, await officersOf(tx, c.routedUnitId, ['head', 'leader']), { kind: 'case.extensionRequested', title: '延期申请待审批', body: `${input.days} 个工作日：${input.reason}`, params: { days: input.days, reason: input.reason }, complaintId: id }, now)
    return {
      patch: { extensionRequest: { ...input, requestedAt: now.toISOString(), by: actor.accountId } },
      step: { kind: 'extensionRequested', note: input.reason, detail: { days: input.days } },
    }
  })
}

/** The supervisor decides an extension; the one who asked cannot approve it (dual control). */
export async function decideExtension(deps: Deps, id: string, actor: Actor & { accountId: string }, input: { approve: boolean, note: string }) {
  return transition(deps, id, 'decideExtension', actor, async (tx, c, now) => {
    const request = c.extensionRequest
    if (!request)
      throw new AppError(409, 'NO_EXTENSION_REQUEST', '没有待审批的延期申请')
    if (!mayDecideExtension(c, actor.accountId))
      throw new AppError(403, 'SAME_PERSON', '不能审批自己提出的延期申请')
    if (input.approve)
      await pushDeadlines(tx, id, request.days, ['check'], true)
    const [check] = (await openSheets(tx, id)).filter(s => s.kind === 'check')
    const note = input.note.trim() ? `：${input.note.trim()}` : ''
    const body = input.approve ? `办理期限延长 ${request.days} 个工作日，新的完成时限为 ${check?.dueDate ?? ''}${note}` : `延期申请未获批准${note}`
    await notify(tx, [c.filedBy, c.handlerId], { kind: 'case.extensionDecided', title: input.approve ? '投诉办理期限已延长' : '延期申请未获批准', body, params: { days: request.days, due: check?.dueDate ?? '', note: input.note.trim(), variant: `${input.approve ? '' : 'denied'}${input.note.trim() ? (input.approve ? 'note' : 'Note') : ''}` || undefined }, complaintId: id }, now)
    return { patch: { extensionRequest: null }, step: { kind: input.approve ? 'extensionGranted' : 'extensionDenied', note: body } }
  })
}

/**
 * The 承办单位 reports: 经核实的情况 goes to the 处理责任单位, which reads it and closes the case or
 * sends it back (design, 12345 practice; shared/complaints/caseMachine.ts). The report does not stop
 * the clock: the 核查单 is met when the 处理责任单位 closes, so a review left waiting can still run late.
 */
export async function reportCase(deps: Deps, id: string, actor: Actor, findings: string) {
  return transition(deps, id, 'report', actor, async (tx, c, now) => {
    if (selfHandled(c))
      throw new AppError(409, 'CLOSE_DIRECTLY', '本单位自办的投诉直接办结，不需要提交办理报告')
    await notify(tx, await officersOf(tx, c.routedUnitId, ['officer', 'head']), { kind: 'case.reported', title: '承办单位已报告办理结果，请审核办结', body: findings.slice(0, 200), params: { findings: findings.slice(0, 200) }, complaintId: id }, now)
    // design: internal to the officers; the complainant reads 办理中 until the case is closed.
    return { patch: { report: findings }, step: { kind: 'reported', note: findings, public: false } }
  })
}

/** 退回重办: the 处理责任单位 sends the report back; the case returns to the 承办单位 with the reason. */
export async function sendBack(deps: Deps, id: string, actor: Actor, reason: string) {
  return transition(deps, id, 'sendBack', actor, async (tx, c, now) => {
    await notify(tx, [c.handlerId], { kind: 'case.sentBack', title: '办理报告被退回，请重新办理', body: reason, params: { reason }, complaintId: id }, now)
    return { step: { kind: 'sentBack', note: reason, public: false } }
  })
}

/**
 * 办结. A reported case is closed by the 处理责任单位 (an officer of the routed bureau), with the
 * 承办单位's report as 经核实的情况; a case the bureau handles itself is closed directly by its handler
 * with the findings they write (design: there is nobody between 承办 and 处理责任 to review).
 * Either way 经核实的情况 goes on the 核查单 and 办理情况 on any open 督办单 still blank.
 */
export async function closeCase(deps: Deps, id: string, actor: Actor, roles: Pick<CaseRoles, 'intake' | 'handler'>, given?: string) {
  return transition(deps, id, 'close', actor, async (tx, c, now) => {
    let findings: string
    if (c.status === 'reported') {
      if (!roles.intake)
        throw forbidden('NOT_YOUR_STEP', '这一步不由您办理')
      findings = c.report!
    }
    else {
      if (!roles.handler)
        throw forbidden('NOT_YOUR_STEP', '这一步不由您办理')
      if (!selfHandled(c))
        throw new AppError(409, 'REPORT_FIRST', '请提交办理报告，由处理责任单位审核后办结')
      if (!given)
        throw new AppError(400, 'VALIDATION_FAILED', '请填写经核实的情况', { issues: [{ path: 'findings', code: 'too_small', message: '请填写经核实的情况（至少 10 个字）' }] })
      findings = given
    }
    for (const s of await openSheets(tx, id))
      await tx.update(caseSheets).set({ status: 'done', completedAt: now, outcome: s.outcome ?? findings }).where(eq(caseSheets.id, s.id))
    await notify(tx, [c.filedBy], { kind: 'case.closed', title: '您的投诉已办结', body: '请查看核实情况并评价', params: {}, complaintId: id, sms: { template: 'complaintClosed', params: { date: filedOn(c.createdAt) }, ref: `${id}:${now.toISOString()}` } }, now)
    await tellMergedFilers(tx, c, findings, now)
    if (c.status === 'reported')
      await notify(tx, [c.handlerId], { kind: 'case.closedAfterReport', title: '办理报告已审核通过，投诉已办结', body: '', params: {}, complaintId: id }, now)
    return { patch: { findings, report: c.status === 'reported' ? c.report : findings, closedAt: now, extensionRequest: null }, step: { kind: 'closed', note: findings } }
  })
}

/** 办理情况 on an open 督办单, written by the handling unit. */
export async function writeOutcome(deps: Deps, id: string, actor: Actor, sheetId: string, outcome: string) {
  return transition(deps, id, 'writeOutcome', actor, async (tx) => {
    const [sheet] = await tx.update(caseSheets).set({ outcome }).where(and(eq(caseSheets.id, sheetId), eq(caseSheets.complaintId, id), eq(caseSheets.kind, 'supervise'), eq(caseSheets.status, 'open'))).returning({ number: caseSheets.number })
    if (!sheet)
      throw new AppError(409, 'SHEET_NOT_OPEN', '这张督办单不存在或已办结')
    return { step: { kind: 'outcomeWritten', note: outcome, detail: { sheet: sheet.number } } }
  })
}
