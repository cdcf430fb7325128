import { sql } from 'drizzle-orm'
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core'
import { accounts } from './accounts.ts'
import { sealedJson } from './sealed.ts'
import { units } from './units.ts'

export interface ImportCounts { created: number, updated: number, unchanged: number, refused: number }
export interface ImportIssue { row: number, column: string, code: string, message: string }

// An upload of records or schools from the official systems' exports (issue 12): checked as a dry
// run first, applied on commit. Errors and the refused rows may carry ID numbers: sealed.
export const imports = pgTable('imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['records', 'schools', 'events'] }).notNull(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  unitId: text('unit_id').notNull().references(() => units.id),
  fileName: text('file_name').notNull(),
  sha256: varchar('sha256', { length: 64 }).notNull(),
  status: text('status', { enum: ['checking', 'checked', 'committing', 'committed', 'failed'] }).notNull().default('checked'),
  counts: jsonb('counts').$type<ImportCounts>().notNull(),
  errors: sealedJson<ImportIssue[]>('errors').notNull(),
  /** Fields not overwritten on commit because a correction or dispute is open on them. */
  conflicts: sealedJson<ImportIssue[]>('conflicts'),
  /** Headers the import did not recognise (and no saved mapping named), for the officer to map. */
  unmatched: jsonb('unmatched').$type<string[]>(),
  /** The unit's column mapping as the dry run applied it; commit applies the same. */
  mapping: jsonb('mapping').$type<Record<string, string>>(),
  /** The file itself, sealed, so commit applies exactly what the dry run checked. */
  file: sealedJson<{ base64: string }>('file').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
}, t => [
  index('imports_unit_idx').on(t.unitId, t.createdAt),
  // issue 12: a second upload or commit of the same file while one runs is refused.
  uniqueIndex('imports_running_uq').on(t.unitId, t.sha256).where(sql`status in ('checking', 'committing')`),
])

// issue 12: a unit's own header names, mapped once to the fields they hold and applied to every
// later upload of that kind by the unit. `columns` maps the header as compared (normalizeHeader)
// to a field key, or to 'ignore' for a column the unit never imports.
export const importMappings = pgTable('import_mappings', {
  unitId: text('unit_id').notNull().references(() => units.id),
  kind: text('kind', { enum: ['records', 'schools', 'events'] }).notNull(),
  columns: jsonb('columns').$type<Record<string, string>>().notNull(),
  updatedBy: uuid('updated_by').notNull().references(() => accounts.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, t => [primaryKey({ columns: [t.unitId, t.kind] })])
