import { index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core'

export const outboxStates = ['pending', 'sending', 'sent', 'failed'] as const

// Every message leaving the system (SMS now, Web Push later), written before it is sent so nothing is
// lost across a crash. A worker claims due rows (FOR UPDATE SKIP LOCKED, so instances never share one)
// for `leaseUntil`; a row whose worker died is claimed again once its lease runs out.
export const outboxMessages = pgTable('outbox_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  channel: text('channel', { enum: ['sms'] }).notNull(),
  recipient: varchar('recipient', { length: 11 }).notNull(),
  template: text('template').notNull(),
  // The template's parameters; emptied once the message is settled (a sign-in code must not linger).
  params: jsonb('params').$type<Record<string, string>>().notNull(),
  state: text('state', { enum: outboxStates }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  // Not worth sending after this (a sign-in code past its validity).
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  lastError: text('last_error'), // failure kind and provider code only
  providerId: text('provider_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  settledAt: timestamp('settled_at', { withTimezone: true }),
}, t => [
  index('outbox_due_idx').on(t.state, t.nextAttemptAt),
  index('outbox_settled_idx').on(t.state, t.settledAt),
])
