import type { SQL } from 'drizzle-orm'
import type { Tx } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import type { Complaint } from './access.ts'
import type { SheetTrigger } from './sheets.ts'
import type { Actor } from './transition.ts'
import { and, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm'
import { casePolicy } from '#shared/complaints/categories.ts'
import { caseSheets, complaints } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { countChanges, dueSoonUntold, lateUnmarked } from '../../sla/due.ts'
import { notify, officersOf, parentUnit } from '../notifications/notify.ts'
import { enqueueNotice, filedOn } from '../notifications/sms.ts'
import { issueSheet } from './sheets.ts'
import { logStep, transition } from './transition.ts'
import { objectionOpen } from './windows.ts'

type Sheet = typeof caseSheets.$inferSelect

/** Issues a 督办单 from `unitId`, tells its officers and the handler, and logs it. */
async function issueSupervision(tx: Tx, c: Complaint, unitId: string, trigger: SheetTrigger, at: Date, opts: { parent?: Sheet, instructions?: string, actor?: Actor } = {}) {
  const sheet = await issueSheet(tx, { complaintId: c.id, kind: 'supervise', issuingUnitId: unitId, trigger, days: casePolicy.superviseDays, at, parentSheetId: opts.parent?.id, instructions: opts.instructions })
  // design (issue 10 item 17): the 督办单 is addressed to the supervised 处理责任单位; its officers are told too.
  await notify(tx, [c.handlerId, ...await officersOf(tx, c.routedUnitId, ['officer', 'head']), ...await officersOf(tx, unitId, ['officer', 'head'])], {
    kind: 'case.supervised',
    title: `督办单 ${sheet.number}`,
    body: `完成时限 ${sheet.dueDate}${opts.instructions ? `；办理意见：${opts.instructions}` : ''}`,
    params: { number: sheet.number, due: sheet.dueDate, instructions: opts.instructions, variant: opts.instructions ? 'instructions' : undefined },
    complaintId: c.id,
  }, at)
  await notify(tx, [c.filedBy], { kind: 'case.supervisedForYou', title: '您的投诉已由上级督办', body: `督办单 ${sheet.number}，完成时限 ${sheet.dueDate}`, params: { number: sheet.number, due: sheet.dueDate }, complaintId: c.id, sms: { template: 'complaintSupervised', params: { date: filedOn(c.createdAt), number: sheet.number, due: sheet.dueDate }, ref: sheet.id } }, at)
  await logStep(tx, c.id, opts.actor ?? { accountId: null, unitId }, { kind: 'supervised', note: opts.instructions, detail: { sheet: sheet.number, trigger, dueDate: sheet.dueDate } }, at)
  return sheet
}

/** A 督办单 issued by hand by an officer of a unit above the case's 学籍主管部门. */
export async function superviseByHand(deps: Deps, id: string, actor: Actor & { unitId: string }, instructions: string) {
  return transition(deps, id, 'supervise', actor, async (tx, c, now) => {
    await issueSupervision(tx, c, actor.unitId, 'manual', now, { instructions, actor })
    return { step: { kind: 'supervisionRequested', public: false } }
  })
}

/** The complainant objects within 5 working days of closing: the case reopens under a 督办单 from the level above. */
export async function objectToCase(deps: Deps, id: string, actor: Actor, { reason, requestId }: { reason: string, requestId: string }) {
  return transition(deps, id, 'object', actor, async (tx, c, now) => {
    if (!objectionOpen(c, now))
      throw new AppError(409, 'OBJECTION_WINDOW_PASSED', `办结 ${casePolicy.objectionWindowDays} 个工作日后不能再提出异议`)
    const above = await parentUnit(tx, c.routedUnitId)
    await issueSupervision(tx, c, above?.id ?? c.routedUnitId, 'objection', now, { instructions: `投诉人对办理结果有异议：${reason}` })
    return { patch: { objection: reason, closedAt: null }, step: { kind: 'objected', note: reason, requestId } }
  })
}

// The statuses in which a deadline can be missed: waiting for 受理, being handled, or reported and
// waiting for the 处理责任单位 to close (the report does not stop the clock, design).
const sweptStatuses = ['received', 'assigned', 'reported'] as const
// design: changes of one pass in flight at once on PostgreSQL, well inside a pool of 10 connections.
const SWEEP_WIDTH = 4

/**
 * One pass of the SLA sweeper: warns handlers of sheets due within 2 working days, and marks each
 * breached sheet once and issues a 督办单 from the level above; likewise for complaints waiting for
 * 受理 past their intake due date (design: casePolicy.intakeDays). Safe to run in several processes
 * at once: each mark is a conditional update, and a unique index allows one 督办单 per sheet breach.
 */
export async function sweep(deps: Deps) {
  const now = deps.now()
  // design (issue 14): only the rows whose state changes are read (late and not yet marked, or due
  // soon and not yet told), each by its partial index, so a pass costs what it changes, not what is open.
  const sheetsOf = (when: SQL) => deps.db.select({ id: caseSheets.id }).from(caseSheets).innerJoin(complaints, eq(complaints.id, caseSheets.complaintId)).where(and(eq(caseSheets.status, 'open'), inArray(complaints.status, [...sweptStatuses]), when))
  const late = await sheetsOf(lateUnmarked(caseSheets, now))
  const soon = await sheetsOf(dueSoonUntold({ dueAt: caseSheets.dueAt, dueDate: caseSheets.dueDate, notifiedAt: caseSheets.dueSoonNotifiedAt }, now, casePolicy.dueSoonDays))
  // PGlite runs one transaction at a time: side by side would only queue.
  const width = deps.dbKind === 'postgres' ? SWEEP_WIDTH : 1
  let breached = await countChanges(late, width, ({ id }) => breach(deps, id, now))
  let dueSoon = await countChanges(soon, width, ({ id }) => warnDueSoon(deps, id, now))
  const waiting = (when: SQL) => deps.db.select({ id: complaints.id }).from(complaints).where(and(eq(complaints.status, 'received'), isNotNull(complaints.intakeDueAt), when))
  const intake = { dueAt: complaints.intakeDueAt, dueDate: complaints.intakeDueDate, breachedAt: complaints.intakeBreachedAt, notifiedAt: complaints.intakeDueSoonNotifiedAt }
  breached += await countChanges(await waiting(lateUnmarked(intake, now)), width, ({ id }) => intakeBreach(deps, id, now))
  dueSoon += await countChanges(await waiting(and(isNull(intake.breachedAt), dueSoonUntold(intake, now, casePolicy.intakeDueSoonDays))!), width, ({ id }) => warnIntakeDueSoon(deps, id, now))
  return { dueSoon, breached }
}

/** Tells the routed bureau once that a complaint is close to its intake due date. */
async function warnIntakeDueSoon(deps: Deps, id: string, now: Date) {
  return deps.db.transaction(async (tx) => {
    const [c] = await tx.update(complaints).set({ intakeDueSoonNotifiedAt: now }).where(and(eq(complaints.id, id), eq(complaints.status, 'received'), isNull(complaints.intakeDueSoonNotifiedAt))).returning()
    if (!c)
      return 0
    await notify(tx, await officersOf(tx, c.routedUnitId, ['officer', 'head']), { kind: 'intake.dueSoon', title: '投诉即将超过受理期限', body: `请在 ${c.intakeDueDate} 前受理或告知不予受理的理由`, params: { due: c.intakeDueDate ?? undefined }, complaintId: id }, now)
    await logStep(tx, id, { accountId: null, unitId: null }, { kind: 'intakeDueSoon', detail: { dueDate: c.intakeDueDate }, public: false }, now)
    return 1
  })
}

/**
 * A complaint not accepted by its intake due date: marked once (conditional update, so concurrent
 * sweeps make one breach) and supervised by the level above the routed bureau with a 督办单.
 */
async function intakeBreach(deps: Deps, id: string, now: Date) {
  return deps.db.transaction(async (tx) => {
    const [c] = await tx.update(complaints).set({ intakeBreachedAt: now }).where(and(eq(complaints.id, id), eq(complaints.status, 'received'), isNull(complaints.intakeBreachedAt), lt(complaints.intakeDueAt, now))).returning()
    if (!c)
      return 0
    await logStep(tx, id, { accountId: null, unitId: null }, { kind: 'intakeBreached', detail: { dueDate: c.intakeDueDate } }, now)
    const above = await parentUnit(tx, c.routedUnitId)
    if (above)
      await issueSupervision(tx, c, above.id, 'intake', now, { instructions: `投诉已超过受理期限（${c.intakeDueDate}），请尽快受理并交办，或告知投诉人不予受理的理由` })
    else
      await notify(tx, await officersOf(tx, c.routedUnitId, ['officer', 'head']), { kind: 'intake.breached', title: '投诉已超过受理期限', body: `受理期限 ${c.intakeDueDate}`, params: { due: c.intakeDueDate ?? undefined }, complaintId: id }, now)
    return 1
  })
}

/**
 * The case of a sheet, locked, if the sweep still has business with it. The case first, as every step
 * on a case locks it (a report, a close, a pause): locking the sheet first could deadlock with one of
 * them, the likelier as a pass makes four changes at once.
 */
async function lockSweptCase(tx: Tx, sheetId: string) {
  const [sheet] = await tx.select({ complaintId: caseSheets.complaintId }).from(caseSheets).where(eq(caseSheets.id, sheetId))
  const [c] = await tx.select().from(complaints).where(eq(complaints.id, sheet!.complaintId)).for('update')
  return c && (sweptStatuses as readonly string[]).includes(c.status) ? c : null
}

async function warnDueSoon(deps: Deps, sheetId: string, now: Date) {
  return deps.db.transaction(async (tx) => {
    const c = await lockSweptCase(tx, sheetId)
    if (!c)
      return 0
    const [s] = await tx.update(caseSheets).set({ dueSoonNotifiedAt: now }).where(and(eq(caseSheets.id, sheetId), eq(caseSheets.status, 'open'), isNull(caseSheets.dueSoonNotifiedAt))).returning()
    if (!s)
      return 0
    await notify(tx, [c.handlerId], { kind: 'sheet.dueSoon', title: `即将到期：${s.number}`, body: `完成时限 ${s.dueDate}`, params: { number: s.number, due: s.dueDate }, complaintId: s.complaintId, sms: { template: 'workDueSoon', params: { number: s.number, due: s.dueDate }, ref: s.id } }, now)
    await logStep(tx, s.complaintId, { accountId: null, unitId: null }, { kind: 'dueSoon', detail: { sheet: s.number }, public: false }, now)
    return 1
  })
}

async function breach(deps: Deps, sheetId: string, now: Date) {
  return deps.db.transaction(async (tx) => {
    // A close or a pause committing meanwhile must win over the breach.
    const c = await lockSweptCase(tx, sheetId)
    if (!c)
      return 0
    const [s] = await tx.update(caseSheets).set({ breachedAt: now }).where(and(eq(caseSheets.id, sheetId), eq(caseSheets.status, 'open'), isNull(caseSheets.breachedAt), lt(caseSheets.dueAt, now))).returning()
    if (!s)
      return 0
    await logStep(tx, c.id, { accountId: null, unitId: null }, { kind: 'breached', detail: { sheet: s.number, dueDate: s.dueDate } }, now)
    await enqueueNotice(tx, [c.handlerId, ...await officersOf(tx, s.issuingUnitId, ['officer', 'head'])].filter(x => x !== null), { template: 'workOverdue', params: { number: s.number, due: s.dueDate }, ref: s.id }, now)
    const above = await parentUnit(tx, s.issuingUnitId)
    if (above)
      await issueSupervision(tx, c, above.id, 'breach', now, { parent: s, instructions: `${s.number} 已超过完成时限（${s.dueDate}），请加快办理` })
    else
      await notify(tx, await officersOf(tx, s.issuingUnitId, ['officer', 'head']), { kind: 'sheet.breached', title: `已超期：${s.number}`, body: `完成时限 ${s.dueDate}`, params: { number: s.number, due: s.dueDate }, complaintId: c.id }, now)
    return 1
  })
}
