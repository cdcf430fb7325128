import type { PGlite, QueryOptions, Transaction } from '@electric-sql/pglite'
import type { Query, SQL } from 'drizzle-orm'
import type { Buffer } from 'node:buffer'
import type { Db, Tx } from './client.ts'
import { parse, protocol } from '@electric-sql/pglite'
import { fillPlaceholders } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { rowsOf } from './bulk.ts'

/**
 * A statement built and prepared once per database (drizzle's `.prepare()` with placeholders), for the
 * queries every request runs: building a query costs more CPU than PostgreSQL spends answering it
 * (issue 14's profile). Keyed by the database, as tests and tools open several.
 */
export function preparedOnce<T>(name: string, build: (db: Db) => { prepare: (name: string) => T }): (db: Db) => T {
  const built = new WeakMap<Db, T>()
  return (db) => {
    let statement = built.get(db)
    if (!statement)
      built.set(db, statement = build(db).prepare(name))
    return statement
  }
}

/**
 * preparedOnce for a statement written with `sql` (a WITH of inserts, which drizzle's builders cannot
 * prepare): its text is built once, with placeholders, and each database or transaction runs it by
 * name; `execute` answers its rows.
 */
export function preparedStatementOnce(name: string, build: (db: Db) => SQL) {
  let query: Query | undefined
  const prepared = new WeakMap<Db | Tx, ReturnType<Db['_']['session']['prepareQuery']>>()
  return (db: Db | Tx) => {
    let statement = prepared.get(db)
    if (!statement) {
      query ??= new PgDialect().sqlToQuery(build(db as Db)) // the text does not depend on the database
      prepared.set(db, statement = db._.session.prepareQuery(query, undefined, name, false))
    }
    return { execute: async (values: Record<string, unknown>) => rowsOf(await statement.execute(values)) }
  }
}

/**
 * A PostgreSQL statement whose rows are read as the bytes PostgreSQL sent: each value its text, as a
 * Buffer, undecoded (postgres.js `raw`), prepared as every statement is. design (issue 14): for the
 * own-record read, whose page is sent on as it is stored: no hex round trip of a 3 KB page (as bytea,
 * twice its size on the wire), and none of drizzle's row mapping. `build` is a query with placeholders.
 */
export function rawStatementOnce(build: (db: Db) => { toSQL: () => Query }) {
  const built = new WeakMap<Db, Query>()
  return async (db: Db, values: Record<string, unknown>): Promise<(Buffer | null)[][]> => {
    let query = built.get(db)
    if (!query)
      built.set(db, query = build(db).toSQL())
    const client = (db as unknown as { $client: import('postgres').Sql }).$client
    return client.unsafe(query.sql, fillPlaceholders(query.params, values) as never[], { prepare: true }).raw() as unknown as Promise<(Buffer | null)[][]>
  }
}

/** Where each column is in such a row: the select's keys in their order (drizzle writes them so). */
export function columnPositions<K extends string>(keys: readonly string[]): Record<K, number> {
  return Object.fromEntries(keys.map((k, i) => [k, i])) as Record<K, number>
}

// How a value of such a row reads (PostgreSQL's text output; null for NULL).
export const rawText = (b: Buffer | null) => b === null ? null : b.toString()
export const rawInstant = (b: Buffer | null) => b === null ? null : new Date(b.toString()) // a timestamptz: "2026-09-01 08:00:00.123+00"
export const rawFlag = (b: Buffer | null) => b !== null && b[0] === 0x74 // 't'
export const rawJson = (b: Buffer | null) => b === null ? null : JSON.parse(b.toString())

type Client = Pick<import('postgres').Sql, 'unsafe'> & { begin?: (...a: any[]) => Promise<any>, savepoint?: (...a: any[]) => Promise<any> }

/**
 * Makes postgres.js prepare every statement drizzle sends (it caches them per connection by their
 * text), not only those built with `.prepare()`: each query is described and parsed once per
 * connection instead of on every request, and PostgreSQL keeps a generic plan where one serves (the
 * record page: 1.3 ms of planning per request before, more than running it); statements whose plan
 * depends on the values (a LIKE prefix, a partial index's predicate) keep getting custom plans.
 * Transactions and savepoints hand their callbacks a client of their own, which gets the same treatment.
 */
