import type { Placeholder, SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.ts'
import type { SignedIn } from '../../http/context.ts'
import { and, desc, eq, inArray, like, or, sql } from 'drizzle-orm'
import { maskIdNumber, maskRegistryNoForList } from '#shared/idNumber.ts'
import { liveSession, selectSessionWith, sessionOf } from '../../auth/session.ts'
import { fromJsonRow } from '../../db/jsonRows.ts'
import { olderThanRow, pageOf } from '../../db/keyset.ts'
import { preparedOnce } from '../../db/prepared.ts'
import { accounts, auditEvents, bindings, certificates, corrections, diplomaRegistrations, disputes, recordGuardians, recordHistory, registrationEvents, schools, studentRecords, units } from '../../db/schema/index.ts'
import { matchesSealed } from '../../db/sealedLookup.ts'

type Json = Record<string, unknown>
const list = (sub: SQL) => sql<Json[]>`coalesce((${sub}), '[]'::jsonb)`

/**
 * The record page in one statement (issue 14: one round trip instead of nine): the record, its
 * school, guardians, registration events, diploma, disputes, history, approved changes awaiting
 * their official entry and the certificates issued for it. Each statement using it is built and
 * prepared once: building it cost more CPU than PostgreSQL spends running it.
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
const pageTables = sql`${studentRecords} r
  join ${units} school on school.id = r.school_unit_id
  join ${schools} s on s.unit_id = school.id
  join ${units} authority on authority.id = s.registry_authority_id`
const thisRecord = sql`r.id = ${sql.placeholder('recordId')}`

/** The record page for a reader whose right to it is settled already (a dispute, a correction request). */
const recordPage = preparedOnce('record_page', db => db.select(pageColumns).from(pageTables).where(thisRecord))

/**
 * The session check and the record page as the session's account may see it, in one statement
 * (issue 14: the record is what millions open in September; one round trip where there were two).
 * The page's columns are null when there is no such record; `viewer` is null when they may not see it.
 */
const recordPageWithSession = preparedOnce('record_page_with_session', db => selectSessionWith(db, {
  ...pageColumns,
  // Whether they may see it: a citizen's binding (only its relation: the binding's sealed ID number
  // would be opened for nothing), or an officer's jurisdiction over the school.
  viewer: sql<Json | null>`(case when ${accounts.kind} = 'citizen'
    then (select jsonb_build_object('relation', b.relation) from ${bindings} b where b.account_id = ${accounts.id} and b.record_id = r.id)
    when starts_with(school.path, ${units.path}) then '{}'::jsonb end)`,
})
  .leftJoin(sql`(${pageTables})`, thisRecord)
  .where(liveSession))

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
  const [row] = await recordPage(db).execute({ recordId })
  return row ? decodePage(row) : null
}

/** The record as a reader of this kind may see it: null when they may not (404 either way). */
function visibleAs(row: Json, kind: SignedIn['kind']) {
  if (!row.viewer)
    return null
  return { loaded: decodePage(row), relation: kind === 'citizen' ? (row.viewer as Pick<typeof bindings.$inferSelect, 'relation'>).relation : null }
}
export type RecordForReader = ReturnType<typeof visibleAs>

/**
 * The session behind the request's cookie and, if it is live, the record as its account may see it,
 * both from one statement; `page` is null when there is no record they may see.
 */
export async function sessionWithRecord(db: Db, recordId: string, session: { tokenHash: string, now: string }) {
  const [row] = await recordPageWithSession(db).execute({ ...session, recordId })
  if (!row)
    return { signedIn: null, page: null }
  return { signedIn: sessionOf(row), page: visibleAs(row, row.kind) }
}
export type LoadedRecord = NonNullable<Awaited<ReturnType<typeof loadRecord>>>

export const RECORD_VIEWS_PAGE = 50

/**
 * 谁查看了我的学籍: officers' reads and reveals of this record, newest first, a page at a time
 * (issue 14: every officer's read is logged, so a much-read record's list has no natural end).
 */
export async function recordViews(db: Db, recordId: string, before?: string) {
  const ofRecord = eq(auditEvents.recordId, recordId)
  const rows = await db.select({ id: auditEvents.id, at: auditEvents.at, action: auditEvents.action, officerName: accounts.displayName, unitName: units.name })
    .from(auditEvents)
    .innerJoin(accounts, eq(accounts.id, auditEvents.actorId))
    .leftJoin(units, eq(units.id, auditEvents.actorUnitId))
    .where(and(
      ofRecord,
      inArray(auditEvents.action, ['record.view', 'record.reveal', 'binding.created', 'case.view', 'sheet.download', 'attachment.download']),
      olderThanRow(auditEvents, auditEvents.at, auditEvents.id, ofRecord, before),
    ))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(RECORD_VIEWS_PAGE + 1)
  const page = pageOf(rows, RECORD_VIEWS_PAGE, r => [null, r.id])
  return { views: page.items.map(v => ({ ...v, at: v.at.toISOString() })), next: page.next }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, m => `\\${m}`)

// design: names in code-point order ("C"), as the name index keeps them, so the first 20 come off the index.
const nameInC = sql`${studentRecords.name} collate "C"`

// The numbers as lists show them, masked (issue 14: kept on the row, so a page of 20 opens no sealed
// value); the sealed value is read only for a row stored before the masks were, until the reseal.
const unlessMasked = (masked: AnyPgColumn, sealed: AnyPgColumn) => sql`case when ${masked} is null then ${sealed} end`.mapWith(sealed) as SQL<string | null>
const searchColumns = {
  id: studentRecords.id,
  name: studentRecords.name,
  registryNoMasked: studentRecords.registryNoMasked,
  idNumberMasked: studentRecords.idNumberMasked,
  registryNo: unlessMasked(studentRecords.registryNoMasked, studentRecords.registryNo),
  idNumber: unlessMasked(studentRecords.idNumberMasked, studentRecords.idNumber),
  schoolName: units.name,
  grade: studentRecords.grade,
}
function searchIn(db: Db, pathPrefix: string | Placeholder, match: SQL) {
  return db.select(searchColumns)
    .from(studentRecords)
    .innerJoin(units, eq(units.id, studentRecords.schoolUnitId))
    .where(and(like(units.path, pathPrefix), match))
    .orderBy(nameInC)
    .limit(20)
}

// The search by name, what officers type most: built and prepared once (issue 14).
const searchByName = preparedOnce('record_search_by_name', db => searchIn(db, sql.placeholder('pathPrefix'), like(nameInC, sql.placeholder('namePrefix'))))

/** An officer's search inside their jurisdiction: by 学籍号, by 身份证件号 or by the start of a name; numbers masked. */
export async function searchRecords(db: Db, unitPath: string, q: string) {
  // A 学籍号 or 身份证件号 has digits, a name has none: each is found by its own index.
  const rows = /\d/.test(q)
    ? await searchIn(db, `${unitPath}%`, or(matchesSealed(studentRecords.registryNoIndex, q.toUpperCase()), matchesSealed(studentRecords.idNumberIndex, q.toUpperCase()))!)
    : await searchByName(db).execute({ pathPrefix: `${unitPath}%`, namePrefix: `${escapeLike(q)}%` })
  return rows.map(({ registryNoMasked, idNumberMasked, registryNo, idNumber, ...r }) => ({
    ...r,
    registryNo: registryNoMasked ?? maskRegistryNoForList(registryNo!),
    idNumber: idNumberMasked ?? (idNumber ? maskIdNumber(idNumber) : null), // neither: a temporary record
  }))
}
