import { Buffer } from 'node:buffer'
import { AppError } from '../http/errors.ts'

// Keyset paging (issue 14: every list): a page ends with a cursor naming its last row by its sort
// key and id, so the next page starts right after it however many rows arrived meanwhile, and
// reading page 40 costs what reading page 1 does. The cursor is opaque to clients.

export interface Cursor { key: string | null, id: string }

export const encodeCursor = (key: Date | string | null, id: string) => Buffer.from(JSON.stringify([key && new Date(key).toISOString(), id])).toString('base64url')

/** The row a cursor names; anything else is refused as CURSOR_INVALID (a stale or hand-made link). */
export function decodeCursor(cursor: string): Cursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown]
    if (typeof id !== 'string' || !/^[\da-f-]{36}$/i.test(id) || (key !== null && (typeof key !== 'string' || Number.isNaN(Date.parse(key)))))
      throw new Error('not a cursor')
    return { key, id }
  }
  catch {
    throw new AppError(400, 'CURSOR_INVALID', '列表的翻页位置无效，请刷新列表')
  }
}
