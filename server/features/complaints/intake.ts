import type { ComplaintInput } from '#shared/schemas/complaints.ts'
import type { Db, Tx } from '../../db/client.ts'
import type { Deps, SignedIn } from '../../http/context.ts'
import type { Actor } from './transition.ts'
import type { CasePage } from './view.ts'
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import { dueAt } from '#shared/calendar/index.ts'
import { casePolicy, categoryOf } from '#shared/complaints/categories.ts'
import { rowsOf } from '../../db/bulk.ts'
import { fromJsonRow } from '../../db/jsonRows.ts'
import { preparedStatementOnce } from '../../db/prepared.ts'
import { accounts, bindings, caseEvents, caseSheets, complaintAttachments, complaints, recordGuardians, schools, studentRecords, units } from '../../db/schema/index.ts'
import { studentKeyOf } from '../../db/sealedLookup.ts'
import { AppError } from '../../http/errors.ts'
import { notify, officerNoticesInsert } from '../notifications/notify.ts'
import { filedOn } from '../notifications/sms.ts'
import { issueSheet } from './sheets.ts'
import { logStep, transition } from './transition.ts'

type Json = Record<string, unknown>

const K12 = ['primary', 'junior', 'senior']

/**
 * design: a parent's own ID number, from the guardian entry on a bound child's record that holds the
 * phone they signed in with (the form shows it masked); without one, the form has to give it.
 */
async function ownIdNumber(deps: Deps, me: SignedIn) {
  const [mine] = me.phone
    ? await deps.db.select({ idNumber: recordGuardians.idNumber }).from(recordGuardians).innerJoin(bindings, eq(bindings.recordId, recordGuardians.recordId)).where(and(eq(bindings.accountId, me.accountId), eq(recordGuardians.phone, me.phone))).limit(1)
    : []
  if (!mine?.idNumber)
    throw new AppError(400, 'VALIDATION_FAILED', '请输入身份证号码', { issues: [{ path: 'complainant.idNumber', code: 'ID_EMPTY', message: '请输入身份证号码' }] })
  return mine.idNumber
}

/**
 * What filing needs to know before it writes, in one statement: a complaint already filed under this
 * requestId, the school, and for a bound child the binding and the record's numbers.
 */
async function filingFacts(deps: Deps, me: SignedIn, input: ComplaintInput) {
  const recordId = input.student.recordId ?? null
  const [row] = rowsOf(await deps.db.execute(sql`select
    (select jsonb_build_object('id', c.id, 'filed_by', c.filed_by) from ${complaints} c where c.request_id = ${input.requestId}) as existing,
    (select jsonb_build_object('level', s.level, 'authority_id', s.registry_authority_id, 'name', su.name, 'authority_name', au.name) from ${schools} s
      join ${units} su on su.id = s.unit_id join ${units} au on au.id = s.registry_authority_id where s.unit_id = ${input.schoolUnitId}) as school,
    (select to_jsonb(r) from ${studentRecords} r join ${bindings} b on b.record_id = r.id where b.account_id = ${me.accountId} and r.id = ${recordId}::uuid) as bound`))
  const existing = row!.existing as { id: string, filed_by: string } | null
  const school = row!.school as { level: string, authority_id: string, name: string, authority_name: string } | null
  return {
    existing: existing && { id: existing.id, filedBy: existing.filed_by },
    school: school && { level: school.level, authorityId: school.authority_id, name: school.name, authorityName: school.authority_name },
    bound: row!.bound ? fromJsonRow(studentRecords, row!.bound as Record<string, unknown>) : null,
  }
}

const p = sql.placeholder

/**
 * The case, its first step and the officers' notices in one statement (issue 14: one round trip, not
 * five), built and prepared once (building it took a sixth of a filing's CPU); it answers the case and
 * its step as written, or no row when the requestId has been filed already. An open complaint about
 * the same student and matter is found in the insert itself.
 */
const filingStatement = preparedStatementOnce('complaint_filing', (db) => {
  const filed = sql`select id from filed`
  // getSQL(): drizzle puts an embedded builder in parentheses, which a WITH clause refuses.
  return sql`with filed as (${db.insert(complaints).values({
    requestId: p('requestId'),
    filedBy: p('accountId'),
    complainant: p('complainant'),
    student: p('student'),
    studentName: p('studentName'),
    studentKey: p('studentKey'),
    recordId: p('recordId'),
    schoolUnitId: p('schoolUnitId'),
    category: p('category'),
    description: p('description'),
    routedUnitId: p('authorityId'),
    likelyDuplicateOf: sql`(select d.id from ${complaints} d where d.student_key = ${p('studentKey')} and d.category = ${p('category')} and d.status not in ('closed', 'rejected', 'merged') limit 1)`,
    intakeDueAt: p('intakeDueAt'),
    intakeDueDate: p('intakeDueDate'),
    intakeProvisional: p('intakeProvisional'),
    createdAt: p('createdAt'),
  }).onConflictDoNothing({ target: complaints.requestId }).returning().getSQL()}),
    step as (insert into ${caseEvents} (complaint_id, at, actor_id, kind, detail)
      select id, ${p('at')}::timestamptz, ${p('accountId')}::uuid, 'submitted', ${p('stepDetail')}::jsonb from filed returning *),
    notices as (${officerNoticesInsert(filed, p('authorityId'), ['officer', 'head'], { kind: 'case.new', title: '新的群众投诉', body: p('noticeBody'), params: p('noticeParams') }, p('at'))})
    select to_jsonb(filed) as complaint, (select to_jsonb(step) from step) as step from filed`
})

