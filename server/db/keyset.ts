import type { AnyColumn, SQL } from 'drizzle-orm'
import { Buffer } from 'node:buffer'
import { sql } from 'drizzle-orm'
import { AppError } from '../http/errors.ts'

// Keyset paging (issue 14: every list): a page ends with a cursor naming its last row by its sort
// key and id, so the next page starts right after it however many rows arrived meanwhile, and
// reading page 40 costs what reading page 1 does. The cursor is opaque to clients.

export interface Cursor { key: string | null, id: string }

export const encodeCursor = (key: Date | string | null, id: string) => Buffer.from(JSON.stringify([key && new Date(key).toISOString(), id])).toString('base64url')

export const invalidCursor = () => new AppError(400, 'CURSOR_INVALID', '列表的翻页位置无效，请刷新列表')

/** The row a cursor names; anything else is refused as CURSOR_INVALID (a stale or hand-made link). */
export function decodeCursor(cursor: string): Cursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown]
    if (typeof id !== 'string' || !/^[\da-f-]{36}$/i.test(id) || (key !== null && (typeof key !== 'string' || Number.isNaN(Date.parse(key)))))
      throw new Error('not a cursor')
    return { key, id }
  }
  catch {
    throw invalidCursor()
  }
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

/** One page from `size + 1` rows fetched, and the cursor of its last row when more follow. */
export function pageOf<T>(rows: T[], size: number, keyOf: (row: T) => [Date, string]) {
  const items = rows.slice(0, size)
  const last = items.at(-1)
  return { items, next: rows.length > size && last ? encodeCursor(...keyOf(last)) : null }
}
