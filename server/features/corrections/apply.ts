import type { Tx } from '../../db/client.ts'
import type { CorrectionItem } from '../../db/schema/index.ts'
import { and, eq } from 'drizzle-orm'
import { bindings, diplomaRegistrations, recordGuardians, recordHistory, studentRecords } from '../../db/schema/index.ts'
import { idNumberDerived, indexOf } from '../../db/sealedLookup.ts'

const booleans = new Set(['boarding', 'disabled', 'leftBehind', 'isGuardian'])

/** The stored form of a requested value ('男' → 'male', '是' → true …). */
function stored(key: string, value: string): unknown {
  if (key === 'gender')
    return value === '男' ? 'male' : 'female'
  if (booleans.has(key))
    return value === '是'
  return value
}

const shown = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? '是' : '否') : v === 'male' ? '男' : v === 'female' ? '女' : String(v))

/** A sealed ID number is found by its blind index: a new number gets a new index (and a record, a new masked form). */
const reindexed = (key: string, value: string) => (key === 'idNumber' ? { idNumberIndex: indexOf(value) } : {})
const recordReindexed = (key: string, value: string) => (key === 'idNumber' ? idNumberDerived(value) : {})

/**
 * Applies one approved item to the record, in the approving transaction, and keeps the previous
 * value in record_history (002:19: the old value is kept; design: nothing overwritten without a trace).
 */
export async function applyItem(tx: Tx, recordId: string, item: CorrectionItem, correctionId: string, at: Date) {
  const [group, key] = item.field.split('.') as [string, string]
  let old: unknown
  if (group === 'student') {
    const [row] = await tx.select().from(studentRecords).where(eq(studentRecords.id, recordId)).for('update')
    old = (row as Record<string, unknown>)[key]
    // 004:1: a temporary record is updated in place once the ID number arrives; it keeps its 学籍号.
    const settled = key === 'idNumber' ? { temporary: false } : {}
    await tx.update(studentRecords).set({ [key]: stored(key, item.requestedValue), ...recordReindexed(key, item.requestedValue), ...settled }).where(eq(studentRecords.id, recordId))
    if (key === 'idNumber') // the student's own binding now proves the new number
      await tx.update(bindings).set({ holderIdNumber: item.requestedValue }).where(and(eq(bindings.recordId, recordId), eq(bindings.relation, 'self')))
  }
  else if (group === 'guardian1' || group === 'guardian2') {
    const ordinal = group === 'guardian1' ? 1 : 2
    const where = and(eq(recordGuardians.recordId, recordId), eq(recordGuardians.ordinal, ordinal))
    const [row] = await tx.select().from(recordGuardians).where(where)
    if (!row) // refused at filing; a row that vanished since must not be reported as changed
      throw new Error(`guardian ${ordinal} of ${recordId} is missing`)
    old = (row as Record<string, unknown>)[key]
    await tx.update(recordGuardians).set({ [key]: stored(key, item.requestedValue), ...reindexed(key, item.requestedValue) }).where(where)
  }
  else if (group === 'diploma') {
    const [row] = await tx.select().from(diplomaRegistrations).where(eq(diplomaRegistrations.recordId, recordId))
    if (key === 'studyPeriod') {
      old = row ? `${row.startMonth} 至 ${row.endMonth}` : null
      const [start, end] = item.requestedValue.split(/\s*至\s*/)
      await tx.update(diplomaRegistrations).set({ startMonth: start!, endMonth: end ?? start! }).where(eq(diplomaRegistrations.recordId, recordId))
    }
    else {
      old = row ? (row as Record<string, unknown>)[key] : null
      await tx.update(diplomaRegistrations).set({ [key]: item.requestedValue }).where(eq(diplomaRegistrations.recordId, recordId))
    }
  }
  else if (group === 'placement' && key === 'major') {
    const [row] = await tx.select({ major: studentRecords.major }).from(studentRecords).where(eq(studentRecords.id, recordId))
    old = row?.major
    await tx.update(studentRecords).set({ major: item.requestedValue }).where(eq(studentRecords.id, recordId))
  }
  await tx.insert(recordHistory).values({ recordId, field: item.field, oldValue: shown(old), newValue: item.requestedValue, correctionId, at })
}
