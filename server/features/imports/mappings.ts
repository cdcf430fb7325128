import type { Db } from '../../db/client.ts'
import type { ImportKind } from './service.ts'
import { and, eq, sql } from 'drizzle-orm'
import { columnLabel, normalizeHeader, templateColumns } from '#shared/imports/columns.ts'
import { eventColumnLabel, eventColumns } from '#shared/imports/events.ts'
import { schoolColumnLabel } from '#shared/imports/schools.ts'
import { importMappings } from '../../db/schema/index.ts'

/** A unit's saved mapping: the header as compared (normalizeHeader) → the field key, or 'ignore'. */
export type ColumnMapping = Map<string, string>
export const IGNORE = 'ignore'

/** The fields a column of each kind of file can be mapped to, with the label the page shows. */
export function mappableFields(kind: ImportKind): { key: string, label: string }[] {
  if (kind === 'records')
    return [...templateColumns, 'temporary' as const].map(key => ({ key, label: columnLabel(key) }))
  if (kind === 'schools')
    return (['code', 'name', 'level', 'regionCode', 'authority'] as const).map(key => ({ key, label: schoolColumnLabel(key) }))
  return eventColumns.map(key => ({ key, label: eventColumnLabel(key) }))
}

export async function loadMapping(db: Db, unitId: string, kind: ImportKind): Promise<ColumnMapping> {
  const [row] = await db.select({ columns: importMappings.columns }).from(importMappings).where(and(eq(importMappings.unitId, unitId), eq(importMappings.kind, kind)))
  return new Map(Object.entries(row?.columns ?? {}))
}

/** The mapping as the page edits it: one entry per header, as the unit's files write it. */
export async function mappingView(db: Db, unitId: string, kind: ImportKind) {
  const [row] = await db.select().from(importMappings).where(and(eq(importMappings.unitId, unitId), eq(importMappings.kind, kind)))
  return {
    kind,
    columns: Object.entries(row?.columns ?? {}).map(([header, column]) => ({ header, column })),
    fields: mappableFields(kind),
    updatedAt: row?.updatedAt.toISOString() ?? null,
  }
}

/**
 * Saves entries into the unit's mapping; an entry with column null removes that header's mapping.
 * One upsert merging in SQL, so two officers saving different headers at once both land.
 */
export async function saveMapping(db: Db, who: { accountId: string, unitId: string }, kind: ImportKind, entries: { header: string, column: string | null }[], at: Date) {
  const added = Object.fromEntries(entries.filter(e => e.column !== null).map(e => [normalizeHeader(e.header), e.column!]))
  const removed = entries.filter(e => e.column === null).map(e => normalizeHeader(e.header))
  const merged = sql`(${importMappings.columns} || ${JSON.stringify(added)}::jsonb) - ${`{${removed.map(r => JSON.stringify(r)).join(',')}}`}::text[]`
  await db.insert(importMappings).values({ unitId: who.unitId, kind, columns: added, updatedBy: who.accountId, updatedAt: at }).onConflictDoUpdate({ target: [importMappings.unitId, importMappings.kind], set: { columns: merged, updatedBy: who.accountId, updatedAt: at } })
}
