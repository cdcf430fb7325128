import type { SQL } from 'drizzle-orm'
import type { LoadedRecord } from './page.ts'
import { createHash } from 'node:crypto'
import { getTableColumns } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { diplomaFields, guardianFields, studentFields } from '#shared/recordFields.ts'
import { fromJsonRow } from '../../db/jsonRows.ts'
import { certificates, corrections, diplomaRegistrations, disputes, recordGuardians, recordHistory, registrationEvents, schools, studentRecords, units } from '../../db/schema/index.ts'
import { decodePage } from './page.ts'
import { presentedPage } from './present.ts'

const at = new Date(Date.UTC(2000, 0, 3, 4, 5, 6))
const valuesOf = (fields: readonly { key: string }[]) => Object.fromEntries(fields.map(f => [f.key, `${f.key}·`]))

/**
 * Two records: one with every field, guardian, event, dispute, history line, pending entry and
 * certificate a page shows, one with as little as a record may have, so that a change to how a page
 * is presented changes how one of them is, and the format.
 */
const FULL = {
  record: { ...valuesOf(studentFields), id: 'record', registryNo: 'G110101200001010011', idNumber: '110101200001010011', gender: 'male', boarding: true, disabled: false, temporary: false, status: 'enrolled', source: 'national', importedAt: at, major: 'major' },
  school: { id: 'school', name: 'school' },
  level: 'senior',
  authorityName: 'authority',
  guardians: [{ ...valuesOf(guardianFields), ordinal: 1, idNumber: '110101197001010012', phone: '13800000000', isGuardian: true }],
  events: [{ event: { id: 'event', kind: 'statusChange', changeType: 'change', occurredOn: '2000-01-03', note: 'note' }, schoolName: 'school' }],
  diploma: { diploma: { ...valuesOf(diplomaFields), startMonth: '1997-09', endMonth: '2000-06' }, schoolName: 'school' },
  disputes: [{ id: 'dispute', field: 'student.name', shownValue: 'shown', explanation: 'why', status: 'open', createdAt: at }],
  history: [{ field: 'student.idNumber', oldValue: '110101200001010011', newValue: '110101200001010029', at, correctionId: 'correction' }],
  awaitingEntry: [{ id: 'correction', items: [{ field: 'guardian1.phone', requestedValue: '13900000000' }], decidedAt: at }],
  pending: [{ id: 'pending', items: [{ field: 'student.name' }] }],
  certificates: [
    { id: 'first', number: 'first', status: 'superseded', issuedOn: '2000-01-03', supersededBy: 'second' },
    { id: 'second', number: 'second', status: 'issued', issuedOn: '2000-01-04', supersededBy: null },
  ],
} as unknown as LoadedRecord
const SPARSE = {
  record: { id: 'record', registryNo: 'G110101200001010011', idNumber: null, gender: 'female', boarding: null, temporary: false, status: 'graduated', source: 'chsi', importedAt: at, major: null },
  school: { id: 'school', name: 'school' },
  level: 'higher',
  authorityName: 'authority',
  guardians: [{ ordinal: 1, idNumber: null, phone: null, isGuardian: false }],
  events: [],
  diploma: null,
  disputes: [],
  history: [{ field: 'student.name', oldValue: null, newValue: 'name', at, correctionId: null }],
  awaitingEntry: [],
  pending: [],
  certificates: [],
} as unknown as LoadedRecord

/**
 * What a stored page was made by: the statements that read and store it, every column of the tables it
 * reads, how a row is decoded (the code itself: a build is one text) and how a page is presented. A
 * release that changes any of them serves no page an older one stored.
 */
export function pageFormat(...statements: SQL[]) {
  const dialect = new PgDialect()
  return createHash('sha256')
    .update(JSON.stringify(statements.map(s => dialect.sqlToQuery(s).sql)))
    .update(JSON.stringify([studentRecords, units, schools, recordGuardians, registrationEvents, diplomaRegistrations, disputes, recordHistory, corrections, certificates]
      .map(table => Object.values(getTableColumns(table)).map(c => [c.name, c.getSQLType()]))))
    .update(String(decodePage) + String(fromJsonRow))
    .update(presentedPage(FULL) + presentedPage(SPARSE))
    .digest('base64url')
    .slice(0, 16)
}
