import type { SQL } from 'drizzle-orm'
import type { Tx } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import type { Addressed, UnitLookups } from '../notifications/notify.ts'
import type { Complaint } from './access.ts'
import type { SheetTrigger } from './sheets.ts'
import type { Actor } from './transition.ts'
import { and, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm'
import { casePolicy } from '#shared/complaints/categories.ts'
import { DEFAULT_POOL_SIZE } from '../../db/client.ts'
import { caseSheets, complaints, units } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { changeInBatches, dueSoonUntold, lateUnmarked } from '../../sla/due.ts'
import { notifyMany, parentUnit, unitLookups } from '../notifications/notify.ts'
import { enqueueNotices, filedOn } from '../notifications/sms.ts'
import { issueSheets } from './sheets.ts'
import { logSteps, transition } from './transition.ts'
import { objectionOpen } from './windows.ts'

type Sheet = typeof caseSheets.$inferSelect

interface Supervision { c: Complaint, unitId: string, trigger: SheetTrigger, parent?: Sheet, instructions?: string, actor?: Actor }

/** Issues a 督办单 from `unitId`, tells its officers and the handler, and logs it. */
async function issueSupervision(tx: Tx, c: Complaint, unitId: string, trigger: SheetTrigger, at: Date, opts: Omit<Supervision, 'c' | 'unitId' | 'trigger'> = {}) {
  return (await issueSupervisions(tx, [{ c, unitId, trigger, ...opts }], at, unitLookups(tx)))[0]!
}

/** issueSupervision for several cases at once (a sweep's batch), a statement for each part, not for each case. */
async function issueSupervisions(tx: Tx, supervisions: Supervision[], at: Date, units: UnitLookups) {
  const sheets = await issueSheets(tx, supervisions.map(s => ({ complaintId: s.c.id, kind: 'supervise', issuingUnitId: s.unitId, trigger: s.trigger, days: casePolicy.superviseDays, parentSheetId: s.parent?.id, instructions: s.instructions })), at)
  const notices: Addressed[] = []
  for (const [i, { c, unitId, instructions }] of supervisions.entries()) {
    const sheet = sheets[i]!
    // design (issue 10 item 17): the 督办单 is addressed to the supervised 处理责任单位; its officers are told too.
    notices.push({ accountIds: [c.handlerId, ...await units.officersOf(c.routedUnitId), ...await units.officersOf(unitId)], notice: {
      kind: 'case.supervised',
      title: `督办单 ${sheet.number}`,
      body: `完成时限 ${sheet.dueDate}${instructions ? `；办理意见：${instructions}` : ''}`,
      params: { number: sheet.number, due: sheet.dueDate, instructions, variant: instructions ? 'instructions' : undefined },
      complaintId: c.id,
    } }, { accountIds: [c.filedBy], notice: { kind: 'case.supervisedForYou', title: '您的投诉已由上级督办', body: `督办单 ${sheet.number}，完成时限 ${sheet.dueDate}`, params: { number: sheet.number, due: sheet.dueDate }, complaintId: c.id, sms: { template: 'complaintSupervised', params: { date: filedOn(c.createdAt), number: sheet.number, due: sheet.dueDate }, ref: sheet.id } } })
  }
  await notifyMany(tx, notices, at)
  await logSteps(tx, supervisions.map(({ c, unitId, trigger, instructions, actor }, i) => ({ complaintId: c.id, actor: actor ?? { accountId: null, unitId }, step: { kind: 'supervised', note: instructions, detail: { sheet: sheets[i]!.number, trigger, dueDate: sheets[i]!.dueDate } } })), at)
  return sheets
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
// design: lanes of one pass in flight at once on PostgreSQL, half the pool (DATABASE_POOL_SIZE, 4 unless
// set: two lanes), so requests keep the other half while a catch-up pass runs; PGlite runs one
// transaction at a time, so side by side would only queue.
const sweepWidth = (deps: Deps) => deps.dbKind === 'postgres' ? Math.max(1, Math.floor((deps.env.DATABASE_POOL_SIZE ?? DEFAULT_POOL_SIZE) / 2)) : 1
// design: changes per transaction; a batch holds its cases' locks until it commits, so it stays short.
const SWEEP_BATCH = 50

/** A row a sweep changes: a sheet or a complaint, its case, and the unit whose counter its 督办单 would take. */
interface Swept { id: string, caseId: string, lane?: string | null }
/** The changes of a batch, the batch's cases locked: how many it made. */
type Changes = (tx: Tx, cases: Map<string, Complaint>, rows: Swept[], now: Date) => Promise<number>
const system = { accountId: null, unitId: null }

/**
 * One pass of the SLA sweeper: warns handlers of sheets due within 2 working days, and marks each
 * breached sheet once and issues a 督办单 from the level above; likewise for complaints waiting for
 * 受理 past their intake due date (design: casePolicy.intakeDays). Safe to run in several processes
 * at once: each mark is a conditional update, and a unique index allows one 督办单 per sheet breach.
 */
export async function sweep(deps: Deps) {
  const now = deps.now()
  const width = sweepWidth(deps)
  const changeAll = (rows: Swept[], changes: Changes) => changeInBatches(rows, { width, batch: SWEEP_BATCH, laneOf: r => r.lane }, batch => deps.db.transaction(async (tx) => {
    const cases = await lockSweptCases(tx, batch.map(r => r.caseId))
    const rows = batch.filter(r => cases.has(r.caseId)) // a case closed or paused meanwhile is left alone
    return rows.length > 0 ? changes(tx, cases, rows, now) : 0
  }))
  // design (issue 14): only the rows whose state changes are read (late and not yet marked, or due
  // soon and not yet told), each by its partial index, so a pass costs what it changes, not what is open.
  const sheetsOf = (when: SQL) => deps.db.select({ id: caseSheets.id, caseId: caseSheets.complaintId, lane: units.parentId }).from(caseSheets).innerJoin(complaints, eq(complaints.id, caseSheets.complaintId)).innerJoin(units, eq(units.id, caseSheets.issuingUnitId)).where(and(eq(caseSheets.status, 'open'), inArray(complaints.status, [...sweptStatuses]), when))
  let breached = await changeAll(await sheetsOf(lateUnmarked(caseSheets, now)), breach)
  let dueSoon = await changeAll((await sheetsOf(dueSoonUntold({ dueAt: caseSheets.dueAt, dueDate: caseSheets.dueDate, notifiedAt: caseSheets.dueSoonNotifiedAt }, now, casePolicy.dueSoonDays))).map(r => ({ ...r, lane: null })), warnDueSoon)
  const waiting = (when: SQL) => deps.db.select({ id: complaints.id, caseId: complaints.id, lane: units.parentId }).from(complaints).innerJoin(units, eq(units.id, complaints.routedUnitId)).where(and(eq(complaints.status, 'received'), isNotNull(complaints.intakeDueAt), when))
  const intake = { dueAt: complaints.intakeDueAt, dueDate: complaints.intakeDueDate, breachedAt: complaints.intakeBreachedAt, notifiedAt: complaints.intakeDueSoonNotifiedAt }
  breached += await changeAll(await waiting(lateUnmarked(intake, now)), intakeBreach)
  dueSoon += await changeAll((await waiting(and(isNull(intake.breachedAt), dueSoonUntold(intake, now, casePolicy.intakeDueSoonDays))!)).map(r => ({ ...r, lane: null })), warnIntakeDueSoon)
  return { dueSoon, breached }
}

/**
 * The cases of a batch, locked in one order (by id), those the sweep still has business with. Every
 * case first and in order, before any sheet or counter: every step on a case locks the case first (a
 * report, a close, a pause, a 督办单 by hand), and two passes in two processes lock the same order, so
 * a batch holding a sheet counter never waits for a case. A close or a pause committed before wins.
 * FOR NO KEY UPDATE, as an UPDATE locks: a step that holds one case and writes a row referring to
 * another (合并 logs on its target) takes a key-share lock on it, which FOR UPDATE would block while
 * the batch waits for the first case: a deadlock (caseFlow.test.ts).
 */
async function lockSweptCases(tx: Tx, ids: string[]) {
  const rows = await tx.select().from(complaints).where(inArray(complaints.id, [...new Set(ids)])).orderBy(complaints.id).for('no key update')
  return new Map(rows.filter(c => (sweptStatuses as readonly string[]).includes(c.status)).map(c => [c.id, c]))
}

/** Tells the routed bureau once that a complaint is close to its intake due date. */
async function warnIntakeDueSoon(tx: Tx, _cases: Map<string, Complaint>, rows: Swept[], now: Date) {
  const told = await tx.update(complaints).set({ intakeDueSoonNotifiedAt: now }).where(and(inArray(complaints.id, rows.map(r => r.id)), eq(complaints.status, 'received'), isNull(complaints.intakeDueSoonNotifiedAt))).returning()
  const units = unitLookups(tx)
  const notices: Addressed[] = []
  for (const c of told)
    notices.push({ accountIds: await units.officersOf(c.routedUnitId), notice: { kind: 'intake.dueSoon', title: '投诉即将超过受理期限', body: `请最迟于 ${c.intakeDueDate} 受理或告知不予受理的理由`, params: { due: c.intakeDueDate ?? undefined }, complaintId: c.id } })
  await notifyMany(tx, notices, now)
  await logSteps(tx, told.map(c => ({ complaintId: c.id, actor: system, step: { kind: 'intakeDueSoon', detail: { dueDate: c.intakeDueDate }, public: false } })), now)
  return told.length
}

/**
 * Complaints not accepted by their intake due date: each marked once (conditional update, so
 * concurrent sweeps make one breach) and supervised by the level above the routed bureau with a 督办单.
 */
async function intakeBreach(tx: Tx, _cases: Map<string, Complaint>, rows: Swept[], now: Date) {
  const late = await tx.update(complaints).set({ intakeBreachedAt: now }).where(and(inArray(complaints.id, rows.map(r => r.id)), eq(complaints.status, 'received'), isNull(complaints.intakeBreachedAt), lt(complaints.intakeDueAt, now))).returning()
  await logSteps(tx, late.map(c => ({ complaintId: c.id, actor: system, step: { kind: 'intakeBreached', detail: { dueDate: c.intakeDueDate } } })), now)
  const units = unitLookups(tx)
  const supervisions: Supervision[] = []
  const notices: Addressed[] = []
  for (const c of late) {
    const above = await units.parentUnit(c.routedUnitId)
    if (above)
      supervisions.push({ c, unitId: above.id, trigger: 'intake', instructions: `投诉已超过受理期限（${c.intakeDueDate}），请尽快受理并交办，或告知投诉人不予受理的理由` })
    else
      notices.push({ accountIds: await units.officersOf(c.routedUnitId), notice: { kind: 'intake.breached', title: '投诉已超过受理期限', body: `受理期限 ${c.intakeDueDate}`, params: { due: c.intakeDueDate ?? undefined }, complaintId: c.id } })
  }
  await issueSupervisions(tx, supervisions, now, units)
  await notifyMany(tx, notices, now)
  return late.length
}

async function warnDueSoon(tx: Tx, cases: Map<string, Complaint>, rows: Swept[], now: Date) {
  const due = await tx.update(caseSheets).set({ dueSoonNotifiedAt: now }).where(and(inArray(caseSheets.id, rows.map(r => r.id)), eq(caseSheets.status, 'open'), isNull(caseSheets.dueSoonNotifiedAt))).returning()
  await notifyMany(tx, due.map(s => ({ accountIds: [cases.get(s.complaintId)!.handlerId], notice: { kind: 'sheet.dueSoon', title: `即将到期：${s.number}`, body: `完成时限 ${s.dueDate}`, params: { number: s.number, due: s.dueDate }, complaintId: s.complaintId, sms: { template: 'workDueSoon', params: { number: s.number, due: s.dueDate }, ref: s.id } } })), now)
  await logSteps(tx, due.map(s => ({ complaintId: s.complaintId, actor: system, step: { kind: 'dueSoon', detail: { sheet: s.number }, public: false } })), now)
  return due.length
}

async function breach(tx: Tx, cases: Map<string, Complaint>, rows: Swept[], now: Date) {
  const late = await tx.update(caseSheets).set({ breachedAt: now }).where(and(inArray(caseSheets.id, rows.map(r => r.id)), eq(caseSheets.status, 'open'), isNull(caseSheets.breachedAt), lt(caseSheets.dueAt, now))).returning()
  await logSteps(tx, late.map(s => ({ complaintId: s.complaintId, actor: system, step: { kind: 'breached', detail: { sheet: s.number, dueDate: s.dueDate } } })), now)
  const units = unitLookups(tx)
  const texts = []
  const supervisions: Supervision[] = []
  const notices: Addressed[] = []
  for (const s of late) {
    const c = cases.get(s.complaintId)!
    const issuers = await units.officersOf(s.issuingUnitId)
    texts.push({ accountIds: [c.handlerId, ...issuers].filter(x => x !== null), sms: { template: 'workOverdue' as const, params: { number: s.number, due: s.dueDate }, ref: s.id } })
    const above = await units.parentUnit(s.issuingUnitId)
    if (above)
      supervisions.push({ c, unitId: above.id, trigger: 'breach', parent: s, instructions: `${s.number} 已超过完成时限（${s.dueDate}），请加快办理` })
    else
      notices.push({ accountIds: issuers, notice: { kind: 'sheet.breached', title: `已超期：${s.number}`, body: `完成时限 ${s.dueDate}`, params: { number: s.number, due: s.dueDate }, complaintId: c.id } })
  }
  await enqueueNotices(tx, texts, now)
  await issueSupervisions(tx, supervisions, now, units)
  await notifyMany(tx, notices, now)
  return late.length
}
