import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db, Tx } from './client.ts'
import { getTableColumns, sql } from 'drizzle-orm'

// Statements over many rows with one parameter each: drizzle's insert() and inArray() bind one
// placeholder per value, and building those statements was most of a 100,000-row import (issue 12
// benchmark). Same approach as the demo seed's insertRows.

/** The rows a raw statement returned, on either driver (postgres-js: an array; PGlite: { rows }). */
export const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[]

/**
 * Inserts rows as one JSON parameter expanded by json_populate_recordset; sealed columns are
 * sealed here, as drizzle's insert() would. Columns absent from every row keep their defaults.
 * `returning` names table columns by key; their values come back as stored (not opened).
 */
export async function insertMany<T extends PgTable, K extends string & keyof T['$inferSelect']>(db: Db | Tx, table: T, rows: T['$inferInsert'][], returning: K[] = []): Promise<Record<K, unknown>[]> {
  if (!rows.length)
    return []
  const columns = getTableColumns(table) as Record<string, AnyPgColumn>
  const keys = [...new Set(rows.flatMap(r => Object.keys(r as object).filter(k => (r as Record<string, unknown>)[k] !== undefined)))]
  const names = sql.join(keys.map(k => sql.identifier(columns[k]!.name)), sql`, `)
  const value = (key: string, v: unknown) => v == null ? null : columns[key]!.columnType === 'PgCustomColumn' ? columns[key]!.mapToDriverValue(v) : v
  const json = JSON.stringify((rows as Record<string, unknown>[]).map(r => Object.fromEntries(keys.map(key => [columns[key]!.name, value(key, r[key])]))))
  const back = returning.length ? sql` returning ${sql.join(returning.map(k => sql`${sql.identifier(columns[k]!.name)} as ${sql.identifier(k)}`), sql`, `)}` : sql``
  return rowsOf(await db.execute(sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${json}::json)${back}`)) as Record<K, unknown>[]
}

/** `column = any(values)` with the values as one array-literal parameter (the column's index still serves it). */
export const inJson = (column: AnyPgColumn, values: readonly string[]) => sql`${column} = any(${`{${values.map(v => JSON.stringify(v)).join(',')}}`}::text[])`
