import type { Db } from '../../db/client.ts'
import { z } from '@hono/zod-openapi'
import { asc, desc, eq, inArray } from 'drizzle-orm'
import { shanghaiDate, workingDaysBetween } from '#shared/calendar/index.ts'
import { accounts, complaintAttachments, correctionDecisions, corrections, studentRecords, units } from '../../db/schema/index.ts'
import { maskField } from '../records/present.ts'

export const correctionViewSchema = z.object({
  id: z.string(),
  recordId: z.string(),
  /** whose record: an officer deciding sees who is asking, and a parent which child */
  student: z.object({ name: z.string(), schoolName: z.string() }),
  status: z.string(),
  reason: z.string(),
  level: z.string(),
  stage: z.string(),
  createdAt: z.string(),
  items: z.array(z.object({ field: z.string(), currentValue: z.string().nullable(), requestedValue: z.string() })),
  steps: z.array(z.object({ label: z.string(), unitName: z.string(), role: z.string(), decision: z.string().nullable(), decidedBy: z.string().nullable(), reason: z.string().nullable(), at: z.string().nullable() })),
  step: z.number(),
  dueDate: z.string().nullable(),
  workingDaysLeft: z.number().nullable(),
  overdue: z.boolean(),
  outcomeReason: z.string().nullable(),
  officialEntry: z.object({ enteredOn: z.string(), operator: z.string(), reference: z.string() }).nullable(),
  /** approved, not yet entered in the official system: the record still shows the registered value */
  awaitingEntry: z.boolean(),
  attachments: z.array(z.object({ id: z.string(), mime: z.string() })),
})
export type CorrectionView = z.infer<typeof correctionViewSchema>
type Row = typeof corrections.$inferSelect

export async function correctionView(db: Db, c: Row, now: Date): Promise<CorrectionView> {
  const [view] = await correctionViews(db, [c], now)
  return view!
}

/**
 * The views of several requests in four statements, whatever their number (issue 14: a list of
 * requests cost three statements per row, one reading every unit of the province).
 */
export async function correctionViews(db: Db, rows: Row[], now: Date): Promise<CorrectionView[]> {
  if (rows.length === 0)
    return []
  const ids = rows.map(c => c.id)
  const unitIds = [...new Set(rows.flatMap(c => c.chain.map(s => s.unitId)))]
  const recordIds = [...new Set(rows.map(c => c.recordId))]
  const [decisions, unitRows, files, students] = await Promise.all([
    db.select({ d: correctionDecisions, name: accounts.displayName }).from(correctionDecisions).innerJoin(accounts, eq(accounts.id, correctionDecisions.decidedBy)).where(inArray(correctionDecisions.correctionId, ids)),
    db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds)),
    db.select({ id: complaintAttachments.id, mime: complaintAttachments.mime, correctionId: complaintAttachments.correctionId }).from(complaintAttachments).where(inArray(complaintAttachments.correctionId, ids)).orderBy(asc(complaintAttachments.createdAt), asc(complaintAttachments.id)),
    db.select({ id: studentRecords.id, name: studentRecords.name, schoolName: units.name }).from(studentRecords).innerJoin(units, eq(units.id, studentRecords.schoolUnitId)).where(inArray(studentRecords.id, recordIds)),
  ])
  const studentOf = new Map(students.map(({ id, ...student }) => [id, student]))
  const unitName = new Map(unitRows.map(u => [u.id, u.name]))
  const decided = new Map(decisions.map(x => [`${x.d.correctionId}/${x.d.step}`, x]))
  const proofs = new Map<string | null, typeof files>()
  for (const f of files)
    proofs.set(f.correctionId, [...(proofs.get(f.correctionId) ?? []), f])
  return rows.map((c) => {
    const pending = c.status === 'pending'
    return {
      id: c.id,
      recordId: c.recordId,
      student: studentOf.get(c.recordId)!,
      status: c.status,
      reason: c.reason,
      level: c.level,
      stage: c.stage,
      createdAt: c.createdAt.toISOString(),
      items: c.items.map(i => ({ field: i.field, currentValue: maskField(i.field, i.currentValue), requestedValue: maskField(i.field, i.requestedValue)! })),
      steps: c.chain.map((s, i) => {
        const d = decided.get(`${c.id}/${i}`)
        return { label: s.label, unitName: unitName.get(s.unitId) ?? '', role: s.role, decision: d?.d.decision ?? null, decidedBy: d?.name ?? null, reason: d?.d.reason ?? null, at: d?.d.at.toISOString() ?? null }
      }),
      step: c.step,
      dueDate: pending ? c.stepDueDate : null,
      workingDaysLeft: pending ? workingDaysBetween(shanghaiDate(now), c.stepDueDate) : null,
      overdue: pending && c.stepDueAt < now,
      outcomeReason: c.outcomeReason,
      officialEntry: c.officialEntry ?? null,
      awaitingEntry: c.status === 'approved' && !c.appliedAt,
      attachments: (proofs.get(c.id) ?? []).map(({ id, mime }) => ({ id, mime })),
    }
  })
}

export async function correctionsOfRecord(db: Db, recordId: string, now: Date) {
  const rows = await db.select().from(corrections).where(eq(corrections.recordId, recordId)).orderBy(desc(corrections.createdAt))
  return correctionViews(db, rows, now)
}
