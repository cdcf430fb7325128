import type { SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { Deps, SignedIn } from '../../http/context.ts'
import { createHash } from 'node:crypto'
import { getTableColumns, sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { liveSession, selectSessionWith, sessionOf } from '../../auth/session.ts'
import { rowsOf } from '../../db/bulk.ts'
import { fromJsonRow } from '../../db/jsonRows.ts'
import { preparedOnce, preparedStatementOnce } from '../../db/prepared.ts'
import { accounts, bindings, certificates, changeKeyOf, corrections, diplomaRegistrations, disputes, recordGuardians, recordHistory, recordPageChanges, recordPages, registrationEvents, schools, studentRecords, units } from '../../db/schema/index.ts'
import { describeError } from '../../http/log.ts'

type Json = Record<string, unknown>
const list = (sub: SQL) => sql<Json[]>`coalesce((${sub}), '[]'::jsonb)`

/**
 * The record page: the record, its school, guardians, registration events, diploma, disputes,
 * history, approved changes awaiting their official entry and the certificates issued for it.
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
const pageJson = sql<Json>`jsonb_build_object(${sql.join(Object.entries(pageColumns).map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`), sql`, `)})`

// What a page shows changes with: its record, and the units it names (school, authority, the schools
// of its events and diploma); every page also depends on "every" (a table emptied).
const dependsOn = sql<string[]>`array[r.id::text, ${changeKeyOf.every}::text, 'unit:' || school.id, 'unit:' || authority.id]
  || array(select distinct 'unit:' || e.school_unit_id from ${registrationEvents} e where e.record_id = r.id)
  || array(select 'unit:' || d.school_unit_id from ${diplomaRegistrations} d where d.record_id = r.id)`

/** Builds the page and stores it with the snapshot it was built in, in one statement; no row: no such record. */
const storePageSql = sql`
  insert into ${recordPages} (record_id, format, built_in, depends_on, page)
  select r.id, ${sql.placeholder('format')}, pg_current_snapshot(), ${dependsOn}, ${pageJson} from ${pageTables} where ${thisRecord}
  on conflict (record_id) do update set format = excluded.format, built_in = excluded.built_in, depends_on = excluded.depends_on, page = excluded.page
  returning page`
const storePage = preparedStatementOnce('record_page_store', () => storePageSql)

/**
 * What a stored page was built by: the statement and every column of the tables it turns into JSON.
 * A release that changes either serves no page an older one stored (a rolling upgrade rebuilds them).
 */
export const PAGE_FORMAT = createHash('sha256')
  .update(new PgDialect().sqlToQuery(storePageSql).sql)
  .update(JSON.stringify([studentRecords, units, schools, recordGuardians, registrationEvents, diplomaRegistrations, disputes, recordHistory, corrections, certificates]
    .map(table => Object.values(getTableColumns(table)).map(c => [c.name, c.getSQLType()]))))
  .digest('base64url')
  .slice(0, 16)

/** The record page for a reader whose right to it is settled already (a dispute, a correction request). */
const recordPage = preparedOnce('record_page', db => db.select({ page: pageJson }).from(pageTables).where(thisRecord))

// design: a page build that runs longer than this, or does not commit within it, is cancelled, so a
// change is safe to forget (`pruneRecordPages`) once it is older than any build that could have missed
// it. PGlite runs one statement at a time: no build there can miss a change.
const BUILD_TIMEOUT = '30s'
const FORGET_CHANGES_AFTER = '10 minutes'

/**
 * Builds and stores the page. If that fails (a timeout behind the sweeper's removals, a read-only
 * database), the reader still gets the page, built without storing it.
 */
async function buildAndStore(deps: Pick<Deps, 'db' | 'dbKind' | 'log'>, recordId: string): Promise<Json | null> {
  try {
    const [row] = await deps.db.transaction(async (tx) => {
      if (deps.dbKind === 'postgres')
        await tx.execute(sql`select set_config('statement_timeout', ${BUILD_TIMEOUT}, true), set_config('idle_in_transaction_session_timeout', ${BUILD_TIMEOUT}, true)`)
      return storePage(tx).execute({ recordId, format: PAGE_FORMAT })
    })
    return (row?.page as Json | undefined) ?? null
  }
  catch (e) {
    deps.log.warn(describeError(e), 'record page not stored; built for this read only')
    const [row] = await recordPage(deps.db).execute({ recordId })
    return row?.page ?? null
  }
}

/**
 * The session check, the reader's right to the record and its stored page, if no change logged since
 * was missed by it, in one statement (issue 14: the record is what millions open in September; the
 * page is built again only after a change). `viewer` is null when they may not see it.
 */
const storedPageWithSession = preparedOnce('record_page_with_session', db => selectSessionWith(db, {
  page: sql<Json | null>`p.page`,
  // Whether they may see it: a citizen's binding (only its relation: the binding's sealed ID number
  // would be opened for nothing), or an officer's jurisdiction over the school.
  viewer: sql<Json | null>`(case when ${accounts.kind} = 'citizen'
    then (select jsonb_build_object('relation', b.relation) from ${bindings} b where b.account_id = ${accounts.id} and b.record_id = r.id)
    when starts_with(school.path, ${units.path}) then '{}'::jsonb end)`,
})
  .leftJoin(sql`(${studentRecords} r join ${units} school on school.id = r.school_unit_id
    left join ${recordPages} p on p.record_id = r.id and p.format = ${sql.placeholder('format')}
      and not exists (select from ${recordPageChanges} c where c.key = any(p.depends_on) and not pg_visible_in_snapshot(c.xid, p.built_in)))`, thisRecord)
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
  return row ? decodePage(row.page) : null
}
export type LoadedRecord = NonNullable<Awaited<ReturnType<typeof loadRecord>>>
export interface RecordForReader { loaded: LoadedRecord, relation: typeof bindings.$inferSelect['relation'] | null }

/**
 * The session behind the request's cookie and, if it is live, the record as its account may see it;
 * `page` is null when there is no record they may see (404 either way).
 */
export async function sessionWithRecord(deps: Pick<Deps, 'db' | 'dbKind' | 'log'>, recordId: string, session: { tokenHash: string, now: string }): Promise<{ signedIn: SignedIn | null, page: RecordForReader | null }> {
  const [row] = await storedPageWithSession(deps.db).execute({ ...session, recordId, format: PAGE_FORMAT })
  if (!row)
    return { signedIn: null, page: null }
  const signedIn = sessionOf(row)
  const viewer = row.viewer as Pick<typeof bindings.$inferSelect, 'relation'> | null
  const page = viewer && (row.page ?? await buildAndStore(deps, recordId))
  if (!viewer || !page)
    return { signedIn, page: null }
  return { signedIn, page: { loaded: decodePage(page), relation: row.kind === 'citizen' ? viewer.relation : null } }
}

const PRUNE_LOCK = 7_291_014 // advisory lock: one instance prunes at a time, so none waits on another's rows

/**
 * The sweeper's share: notes when each logged change was first seen committed, and forgets those seen
 * long enough ago, removing the pages built without them (a page is stored by a statement that began
 * before the change committed and committed within BUILD_TIMEOUT; once forgotten, no such page may remain).
 */
export async function pruneRecordPages(db: Db) {
  await db.transaction(async (tx) => {
    const [lock] = rowsOf(await tx.execute(sql`select pg_try_advisory_xact_lock(${PRUNE_LOCK}) as held`))
    if (!lock?.held)
      return
    await tx.execute(sql`update ${recordPageChanges} set settled_at = statement_timestamp() where settled_at is null`)
    await tx.execute(sql`with forgotten as (
        delete from ${recordPageChanges} where settled_at < statement_timestamp() - interval '${sql.raw(FORGET_CHANGES_AFTER)}' returning key, xid),
      of_records as (
        delete from ${recordPages} p using forgotten c
        where p.record_id = (case when c.key ~ '^[0-9a-f-]{36}$' then c.key::uuid end) and not pg_visible_in_snapshot(c.xid, p.built_in))
      delete from ${recordPages} p using forgotten c
      where c.key !~ '^[0-9a-f-]{36}$' and p.depends_on @> array[c.key] and not pg_visible_in_snapshot(c.xid, p.built_in)`)
  })
}
