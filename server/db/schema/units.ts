import { boolean, index, pgTable, text, varchar } from 'drizzle-orm/pg-core'

// GB/T 2260 administrative divisions (current and retired) that units and schools sit in.
export const regions = pgTable('regions', {
  code: varchar('code', { length: 6 }).primaryKey(),
  name: text('name').notNull(),
  parentCode: varchar('parent_code', { length: 6 }),
  level: text('level', { enum: ['province', 'city', 'county'] }).notNull(),
  retired: boolean('retired').notNull().default(false),
})

export const unitKinds = ['school', 'county', 'city', 'province'] as const
export type UnitKind = (typeof unitKinds)[number]

// A school, a county bureau, a city bureau or the province (DOMAIN §1).
// `path` lists the ids from the province down to this unit ("p/c/k/s/"):
// an officer's jurisdiction is every unit whose path starts with theirs.
export const units = pgTable('units', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: unitKinds }).notNull(),
  name: text('name').notNull(),
  regionCode: varchar('region_code', { length: 6 }).notNull().references(() => regions.code),
  parentId: text('parent_id'),
  path: text('path').notNull(),
}, t => [index('units_path_idx').on(t.path)])

export const schoolLevels = ['primary', 'junior', 'senior', 'vocational', 'higher'] as const
export type SchoolLevel = (typeof schoolLevels)[number]

// 学籍主管部门: the bureau that runs the school (003:5; design: the same for K-12).
export const schools = pgTable('schools', {
  unitId: text('unit_id').primaryKey().references(() => units.id),
  code: varchar('code', { length: 10 }).notNull().unique(),
  level: text('level', { enum: schoolLevels }).notNull(),
  registryAuthorityId: text('registry_authority_id').notNull().references(() => units.id),
})
