import type { SQL } from 'drizzle-orm'
import type { CertificateContent } from '#shared/certificates/payload.ts'
import type { Db } from '../../db/client.ts'
import type { Certificate, CertificateRequest, CertificateRole } from './access.ts'
import { z } from '@hono/zod-openapi'
import { desc, eq, inArray, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { isKnownDate, shanghaiDate, workingDaysBetween } from '#shared/calendar/index.ts'
import { statementConflicts } from '#shared/certificates/earlierStatements.ts'
import { encodeSignedPayload, verificationUrl } from '#shared/certificates/payload.ts'
import { certificateStatusLabels, lossLabels, requestStatusLabels } from '#shared/certificates/statement.ts'
import { accounts, certificateRequests, certificates, diplomaRegistrations, studentRecords, units } from '../../db/schema/index.ts'
import { splitCircumstances } from './requests.ts'

const signature = z.object({ name: z.string(), at: z.string() }).nullable()
/** What a request states and where it stands: shown for the request itself and for each earlier one. */
const statementFields = {
  id: z.string(),
  createdAt: z.string(),
  status: z.enum(['pending', 'reviewed', 'issued', 'refused']),
  statusLabel: z.string(),
  loss: z.enum(['lost', 'damaged']),
  lossLabel: z.string(),
  occurredOn: z.string().nullable(),
  circumstances: z.string(),
  statement: z.string(),
}
export const requestViewSchema = z.object({
  ...statementFields,
  recordId: z.string(),
  studentName: z.string(),
  schoolName: z.string(),
  dueDate: z.string(),
  dueAt: z.string(),
  clock: z.object({ dueDate: z.string(), workingDaysLeft: z.number(), overdue: z.boolean(), provisional: z.boolean() }).nullable(),
  reviewed: signature,
  decided: signature,
  refusalReason: z.string().nullable(),
  certificate: z.object({ id: z.string(), number: z.string() }).nullable(),
  can: z.object({ review: z.boolean(), issue: z.boolean(), refuse: z.boolean() }),
  // issue 10: earlier requests for the same diploma, each with what in this request contradicts it.
  earlier: z.array(z.object({
    ...statementFields,
    conflicts: z.array(z.enum(['loss', 'occurredOn'])),
  })),
  /** this request's statement contradicts an earlier one for the same diploma: the officer must see both */
  contradictsEarlier: z.boolean(),
})
export type RequestView = z.infer<typeof requestViewSchema>

export const certificateViewSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(['valid', 'superseded', 'revoked']),
  statusLabel: z.string(),
  issuedOn: z.string(),
  schoolName: z.string(),
  holderName: z.string(),
  loss: z.enum(['lost', 'damaged']),
  requestId: z.string().nullable(),
  supersededBy: z.object({ id: z.string(), number: z.string() }).nullable(),
  revokedReason: z.string().nullable(),
  pdfUrl: z.string(),
  verificationUrl: z.string().openapi({ description: '二维码中的地址：公开核验页 + 离线核验用的签名内容（# 之后）' }),
  signedPayload: z.string(),
})
export type CertificateView = z.infer<typeof certificateViewSchema>

const reviewer = alias(accounts, 'reviewer')
const decider = alias(accounts, 'decider')

/** Requests matching `where`, with the names a view needs: newest first, or least time left first (then by id, for keyset pages). */
export async function requestViews(db: Db, where: SQL | undefined, role: (schoolUnitId: string) => CertificateRole, now: Date, order: 'newest' | 'due' = 'newest', limit = 200): Promise<RequestView[]> {
  const rows = await db.select({ r: certificateRequests, studentName: studentRecords.name, schoolName: units.name, schoolUnitId: units.id, reviewerName: reviewer.displayName, deciderName: decider.displayName })
    .from(certificateRequests)
    .innerJoin(studentRecords, eq(studentRecords.id, certificateRequests.recordId))
    .innerJoin(diplomaRegistrations, eq(diplomaRegistrations.id, certificateRequests.diplomaId))
    .innerJoin(units, eq(units.id, diplomaRegistrations.schoolUnitId))
    .leftJoin(reviewer, eq(reviewer.id, certificateRequests.reviewedBy))
    .leftJoin(decider, eq(decider.id, certificateRequests.decidedBy))
    .where(where)
    .orderBy(...(order === 'due' ? [certificateRequests.dueAt, certificateRequests.id] : [desc(certificateRequests.createdAt)]))
    .limit(limit)
  const ids = rows.map(x => x.r.id)
  const issued = ids.length
    ? await db.select({ id: certificates.id, number: certificates.number, requestId: certificates.requestId }).from(certificates).where(inArray(certificates.requestId, ids))
    : []
  const diplomaIds = [...new Set(rows.map(x => x.r.diplomaId))]
  const siblings = diplomaIds.length ? await db.select().from(certificateRequests).where(inArray(certificateRequests.diplomaId, diplomaIds)) : []
  return rows.map(x => ({
    ...requestView(x.r, x, issued.find(c => c.requestId === x.r.id) ?? null, role(x.schoolUnitId), now),
    ...earlierOf(x.r, siblings),
  }))
}

