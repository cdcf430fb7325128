import type { NoticeParams } from '../../../shared/notices.ts'
import { sql } from 'drizzle-orm'
import { boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { caseStatuses } from '../../../shared/complaints/caseMachine.ts'
import { accounts } from './accounts.ts'
import { blindIndex, sealedJson } from './sealed.ts'
import { studentRecords } from './studentRecords.ts'
import { units } from './units.ts'

const bytea = customType<{ data: Uint8Array, driverData: Uint8Array }>({ dataType: () => 'bytea' })

export interface Person { name: string, gender: string, age: number | null, ethnicity: string, idNumber: string, phone?: string, registryNo?: string }

// A 群众投诉 about K-12 学籍 handling (004:5) and the case it becomes.
export const complaints = pgTable('complaints', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestId: uuid('request_id').notNull().unique(), // a double tap or a retried submit creates one complaint
  filedBy: uuid('filed_by').notNull().references(() => accounts.id),
  // Sealed whole: they carry ID numbers and phones (DOMAIN §6).
  complainant: sealedJson<Person>('complainant').notNull(),
  student: sealedJson<Person>('student').notNull(),
  // design (issue 14): the student's name as filed, for lists (a queue page opened 20 sealed persons
  // for it); in the clear, as names are on records. Null only for complaints filed before migration
  // 0029, until `npm run keys:rotate` stores it.
  studentName: text('student_name'),
  // The student's blind index (ID number, else 学籍号, else name at the school): the duplicate check.
  studentKey: blindIndex('student_key'),
  recordId: uuid('record_id').references(() => studentRecords.id),
  schoolUnitId: text('school_unit_id').notNull().references(() => units.id),
  category: text('category').notNull(),
  description: text('description').notNull(),
  status: text('status', { enum: caseStatuses }).notNull().default('received'),
  routedUnitId: text('routed_unit_id').notNull().references(() => units.id), // the 学籍主管部门 doing intake
  responsibleOfficerId: uuid('responsible_officer_id').references(() => accounts.id), // 责任人
  handlingUnitId: text('handling_unit_id').references(() => units.id), // 承办单位
  handlerId: uuid('handler_id').references(() => accounts.id), // 承办人
  matter: text('matter'), // 所投诉事项, as the responsible unit writes it
  likelyDuplicateOf: uuid('likely_duplicate_of'),
  mergedInto: uuid('merged_into'),
  rejectReason: text('reject_reason'),
  infoRequest: text('info_request'),
  pausedAt: timestamp('paused_at', { withTimezone: true }),
  extensionRequest: jsonb('extension_request').$type<{ days: number, reason: string, requestedAt: string, by: string }>(),
  // The 承办单位's report (经核实的情况 as submitted), read by the 处理责任单位 before it closes the case;
  // it becomes `findings` when the case is closed. Kept when the case is sent back, for the redo.
  report: text('report'),
  findings: text('findings'), // 经核实的情况
  rating: text('rating', { enum: ['satisfied', 'basicallySatisfied', 'unsatisfied'] }),
  objection: text('objection'),
  // The intake clock (design: casePolicy.intakeDays): set when the complaint is filed and again when
  // a 退单 returns it; the sweeper warns once and escalates once per intake period.
  intakeDueAt: timestamp('intake_due_at', { withTimezone: true }),
  intakeDueDate: date('intake_due_date'),
  intakeProvisional: boolean('intake_provisional').notNull().default(false),
  intakeDueSoonNotifiedAt: timestamp('intake_due_soon_notified_at', { withTimezone: true }),
  intakeBreachedAt: timestamp('intake_breached_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  // Kept by the database (triggers of migrations 0023 and 0024, issue 14), never written by the app: when the
  // case's clock runs out, as caseClock() computes it, and the officers' queue order built on it.
  clockDueAt: timestamp('clock_due_at', { withTimezone: true }),
  queueKey: timestamp('queue_key', { withTimezone: true }),
}, t => [
  index('complaints_filed_by_idx').on(t.filedBy, t.createdAt),
  index('complaints_routed_idx').on(t.routedUnitId, t.status),
  index('complaints_handling_idx').on(t.handlingUnitId, t.status),
  index('complaints_student_key_idx').on(t.studentKey, t.category),
  index('complaints_intake_due_idx').on(t.status, t.intakeDueAt),
  index('complaints_intake_late_idx').on(t.intakeDueAt).where(sql`${t.status} = 'received' and ${t.intakeBreachedAt} is null`),
  index('complaints_intake_soon_idx').on(t.intakeDueDate).where(sql`${t.status} = 'received' and ${t.intakeBreachedAt} is null and ${t.intakeDueSoonNotifiedAt} is null`),
  // issue 10: a filer rates the answer of a case once, whether on the case or on a complaint merged into it.
  uniqueIndex('complaints_one_rating_per_filer').on(sql`coalesce(${t.mergedInto}, ${t.id})`, t.filedBy).where(sql`${t.rating} is not null`),
])

// The units whose officers see a case in their queue: each unit on the path of the unit it is routed to
// and of the unit handling it, with the case's queue order beside (kept by the triggers of migration
// 0035). An officer's queue page is a walk of case_reach_queue_idx from their own unit, whatever the
// size of their jurisdiction (issue 14: the jurisdiction as a prefix of two joined units' paths could
// not use an index, so a school's or a quiet county's queue scanned every case).
export const caseReach = pgTable('case_reach', {
  complaintId: uuid('complaint_id').notNull().references(() => complaints.id, { onDelete: 'cascade' }),
  unitId: text('unit_id').notNull(),
  queueKey: timestamp('queue_key', { withTimezone: true }),
}, t => [
  primaryKey({ columns: [t.complaintId, t.unitId] }),
  index('case_reach_queue_idx').on(t.unitId, t.queueKey, t.complaintId),
])

// Uploaded photos and PDFs: a complaint's evidence, or a correction's proofs.
export const complaintAttachments = pgTable('complaint_attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  complaintId: uuid('complaint_id').references(() => complaints.id),
  correctionId: uuid('correction_id'),
  uploadedBy: uuid('uploaded_by').notNull().references(() => accounts.id),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  data: bytea('data').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  index('complaint_attachments_complaint_idx').on(t.complaintId),
  // A correction's proofs are listed with every view of it (issue 14: every lookup has an index).
  index('complaint_attachments_correction_idx').on(t.correctionId).where(sql`${t.correctionId} is not null`),
])

