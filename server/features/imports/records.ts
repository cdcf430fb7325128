import type { RecordColumn } from '#shared/imports/columns.ts'
import type { ImportedRecord, RowError } from '#shared/imports/rows.ts'
import type { Db, Tx } from '../../db/client.ts'
import type { ImportCounts, ImportIssue } from '../../db/schema/index.ts'
import type { ColumnMapping } from './mappings.ts'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { shanghaiDate } from '#shared/calendar/index.ts'
import { maskIdNumber } from '#shared/idNumber.ts'
import { columnLabel, columnOf, templateColumns } from '#shared/imports/columns.ts'
import { readRecordRow } from '#shared/imports/rows.ts'
import { inJson, insertMany } from '../../db/bulk.ts'
import { keyring } from '../../db/keyring.ts'
import { corrections, disputes, recordGuardians, recordHistory, schools, studentRecords, units } from '../../db/schema/index.ts'
import { idNumberDerived, indexOf, recordNumbersDerived } from '../../db/sealedLookup.ts'
import { AppError } from '../../http/errors.ts'
import { columnReader } from './columnReader.ts'
import { readSheet } from './sheet.ts'

export interface Importer { accountId: string, unitId: string, unitPath: string }
export interface ImportOutcome { counts: ImportCounts, errors: ImportIssue[], conflicts: ImportIssue[], unmatched: string[] }
type Apply = { importId: string, at: Date } | null

const BATCH = 1000
const known = new Set<string>([...templateColumns, 'temporary'])
/** A saved mapping's field, or null for 'ignore' (or a field this version no longer has). */
const mappedColumn = (key: string) => (known.has(key) ? key as RecordColumn : null)
// Where the record came from, by the school's level (DOMAIN §0).
const sourceOf = (level: string) => level === 'higher' ? '学信网' : level === 'vocational' ? '河南省学籍信息模块' : '全国中小学生学籍信息管理系统'

const studentKeys = ['name', 'formerName', 'gender', 'nationality', 'overseasStatus', 'ethnicity', 'idType', 'idNumber', 'birthDate', 'currentAddress', 'householdAddress', 'grade', 'className', 'politicalStatus', 'boarding', 'disabled', 'leftBehind', 'disabilityType', 'specialEducationType'] as const
const guardianKeys = ['name', 'relation', 'isGuardian', 'ethnicity', 'idType', 'idNumber', 'employer', 'householdAddress', 'phone'] as const

/** A value as the record shows it ('男', '是'), for history and messages. */
const shown = (v: unknown) => (v == null ? null : typeof v === 'boolean' ? (v ? '是' : '否') : v === 'male' ? '男' : v === 'female' ? '女' : String(v))
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null)

/** Fields under review, as `recordId field`: a pending correction's items, an open dispute (issue 12: not overwritten, listed). */
export async function fieldsUnderReview(db: Db, recordIds: string[]) {
  const held = new Set<string>()
  if (!recordIds.length)
    return held
  for (const c of await db.select({ recordId: corrections.recordId, items: corrections.items }).from(corrections).where(and(inArray(corrections.recordId, recordIds), eq(corrections.status, 'pending')))) {
    for (const item of c.items)
      held.add(`${c.recordId} ${item.field}`)
  }
  for (const d of await db.select({ recordId: disputes.recordId, field: disputes.field }).from(disputes).where(and(inArray(disputes.recordId, recordIds), eq(disputes.status, 'open'))))
    held.add(`${d.recordId} ${d.field}`)
  return held
}

interface School { unitId: string, path: string, name: string, level: string }
/** A field's change; `shown` is what the history keeps when the stored value is an id (the school's name). */
interface Change { field: string, column: string, from: unknown, to: unknown, shown?: { from: string, to: string } }

/**
 * Checks a records file and, with `apply`, writes it (issue 12). Rows are keyed by 学籍号
 * (一人一号，终身不变, 004:1): an unchanged row writes nothing, a changed field keeps its old value
 * in record_history with the import as source, and a field with an open correction or dispute is
 * left as it is and listed.
 */
