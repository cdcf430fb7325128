import type { RowError } from '#shared/imports/rows.ts'
import type { SchoolColumn } from '#shared/imports/schools.ts'
import type { Db } from '../../db/client.ts'
import type { ImportIssue } from '../../db/schema/index.ts'
import type { ColumnMapping } from './mappings.ts'
import type { Importer, ImportOutcome } from './records.ts'
import { eq } from 'drizzle-orm'
import { readSchoolRow, schoolColumnLabel, schoolColumnOf } from '#shared/imports/schools.ts'
import { regions, schools, units } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { columnReader } from './columnReader.ts'
import { readSheet } from './sheet.ts'

/**
 * Checks a school list and, with `apply`, writes it (issue 12), keyed by 学校标识码. A school sits
 * under its 学籍主管部门 (003:5), which must be the importing unit or one below it.
 */
export async function importSchools(db: Db, importer: Importer, bytes: Uint8Array, apply: boolean, mapping: ColumnMapping = new Map()): Promise<ImportOutcome> {
  const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 }
  const errors: ImportIssue[] = []
  const refused = new Set<number>()
  const refuse = (e: RowError) => {
    errors.push(e)
    refused.add(e.row)
  }
  const allUnits = await db.select().from(units)
  const bureaus = allUnits.filter(u => u.kind !== 'school' && u.path.startsWith(importer.unitPath))
  const me = allUnits.find(u => u.id === importer.unitId)!
  if (me.kind === 'school')
    throw new AppError(403, 'SCHOOLS_BY_BUREAU', '学校名单由教育行政部门导入')
  const knownRegions = new Set((await db.select({ code: regions.code }).from(regions)).map(r => r.code))
  const existing = new Map((await db.select({ school: schools, unit: units }).from(schools).innerJoin(units, eq(units.id, schools.unitId))).map(e => [e.school.code, e]))

  const fields = new Set<string>(['code', 'name', 'level', 'regionCode', 'authority'])
  const sheet = columnReader<SchoolColumn>({ columnOf: schoolColumnOf, fromMapping: f => (fields.has(f) ? f as SchoolColumn : null), label: schoolColumnLabel, isHeader: m => m.includes('code') && m.includes('name') }, mapping)
  const { header, unmatched } = sheet
  const seen = new Map<string, number>()
  for await (const { row, cells } of readSheet(bytes)) {
    const byColumn = sheet.read(cells)
    if (!byColumn)
      continue
    const read = readSchoolRow(row, byColumn, header)
    if (!read.ok) {
      read.errors.forEach(refuse)
      continue
    }
    const s = read.school
    const first = seen.get(s.code)
    if (first) {
      refuse({ row, column: header('code'), code: 'DUPLICATE_IN_FILE', message: `第 ${row} 行「${header('code')}」的值「${s.code}」与第 ${first} 行重复` })
      continue
    }
    seen.set(s.code, row)
    if (!knownRegions.has(s.regionCode)) {
      refuse({ row, column: header('regionCode'), code: 'REGION_UNKNOWN', message: `第 ${row} 行「${header('regionCode')}」的值「${s.regionCode}」不是已知的行政区划代码` })
      continue
    }
    const authority = s.authority ? bureaus.find(b => b.name === s.authority || b.regionCode === s.authority || b.id === s.authority) : me
    if (!authority) {
      refuse({ row, column: header('authority'), code: 'SCHOOL_OUTSIDE_JURISDICTION', message: `第 ${row} 行「${header('authority')}」的值「${s.authority}」不是您或您下级的教育行政部门` })
      continue
    }
    const found = existing.get(s.code)
    if (found && !found.unit.path.startsWith(importer.unitPath)) {
      refuse({ row, column: header('code'), code: 'SCHOOL_OUTSIDE_JURISDICTION', message: `第 ${row} 行「${header('code')}」的值「${s.code}」：${found.unit.name}不在您的管辖范围内` })
      continue
    }
    const path = `${authority.path}${found?.unit.id ?? `u-${s.code}`}/`
    if (found && found.unit.name === s.name && found.unit.regionCode === s.regionCode && found.school.level === s.level && found.unit.path === path) {
      counts.unchanged++
      continue
    }
    if (!apply) {
      found ? counts.updated++ : counts.created++
      continue
    }
    await db.transaction(async (tx) => {
      if (found) {
        await tx.update(units).set({ name: s.name, regionCode: s.regionCode, parentId: authority.id, path }).where(eq(units.id, found.unit.id))
        await tx.update(schools).set({ level: s.level, registryAuthorityId: authority.id }).where(eq(schools.unitId, found.unit.id))
        counts.updated++
      }
      else {
        const id = `u-${s.code}`
        await tx.insert(units).values({ id, kind: 'school', name: s.name, regionCode: s.regionCode, parentId: authority.id, path })
        await tx.insert(schools).values({ unitId: id, code: s.code, level: s.level, registryAuthorityId: authority.id })
        counts.created++
      }
    })
  }
  if (!sheet.found())
    throw new AppError(400, 'HEADERS_NOT_FOUND', '没有找到表头：应有「学校标识码」「学校名称」「办学层次」「行政区划代码」「学籍主管部门」')
  counts.refused = refused.size
  return { counts, errors, conflicts: [], unmatched }
}
