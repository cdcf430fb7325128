import type { Db } from '../../db/client.ts'
import { and, eq, isNull, or } from 'drizzle-orm'
import { fieldLabel } from '#shared/recordFields.ts'
import { corrections, studentRecords } from '../../db/schema/index.ts'

/**
 * The fields of a record that a correction is working on: one waiting for a decision, or one approved
 * and waiting for its entry in the official system (issue 10). Items are sealed, so they are read here.
 */
export async function fieldsInCorrection(db: Db, recordId: string): Promise<string[]> {
  const open = await db.select({ items: corrections.items }).from(corrections).where(and(eq(corrections.recordId, recordId), or(eq(corrections.status, 'pending'), and(eq(corrections.status, 'approved'), isNull(corrections.appliedAt)))))
  return [...new Set(open.flatMap(o => o.items.map(i => i.field)))]
}

/**
 * Inside a transaction: waits for any other filing on this record, so two requests for one field cannot
 * both pass the check. 'no key update': rows that refer to the record (audit, disputes) may still be written.
 */
export async function lockRecordForFiling(db: Db, recordId: string) {
  await db.select({ id: studentRecords.id }).from(studentRecords).where(eq(studentRecords.id, recordId)).for('no key update')
}

export const fieldLabels = (fields: string[]) => fields.map(f => fieldLabel(f)).join('、')
