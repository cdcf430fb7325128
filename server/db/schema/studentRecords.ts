import { sql } from 'drizzle-orm'
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core'
import { blindIndex, sealedText } from './sealed.ts'
import { units } from './units.ts'

// One record per person for life, 一人一号、终身不变 (004:1). Fields follow 附件1 of 004, in order.
export const studentRecords = pgTable('student_records', {
  id: uuid('id').primaryKey().defaultRandom(),
  // 学籍号 and 身份证件号 are sealed (DOMAIN §6): found by their blind index, never by value.
  registryNo: sealedText('registry_no').notNull(),
  // Indexes are null only until the startup reseal fills them for rows stored before sealing.
  registryNoIndex: blindIndex('registry_no_index').unique(),
  // 004:1: a pupil without an ID number gets a temporary record, updated in place later.
  temporary: boolean('temporary').notNull().default(false),
  name: text('name').notNull(), // 1 姓名
  formerName: text('former_name'), // 2 曾用名
  gender: text('gender', { enum: ['male', 'female'] }).notNull(), // 3 性别
  nationality: text('nationality').notNull().default('中国'), // 4 国籍/地区
  overseasStatus: text('overseas_status').notNull().default('否'), // 5 港澳台侨外
  ethnicity: text('ethnicity').notNull(), // 6 民族
  idType: text('id_type').notNull().default('居民身份证'), // 7 身份证件类型
  idNumber: sealedText('id_number'), // 8 身份证件号
  idNumberIndex: blindIndex('id_number_index'),
  // design (issue 14): the masked forms lists show (410102********8021), kept beside the sealed values
  // so a page of search results opens none; null for rows stored before migration 0028 until
  // `npm run keys:rotate` stores them (server/db/reseal.ts).
  registryNoMasked: text('registry_no_masked'),
  idNumberMasked: text('id_number_masked'),
  birthDate: date('birth_date').notNull(), // 9 出生日期
  currentAddress: text('current_address'), // 10 现居住详细地址
  householdAddress: text('household_address'), // 11 户口所在地具体地址
  grade: text('grade'), // 12 年级
  className: text('class_name'), // 13 班级
  politicalStatus: text('political_status'), // 14 政治面貌
  boarding: boolean('boarding'), // 15 是否寄宿生
  disabled: boolean('disabled').notNull().default(false), // 16 是否残疾人
  leftBehind: boolean('left_behind'), // 17 是否农村留守儿童
  disabilityType: text('disability_type'), // 36 残疾类型
  specialEducationType: text('special_education_type'), // 37 特殊学生就读类型
  schoolUnitId: text('school_unit_id').notNull().references(() => units.id),
  major: text('major'), // vocational and higher education
  status: text('status', { enum: ['enrolled', 'suspended', 'graduated', 'withdrawn', 'cancelled'] }).notNull().default('enrolled'),
  source: text('source').notNull(), // the official system the record was imported from (DOMAIN §0)
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
}, t => [
  uniqueIndex('student_records_id_number_uq').on(t.idNumberIndex),
  // A school's records; and a school registrar's search by name, in name order, off this index alone (issue
  // 14: off the name index, a common surname's whole province was read for one school's 20).
  index('student_records_school_name_idx').on(t.schoolUnitId, sql`${t.name} collate "C"`),
  // An officer's search by the start of a name (LIKE '王%'), in code-point order, under any database collation.
  index('student_records_name_idx').using('btree', sql`${t.name} collate "C"`),
])

// Family member or guardian 一 (items 18–26) and 二 (27–35) of 附件1.
export const recordGuardians = pgTable('record_guardians', {
  id: uuid('id').primaryKey().defaultRandom(),
  recordId: uuid('record_id').notNull().references(() => studentRecords.id),
  ordinal: integer('ordinal').notNull(),
  name: text('name').notNull(),
  relation: text('relation').notNull(),
  isGuardian: boolean('is_guardian').notNull(),
  ethnicity: text('ethnicity'),
  idType: text('id_type').notNull().default('居民身份证'),
  idNumber: sealedText('id_number'),
  idNumberIndex: blindIndex('id_number_index'),
  employer: text('employer'),
  householdAddress: text('household_address'),
  phone: varchar('phone', { length: 20 }),
}, t => [
  uniqueIndex('record_guardians_ordinal_uq').on(t.recordId, t.ordinal),
  index('record_guardians_id_number_idx').on(t.idNumberIndex),
])

export const registrationEventKinds = ['enrolment', 'annual', 'statusChange', 'graduation'] as const

// 新生注册, 学年注册 and every 学籍异动 (002:12-13, 003:13).
export const registrationEvents = pgTable('registration_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  recordId: uuid('record_id').notNull().references(() => studentRecords.id),
  kind: text('kind', { enum: registrationEventKinds }).notNull(),
  changeType: text('change_type'), // 留级, 转学, 休学 … for statusChange
  occurredOn: date('occurred_on').notNull(),
  schoolUnitId: text('school_unit_id').notNull().references(() => units.id),
  note: text('note'),
}, t => [
  index('registration_events_record_idx').on(t.recordId, t.occurredOn),
  // issue 12: a 学籍异动 is one per student, 异动类别 and 异动日期, so importing it again adds nothing.
  uniqueIndex('registration_events_change_uq').on(t.recordId, t.changeType, t.occurredOn).where(sql`kind = 'statusChange'`),
])

// 学历注册 (002:17, 003:17).
export const diplomaRegistrations = pgTable('diploma_registrations', {
  id: uuid('id').primaryKey().defaultRandom(),
  recordId: uuid('record_id').notNull().references(() => studentRecords.id).unique(),
  diplomaNo: varchar('diploma_no', { length: 32 }).notNull().unique(),
  schoolUnitId: text('school_unit_id').notNull().references(() => units.id),
  educationLevel: text('education_level').notNull(), // 层次
  major: text('major'),
  lengthOfSchooling: text('length_of_schooling').notNull(), // 学制
  studyForm: text('study_form').notNull(), // 学习形式
  startMonth: varchar('start_month', { length: 7 }).notNull(), // 学习起止年月
  endMonth: varchar('end_month', { length: 7 }).notNull(),
  conclusion: text('conclusion').notNull(), // 毕(结)业
  principalName: text('principal_name').notNull(),
  issuedOn: date('issued_on').notNull(), // 002:18: the day online query starts
})
