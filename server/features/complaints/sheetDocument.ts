import type { Db } from '../../db/client.ts'
import type { caseSheets } from '../../db/schema/index.ts'
import type { CaseSheetDocument } from '../../printing/caseSheet.ts'
import type { Complaint } from './access.ts'
import { z } from '@hono/zod-openapi'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { shanghaiDate } from '#shared/calendar/index.ts'
import { maskIdNumber, maskPhone, maskRegistryNo } from '#shared/idNumber.ts'
import { accounts, units } from '../../db/schema/index.ts'
import { sheetNotes } from '../../printing/caseSheet.ts'

type Sheet = typeof caseSheets.$inferSelect
interface Officer { name: string, phone: string }

async function unitName(db: Db, id: string | null) {
  if (!id)
    return ''
  const [u] = await db.select({ name: units.name }).from(units).where(eq(units.id, id))
  return u?.name ?? ''
}

async function officer(db: Db, id: string | null): Promise<Officer> {
  if (!id)
    return { name: '', phone: '' }
  const [a] = await db.select({ name: accounts.displayName, phone: accounts.officePhone }).from(accounts).where(eq(accounts.id, id))
  return { name: a?.name ?? '', phone: a?.phone ?? '' }
}

// design: a system-issued 督办单 names the supervising unit's head (or first officer) as 责任人.
async function unitLead(db: Db, unitId: string): Promise<Officer> {
  const rows = await db.select({ id: accounts.id, role: accounts.role }).from(accounts).where(and(eq(accounts.unitId, unitId), inArray(accounts.role, ['head', 'leader', 'officer']))).orderBy(asc(accounts.username))
  const lead = rows.find(r => r.role === 'head') ?? rows[0]
  return officer(db, lead?.id ?? null)
}

/** The sheet as printed: full identity numbers, for the officers who handle the case (DOMAIN §6). */
export async function sheetDocument(db: Db, c: Complaint, sheet: Sheet): Promise<CaseSheetDocument> {
  const handler = await officer(db, c.handlerId)
  const handlingUnit = { name: await unitName(db, c.handlingUnitId), person: handler.name, phone: handler.phone }
  const person = (p: Complaint['student']) => ({ name: p.name, gender: p.gender, age: p.age, ethnicity: p.ethnicity, idNumber: p.idNumber })
  const base = {
    number: sheet.number,
    complainant: { ...person(c.complainant), phone: c.complainant.phone ?? '' },
    student: { ...person(c.student), registryNo: c.student.registryNo ?? '' },
    matter: c.matter ?? c.description,
    assignedOn: shanghaiDate(sheet.assignedAt),
    dueOn: sheet.dueDate,
    dueProvisional: sheet.provisional,
    issuedDueOn: sheet.issuedDueDate,
    extensionDays: sheet.extensionDays,
  }
  if (sheet.kind === 'check') {
    const lead = await officer(db, c.responsibleOfficerId)
    return { ...base, kind: 'check', handlingUnit, responsibleUnit: { name: await unitName(db, sheet.issuingUnitId), person: lead.name, phone: lead.phone }, findings: sheet.outcome }
  }
  // design (issue 10 item 17): a 督办单 supervises the 处理责任单位, the bureau that answers for the
  // case (the one it is routed to, which accepted it and issued the 核查单), so its 承办单位 row names
  // that bureau and its 责任人 (the officer who accepted the case, or the bureau's head before anyone
  // has). A school doing the work below it is named in a note as the current 承办, not as the
  // supervised unit: the 督办单 asks the bureau, not the school, to answer for the delay.
  const responsible = c.responsibleOfficerId ? await officer(db, c.responsibleOfficerId) : await unitLead(db, c.routedUnitId)
  const supervised = { name: await unitName(db, c.routedUnitId), person: responsible.name, phone: responsible.phone }
  const lead = await unitLead(db, sheet.issuingUnitId)
  return {
    ...base,
    kind: 'supervise',
    handlingUnit: supervised,
    ...(c.handlingUnitId && c.handlingUnitId !== c.routedUnitId ? { currentHandler: handlingUnit } : {}),
    supervisingUnit: { name: await unitName(db, sheet.issuingUnitId), person: lead.name, phone: lead.phone },
    instructions: sheet.instructions,
    outcome: sheet.outcome,
  }
}

const party = z.object({ name: z.string(), person: z.string(), phone: z.string() })
const personSchema = z.object({ name: z.string(), gender: z.string(), age: z.number().nullable(), ethnicity: z.string(), idNumber: z.string() })
export const sheetDocumentSchema = z.object({
  kind: z.enum(['check', 'supervise']),
  number: z.string(),
  complainant: personSchema.extend({ phone: z.string() }),
  student: personSchema.extend({ registryNo: z.string() }),
  matter: z.string(),
  responsibleUnit: party.optional(),
  supervisingUnit: party.optional(),
  handlingUnit: party,
  currentHandler: party.optional(),
  assignedOn: z.string(),
  dueOn: z.string(),
  dueProvisional: z.boolean().optional(),
  issuedDueOn: z.string().nullable().optional(),
  extensionDays: z.number().optional(),
  findings: z.string().nullable().optional(),
  instructions: z.string().nullable().optional(),
  outcome: z.string().nullable().optional(),
  notes: z.array(z.string()),
})

/** The same sheet for the browser's print view: identity numbers and the complainant's phone masked (DOMAIN §6). */
export function maskedSheetDocument(doc: CaseSheetDocument): z.infer<typeof sheetDocumentSchema> {
  return {
    ...doc,
    complainant: { ...doc.complainant, idNumber: maskIdNumber(doc.complainant.idNumber), phone: doc.complainant.phone ? maskPhone(doc.complainant.phone) : '' },
    student: { ...doc.student, idNumber: maskIdNumber(doc.student.idNumber), registryNo: doc.student.registryNo ? maskRegistryNo(doc.student.registryNo) : '' },
    notes: sheetNotes(doc),
  }
}
