import type { Statement } from '#shared/certificates/earlierStatements.ts'
import type { CertificateApplyInput } from '#shared/schemas/certificates.ts'
import type { Tx } from '../../db/client.ts'
import type { Deps, SignedIn } from '../../http/context.ts'
import type { CertificateRequest } from './access.ts'
import { and, eq, inArray } from 'drizzle-orm'
import { dueAt, shanghaiDate } from '#shared/calendar/index.ts'
import { shanghaiDateTime } from '#shared/calendar/isoDate.ts'
import { certificateChannel, PROVINCIAL_PORTAL } from '#shared/certificates/channel.ts'
import { statementConflicts } from '#shared/certificates/earlierStatements.ts'
import { certificateDeclaration, lossLabels, normalizePersonName } from '#shared/certificates/statement.ts'
import { levelOfSchool } from '#shared/corrections/policy.ts'
import { auditEvents, certificateRequests, diplomaRegistrations, schools, studentRecords } from '../../db/schema/index.ts'
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts'
import { notify, officersOf } from '../notifications/notify.ts'
import { filedOn } from '../notifications/sms.ts'
import { certificateRole, loadRequest, requestNotFound, requireIssuer } from './access.ts'

// design: the seeds set no time limit for a 学历证明书 (DOMAIN §5); the default of 10 working
// days from the application applies, as for the other requests.
export const CERTIFICATE_REQUEST_DAYS = 10

const OPEN: CertificateRequest['status'][] = ['pending', 'reviewed']

/** `circumstances` keeps when (first line, YYYY-MM or YYYY-MM-DD) and how (the rest). */
export function splitCircumstances(stored: string): { occurredOn: string | null, circumstances: string } {
  const m = /^(\d{4}-\d{2}(?:-\d{2})?)\n([\s\S]*)$/.exec(stored)
  return m ? { occurredOn: m[1]!, circumstances: m[2]! } : { occurredOn: null, circumstances: stored }
}

const requestNotFoundForRecord = () => notFound('RECORD_NOT_FOUND', '没有找到这份学籍，或不在您的管辖范围内')

/**
 * A student's application (001:4(7), 002:19, 003:19). The same requestId twice gives back the
 * first request (created: false). Only the student bound to the record as 'self' may apply, only
 * for a registered diploma, and only one request may be open at a time.
 */
