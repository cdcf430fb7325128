import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import { getTableColumns } from 'drizzle-orm'

const columnsOf = new WeakMap<PgTable, [string, AnyPgColumn][]>()

/**
 * A row that came back inside JSON (`to_jsonb(t)` in one statement that gathers a whole page),
 * decoded as drizzle's select() would: keys as in the schema, timestamps as Dates, sealed values opened.
 */
export function fromJsonRow<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  let columns = columnsOf.get(table)
  if (!columns)
    columnsOf.set(table, columns = Object.entries(getTableColumns(table)) as [string, AnyPgColumn][])
  const row: Record<string, unknown> = {}
  for (const [key, column] of columns) {
    const value = json[column.name]
    row[key] = value == null ? null : column.mapFromDriverValue(value)
  }
  return row as T['$inferSelect']
}
