import type { ChainStep, EducationLevel, RecordStage } from '#shared/corrections/policy.ts'
import type { Db } from '../../db/client.ts'
import type { Deps, SignedIn } from '../../http/context.ts'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import { dueAt } from '#shared/calendar/index.ts'
import { officialSystemOf, pendingEntryLabels } from '#shared/corrections/officialSystem.ts'
import { combinedRule, correctionRule, levelOfSchool } from '#shared/corrections/policy.ts'
import { contradictsIdNumber, parseRequestedValue } from '#shared/corrections/values.ts'
import { shownFieldValue } from '#shared/recordFields.ts'
import { actorOf, audit } from '../../audit/entry.ts'
import { complaintAttachments, correctionDecisions, corrections, diplomaRegistrations, disputes, schools, studentRecords, units } from '../../db/schema/index.ts'
import { matchesSealed } from '../../db/sealedLookup.ts'
import { AppError, forbidden, notFound } from '../../http/errors.ts'
import { notify, officersOf } from '../notifications/notify.ts'
import { filedOn } from '../notifications/sms.ts'
import { viewerOf } from '../records/access.ts'
import { loadRecord } from '../records/page.ts'
import { presentRecord } from '../records/present.ts'
import { fieldLabels, fieldsInCorrection, lockRecordForFiling } from './inProgress.ts'

export interface CorrectionInput { requestId: string, recordId: string, items: { field: string, requestedValue: string }[], reason: string, attachmentIds: string[] }

/** Level and stage of a record, and the units its chain steps resolve to. */
export async function recordContext(db: Db, recordId: string) {
  const [row] = await db.select({ level: schools.level, schoolUnitId: studentRecords.schoolUnitId, authorityId: schools.registryAuthorityId, path: units.path, birthDate: studentRecords.birthDate, source: studentRecords.source })
    .from(studentRecords)
    .innerJoin(schools, eq(schools.unitId, studentRecords.schoolUnitId))
    .innerJoin(units, eq(units.id, studentRecords.schoolUnitId))
    .where(eq(studentRecords.id, recordId))
  const [diploma] = await db.select({ id: diplomaRegistrations.id }).from(diplomaRegistrations).where(eq(diplomaRegistrations.recordId, recordId))
  const unitFor = (s: ChainStep) => (s.unit === 'school' ? row!.schoolUnitId : s.unit === 'authority' ? row!.authorityId : row!.path.split('/')[0]!)
  const level = levelOfSchool(row!.level)
  return { ...row!, level, stage: diploma ? 'diplomaRegistered' as const : 'inSchool' as const, unitFor, officialSystem: officialSystemOf(row!.source, level) }
}

const ageOn = (birth: string, today: Date) => (today.getTime() - Date.parse(birth)) / (365.2425 * 24 * 3600_000)

