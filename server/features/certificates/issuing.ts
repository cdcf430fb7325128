import type { CertificateContent } from '#shared/certificates/payload.ts'
import type { Deps, SignedIn } from '../../http/context.ts'
import { and, eq, inArray, ne } from 'drizzle-orm'
import { shanghaiDate } from '#shared/calendar/index.ts'
import { newCertificateNumber } from '#shared/certificates/number.ts'
import { maskIdNumber } from '#shared/idNumber.ts'
import { auditEvents, bindings, certificateRequests, certificates, diplomaRegistrations, schools, studentRecords, units } from '../../db/schema/index.ts'
import { AppError, conflict } from '../../http/errors.ts'
import { notify } from '../notifications/notify.ts'
import { filedOn } from '../notifications/sms.ts'
import { certificateNotFound, certificateRole, loadCertificate } from './access.ts'
import { assertCanIssue, decideRequest } from './requests.ts'
import { signContent, signingKey } from './signing.ts'

/**
 * Issues the 学历证明书 (002:19, 001:4(7), 003:19): the signed content, a fresh unguessable
 * number, and the annotation on the diploma registration (the certificate row itself, shown
 * with the registration by `diplomaAnnotations`). A valid earlier certificate for the same
 * diploma is superseded by this one.
 */
export async function issueCertificate(deps: Deps, me: SignedIn, id: string, ip: string) {
  const key = await signingKey(deps.db)
  return decideRequest(deps, me, id, async (tx, r, now) => {
    assertCanIssue(r, me)
    const [facts] = await tx.select({ diploma: diplomaRegistrations, name: studentRecords.name, idNumber: studentRecords.idNumber, schoolName: units.name, schoolCode: schools.code })
      .from(diplomaRegistrations)
      .innerJoin(studentRecords, eq(studentRecords.id, diplomaRegistrations.recordId))
      .innerJoin(units, eq(units.id, diplomaRegistrations.schoolUnitId))
      .innerJoin(schools, eq(schools.unitId, diplomaRegistrations.schoolUnitId))
      .where(eq(diplomaRegistrations.id, r.diplomaId))
      // An entry of a correction changing these waits for the issue, or the issue for the entry: either the
      // certificate prints the new values, or the entry sees the certificate and tells its holder (outdated.ts).
      .for('share', { of: [studentRecords, diplomaRegistrations] })
    const { diploma: d } = facts!
    const issuedOn = shanghaiDate(now)
    let issued: typeof certificates.$inferSelect | undefined
    // 55 random bits: a repeat is all but impossible, but a repeat must never reach the student.
    for (let attempt = 0; !issued && attempt < 5; attempt++) {
      const content: CertificateContent = {
        v: 1,
        kid: key.id,
        no: newCertificateNumber(Number(issuedOn.slice(0, 4)), facts!.schoolCode),
        on: issuedOn,
        sch: facts!.schoolName,
        nm: facts!.name,
        id: facts!.idNumber ? maskIdNumber(facts!.idNumber) : null,
        dno: d.diplomaNo,
        lv: d.educationLevel,
        mj: d.major,
        len: d.lengthOfSchooling,
        fm: d.studyForm,
        from: d.startMonth,
        to: d.endMonth,
        res: d.conclusion,
        why: r.loss,
      }
      ;[issued] = await tx.insert(certificates).values({
        number: content.no,
        requestId: r.id,
        recordId: r.recordId,
        diplomaId: r.diplomaId,
        schoolUnitId: d.schoolUnitId,
        issuedOn,
        content: content as unknown as Record<string, unknown>,
        signature: signContent(key, content),
        createdAt: now,
      }).onConflictDoNothing({ target: certificates.number }).returning()
    }
    if (!issued)
      throw new Error('could not draw an unused certificate number')
    const superseded = await tx.update(certificates).set({ status: 'superseded', supersededBy: issued.id }).where(and(eq(certificates.diplomaId, r.diplomaId), eq(certificates.status, 'valid'), ne(certificates.id, issued.id))).returning({ number: certificates.number })
    await tx.update(certificateRequests).set({ status: 'issued', decidedBy: me.accountId, decidedAt: now }).where(eq(certificateRequests.id, r.id))
    await tx.insert(auditEvents).values({
      at: now,
      actorId: me.accountId,
      actorUnitId: me.unitId,
      action: 'certificate.issued',
      recordId: r.recordId,
      clientIp: ip,
      detail: { requestId: r.id, certificateId: issued.id, number: issued.number, reviewedBy: r.reviewedBy, supersedes: superseded.map(x => x.number) },
    })
    await notify(tx, [r.filedBy], {
      kind: 'certificate.issued',
      title: '学历证明书已出具',
      body: `编号 ${issued.number}，可在学籍通下载${superseded.length ? `；此前的证明书 ${superseded.map(x => x.number).join('、')} 同时失效` : ''}`,
      params: { number: issued.number, superseded: superseded.map(x => x.number).join(', '), variant: superseded.length ? 'superseded' : undefined },
      sms: { template: 'certificateIssued', params: { date: filedOn(r.createdAt), number: issued.number }, ref: issued.id },
    }, now)
    return issued.id
  })
}

/** An officer withdraws a certificate (for example one obtained with false statements, 002:19). */
export async function revokeCertificate(deps: Deps, me: SignedIn, id: string, reason: string, ip: string) {
  const cert = await loadCertificate(deps.db, id)
  await certificateRole(deps.db, me, cert.recordId, cert.schoolUnitId, certificateNotFound)
  // design: revoking a certificate others rely on is a head's or leader's decision, not any officer's.
  if (me.role !== 'head' && me.role !== 'leader')
    throw new AppError(403, 'REVOKE_NOT_ALLOWED', '撤销学历证明书须由学校或其学籍主管部门的负责人办理')
  return deps.db.transaction(async (tx) => {
    const now = deps.now()
    const [locked] = await tx.select().from(certificates).where(eq(certificates.id, id)).for('update')
    if (locked!.status === 'revoked')
      throw conflict('CERTIFICATE_STATE', '这份学历证明书已撤销')
    await tx.update(certificates).set({ status: 'revoked', revokedReason: reason }).where(eq(certificates.id, id))
    await tx.insert(auditEvents).values({ at: now, actorId: me.accountId, actorUnitId: me.unitId, action: 'certificate.revoked', recordId: cert.recordId, clientIp: ip, detail: { certificateId: id, number: cert.number, reason, was: locked!.status } })
    const holders = await tx.select({ id: bindings.accountId }).from(bindings).where(and(eq(bindings.recordId, cert.recordId), inArray(bindings.relation, ['self'])))
    await notify(tx, holders.map(h => h.id), { kind: 'certificate.revoked', title: '学历证明书已撤销', body: `编号 ${cert.number}；理由：${reason}`, params: { number: cert.number, reason } }, now)
  })
}
