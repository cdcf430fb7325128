import type { Db } from '../../db/client.ts'
import type { CaseRoles, Complaint } from './access.ts'
import { z } from '@hono/zod-openapi'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { shanghaiDate, workingDaysBetween } from '#shared/calendar/index.ts'
import { nextStatus } from '#shared/complaints/caseMachine.ts'
import { maskIdNumber, maskPhone, maskRegistryNo } from '#shared/idNumber.ts'
import { accounts, caseEvents, caseSheets, complaintAttachments, units } from '../../db/schema/index.ts'
import { extensionOpen, mayDecideExtension, objectionLastDay, objectionOpen, returnOpen } from './windows.ts'

const person = z.object({ name: z.string(), gender: z.string(), age: z.number().nullable(), ethnicity: z.string(), idNumber: z.string(), phone: z.string().optional(), registryNo: z.string().optional() })
export const sheetSchema = z.object({
  id: z.string(),
  kind: z.enum(['check', 'supervise']),
  number: z.string(),
  issuingUnitName: z.string(),
  trigger: z.string(),
  assignedAt: z.string(),
  dueAt: z.string(),
  dueDate: z.string(),
  /** the 完成时限 as first issued, when a pause or an extension has moved it */
  issuedDueDate: z.string().nullable(),
  /** working days granted by an approved extension */
  extensionDays: z.number(),
  provisional: z.boolean(),
  status: z.string(),
  instructions: z.string().nullable(),
  outcome: z.string().nullable(),
  breachedAt: z.string().nullable(),
})
export const clockSchema = z.object({ dueDate: z.string(), dueAt: z.string(), workingDaysLeft: z.number(), overdue: z.boolean(), paused: z.boolean(), provisional: z.boolean() }).nullable()
export const caseViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  category: z.string(),
  description: z.string(),
  matter: z.string().nullable(),
  complainant: person,
  student: person,
  schoolName: z.string(),
  routedUnitName: z.string(),
  handlingUnitName: z.string().nullable(),
  handlerName: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  findings: z.string().nullable(),
  rating: z.string().nullable(),
  objection: z.string().nullable(),
  infoRequest: z.string().nullable(),
  rejectReason: z.string().nullable(),
  likelyDuplicateOf: z.string().nullable(),
  mergedInto: z.string().nullable(),
  extensionRequest: z.object({ days: z.number(), reason: z.string(), requestedAt: z.string() }).nullable(),
  /** the last day the complainant may object, while the case is closed (design: 5 working days) */
  objectionUntil: z.string().nullable(),
  clock: clockSchema,
  sheets: z.array(sheetSchema),
  events: z.array(z.object({ at: z.string(), kind: z.string(), note: z.string().nullable(), unitName: z.string().nullable(), actorName: z.string().nullable(), detail: z.record(z.string(), z.unknown()).nullable() })),
  attachments: z.array(z.object({ id: z.string(), mime: z.string(), size: z.number() })),
  can: z.record(z.string(), z.boolean()),
})
export type CaseView = z.infer<typeof caseViewSchema>

export const reference = (id: string) => `TS${id.replace(/-/g, '').slice(0, 10).toUpperCase()}`

type Sheet = typeof caseSheets.$inferSelect
/**
 * A case's clock, the one answer for the queue, the case page and the parent: the open 督办单 with
 * the earliest 完成时限 if any, else the open 核查单 with the earliest. design: once supervised, the
 * 督办单 sets the time; among several, the one due first is what the case must meet first. Never
 * depends on the order the sheets were read in.
 */
