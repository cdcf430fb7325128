import type { Db } from '../../db/client.ts'
import { and, asc, desc, eq, inArray, like, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { accounts, auditEvents, diplomaRegistrations, disputes, recordGuardians, recordHistory, registrationEvents, schools, studentRecords, units } from '../../db/schema/index.ts'
import { matchesSealed } from '../../db/sealedLookup.ts'

const authority = alias(units, 'authority')

export async function loadRecord(db: Db, recordId: string) {
  const [row] = await db.select({ record: studentRecords, school: units, level: schools.level, authorityName: authority.name })
    .from(studentRecords)
    .innerJoin(units, eq(units.id, studentRecords.schoolUnitId))
    .innerJoin(schools, eq(schools.unitId, units.id))
    .innerJoin(authority, eq(authority.id, schools.registryAuthorityId))
    .where(eq(studentRecords.id, recordId))
  if (!row)
    return null
  const [guardians, events, diploma, recordDisputes, history] = await Promise.all([
    db.select().from(recordGuardians).where(eq(recordGuardians.recordId, recordId)).orderBy(asc(recordGuardians.ordinal)),
    db.select({ event: registrationEvents, schoolName: units.name }).from(registrationEvents).innerJoin(units, eq(units.id, registrationEvents.schoolUnitId)).where(eq(registrationEvents.recordId, recordId)).orderBy(asc(registrationEvents.occurredOn)),
    db.select({ diploma: diplomaRegistrations, schoolName: units.name }).from(diplomaRegistrations).innerJoin(units, eq(units.id, diplomaRegistrations.schoolUnitId)).where(eq(diplomaRegistrations.recordId, recordId)),
    db.select().from(disputes).where(eq(disputes.recordId, recordId)).orderBy(desc(disputes.createdAt)),
    db.select().from(recordHistory).where(eq(recordHistory.recordId, recordId)).orderBy(desc(recordHistory.at)),
  ])
  return { ...row, guardians, events, diploma: diploma[0] ?? null, disputes: recordDisputes, history }
}
export type LoadedRecord = NonNullable<Awaited<ReturnType<typeof loadRecord>>>

/** 谁查看了我的学籍: officers' reads and reveals of this record, newest first. */
export async function recordViews(db: Db, recordId: string) {
  return db.select({ at: auditEvents.at, action: auditEvents.action, officerName: accounts.displayName, unitName: units.name })
    .from(auditEvents)
    .innerJoin(accounts, eq(accounts.id, auditEvents.actorId))
    .leftJoin(units, eq(units.id, auditEvents.actorUnitId))
    .where(and(eq(auditEvents.recordId, recordId), inArray(auditEvents.action, ['record.view', 'record.reveal', 'binding.created', 'case.view', 'sheet.download', 'attachment.download'])))
    .orderBy(desc(auditEvents.at))
    .limit(100)
}

/** An officer's search inside their jurisdiction: by 学籍号, by 身份证件号 or by the start of a name. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, m => `\\${m}`)

export async function searchRecords(db: Db, unitPath: string, q: string) {
  return db.select({ id: studentRecords.id, name: studentRecords.name, registryNo: studentRecords.registryNo, idNumber: studentRecords.idNumber, schoolName: units.name, grade: studentRecords.grade })
    .from(studentRecords)
    .innerJoin(units, eq(units.id, studentRecords.schoolUnitId))
    .where(and(like(units.path, `${unitPath}%`), or(matchesSealed(studentRecords.registryNoIndex, q.toUpperCase()), matchesSealed(studentRecords.idNumberIndex, q.toUpperCase()), like(studentRecords.name, `${escapeLike(q)}%`))))
    .orderBy(asc(studentRecords.name))
    .limit(20)
}