export const sheetKinds = ['check', 'supervise'] as const

// 核查单 (附件2) and 督办单 (附件3) of 004. `content` keeps the sheet as issued.
export const caseSheets = pgTable('case_sheets', {
  id: uuid('id').primaryKey().defaultRandom(),
  complaintId: uuid('complaint_id').notNull().references(() => complaints.id),
  kind: text('kind', { enum: sheetKinds }).notNull(),
  number: text('number').notNull().unique(),
  issuingUnitId: text('issuing_unit_id').notNull().references(() => units.id),
  year: integer('year').notNull(),
  serial: integer('serial').notNull(),
  // 'intake': a 督办单 for a complaint not accepted within casePolicy.intakeDays (design).
  trigger: text('trigger', { enum: ['assign', 'breach', 'objection', 'manual', 'intake'] }).notNull(),
  parentSheetId: uuid('parent_sheet_id'),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(), // 交办时间 / 督办时间
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(), // 完成时限
  dueDate: date('due_date').notNull(),
  // The 完成时限 as first issued, kept when a pause or an extension moves it; and the working days granted by extension.
  issuedDueDate: date('issued_due_date'),
  extensionDays: integer('extension_days').notNull().default(0),
  provisional: boolean('provisional').notNull().default(false),
  status: text('status', { enum: ['open', 'done', 'returned'] }).notNull().default('open'),
  instructions: text('instructions'), // 办理意见
  outcome: text('outcome'), // 办理情况 / 经核实的情况
  dueSoonNotifiedAt: timestamp('due_soon_notified_at', { withTimezone: true }),
  breachedAt: timestamp('breached_at', { withTimezone: true }),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, t => [
  uniqueIndex('case_sheets_serial_uq').on(t.issuingUnitId, t.kind, t.year, t.serial),
  // One automatic 督办单 per breached sheet, even with two sweepers on one database.
  uniqueIndex('case_sheets_breach_uq').on(t.parentSheetId).where(sql`${t.trigger} = 'breach'`),
  index('case_sheets_open_due_idx').on(t.status, t.dueAt),
  // The sweeper's two questions (issue 14): late and not yet marked; due soon and not yet told.
  index('case_sheets_late_idx').on(t.dueAt).where(sql`${t.status} = 'open' and ${t.breachedAt} is null`),
  index('case_sheets_due_soon_idx').on(t.dueDate).where(sql`${t.status} = 'open' and ${t.dueSoonNotifiedAt} is null`),
  // The case clock (0038) asks for a case's open sheets: with status in the index its plan does not hang on
  // the table's statistics (issue 14: a never-analysed table took the open sheets' index, reading them all).
  index('case_sheets_complaint_status_idx').on(t.complaintId, t.status),
])

// Gap-free serials per issuing unit, kind and year: taken in the issuing transaction.
export const sheetCounters = pgTable('sheet_counters', {
  unitId: text('unit_id').notNull(),
  kind: text('kind', { enum: sheetKinds }).notNull(),
  year: integer('year').notNull(),
  last: integer('last').notNull(),
}, t => [primaryKey({ columns: [t.unitId, t.kind, t.year] })])

// Every step of a case, for both timelines.
export const caseEvents = pgTable('case_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: integer('seq').generatedAlwaysAsIdentity(), // keeps steps taken in the same instant in order
  complaintId: uuid('complaint_id').notNull().references(() => complaints.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id').references(() => accounts.id),
  actorUnitId: text('actor_unit_id'),
  kind: text('kind').notNull(),
  note: text('note'),
  detail: jsonb('detail').$type<Record<string, unknown>>(),
  public: boolean('public').notNull().default(true), // shown to the complainant
  requestId: uuid('request_id').unique(), // a complainant's step taken once however often it is sent
}, t => [index('case_events_complaint_idx').on(t.complaintId, t.at)])

// The in-app inbox of every account.
export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  // The values the Chinese words were made from, so the app can word the notice in English (issue 13).
  params: jsonb('params').$type<NoticeParams>(),
  complaintId: uuid('complaint_id').references(() => complaints.id),
  readAt: timestamp('read_at', { withTimezone: true }),
}, t => [index('notifications_account_idx').on(t.accountId, t.at)])