export function clockOf(sheets: Sheet[], paused: boolean, now: Date) {
  const open = sheets.filter(s => s.status === 'open')
  const supervising = open.filter(s => s.kind === 'supervise')
  const current = (supervising.length ? supervising : open).toSorted((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0]
  if (!current)
    return null
  return {
    dueDate: current.dueDate,
    dueAt: current.dueAt.toISOString(),
    workingDaysLeft: workingDaysBetween(shanghaiDate(now), current.dueDate),
    overdue: current.dueAt < now,
    paused,
    provisional: current.provisional,
  }
}

function can(c: Complaint, r: CaseRoles, open: Sheet[], now: Date) {
  const ok = (action: Parameters<typeof nextStatus>[1]) => nextStatus(c.status, action) !== null
  const hasOpenSupervise = open.some(s => s.kind === 'supervise')
  return {
    accept: r.intake && ok('accept'),
    reject: r.intake && ok('reject'),
    link: r.intake && ok('link'),
    return: r.handler && ok('return') && returnOpen(open, now),
    requestInfo: r.handler && ok('requestInfo'),
    requestExtension: r.handler && ok('requestExtension') && extensionOpen(c, open, now),
    decideExtension: (r.intake || r.above) && ok('decideExtension') && mayDecideExtension(c, r.accountId),
    close: r.handler && ok('close'),
    supervise: r.above && ok('supervise'),
    writeOutcome: r.handler && hasOpenSupervise && ok('writeOutcome'),
    rate: r.filer && ok('rate') && !c.rating,
    object: r.filer && ok('object') && objectionOpen(c, now),
    provideInfo: r.filer && ok('provideInfo'),
  }
}

function maskPerson(p: Complaint['student']) {
  return {
    ...p,
    idNumber: maskIdNumber(p.idNumber),
    ...(p.phone ? { phone: maskPhone(p.phone) } : {}),
    ...(p.registryNo ? { registryNo: maskRegistryNo(p.registryNo) } : {}),
  }
}

export async function caseView(db: Db, c: Complaint, roles: CaseRoles, now: Date): Promise<CaseView> {
  const actor = alias(accounts, 'actor')
  const [sheets, events, files, names] = await Promise.all([
    db.select({ sheet: caseSheets, unitName: units.name }).from(caseSheets).innerJoin(units, eq(units.id, caseSheets.issuingUnitId)).where(eq(caseSheets.complaintId, c.id)).orderBy(asc(caseSheets.assignedAt)),
    db.select({ e: caseEvents, unitName: units.name, actorName: actor.displayName }).from(caseEvents).leftJoin(units, eq(units.id, caseEvents.actorUnitId)).leftJoin(actor, eq(actor.id, caseEvents.actorId)).where(and(eq(caseEvents.complaintId, c.id), roles.officer ? undefined : eq(caseEvents.public, true))).orderBy(asc(caseEvents.at), asc(caseEvents.seq)),
    db.select({ id: complaintAttachments.id, mime: complaintAttachments.mime, size: complaintAttachments.size }).from(complaintAttachments).where(eq(complaintAttachments.complaintId, c.id)).orderBy(asc(complaintAttachments.createdAt)),
    db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, [c.schoolUnitId, c.routedUnitId, c.handlingUnitId ?? c.routedUnitId])),
  ])
  const [handler] = c.handlerId ? await db.select({ name: accounts.displayName }).from(accounts).where(eq(accounts.id, c.handlerId)) : []
  const unitName = (id: string | null) => names.find(u => u.id === id)?.name ?? null
  const iso = (d: Date | null) => d?.toISOString() ?? null
  return {
    id: c.id,
    reference: reference(c.id),
    status: c.status,
    category: c.category,
    description: c.description,
    matter: c.matter,
    complainant: maskPerson(c.complainant),
    student: maskPerson(c.student),
    schoolName: unitName(c.schoolUnitId) ?? '',
    routedUnitName: unitName(c.routedUnitId) ?? '',
    handlingUnitName: unitName(c.handlingUnitId),
    // design: the complainant sees the handling unit, not the officer's name, until the case is closed.
    handlerName: roles.officer || c.status === 'closed' ? handler?.name ?? null : null,
    createdAt: c.createdAt.toISOString(),
    closedAt: iso(c.closedAt),
    findings: c.findings,
    rating: c.rating,
    objection: c.objection,
    infoRequest: c.infoRequest,
    rejectReason: c.rejectReason,
    likelyDuplicateOf: roles.officer ? c.likelyDuplicateOf : null,
    mergedInto: c.mergedInto,
    extensionRequest: c.extensionRequest ? { days: c.extensionRequest.days, reason: c.extensionRequest.reason, requestedAt: c.extensionRequest.requestedAt } : null,
    objectionUntil: c.status === 'closed' && c.closedAt ? objectionLastDay(c.closedAt) : null,
    clock: ['received', 'assigned', 'awaitingInfo'].includes(c.status) ? clockOf(sheets.map(s => s.sheet), c.status === 'awaitingInfo', now) : null,
    sheets: sheets.map(({ sheet: s, unitName }) => ({
      id: s.id,
      kind: s.kind,
      number: s.number,
      issuingUnitName: unitName,
      trigger: s.trigger,
      assignedAt: s.assignedAt.toISOString(),
      dueAt: s.dueAt.toISOString(),
      dueDate: s.dueDate,
      issuedDueDate: s.issuedDueDate,
      extensionDays: s.extensionDays,
      provisional: s.provisional,
      status: s.status,
      instructions: s.instructions,
      outcome: s.outcome,
      breachedAt: iso(s.breachedAt),
    })),
    events: events.map(({ e, unitName, actorName }) => ({ at: e.at.toISOString(), kind: e.kind, note: e.note, unitName, actorName: roles.officer ? actorName : null, detail: e.detail ?? null })),
    attachments: files,
    can: can(c, roles, sheets.map(s => s.sheet).filter(s => s.status === 'open'), now),
  }
}
