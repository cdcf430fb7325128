import type { CertificateContent } from '#shared/certificates/payload.ts'
import type { Db } from '../../db/client.ts'
import type { CertificateDocument } from '../../printing/certificate.ts'
import type { Certificate } from './access.ts'
import { eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { encodeSignedPayload, verificationUrl } from '#shared/certificates/payload.ts'
import { accounts, certificateRequests, diplomaRegistrations, studentRecords } from '../../db/schema/index.ts'

const reviewer = alias(accounts, 'reviewer')
const decider = alias(accounts, 'decider')

/**
 * What the PDF prints. The certified facts come from the signed content (as issued); the
 * holder's gender, birth date and full ID number, which the public content leaves out
 * (DOMAIN §6), and the principal's name come from the record and its diploma registration.
 */
export async function certificateDocument(db: Db, cert: Certificate, origin: string): Promise<CertificateDocument> {
  const content = cert.content as unknown as CertificateContent
  const [facts] = await db.select({ record: studentRecords, principalName: diplomaRegistrations.principalName }).from(studentRecords).innerJoin(diplomaRegistrations, eq(diplomaRegistrations.id, cert.diplomaId)).where(eq(studentRecords.id, cert.recordId))
  const [people] = cert.requestId
    ? await db.select({ reviewer: reviewer.displayName, issuer: decider.displayName }).from(certificateRequests).leftJoin(reviewer, eq(reviewer.id, certificateRequests.reviewedBy)).leftJoin(decider, eq(decider.id, certificateRequests.decidedBy)).where(eq(certificateRequests.id, cert.requestId))
    : []
  const r = facts!.record
  return {
    number: cert.number,
    issuedOn: cert.issuedOn,
    status: cert.status,
    loss: content.why,
    holder: { name: content.nm, gender: r.gender, birthDate: r.birthDate, idNumber: r.idNumber },
    diploma: {
      number: content.dno,
      level: content.lv,
      major: content.mj,
      lengthOfSchooling: content.len,
      studyForm: content.fm,
      startMonth: content.from,
      endMonth: content.to,
      conclusion: content.res,
      principalName: facts!.principalName,
    },
    schoolName: content.sch,
    reviewerName: people?.reviewer ?? null,
    issuerName: people?.issuer ?? null,
    qrText: verificationUrl(origin, content, encodeSignedPayload(content, cert.signature)),
    verifyPage: `${origin}/verify`,
    keyId: content.kid,
  }
}
