import { sql } from 'drizzle-orm'
import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { accounts } from './accounts.ts'
import { imports } from './imports.ts'
import { sealedJson, sealedText } from './sealed.ts'
import { studentRecords } from './studentRecords.ts'
import { units } from './units.ts'

export interface CorrectionItem { field: string, currentValue: string | null, requestedValue: string }

// 信息变更 / 勘误 (002:19, 001:4(5)(8), 003:14, 004:3): what the student asks, and where it stands.
export const corrections = pgTable('corrections', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestId: uuid('request_id').notNull().unique(),
  recordId: uuid('record_id').notNull().references(() => studentRecords.id),
  filedBy: uuid('filed_by').notNull().references(() => accounts.id),
  items: sealedJson<CorrectionItem[]>('items').notNull(), // may carry an ID number: sealed
  reason: text('reason').notNull(),
  level: text('level').notNull(), // k12 | vocational | higher (from the school)
  stage: text('stage').notNull(), // inSchool | diplomaRegistered
  chain: jsonb('chain').$type<{ unit: string, role: string, label: string, unitId: string }[]>().notNull(), // the approval steps, from the policy table
  step: integer('step').notNull().default(0), // index into chain of the step now waiting
  status: text('status', { enum: ['pending', 'approved', 'notAccepted', 'rejected', 'withdrawn'] }).notNull().default('pending'),
  outcomeReason: text('outcome_reason'),
  stepStartedAt: timestamp('step_started_at', { withTimezone: true }).notNull(),
  stepDueAt: timestamp('step_due_at', { withTimezone: true }).notNull(),
  stepDueDate: date('step_due_date').notNull(),
  dueSoonNotifiedAt: timestamp('due_soon_notified_at', { withTimezone: true }),
  breachedAt: timestamp('breached_at', { withTimezone: true }),
  // design: after approval the registrar records the entry in the official system.
  officialEntry: jsonb('official_entry').$type<{ enteredOn: string, operator: string, reference: string }>(),
  // issue 10: the record shows an approved value only once it is entered in the official system;
  // until then it shows the registered value with the approved one pending. Who recorded the entry.
  enteredBy: uuid('entered_by').references(() => accounts.id),
  appliedAt: timestamp('applied_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
}, t => [
  index('corrections_record_idx').on(t.recordId, t.createdAt),
  index('corrections_status_idx').on(t.status, t.stepDueAt),
  index('corrections_filer_idx').on(t.filedBy, t.createdAt),
  // The sweeper's two questions (issue 14): late and not yet marked; due soon and not yet told.
  index('corrections_late_idx').on(t.stepDueAt).where(sql`${t.status} = 'pending' and ${t.breachedAt} is null`),
  index('corrections_due_soon_idx').on(t.stepDueDate).where(sql`${t.status} = 'pending' and ${t.dueSoonNotifiedAt} is null`),
  // An officer's queue: the pending step's unit and role, read from the chain (not a scan of every pending correction).
  index('corrections_waiting_step_idx').on(sql`(${t.chain} -> ${t.step} ->> 'unitId')`, sql`(${t.chain} -> ${t.step} ->> 'role')`).where(sql`${t.status} = 'pending'`),
  // Its list of approved corrections waiting for their entry in the official system, by the school that
  // filed them and by the unit that approved them (server/features/corrections/entry.ts enterableBy), oldest
  // decision first; an approved correction stays 'approved' once entered, so without these each page
  // read every approved correction ever made.
  index('corrections_entry_school_idx').on(sql`(${t.chain} -> 0 ->> 'unitId')`, t.decidedAt, t.id).where(sql`${t.status} = 'approved' and ${t.appliedAt} is null`),
  index('corrections_entry_approver_idx').on(sql`(${t.chain} -> -1 ->> 'unitId')`, t.decidedAt, t.id).where(sql`${t.status} = 'approved' and ${t.appliedAt} is null`),
])

// Each decision: who, when, which step, and why (谁审核、谁签字、谁负责, 000:6).
export const correctionDecisions = pgTable('correction_decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  correctionId: uuid('correction_id').notNull().references(() => corrections.id),
  step: integer('step').notNull(),
  role: text('role').notNull(),
  decidedBy: uuid('decided_by').notNull().references(() => accounts.id),
  unitId: text('unit_id').notNull().references(() => units.id),
  decision: text('decision', { enum: ['approve', 'reject', 'notAccepted'] }).notNull(),
  reason: text('reason'),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, t => [index('correction_decisions_idx').on(t.correctionId, t.step)])

// A changed field keeps its previous value (002:19: 学信网保留更改前的信息); nothing is overwritten without a trace.
export const recordHistory = pgTable('record_history', {
  id: uuid('id').primaryKey().defaultRandom(),
  recordId: uuid('record_id').notNull().references(() => studentRecords.id),
  field: text('field').notNull(),
  oldValue: sealedText('old_value'),
  newValue: sealedText('new_value'),
  correctionId: uuid('correction_id').references(() => corrections.id),
  // issue 12: a value an import replaced names the import as its source.
  importId: uuid('import_id').references(() => imports.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, t => [index('record_history_record_idx').on(t.recordId, t.at)])
