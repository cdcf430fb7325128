import type { SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { SignedIn } from '../../http/context.ts'
import { and, desc, eq, inArray, like, or, sql } from 'drizzle-orm'
import { rowsOf } from '../../db/bulk.ts'
import { fromJsonRow } from '../../db/jsonRows.ts'
import { accounts, auditEvents, bindings, certificates, corrections, diplomaRegistrations, disputes, recordGuardians, recordHistory, registrationEvents, schools, studentRecords, units } from '../../db/schema/index.ts'
import { matchesSealed } from '../../db/sealedLookup.ts'

type Json = Record<string, unknown>
const list = (sub: SQL) => sql`coalesce((${sub}), '[]'::jsonb)`

/**
 * The record page in one statement (issue 14: one round trip instead of nine): the record, its
 * school, guardians, registration events, diploma, disputes, history, approved changes awaiting
 * their official entry and the certificates issued for it. With `reader`, also whether that
 * account may see it: a citizen's binding, or an officer's jurisdiction over the school.
 */
function recordPage(recordId: string, reader?: SignedIn) {
  const viewer = reader?.kind === 'citizen'
    ? sql`(select to_jsonb(b) from ${bindings} b where b.account_id = ${reader.accountId} and b.record_id = r.id)`
    : reader?.unitPath
      ? sql`(case when starts_with(school.path, ${reader.unitPath}) then '{}'::jsonb end)`
      : sql`null`
  return sql`select to_jsonb(r) as record, to_jsonb(school) as school, s.level, authority.name as authority_name, ${viewer} as viewer,
    ${list(sql`select jsonb_agg(to_jsonb(g) order by g.ordinal) from ${recordGuardians} g where g.record_id = r.id`)} as guardians,
    ${list(sql`select jsonb_agg(jsonb_build_object('event', to_jsonb(e), 'school_name', u.name) order by e.occurred_on) from ${registrationEvents} e join ${units} u on u.id = e.school_unit_id where e.record_id = r.id`)} as events,
    (select jsonb_build_object('diploma', to_jsonb(d), 'school_name', u.name) from ${diplomaRegistrations} d join ${units} u on u.id = d.school_unit_id where d.record_id = r.id) as diploma,
    ${list(sql`select jsonb_agg(to_jsonb(x) order by x.created_at desc) from ${disputes} x where x.record_id = r.id`)} as disputes,
    ${list(sql`select jsonb_agg(to_jsonb(h) order by h.at desc) from ${recordHistory} h where h.record_id = r.id`)} as history,
    ${list(sql`select jsonb_agg(jsonb_build_object('id', c.id, 'items', c.items, 'decided_at', c.decided_at) order by c.decided_at) from ${corrections} c where c.record_id = r.id and c.status = 'approved' and c.applied_at is null`)} as awaiting_entry,
    ${list(sql`select jsonb_agg(jsonb_build_object('id', c.id, 'items', c.items)) from ${corrections} c where c.record_id = r.id and c.status = 'pending'`)} as pending,
    ${list(sql`select jsonb_agg(jsonb_build_object('id', c.id, 'number', c.number, 'status', c.status, 'issued_on', c.issued_on, 'superseded_by', c.superseded_by) order by c.created_at, c.status <> 'superseded') from ${certificates} c where c.record_id = r.id`)} as certificates
  from ${studentRecords} r
  join ${units} school on school.id = r.school_unit_id
  join ${schools} s on s.unit_id = school.id
  join ${units} authority on authority.id = s.registry_authority_id
  where r.id = ${recordId}`
}

function decodePage(row: Json) {
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
  const [row] = rowsOf(await db.execute(recordPage(recordId)))
  return row ? decodePage(row) : null
}

/** The record and, in the same statement, how `reader` may see it; null when they may not (404 either way). */
export async function loadRecordFor(db: Db, recordId: string, reader: SignedIn) {
  const [row] = rowsOf(await db.execute(recordPage(recordId, reader)))
  if (!row?.viewer)
    return null
  return { loaded: decodePage(row), binding: reader.kind === 'citizen' ? fromJsonRow(bindings, row.viewer as Json) : null }
}
export type LoadedRecord = NonNullable<Awaited<ReturnType<typeof loadRecord>>>

/** 谁查看了我的学籍: officers' reads and reveals of this record, newest first. */
export async function recordViews(db: Db, recordId: string) {
  return db.select({ at: auditEvents.at, action: auditEvents.action, officerName: accounts.displayName, unitName: units.name })
    .from(auditEvents)
    .innerJoin(accounts, eq(accounts.id, auditEvents.actorId))
    .leftJoin(units, eq(units.id, auditEvents.actorUnitId))
    .where(and(eq(auditEvents.recordId, recordId), inArray(auditEvents.action, ['record.view', 'record.reveal', 'binding.created', 'case.view', 'sheet.download', 'attachment.download'])))
    .orderBy(desc(auditEvents.at))
    .limit(100)
}

/** An officer's search inside their jurisdiction: by 学籍号, by 身份证件号 or by the start of a name. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, m => `\\${m}`)

// design: names in code-point order ("C"), as the name index keeps them, so the first 20 come off the index.
const nameInC = sql`${studentRecords.name} collate "C"`

export async function searchRecords(db: Db, unitPath: string, q: string) {
  return db.select({ id: studentRecords.id, name: studentRecords.name, registryNo: studentRecords.registryNo, idNumber: studentRecords.idNumber, schoolName: units.name, grade: studentRecords.grade })
    .from(studentRecords)
    .innerJoin(units, eq(units.id, studentRecords.schoolUnitId))
    .where(and(like(units.path, `${unitPath}%`), /\d/.test(q)
      // A 学籍号 or 身份证件号 has digits, a name has none: each is found by its own index.
      ? or(matchesSealed(studentRecords.registryNoIndex, q.toUpperCase()), matchesSealed(studentRecords.idNumberIndex, q.toUpperCase()))
      : like(nameInC, `${escapeLike(q)}%`)))
    .orderBy(nameInC)
    .limit(20)
}
