import { sql } from 'drizzle-orm'
import { customType, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

const pgSnapshot = customType<{ data: string }>({ dataType: () => 'pg_snapshot' })
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' })

/**
 * The record page as it was last built (issue 14: building it costs PostgreSQL seven times what a
 * lookup does, and a page changes far less often than it is read). `builtIn` is the snapshot the page
 * was built in; `dependsOn` the change keys of what it shows (`changeKeyOf`); the page is served while
 * no change to one of them is logged that the snapshot did not see (`record_page_changes`).
 * `format` names the statement and columns that built it, so a new release never serves an old shape.
 * design: no foreign key to the record, so storing a page takes no lock on the record's row.
 */
export const recordPages = pgTable('record_pages', {
  recordId: uuid('record_id').primaryKey(),
  format: text('format').notNull(),
  builtIn: pgSnapshot('built_in').notNull(),
  dependsOn: text('depends_on').array().notNull(),
  page: jsonb('page').$type<Record<string, unknown>>().notNull(),
}, t => [index('record_pages_depends_on_idx').using('gin', t.dependsOn)])

/**
 * What a change touched, as logged and as a page depends on it: a record (its id), a unit or school
 * ("unit:" and its id), or every page at once (a table emptied).
 */
export const changeKeyOf = { unit: (id: string) => `unit:${id}`, every: 'every' } as const

/**
 * One row per key and transaction that wrote what a page shows, inserted by triggers (migration
 * 0031). design: only inserts, so a writer takes no lock it did not take before, in no new order (a
 * counter on the record deadlocked writers that lock a guardian or a dispute first). The sweeper
 * notes when it first saw a change (`settledAt`) and, once no page build that began before the change
 * committed can still be running, removes it with the pages that did not see it.
 */
export const recordPageChanges = pgTable('record_page_changes', {
  key: text('key').notNull(),
  xid: xid8('xid').notNull().default(sql`pg_current_xact_id()`),
  settledAt: timestamp('settled_at', { withTimezone: true }),
}, t => [
  index('record_page_changes_key_idx').on(t.key, t.xid),
  index('record_page_changes_settled_idx').on(t.settledAt), // the sweeper's: unsettled (null) and long settled
])
