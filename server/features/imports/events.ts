import type { EventColumn, ImportedEvent } from '#shared/imports/events.ts'
import type { RowError } from '#shared/imports/rows.ts'
import type { Db } from '../../db/client.ts'
import type { ImportIssue } from '../../db/schema/index.ts'
import type { ColumnMapping } from './mappings.ts'
import type { Importer, ImportOutcome } from './records.ts'
import { and, eq, inArray, or } from 'drizzle-orm'
import { shanghaiDate } from '#shared/calendar/index.ts'
import { effectOfEvents, eventColumnLabel, eventColumnOf, eventColumns, movesSchool, readEventRow, STATUS_LABEL } from '#shared/imports/events.ts'
import { inJson } from '../../db/bulk.ts'
import { keyring } from '../../db/keyring.ts'
import { recordHistory, registrationEvents, schools, studentRecords, units } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { columnReader } from './columnReader.ts'
import { fieldsUnderReview } from './records.ts'
import { readSheet } from './sheet.ts'

const BATCH = 1000
type Apply = { importId: string, at: Date } | null

/**
 * Checks a 学籍异动 file and, with `apply`, writes it into the record's registration events
 * (issue 12; 002:12-13, 003:13). An event is keyed by the student (学籍号, or the ID number),
 * its 异动类别 and its 异动日期, so the same file again changes nothing; a newer export with
 * another reason or school updates the event's note.
 */