export async function applyForCertificate(deps: Deps, me: SignedIn, recordId: string, input: CertificateApplyInput, ip: string) {
  const { db } = deps
  const [existing] = await db.select().from(certificateRequests).where(eq(certificateRequests.requestId, input.requestId))
  if (existing) {
    if (existing.filedBy !== me.accountId || existing.recordId !== recordId)
      throw conflict('REQUEST_ID_REUSED', '请求编号已被使用，请刷新页面后重试')
    return { id: existing.id, created: false }
  }
  const [record] = await db.select({ name: studentRecords.name, schoolUnitId: studentRecords.schoolUnitId, diploma: diplomaRegistrations, level: schools.level })
    .from(studentRecords)
    .innerJoin(schools, eq(schools.unitId, studentRecords.schoolUnitId))
    .leftJoin(diplomaRegistrations, eq(diplomaRegistrations.recordId, studentRecords.id))
    .where(eq(studentRecords.id, recordId))
  if (!record)
    throw requestNotFoundForRecord()
  await certificateRole(db, me, recordId, record.diploma?.schoolUnitId ?? record.schoolUnitId, requestNotFoundForRecord)
  const diploma = record.diploma
  if (certificateChannel(levelOfSchool(record.level)) === 'provincialPortal')
    throw conflict('APPLY_ON_PROVINCIAL_PORTAL', `中职毕业证书遗失不予补办，毕业生可通过“${PROVINCIAL_PORTAL.name}”申请学历证明书，学历证明书与毕业证书具有同等效力（003:19）。请登录${PROVINCIAL_PORTAL.name}办理。`)
  if (!diploma)
    throw conflict('NO_DIPLOMA_REGISTRATION', '这份学籍没有学历（毕业证书）注册信息，不能申请学历证明书；如您已毕业，请先联系学校核对学历注册')
  if (normalizePersonName(input.statement.signedName) !== normalizePersonName(record.name))
    throw new AppError(400, 'SIGNATURE_NAME_MISMATCH', '签名须与学籍登记的姓名完全一致')
  const now = deps.now()
  const today = shanghaiDate(now)
  if (input.occurredOn > today.slice(0, input.occurredOn.length))
    throw new AppError(400, 'OCCURRED_IN_FUTURE', '遗失或损毁的时间不能晚于今天')
  if (input.occurredOn < diploma.issuedOn.slice(0, input.occurredOn.length))
    throw new AppError(400, 'OCCURRED_BEFORE_DIPLOMA', `毕业证书于 ${diploma.issuedOn} 颁发，遗失或损毁的时间不能早于颁发日期`)

  return db.transaction(async (tx) => {
    // Serialises applications for one diploma, so two taps with different requestIds open one request.
    await tx.select({ id: diplomaRegistrations.id }).from(diplomaRegistrations).where(eq(diplomaRegistrations.id, diploma.id)).for('update')
    const [open] = await tx.select({ id: certificateRequests.id }).from(certificateRequests).where(and(eq(certificateRequests.diplomaId, diploma.id), inArray(certificateRequests.status, OPEN)))
    if (open)
      throw conflict('REQUEST_OPEN', '您已有一份学历证明书申请正在办理，请等待学校处理结果')
    const due = dueAt(now, CERTIFICATE_REQUEST_DAYS)
    const signedAt = shanghaiDateTime(now) // the one date format every screen uses (issue 13 item 9)
    const [row] = await tx.insert(certificateRequests).values({
      requestId: input.requestId,
      recordId,
      diplomaId: diploma.id,
      filedBy: me.accountId,
      loss: input.loss,
      circumstances: `${input.occurredOn}\n${input.circumstances}`,
      statement: `${certificateDeclaration(input.loss)}\n签名：${input.statement.signedName}（${signedAt}）`,
      dueAt: due.dueAt,
      dueDate: due.dueDate,
      createdAt: now,
    }).onConflictDoNothing({ target: certificateRequests.requestId }).returning({ id: certificateRequests.id })
    if (!row) // lost a race with the same requestId
      return { id: (await tx.select({ id: certificateRequests.id }).from(certificateRequests).where(eq(certificateRequests.requestId, input.requestId)))[0]!.id, created: false }
    await tx.insert(auditEvents).values({ at: now, actorId: me.accountId, action: 'certificate.requested', recordId, clientIp: ip, detail: { requestId: row.id, loss: input.loss } })
    const contradicts = await contradictsEarlier(tx, diploma.id, row.id, { loss: input.loss, occurredOn: input.occurredOn })
    await notify(tx, await officersOf(tx, diploma.schoolUnitId, ['registrar']), {
      kind: 'certificate.requested',
      title: contradicts ? '新的学历证明书申请（与此前申请的说法不一致）' : '新的学历证明书申请',
      body: `${record.name}：毕业证书${lossLabels[input.loss]}，请最迟于 ${due.dueDate} 办结${contradicts ? '。此前已有同一毕业证书的申请，说法不一致，请对照两份声明核实' : ''}`,
      params: { name: record.name, loss: input.loss, due: due.dueDate, variant: contradicts ? 'contradicts' : undefined },
    }, now)
    return { id: row.id, created: true }
  })
}

/** Does a new statement contradict an earlier request for the same diploma (issue 10)? */
async function contradictsEarlier(tx: Tx, diplomaId: string, id: string, mine: Statement) {
  const earlier = await tx.select({ id: certificateRequests.id, loss: certificateRequests.loss, circumstances: certificateRequests.circumstances }).from(certificateRequests).where(eq(certificateRequests.diplomaId, diplomaId))
  return earlier.some(e => e.id !== id && statementConflicts({ loss: e.loss, occurredOn: splitCircumstances(e.circumstances).occurredOn }, mine).length > 0)
}

