import type { Db } from '../../db/client.ts'
import type { Ctx, SignedIn } from '../../http/context.ts'
import { and, eq } from 'drizzle-orm'
import { bindings, certificateRequests, certificates, diplomaRegistrations, units } from '../../db/schema/index.ts'
import { forbidden, notFound } from '../../http/errors.ts'

export type CertificateRequest = typeof certificateRequests.$inferSelect
export type Certificate = typeof certificates.$inferSelect

/**
 * Who is looking at a record's certificate business: the student themself (binding 'self'), or
 * an officer whose jurisdiction (unit path prefix) holds the school that registered the diploma.
 * `issuer`: a registrar of that school, who reviews, issues and refuses (dual control: two of them).
 */
export type CertificateRole
  = | { as: 'holder', accountId: string }
    | { as: 'officer', accountId: string, unitId: string, issuer: boolean }

export const requestNotFound = () => notFound('CERTIFICATE_REQUEST_NOT_FOUND', '没有找到这份学历证明书申请，或不在您的管辖范围内')
export const certificateNotFound = () => notFound('CERTIFICATE_NOT_FOUND', '没有找到这份学历证明书，或不在您的管辖范围内')

/** Anyone unrelated gets `notFoundError` (the same 404 as for nothing there); a guardian gets 403 SELF_ONLY. */
export async function certificateRole(db: Db, s: SignedIn, recordId: string, schoolUnitId: string, notFoundError: () => Error): Promise<CertificateRole> {
  if (s.kind === 'citizen') {
    const [b] = await db.select({ relation: bindings.relation }).from(bindings).where(and(eq(bindings.accountId, s.accountId), eq(bindings.recordId, recordId)))
    if (!b)
      throw notFoundError()
    // 001:4(7): the student applies in person; the certificate is the graduate's own document.
    if (b.relation !== 'self')
      throw forbidden('SELF_ONLY', '学历证明书只能由学生本人申请和查看')
    return { as: 'holder', accountId: s.accountId }
  }
  if (!s.unitId || !s.unitPath)
    throw notFoundError()
  const [school] = await db.select({ path: units.path }).from(units).where(eq(units.id, schoolUnitId))
  if (!school || !school.path.startsWith(s.unitPath))
    throw notFoundError()
  return { as: 'officer', accountId: s.accountId, unitId: s.unitId, issuer: s.role === 'registrar' && s.unitId === schoolUnitId }
}

export function requireIssuer(role: CertificateRole): asserts role is Extract<CertificateRole, { as: 'officer' }> {
  if (role.as !== 'officer' || !role.issuer)
    throw forbidden('NOT_YOUR_STEP', '学历证明书由毕业学校的学籍管理员审核和出具')
}

/** A request with the school that registered its diploma. */
export async function loadRequest(db: Db, id: string) {
  const [row] = await db.select({ request: certificateRequests, schoolUnitId: diplomaRegistrations.schoolUnitId })
    .from(certificateRequests)
    .innerJoin(diplomaRegistrations, eq(diplomaRegistrations.id, certificateRequests.diplomaId))
    .where(eq(certificateRequests.id, id))
  if (!row)
    throw requestNotFound()
  return row
}

export async function loadCertificate(db: Db, id: string) {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id))
  if (!row)
    throw certificateNotFound()
  return row
}

/**
 * The origin the QR code points at: this app's own address as the request reached it
 * (X-Forwarded-Proto/Host when behind a trusted proxy).
 */
export function publicOrigin(c: Ctx): string {
  const url = new URL(c.req.url)
  if (c.get('deps').env.TRUST_PROXY) {
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim()
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
    if (host && /^[\w.-]+(?::\d+)?$/.test(host))
      return `${proto === 'http' ? 'http' : 'https'}://${host}`
  }
  return url.origin
}