export async function fileCorrection(deps: Deps, me: SignedIn, input: CorrectionInput) {
  const { db } = deps
  const [existing] = await db.select().from(corrections).where(eq(corrections.requestId, input.requestId))
  if (existing)
    return { id: existing.id, created: false }
  const viewer = await viewerOf(db, me, input.recordId)
  const ctx = await recordContext(db, input.recordId)
  // 001:4(5)(8), 002:19: the student applies; design: a bound guardian may apply for a child under 18 (003:14).
  if (viewer.as === 'officer' || (viewer.as === 'guardian' && ageOn(ctx.birthDate, deps.now()) >= 18))
    throw forbidden('NOT_APPLICANT', '更正申请须由学生本人提出；未满 18 周岁的，可由监护人提出')
  const fields = input.items.map(i => i.field)
  if (new Set(fields).size !== fields.length)
    throw new AppError(400, 'DUPLICATE_FIELD', '同一项信息只需填写一次')
  const loaded = (await loadRecord(db, input.recordId))!
  const view = presentRecord(loaded, 'self')
  for (const f of fields) {
    const ordinal = /^guardian(\d)\./.exec(f)?.[1]
    if (ordinal && !loaded.guardians.some(g => g.ordinal === Number(ordinal)))
      throw new AppError(400, 'GUARDIAN_MISSING', '学籍上没有这位家庭成员或监护人，不能更正其信息；如需补录请向学校申请')
  }
  const items = input.items.map((item) => {
    const rule = correctionRule(item.field, ctx.level, ctx.stage)
    if (!rule.allowed)
      throw new AppError(400, 'CORRECTION_NOT_ALLOWED', rule.explanation)
    const parsed = parseRequestedValue(item.field, item.requestedValue)
    if (!parsed.ok)
      throw new AppError(400, 'VALUE_INVALID', parsed.message, { issues: [{ path: `items.${fields.indexOf(item.field)}.requestedValue`, code: 'VALUE_INVALID', message: parsed.message }] })
    return { field: item.field, currentValue: shownFieldValue(view, item.field), requestedValue: parsed.value }
  })
  const newId = items.find(i => i.field === 'student.idNumber')?.requestedValue
  if (newId) {
    const [taken] = await db.select({ id: studentRecords.id }).from(studentRecords).where(matchesSealed(studentRecords.idNumberIndex, newId))
    if (taken && taken.id !== input.recordId)
      throw new AppError(409, 'ID_NUMBER_TAKEN', '这个身份证件号已登记在另一份学籍上（一人一号），请向学校反映核查是否重复建籍')
  }
  const contradiction = contradictsIdNumber(loaded.record, items.map(i => ({ field: i.field, value: i.requestedValue })))
  if (contradiction)
    throw new AppError(400, 'VALUE_CONTRADICTS_ID', contradiction.message, { issues: [{ path: `items.${fields.indexOf(contradiction.field)}.requestedValue`, code: 'VALUE_CONTRADICTS_ID', message: contradiction.message }] })
  const alreadyFiled = await refuseFieldsInCorrection(db, input, fields)
  if (alreadyFiled)
    return alreadyFiled
  const combined = combinedRule(fields, ctx.level, ctx.stage)
  if (input.attachmentIds.length === 0)
    throw new AppError(400, 'PROOFS_REQUIRED', `请上传证明材料：${combined.rules.flatMap(r => r.rule.proofs).filter((p, i, a) => a.indexOf(p) === i).join('；')}`)
  const chain = combined.chain.map(s => ({ ...s, unitId: ctx.unitFor(s) }))
  return db.transaction(async (tx) => {
    await lockRecordForFiling(tx, input.recordId)
    const filed = await refuseFieldsInCorrection(tx, input, fields) // again, now that no other filing can pass it
    if (filed)
      return filed
    const now = deps.now()
    const due = dueAt(now, combined.days)
    const [row] = await tx.insert(corrections).values({
      requestId: input.requestId,
      recordId: input.recordId,
      filedBy: me.accountId,
      items,
      reason: input.reason,
      level: ctx.level,
      stage: ctx.stage,
      chain,
      stepStartedAt: now,
      stepDueAt: due.dueAt,
      stepDueDate: due.dueDate,
      createdAt: now,
    }).onConflictDoNothing({ target: corrections.requestId }).returning({ id: corrections.id })
    if (!row)
      return { id: (await tx.select({ id: corrections.id }).from(corrections).where(eq(corrections.requestId, input.requestId)))[0]!.id, created: false }
    const attached = await tx.update(complaintAttachments).set({ correctionId: row.id }).where(and(inArray(complaintAttachments.id, input.attachmentIds), eq(complaintAttachments.uploadedBy, me.accountId), isNull(complaintAttachments.complaintId), isNull(complaintAttachments.correctionId))).returning({ id: complaintAttachments.id })
    if (attached.length !== input.attachmentIds.length)
      throw new AppError(400, 'ATTACHMENT_UNKNOWN', '有证明材料没有上传成功，请重新选择')
    await notify(tx, await officersOf(tx, chain[0]!.unitId, [chain[0]!.role]), { kind: 'correction.new', title: '新的信息更正申请', body: `${chain[0]!.label}，最迟 ${due.dueDate} 办理`, params: { step: { unit: chain[0]!.unit, role: chain[0]!.role }, due: due.dueDate } }, now)
    return { id: row.id, created: true }
  })
}

/**
 * design: one request per field at a time, so two approvals can never race on the same value; an
 * approved change still waiting for its official entry is in progress too (issue 10). The request in
 * the way may be this very one, sent again (a retry after a lost answer): then it is the answer.
 */
async function refuseFieldsInCorrection(db: Db, input: CorrectionInput, fields: string[]) {
  if (!(await fieldsInCorrection(db, input.recordId)).some(f => fields.includes(f)))
    return null
  const [filed] = await db.select({ id: corrections.id }).from(corrections).where(eq(corrections.requestId, input.requestId))
  if (filed)
    return { id: filed.id, created: false }
  throw new AppError(409, 'CORRECTION_PENDING', '这项信息已有一份更正申请在办理中，请等待结果后再申请')
}

export type Decision = 'approve' | 'reject' | 'notAccepted'

