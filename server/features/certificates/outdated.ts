import type { Tx } from '../../db/client.ts'
import { and, eq } from 'drizzle-orm'
import { signedFieldsInCorrection } from '#shared/certificates/printedFields.ts'
import { bindings, certificates } from '../../db/schema/index.ts'
import { fieldLabels } from '../corrections/inProgress.ts'
import { notify } from '../notifications/notify.ts'

/**
 * design: a 学历证明书 certifies the diploma as registered when issued, and stays valid; once a field
 * its signed content fixed is corrected, its holder is told it no longer matches the record, and may
 * apply for one that does (which supersedes it, issuing.ts).
 */
export async function tellHoldersOfOutdatedCertificates(tx: Tx, recordId: string, corrected: string[], now: Date) {
  const fields = signedFieldsInCorrection(corrected)
  if (fields.length === 0)
    return
  const valid = await tx.select({ number: certificates.number }).from(certificates).where(and(eq(certificates.recordId, recordId), eq(certificates.status, 'valid')))
  if (valid.length === 0)
    return
  const holders = await tx.select({ id: bindings.accountId }).from(bindings).where(and(eq(bindings.recordId, recordId), eq(bindings.relation, 'self')))
  const numbers = valid.map(v => v.number).join('、')
  await notify(tx, holders.map(h => h.id), {
    kind: 'certificate.outdated',
    title: '学历证明书与更正后的学籍不一致',
    body: `证明书 ${numbers} 上的${fieldLabels(fields)}是更正前的内容。如需与学籍一致的证明书，可以重新申请；新的证明书出具后，原证明书失效`,
    params: { number: numbers, fields },
  }, now)
}
