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
 * for its row lock, and a rolled-back issue gives its number back, so serials have no gaps. A batch
 * (a sweep's 督办单) takes `count` serials in a row by one update.
 */
async function nextSerials(tx: Tx, unitId: string, kind: SheetKind, year: number, count: number) {
  const [row] = await tx.insert(sheetCounters).values({ unitId, kind, year, last: count }).onConflictDoUpdate({ target: [sheetCounters.unitId, sheetCounters.kind, sheetCounters.year], set: { last: sql`${sheetCounters.last} + ${count}` } }).returning({ last: sheetCounters.last })
  return Array.from({ length: count }, (_, i) => row!.last - count + 1 + i)
}

export interface SheetToIssue {
  complaintId: string
  kind: SheetKind
  issuingUnitId: string
  trigger: SheetTrigger
  days: number
  parentSheetId?: string
  instructions?: string
}

export async function issueSheet(tx: Tx, input: SheetToIssue & { at: Date }) {
  return (await issueSheets(tx, [input], input.at))[0]!
}

/** Sheets issued at one time, in order; those of one unit and kind take their serials by one update. */
export async function issueSheets(tx: Tx, inputs: SheetToIssue[], at: Date) {
  if (inputs.length === 0)
    return []
  const year = Number(shanghaiDate(at).slice(0, 4))
  const counters = new Map<string, number[]>() // the inputs of each issuing unit and kind
  inputs.forEach((input, i) => {
    const key = `${input.issuingUnitId}\t${input.kind}`
    const members = counters.get(key)
    if (members)
      members.push(i)
    else
      counters.set(key, [i])
  })
  const numbers: { serial: number, number: string }[] = []
  // In one order (design): two instances' batches taking two units' counters cannot deadlock.
  for (const [key, members] of [...counters].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [unitId, kind] = key.split('\t') as [string, SheetKind]
    const serials = await nextSerials(tx, unitId, kind, year, members.length)
    const [unit] = await tx.select({ regionCode: units.regionCode }).from(units).where(eq(units.id, unitId))
    members.forEach((i, k) => {
      const serial = serials[k]!
      numbers[i] = { serial, number: `${unit!.regionCode}-${year}-${kind === 'check' ? 'HC' : 'DB'}${String(serial).padStart(4, '0')}` }
    })
  }
  const issued = await tx.insert(caseSheets).values(inputs.map((input, i) => {
    const due = workingDayDue(at, input.days)
    return {
      complaintId: input.complaintId,
      kind: input.kind,
      ...numbers[i]!,
      issuingUnitId: input.issuingUnitId,
      year,
      trigger: input.trigger,
      parentSheetId: input.parentSheetId,
      assignedAt: at,
      dueAt: due.dueAt,
      dueDate: due.dueDate,
      provisional: due.provisional,
      instructions: input.instructions,
    }
  })).returning()
  const byNumber = new Map(issued.map(s => [s.number, s])) // RETURNING promises no order
  return numbers.map(n => byNumber.get(n.number)!)
}
