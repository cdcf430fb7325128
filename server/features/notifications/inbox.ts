import type { Db } from '../../db/client.ts'
import { and, count, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm'
import { olderThanRow, pageOf } from '../../db/keyset.ts'
import { preparedOnce } from '../../db/prepared.ts'
import { notifications } from '../../db/schema/index.ts'

const INBOX_PAGE = 50

const mine = (accountId: string | ReturnType<typeof sql.placeholder>) => eq(notifications.accountId, accountId)
const unreadOf = (accountId: string | ReturnType<typeof sql.placeholder>) => and(mine(accountId), isNull(notifications.readAt))

// The first page, what the inbox opens on: its notices and the unread count in one statement, built
// and prepared once (issue 14). The count is computed once for the statement, not for each row.
const firstPage = preparedOnce('inbox_first_page', db => db.select({
  ...getTableColumns(notifications),
  unread: sql<number>`(select count(*)::int from ${notifications} where ${unreadOf(sql.placeholder('accountId'))})`,
}).from(notifications).where(mine(sql.placeholder('accountId'))).orderBy(desc(notifications.at), desc(notifications.id)).limit(INBOX_PAGE + 1))

/** How many of an account's in-app notices are unread (the home screen's count). */
export async function unreadCount(db: Db, accountId: string) {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(notifications).where(unreadOf(accountId))
  return n
}

/** A page of an account's in-app notices, newest first, with how many are unread. */
export async function inboxPage(db: Db, accountId: string, before?: string) {
  let rows: (typeof notifications.$inferSelect)[]
  let unread: number
  if (!before) {
    rows = await firstPage(db).execute({ accountId })
    unread = (rows[0] as { unread?: number } | undefined)?.unread ?? 0
  }
  else {
    [rows, unread] = await Promise.all([
      db.select().from(notifications).where(and(mine(accountId), olderThanRow(notifications, notifications.at, notifications.id, mine(accountId), before))).orderBy(desc(notifications.at), desc(notifications.id)).limit(INBOX_PAGE + 1),
      unreadCount(db, accountId),
    ])
  }
  const page = pageOf(rows, INBOX_PAGE, n => [null, n.id])
  return { unread, page }
}
