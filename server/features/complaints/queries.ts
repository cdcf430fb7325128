import type { Placeholder, SQL } from 'drizzle-orm'
import type { Buffer } from 'node:buffer'
import type { Db } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import type { ClockSheet } from './view.ts'
import { and, desc, eq, inArray, like, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { publicStatus } from '#shared/complaints/caseMachine.ts'
import { decodeCursor, encodeCursor, olderThanRow, pageOf } from '../../db/keyset.ts'
import { columnPositions, preparedOnce, rawFlag, rawInstant, rawJson, rawStatementOnce, rawText } from '../../db/prepared.ts'
import { caseReach, caseSheets, complaints, schools, units } from '../../db/schema/index.ts'
import { caseClock, reference } from './view.ts'

const school = alias(units, 'school')

// What a list shows of a case, with what its clock reads of its open sheets (one statement): not the
// complainant (sealed, so each row would cost an AES opening for nothing), nor whole sheets (issue 14:
// building, parsing and mapping them was a tenth of a queue page's CPU).
const summary = {
  id: complaints.id,
  status: complaints.status,
  category: complaints.category,
  studentName: complaints.studentName,
  // the sealed person only for a complaint filed before its name was kept beside it
  student: sql`case when ${complaints.studentName} is null then ${complaints.student} end`.mapWith(complaints.student) as SQL<typeof complaints.$inferSelect['student'] | null>,
  schoolUnitId: complaints.schoolUnitId,
  createdAt: complaints.createdAt,
  likelyDuplicateOf: complaints.likelyDuplicateOf,
  extensionRequest: complaints.extensionRequest,
  intakeDueAt: complaints.intakeDueAt,
  intakeDueDate: complaints.intakeDueDate,
  intakeProvisional: complaints.intakeProvisional,
  schoolName: school.name,
  openSheets: sql<OpenSheetJson[]>`coalesce((select jsonb_agg(jsonb_build_array(s.kind, s.due_at, s.due_date, s.provisional)) from ${caseSheets} s where s.complaint_id = ${complaints.id} and s.status = 'open'), '[]'::jsonb)`,
}
type OpenSheetJson = [ClockSheet['kind'], string, string, boolean]
const openSheet = ([kind, dueAt, dueDate, provisional]: OpenSheetJson): ClockSheet => ({ status: 'open', kind, dueAt: new Date(dueAt), dueDate, provisional })
const summaries = (db: Db) => db.select(summary).from(complaints).innerJoin(school, eq(school.id, complaints.schoolUnitId))
type Summary = Awaited<ReturnType<typeof summaries>>[number]

function withClock(r: Summary, now: Date, forFiler = false) {
  return {
    id: r.id,
    reference: reference(r.id),
    status: forFiler ? publicStatus(r.status) : r.status,
    category: r.category,
    studentName: r.studentName ?? r.student!.name,
    schoolUnitId: r.schoolUnitId,
    schoolName: r.schoolName,
    createdAt: r.createdAt.toISOString(),
    likelyDuplicate: !!r.likelyDuplicateOf,
    extensionPending: !!r.extensionRequest,
    clock: caseClock(r, r.openSheets.map(openSheet), now),
  }
}

export const MY_COMPLAINTS_PAGE = 20

/** A page of the complainant's own complaints, newest first (issue 14: keyset pages, no silent cap). */
export async function myComplaints(db: Db, accountId: string, now: Date, before?: string) {
  const mine = eq(complaints.filedBy, accountId)
  const rows = await summaries(db)
    .where(and(mine, olderThanRow(complaints, complaints.createdAt, complaints.id, mine, before)))
    .orderBy(desc(complaints.createdAt), desc(complaints.id))
    .limit(MY_COMPLAINTS_PAGE + 1)
  const page = pageOf(rows, MY_COMPLAINTS_PAGE, r => [null, r.id])
  return { complaints: page.items.map(r => withClock(r, now, true)), next: page.next }
}

/** The complainant's view of the cases named, in no particular order (a page of 我的申请 orders them). */
export async function filerSummaries(db: Db, ids: string[], now: Date) {
  const rows = ids.length ? await summaries(db).where(inArray(complaints.id, ids)) : []
  return rows.map(r => withClock(r, now, true))
}

export interface QueueFilter { status?: string, category?: string, schoolUnitId?: string, overdue?: boolean, after?: string }
export const QUEUE_PAGE = 20

// design: least time left first; a waiting complaint without a clock by filing time; cases with no
// clock last. Kept by the database beside each unit that sees the case (migrations 0023–0024, 0035),
// as caseClock() computes it.
const queueKey = caseReach.queueKey
const dueAt = complaints.clockDueAt

/** The cases after a cursor's: rows sort by (key nulls last, id), so after a keyed row come later keys, the same key with a larger id, and every unkeyed row. */
function afterCursor(cursor: string) {
  const { key, id } = decodeCursor(cursor)
  return key === null
    ? sql`(${queueKey} is null and ${caseReach.complaintId} > ${id}::uuid)`
    : sql`(${queueKey} > ${key}::timestamptz or (${queueKey} = ${key}::timestamptz and ${caseReach.complaintId} > ${id}::uuid) or ${queueKey} is null)`
}

// The page's size written into the statement, not sent as a parameter: PostgreSQL guesses a tenth of
// the rows for a parameter LIMIT, so a prepared queue looked costly as a generic plan and was planned
// again on every execution (issue 14: planning took longer than running it).
// (typed as the number drizzle expects; it writes an SQL limit into the text as it is)
const pageLimit = sql.raw(String(QUEUE_PAGE + 1)) as unknown as number

/** The query of a queue page; `now` is read only by the overdue filter. */
function queueSelect(db: Db, unitId: string | Placeholder, filter: QueueFilter, now?: Date) {
  if (filter.overdue !== undefined && !now)
    throw new Error('the overdue filter needs the time')
  const nowAt = sql`${now?.toISOString()}::timestamptz`
  // (the cursor's key read from the reach, which the page is ordered and cut by)
  return db.select({ ...summary, queueKey }).from(caseReach).innerJoin(complaints, eq(complaints.id, caseReach.complaintId)).innerJoin(school, eq(school.id, complaints.schoolUnitId)).where(and(
    eq(caseReach.unitId, unitId),
    filter.status ? eq(complaints.status, filter.status as never) : undefined,
    filter.category ? eq(complaints.category, filter.category) : undefined,
    filter.schoolUnitId ? eq(complaints.schoolUnitId, filter.schoolUnitId) : undefined,
    filter.overdue === true ? sql`${dueAt} < ${nowAt}` : filter.overdue === false ? sql`(${dueAt} is null or ${dueAt} >= ${nowAt})` : undefined,
    filter.after ? afterCursor(filter.after) : undefined,
  )).orderBy(sql`${queueKey} nulls last`, caseReach.complaintId).limit(pageLimit)
}

// The first page without filters, what an officer opens most: built and prepared once (building it
// took more of a request's CPU than PostgreSQL spends on it).
const firstPage = preparedOnce('case_queue_first', db => queueSelect(db, sql.placeholder('unitId'), {}))
// On PostgreSQL read as PostgreSQL's text and decoded here (rawStatementOnce): drizzle's mapping of its
// 21 rows of 15 columns was a tenth of the page's CPU (issue 14).
const firstPageAsSent = rawStatementOnce(db => queueSelect(db, sql.placeholder('unitId'), {}))

type QueueRow = Summary & { queueKey: Date | null }
// Each column's place in a row (summary's order, then the queue key) and how its text reads; the type
// names every column of a row.
const queueColumns = [...Object.keys(summary), 'queueKey'] as (keyof QueueRow)[]
const at = columnPositions<keyof QueueRow>(queueColumns)
function queueRowOfBytes(row: (Buffer | null)[]): QueueRow {
  return {
    id: rawText(row[at.id]!)!,
    status: rawText(row[at.status]!) as QueueRow['status'],
    category: rawText(row[at.category]!)!,
    studentName: rawText(row[at.studentName]!),
    student: row[at.student] ? complaints.student.mapFromDriverValue(rawText(row[at.student]!)!) as QueueRow['student'] : null,
    schoolUnitId: rawText(row[at.schoolUnitId]!)!,
    createdAt: rawInstant(row[at.createdAt]!)!,
    likelyDuplicateOf: rawText(row[at.likelyDuplicateOf]!),
    extensionRequest: rawJson(row[at.extensionRequest]!),
    intakeDueAt: rawInstant(row[at.intakeDueAt]!),
    intakeDueDate: rawText(row[at.intakeDueDate]!),
    intakeProvisional: rawFlag(row[at.intakeProvisional]!),
    schoolName: rawText(row[at.schoolName]!)!,
    openSheets: rawJson(row[at.openSheets]!),
    queueKey: rawInstant(row[at.queueKey]!),
  }
}

/** The unfiltered first page of a unit's queue (21 rows: one more tells whether a next page exists). */
async function firstQueuePage(deps: Pick<Deps, 'db' | 'dbKind'>, unitId: string): Promise<QueueRow[]> {
  if (deps.dbKind === 'pglite')
    return firstPage(deps.db).execute({ unitId })
  return (await firstPageAsSent(deps.db, { unitId })).map(queueRowOfBytes)
}

/**
 * An officer's queue: cases routed to or handled by units in their jurisdiction (their own unit and
 * those below it), least time left first, a page at a time (issue 14: ordered and cut in SQL off
 * case_reach_queue_idx; only the page's cases are opened).
 */
export async function caseQueue(deps: Pick<Deps, 'db' | 'dbKind'>, unitId: string, filter: QueueFilter, now: Date) {
  const unfiltered = !filter.status && !filter.category && !filter.schoolUnitId && filter.overdue === undefined && !filter.after
  const page = unfiltered
    ? await firstQueuePage(deps, unitId)
    : await queueSelect(deps.db, unitId, filter, now)
  const shown = page.slice(0, QUEUE_PAGE)
  const last = shown.at(-1)
  return { cases: shown.map(r => withClock(r, now)), next: page.length > QUEUE_PAGE && last ? encodeCursor(last.queueKey, last.id) : null }
}

/** K-12 schools by name, optionally within a region (county, city or province code prefix). */
export async function searchSchools(db: Db, q: string, regionCode?: string) {
  const prefix = regionCode?.replace(/0+$/, '') ?? ''
  return db.select({ id: units.id, name: units.name, regionCode: units.regionCode, level: schools.level }).from(units).innerJoin(schools, eq(schools.unitId, units.id)).where(and(
    inArray(schools.level, ['primary', 'junior', 'senior']),
    like(units.name, `%${q.replace(/[\\%_]/g, m => `\\${m}`)}%`),
    prefix ? like(units.regionCode, `${prefix}%`) : undefined,
  )).orderBy(sql`length(${units.name})`, units.name).limit(20)
}
