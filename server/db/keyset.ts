import type { AnyColumn, SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { Buffer } from 'node:buffer'
import { sql } from 'drizzle-orm'
import { AppError } from '../http/errors.ts'

// Keyset paging (issue 14: every list): a page ends with a cursor naming its last row by its sort
// key and id, so the next page starts right after it however many rows arrived meanwhile, and
// reading page 40 costs what reading page 1 does. The cursor is opaque to clients.

export interface Cursor { key: string | null, id: string }

/** Opaque text for the place of a row in a list; `decodePlace` reads it back. */
export const encodePlace = (place: unknown[]) => Buffer.from(JSON.stringify(place)).toString('base64url')

export const invalidCursor = () => new AppError(400, 'CURSOR_INVALID', '列表的翻页位置无效，请刷新列表')

const uuidShape = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i
export const isUuid = (x: unknown): x is string => typeof x === 'string' && uuidShape.test(x)
/** A time PostgreSQL will read: an ISO date and time (UTC) that exists, not 30 February. */
export function isTime(x: unknown): x is string {
  if (typeof x !== 'string' || !/^(?:19|2\d)\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z?$/.test(x))
    return false
  const t = Date.parse(x.endsWith('Z') ? x : `${x}Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === x.slice(0, 10)
}

/** The parts of a cursor, or CURSOR_INVALID (a stale or hand-made link) when it is not one. */
export function decodePlace(cursor: string): unknown[] {
  try {
    const place = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown
    if (Array.isArray(place))
      return place
  }
  catch {}
  throw invalidCursor()
}

export const encodeCursor = (key: Date | string | null, id: string) => encodePlace([key && new Date(key).toISOString(), id])

/** The row a cursor names; anything else is refused as CURSOR_INVALID. */
export function decodeCursor(cursor: string): Cursor {
  const [key, id] = decodePlace(cursor)
  if (!isUuid(id) || (key !== null && !isTime(key)))
    throw invalidCursor()
  return { key, id }
}

/**
 * The rows after a cursor in a list ordered by (key, id) ascending, where the key is a time that is
 * never null (a due time, a decision time).
 */
export function afterKey(key: AnyColumn, id: AnyColumn, cursor: string | undefined): SQL | undefined {
  if (!cursor)
    return undefined
  const at = decodeCursor(cursor)
  if (at.key === null)
    throw invalidCursor()
  return sql`(${key}, ${id}) > (${at.key}::timestamptz, ${at.id}::uuid)`
}

/**
 * The rows after a cursor's row in a list ordered newest first by (time, id), compared with that
 * row's stored time (microseconds; a JS date keeps only milliseconds). The row is looked up in
 * `table` under `scope` (the reader's own rows), so another reader's cursor makes an empty page.
 */
export function olderThanRow(table: PgTable, time: AnyColumn, id: AnyColumn, scope: SQL, cursor: string | undefined): SQL | undefined {
  if (!cursor)
    return undefined
  const { id: rowId } = decodeCursor(cursor)
  // Inside the subquery the table's own name refers to the inner row.
  return sql`(${time}, ${id}) < (select ${time}, ${id} from ${table} where ${id} = ${rowId}::uuid and ${scope})`
}

/** One page from `size + 1` rows fetched, and the cursor of its last row when more follow. */
export function pageOf<T>(rows: T[], size: number, keyOf: (row: T) => [Date | null, string]) {
  const items = rows.slice(0, size)
  const last = items.at(-1)
  return { items, next: rows.length > size && last ? encodeCursor(...keyOf(last)) : null }
}
