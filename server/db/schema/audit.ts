import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { accounts } from './accounts.ts'
import { studentRecords } from './studentRecords.ts'

// Who saw and who changed what (000:4(1), 002:27; design: visible to the student for their own record).
export const auditEvents = pgTable('audit_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id').references(() => accounts.id),
  actorUnitId: text('actor_unit_id'),
  action: text('action').notNull(),
  recordId: uuid('record_id').references(() => studentRecords.id),
  clientIp: text('client_ip'),
  detail: jsonb('detail').$type<Record<string, unknown>>(),
}, t => [index('audit_events_record_idx').on(t.recordId, t.at), index('audit_events_actor_idx').on(t.actorId, t.at)])

// A field the student or guardian marked as wrong (000:3(1), 002:11).
export const disputes = pgTable('disputes', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestId: uuid('request_id').notNull().unique(), // idempotency: a retried submit returns the same dispute
  recordId: uuid('record_id').notNull().references(() => studentRecords.id),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  field: text('field').notNull(),
  shownValue: text('shown_value'),
  explanation: text('explanation').notNull(),
  status: text('status', { enum: ['open', 'withdrawn', 'resolved'] }).notNull().default('open'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('disputes_record_idx').on(t.recordId, t.createdAt)])