export async function importEvents(db: Db, importer: Importer, bytes: Uint8Array, apply: Apply, mapping: ColumnMapping = new Map()): Promise<ImportOutcome> {
  const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 }
  const errors: ImportIssue[] = []
  const conflicts: ImportIssue[] = []
  const refused = new Set<number>()
  const refuse = (e: RowError) => {
    errors.push(e)
    refused.add(e.row)
  }
  const today = shanghaiDate(apply?.at ?? new Date())
  const sheet = columnReader<EventColumn>({ columnOf: eventColumnOf, fromMapping: f => (eventColumns.includes(f as EventColumn) ? f as EventColumn : null), label: eventColumnLabel, isHeader: m => m.includes('changeType') || m.filter(Boolean).length >= 3 }, mapping)
  const { header, unmatched } = sheet
  const seen = new Map<string, number>()
  let batch: ImportedEvent[] = []

  for await (const { row, cells } of readSheet(bytes)) {
    const byColumn = sheet.read(cells)
    if (!byColumn)
      continue
    const read = readEventRow(row, byColumn, header, today)
    if (!read.ok) {
      read.errors.forEach(refuse)
      continue
    }
    batch.push(read.event)
    if (batch.length >= BATCH) {
      await flush(batch)
      batch = []
    }
  }
  if (!sheet.found())
    throw new AppError(400, 'HEADERS_NOT_FOUND', '没有找到表头：学籍异动文件应有「学籍号」「异动类别」「异动日期」等列')
  await flush(batch)
  counts.refused = refused.size
  return { counts, errors, conflicts, unmatched }

  async function flush(rows: ImportedEvent[]) {
    if (!rows.length)
      return
    const lookups = (values: string[]) => values.flatMap(v => keyring().lookups(v))
    const registryNos = rows.flatMap(r => r.registryNo ? [r.registryNo] : [])
    const idNumbers = rows.flatMap(r => !r.registryNo && r.idNumber ? [r.idNumber] : [])
    const select = { id: studentRecords.id, registryNo: studentRecords.registryNo, idNumber: studentRecords.idNumber, name: studentRecords.name, status: studentRecords.status, schoolUnitId: studentRecords.schoolUnitId, schoolName: units.name, path: units.path }
    const found = [
      ...(registryNos.length ? await db.select(select).from(studentRecords).innerJoin(units, eq(units.id, studentRecords.schoolUnitId)).where(inJson(studentRecords.registryNoIndex, lookups(registryNos))) : []),
      ...(idNumbers.length ? await db.select(select).from(studentRecords).innerJoin(units, eq(units.id, studentRecords.schoolUnitId)).where(inJson(studentRecords.idNumberIndex, lookups(idNumbers))) : []),
    ]
    const byRegistry = new Map(found.map(f => [f.registryNo, f]))
    const byId = new Map(found.filter(f => f.idNumber).map(f => [f.idNumber!, f]))
    const existing = found.length ? await db.select().from(registrationEvents).where(and(inArray(registrationEvents.recordId, found.map(f => f.id)), eq(registrationEvents.kind, 'statusChange'))) : []
    const byKey = new Map(existing.map(e => [`${e.recordId} ${e.changeType} ${e.occurredOn}`, e]))

    const destinations = await schoolsNamed(db, rows.flatMap(r => movesSchool(r.changeType) && r.toSchool ? [r.toSchool] : []))
    const destinationNames = new Map([...destinations.values()].map(d => [d.unitId, d.name]))

    const inserts: (typeof registrationEvents.$inferInsert)[] = []
    const updates: { id: string, note: string | null }[] = []
    const effects = new Map<typeof found[number], { row: number, changeType: string, occurredOn: string, toSchoolUnitId: string | null }[]>()
    for (const e of rows) {
      const record = e.registryNo ? byRegistry.get(e.registryNo) : byId.get(e.idNumber!)
      const column = header(e.registryNo ? 'registryNo' : 'idNumber')
      if (!record) {
        refuse({ row: e.row, column, code: 'RECORD_UNKNOWN', message: `第 ${e.row} 行「${column}」：没有找到这名学生的学籍，请先导入学籍，或核对学籍号` })
        continue
      }
      if (!record.path.startsWith(importer.unitPath)) {
        refuse({ row: e.row, column, code: 'RECORD_OUTSIDE_JURISDICTION', message: `第 ${e.row} 行：该学籍号的学生在您管辖范围以外的学校就读，不能由您导入` })
        continue
      }
      if (e.name && e.name !== record.name) {
        // Neither name goes into the message: it is stored with the import and shown beside others' rows.
        refuse({ row: e.row, column: header('name'), code: 'NAME_MISMATCH', message: `第 ${e.row} 行「${header('name')}」与该学籍号的学生姓名不一致，请核对` })
        continue
      }
      const key = `${record.id} ${e.changeType} ${e.occurredOn}`
      const first = seen.get(key)
      if (first) {
        refuse({ row: e.row, column: header('changeType'), code: 'DUPLICATE_IN_FILE', message: `第 ${e.row} 行与第 ${first} 行是同一名学生同一天的同一项异动` })
        continue
      }
      seen.set(key, e.row)
      const before = byKey.get(key)
      if (!before) {
        inserts.push({ recordId: record.id, kind: 'statusChange', changeType: e.changeType, occurredOn: e.occurredOn, schoolUnitId: record.schoolUnitId, note: e.note })
        const destination = movesSchool(e.changeType) && e.toSchool ? destinations.get(e.toSchool) ?? null : null
        if (movesSchool(e.changeType) && e.toSchool && !destination)
          conflicts.push({ row: e.row, column: header('toSchool'), code: 'SCHOOL_UNKNOWN', message: `第 ${e.row} 行「${header('toSchool')}」的值「${e.toSchool}」没有对应的学校：异动已记录，就读学校未变更，请先导入学校名单或核对学校标识码` })
        effects.set(record, [...(effects.get(record) ?? []), { row: e.row, changeType: e.changeType, occurredOn: e.occurredOn, toSchoolUnitId: destination?.unitId ?? null }])
      }
      else if ((before.note ?? null) !== e.note) {
        updates.push({ id: before.id, note: e.note })
      }
      else {
        counts.unchanged++
      }
    }
    if (!apply) {
      counts.created += inserts.length
      counts.updated += updates.length
      await applyEffects(db, null)
      return
    }
    await db.transaction(async (tx) => {
      // the unique index on (record, 异动类别, 异动日期) keeps a concurrent import of another file from doubling an event
      const created = inserts.length ? await tx.insert(registrationEvents).values(inserts).onConflictDoNothing().returning({ recordId: registrationEvents.recordId, changeType: registrationEvents.changeType, occurredOn: registrationEvents.occurredOn }) : []
      counts.created += created.length
      counts.unchanged += inserts.length - created.length
      for (const u of updates)
        await tx.update(registrationEvents).set({ note: u.note }).where(eq(registrationEvents.id, u.id))
      counts.updated += updates.length
      await applyEffects(tx, { importId: apply.importId, at: apply.at, created: new Set(created.map(c => `${c.recordId} ${c.changeType} ${c.occurredOn}`)) })
    })

    /**
     * A new 休学、退学、转学 … changes the record's 学籍状态 or 就读学校 as the registry did, keeping
     * the old value as history with the import as its source; a school under an open correction
     * or dispute is not changed but listed (issue 12). The dry run only lists.
     */
    async function applyEffects(tx: Db, written: { importId: string, at: Date, created: Set<string> } | null) {
      const held = await fieldsUnderReview(tx, [...effects.keys()].map(r => r.id))
      for (const [record, added] of effects) {
        const isNew = (e: { changeType: string, occurredOn: string }) => !written || written.created.has(`${record.id} ${e.changeType} ${e.occurredOn}`)
        const onRecord = existing.filter(x => x.recordId === record.id).map(x => ({ changeType: x.changeType!, occurredOn: x.occurredOn!, isNew: false }))
        const effect = effectOfEvents(record, [...onRecord, ...added.map(e => ({ ...e, isNew: isNew(e) }))])
        let moved = effect.schoolUnitId && effect.schoolUnitId !== record.schoolUnitId ? effect.schoolUnitId : null
        if (moved && held.has(`${record.id} placement.school`)) { // the status still follows the event
          const row = added.find(e => e.toSchoolUnitId === moved)!.row
          conflicts.push({ row, column: header('toSchool'), code: 'FIELD_UNDER_REVIEW', message: `第 ${row} 行「${header('toSchool')}」：该学生的就读学校有正在办理的更正或异议，未变更，请在办结后核对` })
          moved = null
        }
        if (!written || (!effect.status && !moved))
          continue
        const history: (typeof recordHistory.$inferInsert)[] = []
        if (effect.status)
          history.push({ recordId: record.id, field: 'placement.status', oldValue: STATUS_LABEL[record.status], newValue: STATUS_LABEL[effect.status], importId: written.importId, at: written.at })
        if (moved)
          history.push({ recordId: record.id, field: 'placement.school', oldValue: record.schoolName, newValue: destinationNames.get(moved)!, importId: written.importId, at: written.at })
        // Only from the status and school this batch read: a change made meanwhile is listed, never overwritten.
        const [changed] = await tx.update(studentRecords).set({ ...(effect.status ? { status: effect.status } : {}), ...(moved ? { schoolUnitId: moved } : {}), importedAt: written.at }).where(and(eq(studentRecords.id, record.id), eq(studentRecords.status, record.status), eq(studentRecords.schoolUnitId, record.schoolUnitId))).returning({ id: studentRecords.id })
        if (!changed) {
          conflicts.push({ row: added[0]!.row, column: header('changeType'), code: 'RECORD_CHANGED', message: `第 ${added[0]!.row} 行：该学生的学籍在导入时被修改，学籍状态和就读学校未变更，请核对后重新导入` })
          continue
        }
        await tx.insert(recordHistory).values(history)
      }
    }
  }
}

/** Schools named by 学校标识码 or by a name only one school has, as 转入学校 columns write them. */
async function schoolsNamed(db: Db, values: string[]) {
  const named = new Map<string, { unitId: string, name: string }>()
  const wanted = [...new Set(values)]
  if (!wanted.length)
    return named
  const found = await db.select({ unitId: schools.unitId, code: schools.code, name: units.name }).from(schools).innerJoin(units, eq(units.id, schools.unitId)).where(or(inArray(schools.code, wanted), inArray(units.name, wanted)))
  for (const v of wanted) {
    const matches = found.filter(f => f.code === v || f.name === v)
    if (matches.length === 1)
      named.set(v, matches[0]!)
  }
  return named
}
