import type { CertificateContent } from '#shared/certificates/payload.ts'
import type { Deps } from '../../http/context.ts'
import { z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { normalizeCertificateNumber } from '#shared/certificates/number.ts'
import { certificateStatusLabels, normalizePersonName } from '#shared/certificates/statement.ts'
import { claimAttempt } from '../../auth/limits.ts'
import { certificates, certificateVerifications } from '../../db/schema/index.ts'
import { AppError, notFound, rateLimited } from '../../http/errors.ts'

// design: enough for an HR desk checking a stack of certificates, far too few to guess names.
export const VERIFY_LIMIT = { perWindow: 30, windowMs: 60_000 }

export const publicCertificateSchema = z.object({
  number: z.string(),
  status: z.enum(['valid', 'superseded', 'revoked']),
  statusLabel: z.string(),
  issuedOn: z.string(),
  schoolName: z.string(),
  holder: z.object({ name: z.string(), idNumber: z.string().nullable().openapi({ description: '已遮蔽：前 6 位和后 4 位' }) }),
  diploma: z.object({
    number: z.string(),
    level: z.string(),
    major: z.string().nullable(),
    lengthOfSchooling: z.string(),
    studyForm: z.string(),
    startMonth: z.string(),
    endMonth: z.string(),
    conclusion: z.string(),
  }),
  reason: z.enum(['lost', 'damaged']),
  keyId: z.string(),
}).openapi('PublicCertificate')

/** One answer for an unknown number and for a wrong name, so a wrong name tells nothing. */
const nothingFound = () => notFound('CERTIFICATE_NOT_FOUND', '没有找到与该编号和姓名相符的学历证明书，请核对编号和持证人姓名')

/**
 * The public check (002:21-22, 003:20; DOMAIN §3.3 design): number and holder's name give the
 * status and the certified facts, with the ID number masked — nothing else. Each try is logged
 * (certificate_verifications) and claims one of the address's tries (VERIFY_LIMIT).
 */
export async function verifyCertificate(deps: Deps, rawNumber: string, name: string, ip: string) {
  const number = normalizeCertificateNumber(rawNumber)
  if (!number)
    throw new AppError(400, 'CERTIFICATE_NUMBER_INVALID', '证明书编号有误，请核对后重新输入（形如 2026-4141019911-K7QM-3XD9-P2H7）')
  const { db } = deps
  const now = deps.now()
  // One conditional upsert claims the try, so a burst from one address cannot outrun the count.
  const claim = await claimAttempt(db, `verify:${ip}`, { kind: 'window', max: VERIFY_LIMIT.perWindow, windowMs: VERIFY_LIMIT.windowMs }, now)
  if (!claim.won)
    throw rateLimited('VERIFY_RATE_LIMITED', claim.retryAfterSeconds)
  const [cert] = await db.select().from(certificates).where(eq(certificates.number, number))
  const content = cert?.content as unknown as CertificateContent | undefined
  const matched = !!content && normalizePersonName(content.nm) === normalizePersonName(name)
  await db.insert(certificateVerifications).values({ certificateId: cert?.id ?? null, number, nameMatched: matched, clientIp: ip, at: now })
  if (!cert || !content || !matched)
    throw nothingFound()
  return {
    number: cert.number,
    status: cert.status,
    statusLabel: certificateStatusLabels[cert.status],
    issuedOn: content.on,
    schoolName: content.sch,
    holder: { name: content.nm, idNumber: content.id },
    diploma: {
      number: content.dno,
      level: content.lv,
      major: content.mj,
      lengthOfSchooling: content.len,
      studyForm: content.fm,
      startMonth: content.from,
      endMonth: content.to,
      conclusion: content.res,
    },
    reason: content.why,
    keyId: content.kid,
  }
}
