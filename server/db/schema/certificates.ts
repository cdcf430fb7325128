import { sql } from 'drizzle-orm'
import { boolean, date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { accounts } from './accounts.ts'
import { diplomaRegistrations, studentRecords } from './studentRecords.ts'
import { units } from './units.ts'

// A request for a 学历证明书 in place of a lost or damaged diploma (002:19, 001:4(7), 003:19).
export const certificateRequests = pgTable('certificate_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestId: uuid('request_id').notNull().unique(),
  recordId: uuid('record_id').notNull().references(() => studentRecords.id),
  diplomaId: uuid('diploma_id').notNull().references(() => diplomaRegistrations.id),
  filedBy: uuid('filed_by').notNull().references(() => accounts.id),
  loss: text('loss', { enum: ['lost', 'damaged'] }).notNull(),
  circumstances: text('circumstances').notNull(), // when and how
  statement: text('statement').notNull(), // the signed statement (typed name + declaration)
  status: text('status', { enum: ['pending', 'reviewed', 'issued', 'refused'] }).notNull().default('pending'),
  reviewedBy: uuid('reviewed_by').references(() => accounts.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  decidedBy: uuid('decided_by').references(() => accounts.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  refusalReason: text('refusal_reason'),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  dueDate: date('due_date').notNull(),
  dueSoonNotifiedAt: timestamp('due_soon_notified_at', { withTimezone: true }),
  breachedAt: timestamp('breached_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  index('certificate_requests_record_idx').on(t.recordId),
  index('certificate_requests_filer_idx').on(t.filedBy, t.createdAt),
  // The sweeper's two questions (issue 14): late and not yet marked; due soon and not yet told.
  index('certificate_requests_late_idx').on(t.dueAt).where(sql`${t.status} in ('pending', 'reviewed') and ${t.breachedAt} is null`),
  index('certificate_requests_due_soon_idx').on(t.dueDate).where(sql`${t.status} in ('pending', 'reviewed') and ${t.breachedAt} is null and ${t.dueSoonNotifiedAt} is null`),
])

// The 学历证明书 itself. `content` is exactly what was signed (Ed25519); `signature` is over it.
export const certificates = pgTable('certificates', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull().unique(),
  requestId: uuid('request_id').references(() => certificateRequests.id),
  recordId: uuid('record_id').notNull().references(() => studentRecords.id),
  diplomaId: uuid('diploma_id').notNull().references(() => diplomaRegistrations.id),
  schoolUnitId: text('school_unit_id').notNull().references(() => units.id),
  issuedOn: date('issued_on').notNull(),
  content: jsonb('content').$type<Record<string, unknown>>().notNull(),
  signature: text('signature').notNull(),
  status: text('status', { enum: ['valid', 'superseded', 'revoked'] }).notNull().default('valid'),
  supersededBy: uuid('superseded_by'),
  revokedReason: text('revoked_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('certificates_diploma_idx').on(t.diplomaId), index('certificates_record_idx').on(t.recordId)])

// Every public verification (design: the holder can see when their certificate was checked).
export const certificateVerifications = pgTable('certificate_verifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  certificateId: uuid('certificate_id').references(() => certificates.id),
  number: text('number').notNull(),
  nameMatched: boolean('name_matched').notNull(),
  clientIp: text('client_ip'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, t => [index('certificate_verifications_cert_idx').on(t.certificateId, t.at), index('certificate_verifications_ip_idx').on(t.clientIp, t.at)])

// The server's Ed25519 signing key (private key stays in the database; the public key is published).
export const signingKeys = pgTable('signing_keys', {
  id: text('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})
