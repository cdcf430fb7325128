import type { SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { CaseRoles, Complaint } from './access.ts'
import { z } from '@hono/zod-openapi'
import { sql } from 'drizzle-orm'
import { shanghaiDate, workingDaysBetween } from '#shared/calendar/index.ts'
import { nextStatus, publicStatus, runningStatuses } from '#shared/complaints/caseMachine.ts'
import { maskIdNumber, maskPhone, maskRegistryNo } from '#shared/idNumber.ts'
import { fromJsonRow } from '../../db/jsonRows.ts'
import { preparedOnce } from '../../db/prepared.ts'
import { accounts, caseEvents, caseSheets, complaintAttachments, complaints, units } from '../../db/schema/index.ts'
import { mergedOutcome, ratedInGroup } from './merged.ts'
import { extensionOpen, mayDecideExtension, objectionLastDay, objectionOpen, returnOpen, selfHandled } from './windows.ts'

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
export const clockSchema = z.object({
  /** what the clock runs for: 受理 (intake), the 核查单, or a 督办单 */
  stage: z.enum(['intake', 'check', 'supervise']),
  dueDate: z.string(),
  dueAt: z.string(),
  /** working days after today up to the due day; 0 on the due day, negative once past it */
  workingDaysLeft: z.number(),
  overdue: z.boolean(),
  /** the due day is today and its close has not passed: 今日到期 */
  dueToday: z.boolean(),
  /** working days elapsed since the due day, once overdue; 0 until the first working day after it (a Friday deadline read on Saturday) */
  workingDaysOverdue: z.number(),
  paused: z.boolean(),
  provisional: z.boolean(),
}).nullable()
export const caseViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  category: z.string(),
  description: z.string(),
  matter: z.string().nullable(),
  complainant: person,
  student: person,
  /** The student's record, when the filer chose their bound child: officers only. */
  recordId: z.string().nullable(),
  schoolName: z.string(),
  routedUnitName: z.string(),
  handlingUnitName: z.string().nullable(),
  handlerName: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  findings: z.string().nullable(),
  /** the 承办单位's report awaiting (or sent back from) the 处理责任单位's review; officers only */
  report: z.string().nullable(),
  rating: z.string().nullable(),
  objection: z.string().nullable(),
  infoRequest: z.string().nullable(),
  rejectReason: z.string().nullable(),
  likelyDuplicateOf: z.string().nullable(),
  mergedInto: z.string().nullable(),
  /** issue 10: for a merged complaint, the case it joined: its status and, once closed, its findings */
  mergedOutcome: z.object({ caseId: z.string(), status: z.string(), findings: z.string().nullable(), closedAt: z.string().nullable() }).nullable(),
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
/** What a case's clock reads of a sheet. */
export type ClockSheet = Pick<Sheet, 'status' | 'kind' | 'dueAt' | 'dueDate' | 'provisional'>
/** The intake clock of a complaint waiting for 受理 (design: casePolicy.intakeDays). */
export type IntakeDue = Pick<Complaint, 'intakeDueAt' | 'intakeDueDate' | 'intakeProvisional'>

/**
 * A case's clock, the one answer for the queue, the case page and the parent: the open 督办单 with
 * the earliest 完成时限 if any, else the open 核查单 with the earliest, else (a complaint waiting for
 * 受理) the intake due date. design: once supervised, the 督办单 sets the time; among several, the
 * one due first is what the case must meet first. Never depends on the order the sheets were read in.
 * It also decides how late: "今日到期" on the due day, and overdue by N ≥ 1 working days only once
 * a working day has passed the due day (never "已超期 0 个工作日").
 */
export function clockOf(sheets: ClockSheet[], paused: boolean, now: Date, intake?: IntakeDue | null): z.infer<typeof clockSchema> {
  const open = sheets.filter(s => s.status === 'open')
  const supervising = open.filter(s => s.kind === 'supervise')
  const sheet = (supervising.length ? supervising : open).toSorted((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0]
  const current = sheet
    ? { stage: sheet.kind, dueAt: sheet.dueAt, dueDate: sheet.dueDate, provisional: sheet.provisional }
    : intake?.intakeDueAt && intake.intakeDueDate
      ? { stage: 'intake' as const, dueAt: intake.intakeDueAt, dueDate: intake.intakeDueDate, provisional: intake.intakeProvisional }
      : null
  if (!current)
    return null
  const today = shanghaiDate(now)
  const left = workingDaysBetween(today, current.dueDate)
  const overdue = current.dueAt < now
  return {
    stage: current.stage,
    dueDate: current.dueDate,
    dueAt: current.dueAt.toISOString(),
    workingDaysLeft: left,
    overdue,
    dueToday: !overdue && today === current.dueDate,
    workingDaysOverdue: overdue ? Math.max(0, -left) : 0,
    paused,
    provisional: current.provisional,
  }
}

/** The clock of a case as stored, or null when it is not running (closed, rejected, merged). */
export function caseClock(c: Pick<Complaint, 'status'> & IntakeDue, sheets: ClockSheet[], now: Date) {
  if (!runningStatuses.includes(c.status))
    return null
  return clockOf(sheets, c.status === 'awaitingInfo', now, c.status === 'received' ? c : null)
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
    // design (caseMachine.ts): the 承办单位 reports, the 处理责任单位 closes; a bureau handling its own case closes directly.
    report: r.handler && !selfHandled(c) && ok('report'),
    close: ok('close') && (c.status === 'reported' ? r.intake : r.handler && selfHandled(c)),
    sendBack: r.intake && ok('sendBack'),
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

type Json = Record<string, unknown>
const list = (sub: SQL) => sql<Json[]>`coalesce((${sub}), '[]'::jsonb)`

/**
 * A case as its page shows it, in one statement (issue 14: one round trip instead of five): the
 * complaint, its sheets, its steps (the public ones unless an officer reads), its photos, the names
 * of its units and of its 承办人. Built and prepared once.
 */
const casePageQuery = preparedOnce('case_page', db => db.select({
  complaint: sql<Json>`to_jsonb(c)`,
  sheets: list(sql`select jsonb_agg(jsonb_build_object('sheet', to_jsonb(s), 'unit_name', u.name) order by s.assigned_at) from ${caseSheets} s join ${units} u on u.id = s.issuing_unit_id where s.complaint_id = c.id`),
  events: list(sql`select jsonb_agg(jsonb_build_object('event', to_jsonb(e), 'unit_name', u.name, 'actor_name', a.display_name) order by e.at, e.seq)
    from ${caseEvents} e left join ${units} u on u.id = e.actor_unit_id left join ${accounts} a on a.id = e.actor_id
    where e.complaint_id = c.id and (${sql.placeholder('officer')}::boolean or e.public)`),
  files: list(sql`select jsonb_agg(jsonb_build_object('id', f.id, 'mime', f.mime, 'size', f.size) order by f.created_at) from ${complaintAttachments} f where f.complaint_id = c.id`),
  names: sql<Record<string, string>>`(select jsonb_object_agg(u.id, u.name) from ${units} u where u.id in (c.school_unit_id, c.routed_unit_id, c.handling_unit_id))`,
  handlerName: sql<string | null>`(select a.display_name from ${accounts} a where a.id = c.handler_id)`,
}).from(sql`${complaints} c`).where(sql`c.id = ${sql.placeholder('id')}`))

/** The case and everything its page shows; null when there is no such case. `officer`: with the steps only officers see. */
export async function loadCasePage(db: Db, id: string, officer: boolean) {
  const [row] = await casePageQuery(db).execute({ id, officer })
  if (!row)
    return null
  return {
    complaint: fromJsonRow(complaints, row.complaint),
    sheets: row.sheets.map(x => ({ sheet: fromJsonRow(caseSheets, x.sheet as Json), unitName: x.unit_name as string })),
    events: row.events.map(x => ({ e: fromJsonRow(caseEvents, x.event as Json), unitName: x.unit_name as string | null, actorName: x.actor_name as string | null })),
    files: row.files as { id: string, mime: string, size: number }[],
    names: row.names,
    handlerName: row.handlerName,
  }
}
export type CasePage = NonNullable<Awaited<ReturnType<typeof loadCasePage>>>

export async function caseView(db: Db, page: CasePage, roles: CaseRoles, now: Date): Promise<CaseView> {
  const { complaint: c, sheets, events, files, names, handlerName } = page
  const outcome = await mergedOutcome(db, c)
  const allowed = can(c, roles, sheets.map(s => s.sheet).filter(s => s.status === 'open'), now)
  // issue 10: a merged complaint's filer rates once the case it joined is closed; once per filer per case.
  const rate = roles.filer && (c.status === 'merged' ? outcome?.status === 'closed' && !c.rating : allowed.rate) && !await ratedInGroup(db, c)
  const unitName = (id: string | null) => (id && names[id]) ?? null
  const iso = (d: Date | null) => d?.toISOString() ?? null
  return {
    id: c.id,
    reference: reference(c.id),
    status: roles.officer ? c.status : publicStatus(c.status),
    category: c.category,
    description: c.description,
    matter: c.matter,
    complainant: maskPerson(c.complainant),
    student: maskPerson(c.student),
    // design: the officer checks the complaint against the record as registered, one tap away.
    recordId: roles.officer ? c.recordId : null,
    schoolName: unitName(c.schoolUnitId) ?? '',
    routedUnitName: unitName(c.routedUnitId) ?? '',
    handlingUnitName: unitName(c.handlingUnitId),
    // design: the complainant sees the handling unit, not the officer's name, until the case is closed.
    handlerName: roles.officer || c.status === 'closed' ? handlerName : null,
    createdAt: c.createdAt.toISOString(),
    closedAt: iso(c.closedAt),
    findings: c.findings,
    report: roles.officer ? c.report : null,
    rating: c.rating,
    objection: c.objection,
    infoRequest: c.infoRequest,
    rejectReason: c.rejectReason,
    likelyDuplicateOf: roles.officer ? c.likelyDuplicateOf : null,
    mergedInto: c.mergedInto,
    mergedOutcome: outcome,
    extensionRequest: c.extensionRequest ? { days: c.extensionRequest.days, reason: c.extensionRequest.reason, requestedAt: c.extensionRequest.requestedAt } : null,
    objectionUntil: c.status === 'closed' && c.closedAt ? objectionLastDay(c.closedAt) : null,
    clock: caseClock(c, sheets.map(s => s.sheet), now),
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
    can: { ...allowed, rate },
  }
}