export async function importRecords(db: Db, importer: Importer, bytes: Uint8Array, apply: Apply, mapping: ColumnMapping = new Map()): Promise<ImportOutcome> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0, refused: 0 }
  const errors: ImportIssue[] = []
  const conflicts: ImportIssue[] = []
  const refused = new Set<number>()
  const refuse = (e: RowError) => {
    errors.push(e)
    refused.add(e.row)
  }
  const today = shanghaiDate(apply?.at ?? new Date())

  const allSchools = await db.select({ unitId: schools.unitId, code: schools.code, level: schools.level, name: units.name, path: units.path, kind: units.kind }).from(schools).innerJoin(units, eq(units.id, schools.unitId))
  const byCode = new Map(allSchools.map(s => [s.code, s]))
  const byName = new Map<string, School[]>()
  for (const s of allSchools)
    byName.set(s.name, [...(byName.get(s.name) ?? []), s])
  const ownSchool = allSchools.find(s => s.unitId === importer.unitId) ?? null

  // design: title rows above the header (the national export has one) are skipped
  const sheet = columnReader<RecordColumn>({ columnOf, fromMapping: mappedColumn, label: columnLabel, isHeader: m => m.includes('name') || m.filter(Boolean).length >= 3 }, mapping)
  const { header, unmatched } = sheet
  const seenId = new Map<string, number>()
  const seenRegistry = new Map<string, number>()
  let batch: { record: ImportedRecord, school: School }[] = []

  for await (const { row, cells } of readSheet(bytes)) {
    const byColumn = sheet.read(cells)
    if (!byColumn)
      continue
    const read = readRecordRow(row, byColumn, { header, today })
    if (!read.ok) {
      read.errors.forEach(refuse)
      continue
    }
    const r = read.record
    const school = resolveSchool(r)
    if (!school)
      continue
    if (r.student.idNumber) {
      const first = seenId.get(r.student.idNumber)
      if (first) {
        refuse({ row, column: header('idNumber'), code: 'DUPLICATE_IN_FILE', message: `第 ${row} 行「${header('idNumber')}」的值「${maskIdNumber(r.student.idNumber)}」与第 ${first} 行重复：同一身份证件号在文件中出现了两次` })
        continue
      }
      seenId.set(r.student.idNumber, row)
    }
    const firstRegistry = seenRegistry.get(r.registryNo)
    if (firstRegistry) {
      refuse({ row, column: header('registryNo'), code: 'DUPLICATE_IN_FILE', message: `第 ${row} 行「${header('registryNo')}」与第 ${firstRegistry} 行重复：同一学籍号在文件中出现了两次（一人一号，004:1）` })
      continue
    }
    seenRegistry.set(r.registryNo, row)
    batch.push({ record: r, school })
    if (batch.length >= BATCH) {
      await flush(batch)
      batch = []
    }
  }
  if (!sheet.found())
    throw new AppError(400, 'HEADERS_NOT_FOUND', '没有找到表头：第一行应为「姓名」「身份证件号」等国网学生基本信息采集表的项目名称，可下载模板对照')
  await flush(batch)
  counts.refused = refused.size
  return { counts, errors, conflicts, unmatched }

  function resolveSchool(r: ImportedRecord): School | null {
    const column = header(r.schoolCode ? 'schoolCode' : 'schoolName')
    const value = r.schoolCode ?? r.schoolName
    let school: School | null | undefined
    if (r.schoolCode)
      school = byCode.get(r.schoolCode)
    else if (r.schoolName)
      school = byName.get(r.schoolName)?.find(s => s.path.startsWith(importer.unitPath)) ?? byName.get(r.schoolName)?.[0]
    else school = ownSchool // design: a school registrar's own file may leave the school out (issue 12)
    if (!school) {
      refuse({ row: r.row, column, code: value ? 'SCHOOL_UNKNOWN' : 'SCHOOL_REQUIRED', message: value ? `第 ${r.row} 行「${column}」的值「${value}」没有对应的学校，请核对学校标识码` : `第 ${r.row} 行没有填写学校标识码或学校名称` })
      return null
    }
    if (!school.path.startsWith(importer.unitPath)) {
      refuse({ row: r.row, column, code: 'SCHOOL_OUTSIDE_JURISDICTION', message: `第 ${r.row} 行「${column}」的值「${value}」：${school.name}不在您的管辖范围内，不能导入` })
      return null
    }
    return school
  }

  async function flush(rows: { record: ImportedRecord, school: School }[]) {
    if (!rows.length)
      return
    // Each value's blind indexes once per batch: the lookup's first (the active key's) is also what an insert stores.
    const memo = new Map<string, string[]>()
    const under = (v: string) => memo.get(v) ?? memo.set(v, keyring().lookups(v)).get(v)!
    const lookups = (values: string[]) => values.flatMap(under)
    const indexOf = (v: string | null | undefined) => (v == null ? null : under(v)[0]!)
    const existing = await db.select({ record: studentRecords, path: units.path, schoolName: units.name }).from(studentRecords).innerJoin(units, eq(units.id, studentRecords.schoolUnitId)).where(inJson(studentRecords.registryNoIndex, lookups(rows.map(r => r.record.registryNo))))
    const byRegistry = new Map(existing.map(e => [e.record.registryNo, e]))
    const ids = rows.map(r => r.record.student.idNumber).filter((v): v is string => !!v)
    const holders = ids.length ? await db.select({ id: studentRecords.id, idNumber: studentRecords.idNumber }).from(studentRecords).where(inJson(studentRecords.idNumberIndex, lookups(ids))) : []
    const holderOf = new Map(holders.map(h => [h.idNumber!, h.id]))
    const recordIds = existing.map(e => e.record.id)
    const guardians = recordIds.length ? await db.select().from(recordGuardians).where(inArray(recordGuardians.recordId, recordIds)) : []

    const inserts: { record: ImportedRecord, school: School }[] = []
    const updates: { recordId: string, record: ImportedRecord, school: School, changes: Change[] }[] = []
    for (const { record: r, school } of rows) {
      const found = byRegistry.get(r.registryNo)
      const holder = r.student.idNumber ? holderOf.get(r.student.idNumber) : undefined
      if (holder && holder !== found?.record.id) {
        refuse({ row: r.row, column: header('idNumber'), code: 'ID_NUMBER_TAKEN', message: `第 ${r.row} 行「${header('idNumber')}」的值「${maskIdNumber(r.student.idNumber!)}」已属于另一份学籍：一人一号（004:1），请核对学籍号` })
        continue
      }
      if (!found) {
        inserts.push({ record: r, school })
        continue
      }
      if (!found.path.startsWith(importer.unitPath)) {
        refuse({ row: r.row, column: header('registryNo'), code: 'RECORD_OUTSIDE_JURISDICTION', message: `第 ${r.row} 行：该学籍号的学生在您管辖范围以外的学校就读，不能由您导入` })
        continue
      }
      const changes: Change[] = []
      const old = found.record as Record<string, unknown>
      for (const key of studentKeys) {
        if (!sheet.has(key) && !(key === 'gender' || key === 'birthDate'))
          continue
        if (!same(old[key], r.student[key]))
          changes.push({ field: `student.${key}`, column: header(key), from: old[key], to: r.student[key] })
      }
      if (found.record.schoolUnitId !== school.unitId)
        changes.push({ field: 'placement.school', column: header(r.schoolCode ? 'schoolCode' : 'schoolName'), from: found.record.schoolUnitId, to: school.unitId, shown: { from: found.schoolName, to: school.name } })
      for (const g of r.guardians) {
        const before = guardians.find(x => x.recordId === found.record.id && x.ordinal === g.ordinal) as Record<string, unknown> | undefined
        for (const key of guardianKeys) {
          const column = `guardian${g.ordinal}.${key}` as RecordColumn
          if (sheet.has(column) && !same(before?.[key], g[key]))
            changes.push({ field: `guardian${g.ordinal}.${key}`, column: header(column), from: before?.[key], to: g[key] })
        }
      }
      if (changes.length)
        updates.push({ recordId: found.record.id, record: r, school, changes })
      else counts.unchanged++
    }
    if (!apply) {
      counts.created += inserts.length
      await applyUpdates(db, updates, null)
      return
    }
    await db.transaction(async (tx) => {
      if (inserts.length) { // one statement per batch; guardians found back by the 学籍号's blind index
        const indexes = inserts.map(({ record: r }) => indexOf(r.registryNo))
        const created = await insertMany(tx, studentRecords, inserts.map(({ record: r, school }, i) => ({
          ...r.student,
          registryNo: r.registryNo,
          ...recordNumbersDerived({ registryNo: r.registryNo, idNumber: r.student.idNumber }, indexes[i]!),
          temporary: r.temporary,
          schoolUnitId: school.unitId,
          source: sourceOf(school.level),
          importedAt: apply.at,
        })), ['id', 'registryNoIndex'])
        const idOf = new Map(created.map(c => [c.registryNoIndex as string, c.id as string]))
        const guardianRows = inserts.flatMap(({ record: r }, i) => r.guardians.map(g => ({ ...g, recordId: idOf.get(indexes[i]!)!, idNumberIndex: indexOf(g.idNumber) })))
        await insertMany(tx, recordGuardians, guardianRows)
        counts.created += created.length
      }
      await applyUpdates(tx, updates, apply)
    })
  }

  async function applyUpdates(tx: Db | Tx, updates: { recordId: string, record: ImportedRecord, changes: Change[] }[], at: Apply) {
    if (!updates.length)
      return
    const ids = updates.map(u => u.recordId)
    // Writing: the records are held (in one order) before reading what is under review, as a correction's
    // filing holds its record (corrections/inProgress.ts), so a request filed meanwhile is seen, not overwritten.
    if (at)
      await tx.select({ id: studentRecords.id }).from(studentRecords).where(inArray(studentRecords.id, ids)).orderBy(asc(studentRecords.id)).for('no key update')
    const held = await fieldsUnderReview(tx, ids)

    for (const u of updates) {
      const student: Record<string, unknown> = {}
      const guardianSets = new Map<number, Record<string, unknown>>()
      const history: (typeof recordHistory.$inferInsert)[] = []
      for (const ch of u.changes) {
        if (held.has(`${u.recordId} ${ch.field}`)) {
          conflicts.push({ row: u.record.row, column: ch.column, code: 'FIELD_UNDER_REVIEW', message: `第 ${u.record.row} 行「${ch.column}」：该项有正在办理的更正或异议，未覆盖，请在办结后核对` })
          continue
        }
        const [group, key] = ch.field.split('.') as [string, string]
        if (group === 'student') {
          student[key] = ch.to
          if (key === 'idNumber') {
            Object.assign(student, idNumberDerived(ch.to as string | null))
            student.temporary = !ch.to // 004:1: the temporary record is updated in place when the ID arrives
          }
        }
        else if (group === 'placement') {
          student.schoolUnitId = ch.to
        }
        else {
          const ordinal = group === 'guardian1' ? 1 : 2
          const set = guardianSets.get(ordinal) ?? {}
          set[key] = ch.to
          if (key === 'idNumber')
            set.idNumberIndex = indexOf(ch.to as string | null)
          guardianSets.set(ordinal, set)
        }
        history.push({ recordId: u.recordId, field: ch.field, oldValue: ch.shown?.from ?? shown(ch.from), newValue: ch.shown?.to ?? shown(ch.to), importId: at?.importId, at: at?.at ?? new Date() })
      }
      if (!history.length) {
        counts.unchanged++
        continue
      }
      if (!at) { // the dry run: counted, nothing written
        counts.updated++
        continue
      }
      if (Object.keys(student).length)
        await tx.update(studentRecords).set({ ...student, importedAt: at.at }).where(eq(studentRecords.id, u.recordId))
      for (const [ordinal, set] of guardianSets) {
        const where = and(eq(recordGuardians.recordId, u.recordId), eq(recordGuardians.ordinal, ordinal))
        const [updated] = await tx.update(recordGuardians).set(set).where(where).returning({ id: recordGuardians.id })
        if (!updated) {
          const g = u.record.guardians.find(x => x.ordinal === ordinal)!
          await tx.insert(recordGuardians).values({ ...g, recordId: u.recordId, idNumberIndex: indexOf(g.idNumber) })
        }
      }
      await tx.insert(recordHistory).values(history)
      counts.updated++
    }
  }
}
