import type { Db } from '../../db/client.ts'
import { and, desc, eq, inArray, like, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { caseSheets, complaints, schools, units } from '../../db/schema/index.ts'
import { clockOf, reference } from './view.ts'

const school = alias(units, 'school')
const routed = alias(units, 'routed')
const handling = alias(units, 'handling')

async function withClocks(db: Db, rows: (typeof complaints.$inferSelect & { schoolName: string })[], now: Date) {
  const ids = rows.map(r => r.id)
  const sheets = ids.length ? await db.select().from(caseSheets).where(inArray(caseSheets.complaintId, ids)) : []
  return rows.map(r => ({
    id: r.id,
    reference: reference(r.id),
    status: r.status,
    category: r.category,
    studentName: r.student.name,
    schoolUnitId: r.schoolUnitId,
    schoolName: r.schoolName,
    createdAt: r.createdAt.toISOString(),
    likelyDuplicate: !!r.likelyDuplicateOf,
    extensionPending: !!r.extensionRequest,
    clock: ['received', 'assigned', 'awaitingInfo'].includes(r.status) ? clockOf(sheets.filter(s => s.complaintId === r.id), r.status === 'awaitingInfo', now) : null,
  }))
}

/** The complainant's own complaints, newest first. */
export async function myComplaints(db: Db, accountId: string, now: Date) {
  const rows = await db.select({ c: complaints, schoolName: school.name }).from(complaints).innerJoin(school, eq(school.id, complaints.schoolUnitId)).where(eq(complaints.filedBy, accountId)).orderBy(desc(complaints.createdAt)).limit(100)
  return withClocks(db, rows.map(r => ({ ...r.c, schoolName: r.schoolName })), now)
}

export interface QueueFilter { status?: string, category?: string, schoolUnitId?: string, overdue?: boolean }

/** An officer's queue: cases routed to or handled by units in their jurisdiction, least time left first. */
export async function caseQueue(db: Db, unitPath: string, filter: QueueFilter, now: Date) {
  const rows = await db.select({ c: complaints, schoolName: school.name }).from(complaints).innerJoin(school, eq(school.id, complaints.schoolUnitId)).innerJoin(routed, eq(routed.id, complaints.routedUnitId)).leftJoin(handling, eq(handling.id, complaints.handlingUnitId)).where(and(
    or(like(routed.path, `${unitPath}%`), like(handling.path, `${unitPath}%`)),
    filter.status ? eq(complaints.status, filter.status as never) : undefined,
    filter.category ? eq(complaints.category, filter.category) : undefined,
    filter.schoolUnitId ? eq(complaints.schoolUnitId, filter.schoolUnitId) : undefined,
  )).orderBy(desc(complaints.createdAt)).limit(500)
  const cases = await withClocks(db, rows.map(r => ({ ...r.c, schoolName: r.schoolName })), now)
  const order = (x: (typeof cases)[number]) => x.clock ? Date.parse(x.clock.dueAt) : x.status === 'received' ? Date.parse(x.createdAt) : Number.MAX_SAFE_INTEGER
  return cases.filter(x => filter.overdue === undefined || (x.clock?.overdue ?? false) === filter.overdue).sort((a, b) => order(a) - order(b))
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