/** One step of the chain. The same person can never decide two steps of one request (dual control). */
export async function decideCorrection(deps: Deps, officer: SignedIn, id: string, input: { decision: Decision, reason: string }) {
  return deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(corrections).where(eq(corrections.id, id)).for('update')
    if (!c)
      throw notFound('CORRECTION_NOT_FOUND', '没有找到这份更正申请')
    const step = c.chain[c.step]
    if (c.status !== 'pending' || !step)
      throw new AppError(409, 'CORRECTION_DECIDED', '这份申请已经办结')
    if (officer.unitId !== step.unitId || officer.role !== step.role)
      throw forbidden('NOT_YOUR_STEP', `这一步由“${step.label}”办理`)
    const earlier = await tx.select({ by: correctionDecisions.decidedBy }).from(correctionDecisions).where(eq(correctionDecisions.correctionId, id))
    if (earlier.some(d => d.by === officer.accountId))
      throw forbidden('SAME_PERSON', '同一申请的审核与审批须由不同的人办理')
    if (input.decision !== 'approve' && input.reason.trim().length < 2)
      throw new AppError(400, 'REASON_REQUIRED', '请写明不予受理或不同意的理由，申请人可以看到')
    const now = deps.now()
    await tx.insert(correctionDecisions).values({ correctionId: id, step: c.step, role: step.role, decidedBy: officer.accountId, unitId: officer.unitId!, decision: input.decision, reason: input.reason || null, at: now })
    await audit(tx, actorOf(officer), { action: 'correction.decided', recordId: c.recordId, object: { type: 'correction', id }, detail: { step: c.step, decision: input.decision, fields: c.items.map(i => i.field) }, at: now })
    if (input.decision !== 'approve') {
      await tx.update(corrections).set({ status: input.decision === 'notAccepted' ? 'notAccepted' : 'rejected', outcomeReason: input.reason, decidedAt: now }).where(eq(corrections.id, id))
      await notify(tx, [c.filedBy], { kind: 'correction.refused', title: input.decision === 'notAccepted' ? '更正申请不予受理' : '更正申请未获批准', body: `${input.reason}。您可以补充材料后重新提交。`, params: { reason: input.reason, variant: input.decision }, sms: { template: 'correctionRefused', params: { date: filedOn(c.createdAt) }, ref: id } }, now)
      return
    }
    const next = c.chain[c.step + 1]
    if (next) {
      const due = dueAt(now, 10)
      await tx.update(corrections).set({ step: c.step + 1, stepStartedAt: now, stepDueAt: due.dueAt, stepDueDate: due.dueDate, dueSoonNotifiedAt: null, breachedAt: null }).where(eq(corrections.id, id))
      await notify(tx, await officersOf(tx, next.unitId, [next.role as never]), { kind: 'correction.step', title: '信息更正申请待您办理', body: `${next.label}，最迟 ${due.dueDate} 办理`, params: { step: { unit: next.unit, role: next.role }, due: due.dueDate } }, now)
      return
    }
    // Final approval. design (issue 10): the record keeps showing the registered value, with the approved
    // one pending, until the entry in the official system is recorded (entry.ts); only then does it change.
    await tx.update(disputes).set({ status: 'resolved' }).where(and(eq(disputes.recordId, c.recordId), eq(disputes.status, 'open'), inArray(disputes.field, c.items.map(i => i.field))))
    await tx.update(corrections).set({ status: 'approved', decidedAt: now }).where(eq(corrections.id, id))
    const ctx = await recordContext(tx, c.recordId)
    await notify(tx, [c.filedBy], { kind: 'correction.approved', title: '更正申请已批准', body: `${pendingEntryLabels[ctx.officialSystem]}：学校录入后，学籍上显示新的内容，原信息保留在更正记录中`, params: { system: ctx.officialSystem }, sms: { template: 'correctionApproved', params: { date: filedOn(c.createdAt) }, ref: id } }, now)
    await notify(tx, await officersOf(tx, c.chain[0]!.unitId, ['registrar']), { kind: 'correction.toEnter', title: '已批准的更正待录入官方学籍系统', body: `${fieldLabels(c.items.map(i => i.field))}：录入后请登记录入日期`, params: { fields: c.items.map(i => i.field) } }, now)
    if (combinedRule(c.items.map(i => i.field), c.level as EducationLevel, c.stage as RecordStage).informs === 'province') {
      const province = ctx.unitFor({ unit: 'province', role: 'officer', label: '' })
      await notify(tx, await officersOf(tx, province, ['officer']), { kind: 'correction.informed', title: '中职毕业证书信息已变更（告知）', body: `学籍主管部门已核办完成：${fieldLabels(c.items.map(i => i.field))}。毕业证书由省教育厅统一打印，特此告知。`, params: { fields: c.items.map(i => i.field) } }, now)
    }
  })
}
