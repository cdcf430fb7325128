import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core'
import { sealedText } from './sealed.ts'
import { studentRecords } from './studentRecords.ts'
import { units } from './units.ts'

export const officerRoles = ['registrar', 'officer', 'head', 'leader'] as const

// Citizens (students, guardians) sign in by phone; officers by username and password.
export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['citizen', 'officer'] }).notNull(),
  phone: varchar('phone', { length: 11 }),
  username: text('username'),
  passwordHash: text('password_hash'),
  displayName: text('display_name'),
  officePhone: varchar('office_phone', { length: 20 }), // an officer's desk line, printed on 核查单 / 督办单
  unitId: text('unit_id').references(() => units.id),
  role: text('role', { enum: officerRoles }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  uniqueIndex('accounts_phone_uq').on(t.phone),
  uniqueIndex('accounts_username_uq').on(t.username),
])

// 实名绑定: an account proven to be the student, or a recorded guardian of the student.
export const bindings = pgTable('bindings', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  recordId: uuid('record_id').notNull().references(() => studentRecords.id),
  relation: text('relation', { enum: ['self', 'guardian'] }).notNull(),
  // The person's own name and number as proven; shown back only to them.
  holderName: text('holder_name').notNull(),
  holderIdNumber: sealedText('holder_id_number').notNull(),
  boundAt: timestamp('bound_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [uniqueIndex('bindings_account_record_uq').on(t.accountId, t.recordId)])

export const sessions = pgTable('sessions', {
  tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  // Last proof of possession (SMS code or password): gates revealing full ID numbers.
  verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, t => [index('sessions_account_idx').on(t.accountId)])

export const smsCodes = pgTable('sms_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: varchar('phone', { length: 11 }).notNull(),
  codeHash: varchar('code_hash', { length: 64 }).notNull(),
  clientIp: text('client_ip').notNull(),
  attempts: integer('attempts').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
}, t => [index('sms_codes_phone_idx').on(t.phone, t.createdAt), index('sms_codes_ip_idx').on(t.clientIp, t.createdAt)])

// The demo SMS sender's outbox (demo mode only).
export const smsOutbox = pgTable('sms_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: varchar('phone', { length: 11 }).notNull(),
  body: text('body').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('sms_outbox_phone_idx').on(t.phone, t.sentAt)])

// Failed sign-ins and bindings, counted for rate limits across server instances.
export const failedAttempts = pgTable('failed_attempts', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['binding', 'officerLogin'] }).notNull(),
  subject: text('subject').notNull(), // account id or username
  clientIp: text('client_ip').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('failed_attempts_subject_idx').on(t.kind, t.subject, t.at), index('failed_attempts_ip_idx').on(t.kind, t.clientIp, t.at)])