export function prepareEveryStatement<T extends Client>(client: T): T {
  const unsafe = client.unsafe.bind(client)
  client.unsafe = ((text: string, args?: any[], options?: object) => unsafe(text, args ?? [], { ...options, prepare: true })) as T['unsafe']
  for (const scope of ['begin', 'savepoint'] as const) {
    const open = client[scope]?.bind(client)
    if (open) {
      // begin([options], fn) and savepoint([name], fn): the callback comes last.
      client[scope] = ((...a: any[]) => {
        const fn = a.pop() as (inner: Client) => unknown
        return open(...a, (inner: Client) => fn(prepareEveryStatement(inner)))
      }) as T[typeof scope]
    }
  }
  return client
}

// design: past this many statement texts, new ones go unnamed, so text built from variable lists
// cannot fill PGlite's memory with plans.
const PGLITE_NAMED_MAX = 1000
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number]

/**
 * The same for PGlite, which sends every query as an unnamed statement: in WebAssembly, planning the
 * record page took twice as long as running it (1.9 ms against 0.6 ms). Each statement text is
 * parsed once under a name; afterwards a query only binds and executes it, as PGlite's own query()
 * does otherwise (same locks, parameter serializers and result parsers). Transactions' queries too.
 * Applied once PGlite is up.
 */
export async function prepareEveryPgliteStatement(pg: PGlite): Promise<PGlite> {
  await pg.waitReady // PGlite queries itself while it starts, through query()
  // What PGlite's query() does before its locks: refuse once closed ("PGlite is closed").
  const ready = async () => pg._checkReady()
  const named = new Map<string, { name: string, paramTypes: number[] }>()
  let parsed = 0 // a name is never reused, even when a statement failed after its parse
  const run = async (text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean) => {
    const exec = async (message: Uint8Array) => pg.execProtocolStream(message, { syncToFs: false, onNotice: options?.onNotice })
    let statement = named.get(text)
    const messages: BackendMessage[] = []
    try {
      if (!statement) {
        const name = `xjt_${parsed++}`
        await exec(protocol.serialize.parse({ name, text, types: options?.paramTypes }))
        named.set(text, statement = { name, paramTypes: parse.parseDescribeStatementResults(await exec(protocol.serialize.describe({ type: 'S', name }))) })
      }
      const values = params.map((value, i) => {
        const type = statement!.paramTypes[i]!
        const serialize = options?.serializers?.[type] ?? pg.serializers[type]
        return value == null ? null : serialize ? serialize(value) : String(value)
      })
      messages.push(...await exec(protocol.serialize.bind({ statement: statement.name, values })), ...await exec(protocol.serialize.describe({ type: 'P' })), ...await exec(protocol.serialize.execute({})))
    }
    finally {
      messages.push(...await exec(protocol.serialize.sync()))
    }
    if (!inTransaction)
      await pg.syncToFs()
    // PGlite merges a query's own parsers into its 318 by spreading them, 58 µs a query (issue 14: a
    // tenth of a filing's CPU); the query's few laid over PGlite's by prototype are the same lookup.
    const parsers = options?.parsers ? Object.assign(Object.create(pg.parsers) as typeof pg.parsers, options.parsers) : pg.parsers
    return parse.parseResults(messages, parsers, options && { ...options, parsers: undefined })[0]!
  }
  // COPY (a blob in or out) goes PGlite's own way.
  const usable = (text: string, options?: QueryOptions) => !options?.blob && !/^\s*copy\b/i.test(text) && (named.has(text) || named.size < PGLITE_NAMED_MAX)
  const query = pg.query.bind(pg)
  pg.query = (async (text: string, params: unknown[] = [], options?: QueryOptions) => {
    if (!usable(text, options))
      return query(text, params, options)
    // As PGlite's query(): after any transaction in progress, one query at a time.
    await ready()
    return pg._runExclusiveTransaction(() => pg._runExclusiveQuery(() => run(text, params, options, false)))
  }) as PGlite['query']
  const transaction = pg.transaction.bind(pg)
  pg.transaction = (async (fn: (tx: Transaction) => Promise<unknown>) => transaction(tx => fn(Object.create(tx, {
    query: { value: async (text: string, params: unknown[] = [], options?: QueryOptions) => {
      if (tx.closed)
        throw new Error('Transaction is closed')
      await ready()
      return usable(text, options) ? pg._runExclusiveQuery(() => run(text, params, options, true)) : tx.query(text, params, options)
    } },
  })))) as PGlite['transaction']
  return pg
}
