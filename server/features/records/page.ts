import type { SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { sql } from 'drizzle-orm'
import { fromJsonRow } from '../../db/jsonRows.ts'
import { preparedOnce } from '../../db/prepared.ts'
import { certificates, corrections, diplomaRegistrations, disputes, recordGuardians, recordHistory, registrationEvents, schools, studentRecords, units } from '../../db/schema/index.ts'

export type Json = Record<string, unknown>
const list = (sub: SQL) => sql<Json[]>`coalesce((${sub}), '[]'::jsonb)`

/**
 * The record page in one statement (issue 14: one round trip instead of nine): the record, its
 * school, guardians, registration events, diploma, disputes, history, approved changes awaiting
 * their official entry and the certificates issued for it, as JSON. Each statement using it is built
 * and prepared once: building it cost more CPU than PostgreSQL spends running it.
 */
const pageColumns = {
  record: sql<Json>`to_jsonb(r)`,
  school: sql<Json>`to_jsonb(school)`,
  level: sql<string>`s.level`,
  authority_name: sql<string>`authority.name`,
  guardians: list(sql`select jsonb_agg(to_jsonb(g) order by g.ordinal) from ${recordGuardians} g where g.record_id = r.id`),
  events: list(sql`select jsonb_agg(jsonb_build_object('event', to_jsonb(e), 'school_name', u.name) order by e.occurred_on) from ${registrationEvents} e join ${units} u on u.id = e.school_unit_id where e.record_id = r.id`),
  diploma: sql<Json | null>`(select jsonb_build_object('diploma', to_jsonb(d), 'school_name', u.name) from ${diplomaRegistrations} d join ${units} u on u.id = d.school_unit_id where d.record_id = r.id)`,
  disputes: list(sql`select jsonb_agg(to_jsonb(x) order by x.created_at desc) from ${disputes} x where x.record_id = r.id`),
  history: list(sql`select jsonb_agg(to_jsonb(h) order by h.at desc) from ${recordHistory} h where h.record_id = r.id`),
  awaiting_entry: list(sql`select jsonb_agg(jsonb_build_object('id', c.id, 'items', c.items, 'decided_at', c.decided_at) order by c.decided_at) from ${corrections} c where c.record_id = r.id and c.status = 'approved' and c.applied_at is null`),
  pending: list(sql`select jsonb_agg(jsonb_build_object('id', c.id, 'items', c.items)) from ${corrections} c where c.record_id = r.id and c.status = 'pending'`),
  certificates: list(sql`select jsonb_agg(jsonb_build_object('id', c.id, 'number', c.number, 'status', c.status, 'issued_on', c.issued_on, 'superseded_by', c.superseded_by) order by c.created_at, c.status <> 'superseded') from ${certificates} c where c.record_id = r.id`),
}
export const pageTables = sql`${studentRecords} r
  join ${units} school on school.id = r.school_unit_id
  join ${schools} s on s.unit_id = school.id
  join ${units} authority on authority.id = s.registry_authority_id`
export const thisRecord = sql`r.id = ${sql.placeholder('recordId')}`
export const pageJson = sql<Json>`jsonb_build_object(${sql.join(Object.entries(pageColumns).map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`), sql`, `)})`

/** The record page for a reader whose right to it is settled already (a dispute, a correction request). */
const recordPage = preparedOnce('record_page', db => db.select({ page: pageJson }).from(pageTables).where(thisRecord))

export function decodePage(row: Json) {
  const records = (key: string) => row[key] as Json[]
  return {
    record: fromJsonRow(studentRecords, row.record as Json),
    school: fromJsonRow(units, row.school as Json),
    level: row.level as string,
    authorityName: row.authority_name as string,
    guardians: records('guardians').map(g => fromJsonRow(recordGuardians, g)),
    events: records('events').map(e => ({ event: fromJsonRow(registrationEvents, e.event as Json), schoolName: e.school_name as string })),
    diploma: row.diploma ? { diploma: fromJsonRow(diplomaRegistrations, (row.diploma as Json).diploma as Json), schoolName: (row.diploma as Json).school_name as string } : null,
    disputes: records('disputes').map(d => fromJsonRow(disputes, d)),
    history: records('history').map(h => fromJsonRow(recordHistory, h)),
    awaitingEntry: records('awaiting_entry').map((c) => {
      const { id, items, decidedAt } = fromJsonRow(corrections, c)
      return { id, items, decidedAt }
    }),
    pending: records('pending').map((c) => {
      const { id, items } = fromJsonRow(corrections, c)
      return { id, items }
    }),
    certificates: records('certificates').map(c => fromJsonRow(certificates, c)),
  }
}

export async function loadRecord(db: Db, recordId: string) {
  const [row] = await recordPage(db).execute({ recordId })
  return row ? decodePage(row.page) : null
}
export type LoadedRecord = NonNullable<Awaited<ReturnType<typeof loadRecord>>>
