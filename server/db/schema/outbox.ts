import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core'
import { noticeKinds } from '../../../shared/notices.ts'
import { accounts } from './accounts.ts'

export const outboxStates = ['pending', 'claimed', 'sending', 'sent', 'failed'] as const

// Every message leaving the system (SMS, Web Push), written before it is sent so nothing is
// lost across a crash. A worker claims due rows (FOR UPDATE SKIP LOCKED, so instances never share one)
// for `leaseUntil` ('claimed'), and marks one 'sending' just before handing it to the provider. A worker
// that dies holding a 'claimed' row never reached the provider: the row is claimed again once its lease
// runs out. One that dies while 'sending' may have been delivered: it is never resent (server/outbox).
export const outboxMessages = pgTable('outbox_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  channel: text('channel', { enum: ['sms', 'push'] }).notNull(),
  // A mobile number (sms) or a push subscription's id (push).
  recipient: varchar('recipient', { length: 36 }).notNull(),
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
  // A notice's step and recipient ("complaintAccepted:<sheet id>:<account id>"): one message per step,
  // however often the step's code runs. Sign-in codes have none.
  idempotencyKey: text('idempotency_key'),
  // A Web Push message: the account whose browser it was queued for. It is not sent if the browser has
  // changed hands since (a shared family phone). design: no foreign key, so queuing locks no account row.
  forAccountId: uuid('for_account_id'),
}, t => [
  uniqueIndex('outbox_idempotency_uq').on(t.idempotencyKey),
  index('outbox_due_idx').on(t.state, t.nextAttemptAt),
  index('outbox_settled_idx').on(t.state, t.settledAt),
  // settled sign-in codes, forgotten a day on (server/auth/housekeeping.ts)
  index('outbox_sign_in_settled_idx').on(t.settledAt).where(sql`template = 'signInCode'`),
])

// What a person chose for each kind of SMS notice (shared/notices.ts); no row: the kind's default.
export const noticePreferences = pgTable('notice_preferences', {
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  kind: text('kind', { enum: noticeKinds }).notNull(),
  enabled: boolean('enabled').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, t => [primaryKey({ columns: [t.accountId, t.kind] })])

// A browser's Web Push subscription (the Push API's endpoint and keys) and the kinds of notice its owner
// asked to be woken for there (opt in, per kind). The endpoint is the push service's address for that
// one browser; a push service answering 404 or 410 means it is gone, and the row goes with it.
export const pushSubscriptions = pgTable('push_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  endpoint: text('endpoint').notNull(),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  kinds: text('kinds', { enum: noticeKinds }).array().notNull(),
  // design: the language of the app on this browser when its notices were last chosen; the phone shows them in it
  language: text('language', { enum: ['zh-CN', 'en'] }).notNull().default('zh-CN'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, t => [
  uniqueIndex('push_endpoint_uq').on(t.endpoint),
  index('push_account_idx').on(t.accountId),
])
