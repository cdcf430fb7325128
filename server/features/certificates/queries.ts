import type { Db } from '../../db/client.ts'
import { asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { certificateStatusLabels } from '#shared/certificates/statement.ts'
import { certificates, certificateVerifications } from '../../db/schema/index.ts'

/**
 * The annotation on a diploma registration (002:19 在学历注册信息中标注; 001:4(7)): every
 * 学历证明书 issued in place of this record's diploma, oldest first, for the record view.
 */
export async function diplomaAnnotations(db: Db, recordId: string) {
  return annotate(await db.select({ id: certificates.id, number: certificates.number, status: certificates.status, issuedOn: certificates.issuedOn, supersededBy: certificates.supersededBy })
    .from(certificates)
    .where(eq(certificates.recordId, recordId))
    // Issued in the same instant (never outside tests): the superseded one first.
    .orderBy(asc(certificates.createdAt), sql`${certificates.status} <> 'superseded'`))
}

/** Each certificate issued for a diploma, in order, with its status in words and what superseded it. */
export function annotate(rows: Pick<typeof certificates.$inferSelect, 'id' | 'number' | 'status' | 'issuedOn' | 'supersededBy'>[]) {
  return rows.map(r => ({
    id: r.id,
    number: r.number,
    status: r.status,
    statusLabel: certificateStatusLabels[r.status],
    issuedOn: r.issuedOn,
    supersededByNumber: rows.find(x => x.id === r.supersededBy)?.number ?? null,
  }))
}

/**
 * When a certificate was checked on the public page (design: the holder sees every check of
 * their certificate, including tries with a name that did not match). Client addresses are not shown.
 */
export async function verificationLog(db: Db, certificateIds: string[]) {
  if (certificateIds.length === 0)
    return []
  const rows = await db.select({ at: certificateVerifications.at, nameMatched: certificateVerifications.nameMatched, number: certificateVerifications.number })
    .from(certificateVerifications)
    .where(inArray(certificateVerifications.certificateId, certificateIds))
    .orderBy(desc(certificateVerifications.at))
    .limit(200)
  return rows.map(r => ({ at: r.at.toISOString(), nameMatched: r.nameMatched, number: r.number }))
}
