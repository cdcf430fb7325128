import { sql } from 'drizzle-orm'
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core'
import { accounts } from './accounts.ts'
import { studentRecords } from './studentRecords.ts'

// Who saw and who changed what (000:4(1), 002:27; design: visible to the student for their own record).
// Append-only (a trigger refuses updates and deletes) and hash-chained: server/audit/chain.ts seals
// entries in order, each hash covering the previous one, so a changed or removed entry is found.
export const auditEvents = pgTable('audit_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id').references(() => accounts.id),
  actorUnitId: text('actor_unit_id'),
  actorRole: text('actor_role'), // citizen | registrar | officer | head | leader | system
  action: text('action').notNull(),
  recordId: uuid('record_id').references(() => studentRecords.id),
  objectType: text('object_type'), // complaint | correction | certificate | sheet | attachment | record
  objectId: text('object_id'),
  clientIp: text('client_ip'),
  detail: jsonb('detail').$type<Record<string, unknown>>(), // before / after, masked where personal
  chainPos: bigint('chain_pos', { mode: 'number' }), // set once by the sealer
  hash: varchar('hash', { length: 64 }),
}, t => [
  index('audit_events_record_idx').on(t.recordId, t.at),
  index('audit_events_actor_idx').on(t.actorId, t.at),
  index('audit_events_action_idx').on(t.action, t.at),
  uniqueIndex('audit_events_chain_uq').on(t.chainPos),
  index('audit_events_unsealed_idx').on(t.seq).where(sql`${t.chainPos} is null`),
])

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
