import { sql } from 'drizzle-orm'
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core'
import { officerRoleList } from '../../../shared/people/roles.ts'
import { sealedText } from './sealed.ts'
import { studentRecords } from './studentRecords.ts'
import { units } from './units.ts'

// The roles (shared/people/roles.ts); admin: a unit's account administrator (issue 12).
export const officerRoles = officerRoleList

// Citizens (students, guardians) sign in by phone; officers by username and password.
export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['citizen', 'officer'] }).notNull(),
  phone: varchar('phone', { length: 11 }),
  username: text('username'),
  passwordHash: text('password_hash'),
  // A one-time password (npm run admin:create): only the password change is open until it is replaced.
  passwordMustChange: boolean('password_must_change').notNull().default(false),
  displayName: text('display_name'),
  officePhone: varchar('office_phone', { length: 20 }), // an officer's desk line, printed on 核查单 / 督办单
  unitId: text('unit_id').references(() => units.id),
  role: text('role', { enum: officerRoles }),
  // An officer's TOTP second factor: the secret awaiting a first code, the confirmed one, and the
  // last 30-second step a code was accepted for (so a code signs in once only).
  // TOTP secrets are sealed under DATA_KEY like identity numbers: a dump alone hands out no second factor.
  totpPendingSecret: sealedText('totp_pending_secret'),
  totpSecret: sealedText('totp_secret'),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  // design: an officer who leaves is disabled, never deleted, so their past decisions keep their name.
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  uniqueIndex('accounts_phone_uq').on(t.phone),
  uniqueIndex('accounts_username_uq').on(t.username),
  // A unit's officers (notices, handler choices): not a scan over every citizen's account.
  index('accounts_unit_idx').on(t.unitId).where(sql`${t.unitId} is not null`),
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
  // Names the session in "my sessions" without handing out the token's hash.
  id: uuid('id').notNull().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  // Last proof of possession (SMS code or password): gates revealing full ID numbers.
  verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  // Refreshed at most every few minutes (see loadSession), so a read does not always write.
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  device: text('device'), // the browser's User-Agent, cut short, so a person can tell sessions apart
}, t => [index('sessions_account_idx').on(t.accountId), uniqueIndex('sessions_id_uq').on(t.id), index('sessions_expires_at_idx').on(t.expiresAt)])

export const smsCodes = pgTable('sms_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: varchar('phone', { length: 11 }).notNull(),
  codeHash: varchar('code_hash', { length: 64 }).notNull(),
  clientIp: text('client_ip').notNull(),
  attempts: integer('attempts').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
}, t => [index('sms_codes_phone_idx').on(t.phone, t.createdAt), index('sms_codes_ip_idx').on(t.clientIp, t.createdAt), index('sms_codes_created_at_idx').on(t.createdAt)])

// The demo SMS sender's outbox (demo mode only).
export const smsOutbox = pgTable('sms_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: varchar('phone', { length: 11 }).notNull(),
  body: text('body').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('sms_outbox_phone_idx').on(t.phone, t.sentAt)])

// Sign-in and lookup limits, one row per key (an officer's "pair:<username>:<ip>", "ip:<ip>",
// "user:<username>", "totp:<account id>"; bindings' and public checks' by account and address). Each
// attempt claims a row with one conditional upsert that fails while `blockedUntil` lies ahead, so
// however many attempts arrive at once only the claimed ones are compared. The sweeper forgets a
// spent one (server/auth/housekeeping.ts).
export const signInLimits = pgTable('sign_in_limits', {
  key: text('key').primaryKey(),
  attempts: integer('attempts').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }).notNull(),
}, t => [index('sign_in_limits_window_idx').on(t.windowStartedAt)])

// A unit's security settings; a requirement holds for the unit and every unit under it.
export const unitSecurity = pgTable('unit_security', {
  unitId: text('unit_id').primaryKey().references(() => units.id),
  requireTotp: boolean('require_totp').notNull().default(false),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
