import { sql } from 'drizzle-orm'
import { customType, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

const pgSnapshot = customType<{ data: string }>({ dataType: () => 'pg_snapshot' })
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' })

/**
 * The record page as it was last built and presented (issue 14: building it costs PostgreSQL seven
 * times what a lookup does, and a page changes far less often than it is read): the JSON answer, less
 * whose eyes it is for, numbers and phones masked as every screen shows them (a temporary record's
 * page, which shows its whole 学籍号, is not stored). `builtIn` is the
 * snapshot it was read in; `dependsOn` the change keys of what it shows (`changeKeyOf`); the page is
 * served while no change to one of them is logged that the snapshot did not see (`record_page_changes`).
 * `format` names the statement, columns and presentation that made it (`pageFormat.ts`), so a new
 * release never serves an old shape.
 * design: no foreign key to the record, so storing a page takes no lock on the record's row.
 */
export const recordPages = pgTable('record_pages', {
  recordId: uuid('record_id').primaryKey(),
  format: text('format').notNull(),
  builtIn: pgSnapshot('built_in').notNull(),
  dependsOn: text('depends_on').array().notNull(),
  page: text('page').notNull(),
  // When it was last built: the sweeper removes a page not built again for a while (`PAGE_KEPT`).
  builtAt: timestamp('built_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  index('record_pages_depends_on_idx').using('gin', t.dependsOn),
  index('record_pages_built_at_idx').on(t.builtAt),
])

/**
 * What a change touched, as logged and as a page depends on it: a record (its id), a unit or school
 * ("unit:" and its id), or every page at once (a table emptied).
 */
export const changeKeyOf = { unit: (id: string) => `unit:${id}`, every: 'every' } as const

/**
 * One row per key and transaction that wrote what a page shows, inserted by triggers (migration
 * 0031). design: only inserts, so a writer takes no lock it did not take before, in no new order (a
 * counter on the record deadlocked writers that lock a guardian or a dispute first). The sweeper
 * removes a change, with the pages that did not see it, once no page build that began before the
 * change committed can still be running (`record_page_sweeps`).
 */
export const recordPageChanges = pgTable('record_page_changes', {
  key: text('key').notNull(),
  xid: xid8('xid').notNull().default(sql`pg_current_xact_id()`),
}, t => [
  index('record_page_changes_key_idx').on(t.key, t.xid),
  index('record_page_changes_xid_idx').on(t.xid),
])

/**
 * When the sweeper looked, and what had committed by then (every transaction below the snapshot's
 * xmin): a change below the xmin of a look ten minutes old is safe to forget. design: no change row
 * is ever updated, so a million-record import costs the sweeper one range delete, not a million updates.
 */
export const recordPageSweeps = pgTable('record_page_sweeps', {
  at: timestamp('at', { withTimezone: true }).notNull(), // two looks may share a millisecond (PGlite's clock)
  seen: pgSnapshot('seen').notNull(),
}, t => [index('record_page_sweeps_at_idx').on(t.at)])