/** Locks a request inside a decision's transaction and checks the officer is the school's registrar. */
export async function decideRequest<T>(deps: Deps, me: SignedIn, id: string, run: (tx: Tx, r: CertificateRequest, now: Date) => Promise<T>): Promise<T> {
  const { schoolUnitId, request } = await loadRequest(deps.db, id)
  const role = await certificateRole(deps.db, me, request.recordId, schoolUnitId, requestNotFound)
  requireIssuer(role)
  return deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(certificateRequests).where(eq(certificateRequests.id, id)).for('update')
    return run(tx, r!, deps.now())
  })
}

function stateError(r: CertificateRequest, doing: string) {
  return conflict('REQUEST_STATE', r.status === 'issued' ? `这份申请已出具学历证明书，不能${doing}` : r.status === 'refused' ? `这份申请已不予出具，不能${doing}` : `这份申请当前不能${doing}`)
}

/** First post of dual control: one registrar checks the application against the registration. */
export async function reviewRequest(deps: Deps, me: SignedIn, id: string, ip: string) {
  return decideRequest(deps, me, id, async (tx, r, now) => {
    if (r.status !== 'pending')
      throw r.status === 'reviewed' ? conflict('ALREADY_REVIEWED', '这份申请已审核，请由另一位学籍管理员出具') : stateError(r, '审核')
    await tx.update(certificateRequests).set({ status: 'reviewed', reviewedBy: me.accountId, reviewedAt: now }).where(eq(certificateRequests.id, id))
    await tx.insert(auditEvents).values({ at: now, actorId: me.accountId, actorUnitId: me.unitId, action: 'certificate.reviewed', recordId: r.recordId, clientIp: ip, detail: { requestId: id } })
    await notify(tx, (await officersOf(tx, me.unitId!, ['registrar'])).filter(x => x !== me.accountId), {
      kind: 'certificate.reviewed',
      title: '学历证明书申请待出具',
      body: `已由${me.displayName ?? '学籍管理员'}审核，请另一位学籍管理员核对后出具（最迟 ${r.dueDate}）`,
      params: { reviewer: me.displayName ?? '', due: r.dueDate },
    }, now)
  })
}

/** Either registrar may refuse, with a reason the student sees; the student may apply again. */
export async function refuseRequest(deps: Deps, me: SignedIn, id: string, reason: string, ip: string) {
  return decideRequest(deps, me, id, async (tx, r, now) => {
    if (!OPEN.includes(r.status))
      throw stateError(r, '不予出具')
    await tx.update(certificateRequests).set({ status: 'refused', decidedBy: me.accountId, decidedAt: now, refusalReason: reason }).where(eq(certificateRequests.id, id))
    await tx.insert(auditEvents).values({ at: now, actorId: me.accountId, actorUnitId: me.unitId, action: 'certificate.refused', recordId: r.recordId, clientIp: ip, detail: { requestId: id, reason } })
    await notify(tx, [r.filedBy], { kind: 'certificate.refused', title: '学历证明书申请未获通过', body: `理由：${reason}。您可以补充情况后重新申请。`, params: { reason }, sms: { template: 'certificateRefused', params: { date: filedOn(r.createdAt) }, ref: id } }, now)
  })
}

/** Second post: a different registrar issues; the reviewer cannot (403 SAME_PERSON). */
export function assertCanIssue(r: CertificateRequest, me: SignedIn) {
  if (r.status === 'pending')
    throw conflict('REVIEW_REQUIRED', '这份申请还没有审核：须先由一位学籍管理员审核，再由另一位出具')
  if (r.status !== 'reviewed')
    throw stateError(r, '出具')
  if (r.reviewedBy === me.accountId)
    throw forbidden('SAME_PERSON', '审核人和出具人须是两位不同的学籍管理员（双岗），请由另一位学籍管理员出具')
}