/** The requests filed for the same diploma before this one, oldest first, compared with it. */
function earlierOf(r: CertificateRequest, siblings: CertificateRequest[]) {
  const mine = { loss: r.loss, occurredOn: splitCircumstances(r.circumstances).occurredOn }
  const earlier = siblings
    .filter(e => e.diplomaId === r.diplomaId && e.id !== r.id && e.createdAt < r.createdAt)
    .toSorted((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((e) => {
      const { occurredOn, circumstances } = splitCircumstances(e.circumstances)
      return {
        id: e.id,
        createdAt: e.createdAt.toISOString(),
        status: e.status,
        statusLabel: requestStatusLabels[e.status],
        loss: e.loss,
        lossLabel: lossLabels[e.loss],
        occurredOn,
        circumstances,
        statement: e.statement,
        conflicts: statementConflicts({ loss: e.loss, occurredOn }, mine),
      }
    })
  return { earlier, contradictsEarlier: earlier.some(e => e.conflicts.length > 0) }
}

function requestView(
  r: CertificateRequest,
  names: { studentName: string, schoolName: string, reviewerName: string | null, deciderName: string | null },
  certificate: { id: string, number: string } | null,
  role: CertificateRole,
  now: Date,
): Omit<RequestView, 'earlier' | 'contradictsEarlier'> {
  const open = r.status === 'pending' || r.status === 'reviewed'
  const issuer = role.as === 'officer' && role.issuer
  const { occurredOn, circumstances } = splitCircumstances(r.circumstances)
  return {
    id: r.id,
    recordId: r.recordId,
    studentName: names.studentName,
    schoolName: names.schoolName,
    status: r.status,
    statusLabel: requestStatusLabels[r.status],
    loss: r.loss,
    lossLabel: lossLabels[r.loss],
    occurredOn,
    circumstances,
    statement: r.statement,
    createdAt: r.createdAt.toISOString(),
    dueDate: r.dueDate,
    dueAt: r.dueAt.toISOString(),
    clock: open
      ? { dueDate: r.dueDate, workingDaysLeft: workingDaysBetween(shanghaiDate(now), r.dueDate), overdue: r.dueAt < now, provisional: !isKnownDate(r.dueDate) }
      : null,
    // 000:6: every step names its person (谁审核、谁签字、谁负责).
    reviewed: r.reviewedAt ? { name: names.reviewerName ?? '', at: r.reviewedAt.toISOString() } : null,
    decided: r.decidedAt ? { name: names.deciderName ?? '', at: r.decidedAt.toISOString() } : null,
    refusalReason: r.refusalReason,
    certificate,
    can: {
      review: issuer && r.status === 'pending',
      issue: issuer && r.status === 'reviewed' && r.reviewedBy !== role.accountId,
      refuse: issuer && open,
    },
  }
}

/** Certificates matching `where`, newest first, each with what its QR code holds. */
export async function certificateViews(db: Db, where: SQL | undefined, origin: string): Promise<CertificateView[]> {
  const rows = await db.select({ c: certificates, schoolName: units.name }).from(certificates).innerJoin(units, eq(units.id, certificates.schoolUnitId)).where(where).orderBy(desc(certificates.createdAt), sql`${certificates.status} = 'superseded'`).limit(100)
  const successorIds = rows.map(x => x.c.supersededBy).filter((x): x is string => !!x)
  const successors = successorIds.length ? await db.select({ id: certificates.id, number: certificates.number }).from(certificates).where(inArray(certificates.id, successorIds)) : []
  return rows.map(({ c, schoolName }) => certificateView(c, schoolName, successors.find(s => s.id === c.supersededBy) ?? null, origin))
}

export function certificateView(c: Certificate, schoolName: string, successor: { id: string, number: string } | null, origin: string): CertificateView {
  const content = c.content as unknown as CertificateContent
  const signedPayload = encodeSignedPayload(content, c.signature)
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    statusLabel: certificateStatusLabels[c.status],
    issuedOn: c.issuedOn,
    schoolName,
    holderName: content.nm,
    loss: content.why,
    requestId: c.requestId,
    supersededBy: successor,
    revokedReason: c.revokedReason,
    pdfUrl: `/api/certificates/${c.id}.pdf`,
    verificationUrl: verificationUrl(origin, content, signedPayload),
    signedPayload,
  }
}