/** The values of a filing statement. */
function filingValues(deps: Deps, me: SignedIn, input: ComplaintInput, complainant: ComplaintInput['complainant'] & { idNumber: string }, authorityId: string) {
  const now = deps.now()
  const { recordId, ...student } = input.student
  const { intakeDueAt, intakeDueDate, intakeProvisional } = intakeClock(now)
  return {
    requestId: input.requestId,
    accountId: me.accountId,
    complainant,
    student: { ...student, idNumber: student.idNumber ?? '' },
    studentName: student.name,
    studentKey: studentKeyOf(input.student, input.schoolUnitId),
    recordId: recordId ?? null,
    schoolUnitId: input.schoolUnitId,
    category: input.category,
    description: input.description,
    authorityId,
    intakeDueAt,
    intakeDueDate,
    intakeProvisional,
    createdAt: now,
    at: now.toISOString(),
    stepDetail: JSON.stringify({ category: input.category }),
    noticeBody: `${categoryOf(input.category).label}：${input.student.name}`,
    noticeParams: JSON.stringify({ category: input.category, student: input.student.name }),
  }
}

/** Files a complaint; the same requestId twice gives back the first complaint (201 then 200). */
export async function fileComplaint(deps: Deps, me: SignedIn, given: ComplaintInput) {
  let input = given
  const { existing, school, bound } = await filingFacts(deps, me, input)
  if (existing) {
    if (existing.filedBy !== me.accountId)
      throw new AppError(409, 'REQUEST_ID_REUSED', '请求编号已被使用，请刷新页面后重试')
    return { id: existing.id, created: false }
  }
  if (!school)
    throw new AppError(400, 'SCHOOL_UNKNOWN', '没有找到这所学校，请重新选择')
  // 004:5: the 核查单 / 督办单 mechanism is for 中小学生 (K-12) 学籍 problems.
  if (!K12.includes(school.level))
    throw new AppError(400, 'COMPLAINT_SCOPE', '群众投诉受理中小学生学籍问题；中职、高校学籍请向学校或其学籍主管部门反映')
  if (input.student.recordId) {
    if (!bound)
      throw new AppError(400, 'RECORD_NOT_BOUND', '只能选择您已绑定的孩子')
    // design: a bound child's ID number and 学籍号 are on the record; the form shows them masked and leaves
    // them to us, each on its own (a temporary record's child may have an ID number typed in since).
    input = { ...input, student: { ...input.student, idNumber: input.student.idNumber || bound.idNumber || undefined, registryNo: input.student.registryNo || bound.registryNo } }
  }
  const complainant = { ...input.complainant, idNumber: input.complainant.idNumber ?? await ownIdNumber(deps, me) }
  const filing = filingValues(deps, me, input, complainant, school.authorityId)
  const file = async (db: Db | Tx) => {
    const [row] = await filingStatement(db).execute(filing) as { complaint: Json, step: Json }[]
    if (!row) // lost a race with the same requestId
      return { id: (await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.requestId, input.requestId)))[0]!.id, created: false }
    // The people just sealed are taken as given, not opened again (two decryptions a filing).
    const { complainant: _sealed, student: _alsoSealed, ...unsealed } = row.complaint
    const complaint = { ...fromJsonRow(complaints, unsealed), complainant: filing.complainant, student: filing.student }
    // design (issue 14): the new case's page is what was just written, not read back (a round trip less).
    const page: CasePage = { complaint, sheets: [], events: [{ e: fromJsonRow(caseEvents, row.step), unitName: null, actorName: null }], files: [], names: { [input.schoolUnitId]: school.name, [school.authorityId]: school.authorityName }, handlerName: null }
    return { id: complaint.id, created: true, page }
  }
  if (input.attachmentIds.length === 0)
    return file(deps.db)
  return deps.db.transaction(async (tx) => {
    const { id, created } = await file(tx) // the page read afterwards shows the photos
    if (!created)
      return { id, created }
    const attached = await tx.update(complaintAttachments).set({ complaintId: id }).where(and(inArray(complaintAttachments.id, input.attachmentIds), eq(complaintAttachments.uploadedBy, me.accountId), isNull(complaintAttachments.complaintId))).returning({ id: complaintAttachments.id })
    if (attached.length !== input.attachmentIds.length)
      throw new AppError(400, 'ATTACHMENT_UNKNOWN', '有附件没有上传成功，请重新选择照片')
    return { id, created }
  })
}

/**
 * The intake clock (design: casePolicy.intakeDays), started when a complaint is filed and again when a
 * 退单 sends it back: the 学籍主管部门 accepts or refuses it by the close of that working day.
 */
