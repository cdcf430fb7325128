import type { Placeholder, SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Buffer } from 'node:buffer'
import type { Db } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import { and, desc, eq, inArray, like, or, sql } from 'drizzle-orm'
import { maskIdNumber, maskRegistryNoForList } from '#shared/idNumber.ts'
import { olderThanRow, pageOf } from '../../db/keyset.ts'
import { columnPositions, preparedOnce, rawStatementOnce, rawText } from '../../db/prepared.ts'
import { accounts, auditEvents, studentRecords, units } from '../../db/schema/index.ts'
import { matchesSealed } from '../../db/sealedLookup.ts'

export const RECORD_VIEWS_PAGE = 50

/**
 * 谁查看了我的学籍: officers' reads and reveals of this record, newest first, a page at a time
 * (issue 14: every officer's read is logged, so a much-read record's list has no natural end).
 */
export async function recordViews(db: Db, recordId: string, before?: string) {
  const ofRecord = eq(auditEvents.recordId, recordId)
  const rows = await db.select({ id: auditEvents.id, at: auditEvents.at, action: auditEvents.action, officerName: accounts.displayName, unitName: units.name })
    .from(auditEvents)
    .innerJoin(accounts, eq(accounts.id, auditEvents.actorId))
    .leftJoin(units, eq(units.id, auditEvents.actorUnitId))
    .where(and(
      ofRecord,
      inArray(auditEvents.action, ['record.view', 'record.reveal', 'binding.created', 'case.view', 'sheet.download', 'attachment.download']),
      olderThanRow(auditEvents, auditEvents.at, auditEvents.id, ofRecord, before),
    ))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(RECORD_VIEWS_PAGE + 1)
  const page = pageOf(rows, RECORD_VIEWS_PAGE, r => [null, r.id])
  return { views: page.items.map(v => ({ ...v, at: v.at.toISOString() })), next: page.next }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, m => `\\${m}`)

// design: names in code-point order ("C"), as the name index keeps them, so the first 20 come off the index.
const nameInC = sql`${studentRecords.name} collate "C"`

// The numbers as lists show them, masked (issue 14: kept on the row, so a page of 20 opens no sealed
// value); the sealed value is read only for a row stored before the masks were, until the reseal.
const unlessMasked = (masked: AnyPgColumn, sealed: AnyPgColumn) => sql`case when ${masked} is null then ${sealed} end`.mapWith(sealed) as SQL<string | null>
const searchColumns = {
  id: studentRecords.id,
  name: studentRecords.name,
  registryNoMasked: studentRecords.registryNoMasked,
  idNumberMasked: studentRecords.idNumberMasked,
  registryNo: unlessMasked(studentRecords.registryNoMasked, studentRecords.registryNo),
  idNumber: unlessMasked(studentRecords.idNumberMasked, studentRecords.idNumber),
  schoolName: units.name,
  grade: studentRecords.grade,
}
function searchIn(db: Db, pathPrefix: string | Placeholder, match: SQL) {
  return db.select(searchColumns)
    .from(studentRecords)
    .innerJoin(units, eq(units.id, studentRecords.schoolUnitId))
    .where(and(like(units.path, pathPrefix), match))
    .orderBy(nameInC)
    .limit(20)
}

// The search by name, what officers type most: built and prepared once (issue 14).
const byName = (db: Db) => searchIn(db, sql.placeholder('pathPrefix'), like(nameInC, sql.placeholder('namePrefix')))
const searchByName = preparedOnce('record_search_by_name', byName)
// On PostgreSQL read as PostgreSQL's text and decoded here, without drizzle's row mapping (rawStatementOnce).
const searchByNameAsSent = rawStatementOnce(byName)

type Found = Awaited<ReturnType<ReturnType<typeof searchByName>['execute']>>[number]
const at = columnPositions<keyof Found>(Object.keys(searchColumns))
const sealed = (b: Buffer | null, column: AnyPgColumn) => b === null ? null : column.mapFromDriverValue(rawText(b)) as string
function foundOfBytes(row: (Buffer | null)[]): Found {
  return {
    id: rawText(row[at.id]!)!,
    name: rawText(row[at.name]!)!,
    registryNoMasked: rawText(row[at.registryNoMasked]!),
    idNumberMasked: rawText(row[at.idNumberMasked]!),
    registryNo: sealed(row[at.registryNo]!, studentRecords.registryNo),
    idNumber: sealed(row[at.idNumber]!, studentRecords.idNumber),
    schoolName: rawText(row[at.schoolName]!)!,
    grade: rawText(row[at.grade]!),
  }
}

async function findByName(deps: Pick<Deps, 'db' | 'dbKind'>, values: { pathPrefix: string, namePrefix: string }): Promise<Found[]> {
  if (deps.dbKind === 'pglite')
    return searchByName(deps.db).execute(values)
  return (await searchByNameAsSent(deps.db, values)).map(foundOfBytes)
}

/** An officer's search inside their jurisdiction: by 学籍号, by 身份证件号 or by the start of a name; numbers masked. */
export async function searchRecords(deps: Pick<Deps, 'db' | 'dbKind'>, unitPath: string, q: string) {
  // A 学籍号 or 身份证件号 has digits, a name has none: each is found by its own index.
  const rows = /\d/.test(q)
    ? await searchIn(deps.db, `${unitPath}%`, or(matchesSealed(studentRecords.registryNoIndex, q.toUpperCase()), matchesSealed(studentRecords.idNumberIndex, q.toUpperCase()))!)
    : await findByName(deps, { pathPrefix: `${unitPath}%`, namePrefix: `${escapeLike(q)}%` })
  return rows.map(({ registryNoMasked, idNumberMasked, registryNo, idNumber, ...r }) => ({
    ...r,
    registryNo: registryNoMasked ?? maskRegistryNoForList(registryNo!),
    idNumber: idNumberMasked ?? (idNumber ? maskIdNumber(idNumber) : null), // neither: a temporary record
  }))
}
