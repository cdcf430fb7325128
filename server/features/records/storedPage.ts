import type { SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { Deps, SignedIn } from '../../http/context.ts'
import type { Json, LoadedRecord } from './page.ts'
import type { RecordView } from './present.ts'
import { Buffer } from 'node:buffer'
import { sql } from 'drizzle-orm'
import { maskRegistryNo } from '#shared/idNumber.ts'
import { liveSession, selectSessionWith, SESSION_COLUMNS, sessionOf, sessionOfBytes } from '../../auth/session.ts'
import { rowsOf } from '../../db/bulk.ts'
import { preparedOnce, preparedStatementOnce, rawStatementOnce, rawText } from '../../db/prepared.ts'
import { accounts, bindings, changeKeyOf, diplomaRegistrations, recordPageChanges, recordPages, recordPageSweeps, registrationEvents, studentRecords, units } from '../../db/schema/index.ts'
import { describeError } from '../../http/log.ts'
import { decodePage, loadRecord, pageJson, pageTables, thisRecord } from './page.ts'
import { pageFormat } from './pageFormat.ts'
import { presentedPage } from './present.ts'

// What a page shows changes with: its record, and the units it names (school, authority, the schools
// of its events and diploma); every page also depends on "every" (a table emptied).
const dependsOn = sql<string[]>`array[r.id::text, ${sql.raw(`'${changeKeyOf.every}'`)}, 'unit:' || school.id, 'unit:' || authority.id]
  || array(select distinct 'unit:' || e.school_unit_id from ${registrationEvents} e where e.record_id = r.id)
  || array(select 'unit:' || d.school_unit_id from ${diplomaRegistrations} d where d.record_id = r.id)`

/** The page to store, with the snapshot it is read in and what it depends on. */
const pageToStoreSql = sql`select ${pageJson} as page, pg_current_snapshot()::text as built_in, array_to_json(${dependsOn})::text as depends_on
  from ${pageTables} where ${thisRecord}`
const pageToStore = preparedStatementOnce('record_page_to_store', () => pageToStoreSql)
const storePageSql = sql`
  insert into ${recordPages} (record_id, format, built_in, depends_on, page, built_at)
  values (${sql.placeholder('recordId')}, ${sql.placeholder('format')}, ${sql.placeholder('builtIn')}::pg_snapshot,
    array(select json_array_elements_text(${sql.placeholder('dependsOn')}::json)), ${sql.placeholder('page')}, now())
  on conflict (record_id) do update set format = excluded.format, built_in = excluded.built_in, depends_on = excluded.depends_on, page = excluded.page, built_at = excluded.built_at`
const storePage = preparedStatementOnce('record_page_store', () => storePageSql)
const PAGE_FORMAT = pageFormat(pageToStoreSql, storePageSql)

// design: each statement of a page build, and each pause between them, is cancelled after this, so a
// build ends within two minutes and a change is safe to forget (`pruneRecordPages`) ten minutes after it
// had committed. PGlite runs one transaction at a time: no build there can miss a change.
const BUILD_TIMEOUT = '30s'
const FORGET_CHANGES_AFTER = '10 minutes'
// design: a page not built again for this long is removed, so the table holds the pages built lately
// (September's millions of first reads leave again), not one for every record ever read; a record still
// read then costs one build a month. At most PAGES_REMOVED_PER_SWEEP go at each sweep (every minute), to keep a
// sweep short (on PGlite it holds the only connection): 2.9 million a day, four times September's pace.
const PAGE_KEPT = '30 days'
const PAGES_REMOVED_PER_SWEEP = 2_000

/**
 * design: a temporary record's page is never stored: it shows the whole 学籍号 (an "L" number names a
 * region and a birth date), which is kept only sealed.
 */
const storable = (loaded: LoadedRecord) => maskRegistryNo(loaded.record.registryNo) !== loaded.record.registryNo

/**
 * Builds, presents and stores the page, in one transaction; null: no such record. If storing fails (a
 * timeout behind the sweeper's removals, a read-only database), the reader still gets the page.
 */
async function buildAndStore(deps: Pick<Deps, 'db' | 'dbKind' | 'log'>, recordId: string): Promise<string | null> {
  try {
    return await deps.db.transaction(async (tx) => {
      if (deps.dbKind === 'postgres')
        await tx.execute(sql`select set_config('statement_timeout', ${BUILD_TIMEOUT}, true), set_config('idle_in_transaction_session_timeout', ${BUILD_TIMEOUT}, true)`)
      const [built] = await pageToStore(tx).execute({ recordId })
      if (!built)
        return null
      const loaded = decodePage(built.page as Json)
      const page = presentedPage(loaded)
      if (storable(loaded))
        await storePage(tx).execute({ recordId, format: PAGE_FORMAT, builtIn: built.built_in, dependsOn: built.depends_on, page })
      return page
    })
  }
  catch (e) {
    deps.log.warn(describeError(e), 'record page not stored; built for this read only')
    const loaded = await loadRecord(deps.db, recordId)
    return loaded && presentedPage(loaded)
  }
}

/**
 * The session check, the reader's right to the record and its stored page, if no change logged since
 * was missed by it, in one statement (issue 14: the record is what millions open in September; the
 * page is built again only after a change). `relation` is null when they may not see it.
 */
function pageWithSession<Page>(db: Db, page: SQL<Page>) {
  // Whether they may see it, and as whom: a citizen's binding (only its relation: the binding's sealed ID
  // number would be opened for nothing), or an officer's jurisdiction over the school.
  const relation = sql<RecordView['viewerRelation'] | null>`(case when ${accounts.kind} = 'citizen'
    then (select b.relation from ${bindings} b where b.account_id = ${accounts.id} and b.record_id = r.id)
    when exists (select from ${units} school where school.id = r.school_unit_id and starts_with(school.path, ${units.path})) then 'officer' end)`
  // (the school is looked up for an officer only: joined for everyone, it cost a citizen's read a hash join over every unit)
  const pageOfRecord = sql`(${studentRecords} r
    left join ${recordPages} p on p.record_id = r.id and p.format = ${sql.placeholder('format')}
      and pg_snapshot_xmax(p.built_in) <= pg_snapshot_xmax(pg_current_snapshot())
      and not exists (select from ${recordPageChanges} c where c.key = any(p.depends_on) and not pg_visible_in_snapshot(c.xid, p.built_in)))`
  return selectSessionWith(db, { page, relation }).leftJoin(pageOfRecord, thisRecord).where(liveSession)
}
// PostgreSQL: the page's text as the bytes PostgreSQL sends, sent on as they are (answerFor).
const pageWithSessionAsSent = rawStatementOnce(db => pageWithSession(db, sql`p.page`))
// PGlite, inside the process: the page as bytes too (bytea, which PGlite's parser turns into a Buffer at once).
const pageWithSessionInProcess = preparedOnce('record_page_with_session', db => pageWithSession(db, sql<Uint8Array | null>`convert_to(p.page, 'UTF8')`))

/** The session of the cookie, the page as stored, and whose eyes it is for (null: not theirs to see). */
async function readWithSession(deps: Pick<Deps, 'db' | 'dbKind'>, params: Record<string, unknown>): Promise<{ signedIn: SignedIn, page: Uint8Array | null, relation: RecordView['viewerRelation'] | null } | null> {
  if (deps.dbKind === 'pglite') {
    const [row] = await pageWithSessionInProcess(deps.db).execute(params)
    return row ? { signedIn: sessionOf(row), page: row.page, relation: row.relation } : null
  }
  const [row] = await pageWithSessionAsSent(deps.db, params)
  return row ? { signedIn: sessionOfBytes(row), page: row[SESSION_COLUMNS] ?? null, relation: rawText(row[SESSION_COLUMNS + 1] ?? null) as RecordView['viewerRelation'] | null } : null
}

const utf8 = (page: string | null) => page === null ? null : Buffer.from(page)

/** A record as one reader may see it: the stored page and whose eyes it is for. */
export interface RecordForReader { page: Uint8Array, relation: RecordView['viewerRelation'] }

/**
 * The session behind the request's cookie and, if it is live, the record as its account may see it;
 * `page` is null when there is no record they may see (404 either way).
 */
export async function sessionWithRecord(deps: Pick<Deps, 'db' | 'dbKind' | 'log'>, recordId: string, session: { tokenHash: string, now: string }): Promise<{ signedIn: SignedIn | null, page: RecordForReader | null }> {
  const read = await readWithSession(deps, { ...session, recordId, format: PAGE_FORMAT })
  if (!read)
    return { signedIn: null, page: null }
  const { signedIn, relation } = read
  const page = relation && (read.page ?? utf8(await buildAndStore(deps, recordId)))
  return { signedIn, page: page ? { page, relation: relation! } : null }
}

const PRUNE_LOCK = 7_291_014 // advisory lock: one instance prunes at a time, so none waits on another's rows

/**
 * The sweeper's share: notes what has committed by now and forgets the changes that had committed by
 * a look at least FORGET_CHANGES_AFTER old, removing the pages built without them (a page is stored by
 * a build that began before the change committed and ended within BUILD_TIMEOUTs; once the change is
 * forgotten, no such page may remain). Then it removes the pages not built again within PAGE_KEPT.
 */
export async function pruneRecordPages(db: Db) {
  await db.transaction(async (tx) => {
    const [lock] = rowsOf(await tx.execute(sql`select pg_try_advisory_xact_lock(${PRUNE_LOCK}) as held`))
    if (!lock?.held)
      return
    await tx.execute(sql`insert into ${recordPageSweeps} (at, seen) values (statement_timestamp(), pg_current_snapshot())`)
    await tx.execute(sql`with horizon as (
        select at, seen from ${recordPageSweeps}
        where at < statement_timestamp() - interval '${sql.raw(FORGET_CHANGES_AFTER)}' and pg_snapshot_xmax(seen) <= pg_snapshot_xmax(pg_current_snapshot())
        order by at desc limit 1),
      earlier_looks as (delete from ${recordPageSweeps} s using horizon h where s.at < h.at),
      forgotten as (
        delete from ${recordPageChanges} c using horizon h where c.xid < pg_snapshot_xmin(h.seen) returning c.key, c.xid),
      of_records as (
        delete from ${recordPages} p using forgotten c
        where p.record_id = (case when c.key ~ '^[0-9a-f-]{36}$' then c.key::uuid end) and not pg_visible_in_snapshot(c.xid, p.built_in))
      delete from ${recordPages} p using forgotten c
      where c.key !~ '^[0-9a-f-]{36}$' and p.depends_on @> array[c.key] and not pg_visible_in_snapshot(c.xid, p.built_in)`)
    // (built_at again outside: a page built again while this waited for its row is kept)
    const expired = sql`built_at < statement_timestamp() - interval '${sql.raw(PAGE_KEPT)}'`
    await tx.execute(sql`delete from ${recordPages} where ${expired} and record_id in (select record_id from ${recordPages}
      where ${expired} order by built_at limit ${sql.raw(String(PAGES_REMOVED_PER_SWEEP))})`)
  })
}