export function intakeClock(at: Date) {
  const due = dueAt(at, casePolicy.intakeDays)
  return { intakeDueAt: due.dueAt, intakeDueDate: due.dueDate, intakeProvisional: due.provisional, intakeDueSoonNotifiedAt: null, intakeBreachedAt: null }
}

/** Intake is done (accepted, refused or merged): a 督办单 issued because intake ran late is answered with it. */
async function answerIntakeSupervision(tx: Tx, complaintId: string, outcome: string, at: Date) {
  await tx.update(caseSheets).set({ status: 'done', completedAt: at, outcome }).where(and(eq(caseSheets.complaintId, complaintId), eq(caseSheets.trigger, 'intake'), eq(caseSheets.status, 'open')))
}

// design: an account administrator (admin) manages staff accounts and works no cases: never a 承办人.
export const isCaseWorker = or(isNull(accounts.role), ne(accounts.role, 'admin'))!

/** 受理: picks the 承办单位 and 承办人 and issues the 核查单 with its 完成时限. */
export async function acceptCase(deps: Deps, id: string, actor: Actor & { accountId: string }, input: { handlingUnitId: string, handlerId: string, matter: string }) {
  return transition(deps, id, 'accept', actor, async (tx, c, now) => {
    const [handler] = await tx.select({ id: accounts.id, unitId: accounts.unitId, unitPath: units.path }).from(accounts).innerJoin(units, eq(units.id, accounts.unitId)).where(and(eq(accounts.id, input.handlerId), eq(accounts.kind, 'officer'), isNull(accounts.disabledAt), isCaseWorker))
    const [routed] = await tx.select({ path: units.path }).from(units).where(eq(units.id, c.routedUnitId))
    // design: the handler is the bureau's own staff or someone in a unit it runs (the school's registrar).
    if (!handler || handler.unitId !== input.handlingUnitId || !handler.unitPath.startsWith(routed!.path))
      throw new AppError(400, 'HANDLER_INVALID', '承办人须是本单位或所辖学校的工作人员')
    const sheet = await issueSheet(tx, { complaintId: id, kind: 'check', issuingUnitId: c.routedUnitId, trigger: 'assign', days: categoryOf(c.category as never).checkDays, at: now })
    await answerIntakeSupervision(tx, id, `已受理，签发核查单 ${sheet.number}，完成时限 ${sheet.dueDate}`, now)
    await notify(tx, [handler.id], { kind: 'case.assigned', title: `交办：核查单 ${sheet.number}`, body: `请最迟于 ${sheet.dueDate} 办结`, params: { number: sheet.number, due: sheet.dueDate }, complaintId: id }, now)
    await notify(tx, [c.filedBy], { kind: 'case.accepted', title: '您的投诉已受理', body: `核查单 ${sheet.number}，完成时限 ${sheet.dueDate}`, params: { number: sheet.number, due: sheet.dueDate }, complaintId: id, sms: { template: 'complaintAccepted', params: { date: filedOn(c.createdAt), number: sheet.number, due: sheet.dueDate }, ref: sheet.id } }, now)
    return {
      patch: { responsibleOfficerId: actor.accountId, handlingUnitId: input.handlingUnitId, handlerId: handler.id, matter: input.matter, likelyDuplicateOf: null },
      step: { kind: 'accepted', detail: { sheet: sheet.number, dueDate: sheet.dueDate, handlingUnitId: input.handlingUnitId } },
    }
  })
}

export async function rejectCase(deps: Deps, id: string, actor: Actor, reason: string) {
  return transition(deps, id, 'reject', actor, async (tx, c, now) => {
    await answerIntakeSupervision(tx, id, `不予受理：${reason}`, now)
    await notify(tx, [c.filedBy], { kind: 'case.rejected', title: '您的投诉未予受理', body: reason, params: { reason }, complaintId: id, sms: { template: 'complaintRejected', params: { date: filedOn(c.createdAt) }, ref: id } }, now)
    return { patch: { rejectReason: reason, closedAt: now }, step: { kind: 'rejected', note: reason } }
  })
}

/** Links a likely duplicate into an open case about the same student instead of opening it twice. */
export async function linkCase(deps: Deps, id: string, actor: Actor, targetId: string) {
  return transition(deps, id, 'link', actor, async (tx, c, now) => {
    const [target] = await tx.select().from(complaints).where(eq(complaints.id, targetId))
    if (!target || target.id === id || target.routedUnitId !== c.routedUnitId || ['rejected', 'merged'].includes(target.status))
      throw new AppError(400, 'LINK_TARGET_INVALID', '只能合并到本单位正在办理的另一件投诉')
    await answerIntakeSupervision(tx, id, '已与同一学生同类问题的投诉合并办理', now)
    await logStep(tx, targetId, actor, { kind: 'linked', note: '同一学生同类问题的另一件投诉已合并到本件', detail: { from: id } }, now)
    await notify(tx, [c.filedBy], { kind: 'case.merged', title: '您的投诉已与同一问题的投诉合并办理', body: '将在合并后的投诉中统一答复', params: {}, complaintId: id }, now)
    return { patch: { mergedInto: targetId, closedAt: now }, step: { kind: 'merged', detail: { into: targetId } } }
  })
}
