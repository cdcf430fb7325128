import type { Tx } from '../../db/client.ts'
import { eq, sql } from 'drizzle-orm'
import { shanghaiDate, dueAt as workingDayDue } from '#shared/calendar/index.ts'
import { caseSheets, sheetCounters, units } from '../../db/schema/index.ts'

export type SheetKind = 'check' | 'supervise'
export type SheetTrigger = 'assign' | 'breach' | 'objection' | 'manual' | 'intake'

/**
 * 编号 scheme (design): `{issuing unit's region code}-{year}-{HC|DB}{serial, 4 digits}`,
 * e.g. 410102-2026-HC0007 for the 7th 核查单 that 中原区教育局 issued in 2026. HC = 核查, DB = 督办.
 * The serial comes from a counter row updated in the issuing transaction: concurrent issues wait
 * for its row lock, and a rolled-back issue gives its number back, so serials have no gaps.
 */
export async function nextSerial(tx: Tx, unitId: string, kind: SheetKind, year: number) {
  const [row] = await tx.insert(sheetCounters).values({ unitId, kind, year, last: 1 }).onConflictDoUpdate({ target: [sheetCounters.unitId, sheetCounters.kind, sheetCounters.year], set: { last: sql`${sheetCounters.last} + 1` } }).returning({ last: sheetCounters.last })
  return row!.last
}

export async function issueSheet(tx: Tx, input: {
  complaintId: string
  kind: SheetKind
  issuingUnitId: string
  trigger: SheetTrigger
  days: number
  at: Date
  parentSheetId?: string
  instructions?: string
}) {
  const year = Number(shanghaiDate(input.at).slice(0, 4))
  const serial = await nextSerial(tx, input.issuingUnitId, input.kind, year)
  const [unit] = await tx.select({ regionCode: units.regionCode }).from(units).where(eq(units.id, input.issuingUnitId))
  const due = workingDayDue(input.at, input.days)
  const number = `${unit!.regionCode}-${year}-${input.kind === 'check' ? 'HC' : 'DB'}${String(serial).padStart(4, '0')}`
  const [sheet] = await tx.insert(caseSheets).values({
    complaintId: input.complaintId,
    kind: input.kind,
    number,
    issuingUnitId: input.issuingUnitId,
    year,
    serial,
    trigger: input.trigger,
    parentSheetId: input.parentSheetId,
    assignedAt: input.at,
    dueAt: due.dueAt,
    dueDate: due.dueDate,
    provisional: due.provisional,
    instructions: input.instructions,
  }).returning()
  return sheet!
}
