import type { Db } from '../../db/client.ts'
import type { Importer } from './records.ts'
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { and, eq, getTableColumns, inArray } from 'drizzle-orm'
import { audit } from '../../audit/entry.ts'
import { imports } from '../../db/schema/index.ts'
import { conflict } from '../../http/errors.ts'
import { importEvents } from './events.ts'
import { loadMapping } from './mappings.ts'
import { importRecords } from './records.ts'
import { importSchools } from './schools.ts'

export type ImportKind = 'records' | 'schools' | 'events'
// design: the sealed file (several MB for a large upload) is read only where it is used: the
// commit and the refused-rows download; everything else selects the import without it.
const { file: _file, ...withoutFile } = getTableColumns(imports)
export const importColumns = withoutFile
export type ImportRow = Omit<typeof imports.$inferSelect, 'file'>
/** Who runs an import, for the audit log (the API passes the request's, the CLI its own). */
export interface ImportActor extends Importer { role: string | null, clientIp: string | null }

/** Runs one kind of import: a dry run without `apply`, the writing run with it. */
function run(db: Db, who: ImportActor, kind: ImportKind, bytes: Uint8Array, apply: { importId: string, at: Date } | null, mapping: Map<string, string>) {
  if (kind === 'records')
    return importRecords(db, who, bytes, apply, mapping)
  if (kind === 'events')
    return importEvents(db, who, bytes, apply, mapping)
  return importSchools(db, who, bytes, !!apply, mapping)
}

const actor = (a: ImportActor) => ({ accountId: a.accountId, unitId: a.unitId, role: a.role })

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505'
const running = () => conflict('IMPORT_RUNNING', '同一个文件正在导入，请稍候查看结果')

/**
 * The dry run: checks the file, writes nothing but the import itself and its audit entry. The
 * import is claimed first ('checking', one insert under the partial unique index), so a second
 * upload of the same file by the same unit while this one runs is refused (issue 12).
 */
export async function checkImport(db: Db, who: ImportActor, file: { name: string, bytes: Uint8Array, kind: ImportKind }, now: Date) {
  const { bytes, kind } = file
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const fileName = file.name.slice(0, 200) || '未命名文件'
  const empty = { created: 0, updated: 0, unchanged: 0, refused: 0 }
  let claimed: { id: string }
  try {
    [claimed] = await db.insert(imports).values({ kind, status: 'checking', accountId: who.accountId, unitId: who.unitId, fileName, sha256, counts: empty, errors: [], conflicts: [], file: { base64: Buffer.from(bytes).toString('base64') }, createdAt: now }).returning({ id: imports.id }) as [{ id: string }]
  }
  catch (error) {
    if (isUniqueViolation(error))
      throw running()
    throw error
  }
  const mapping = await loadMapping(db, who.unitId, kind)
  let outcome: Awaited<ReturnType<typeof importRecords>>
  try {
    outcome = await run(db, who, kind, bytes, null, mapping)
  }
  catch (error) { // an unreadable file leaves no import behind
    await db.delete(imports).where(eq(imports.id, claimed.id))
    throw error
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.update(imports).set({ status: 'checked', counts: outcome.counts, errors: outcome.errors, conflicts: outcome.conflicts, unmatched: outcome.unmatched, mapping: Object.fromEntries(mapping) }).where(eq(imports.id, claimed.id)).returning(importColumns)
    await audit(tx, actor(who), { action: 'import.check', object: { type: 'import', id: row!.id }, detail: { kind, fileName, sha256, counts: outcome.counts }, clientIp: who.clientIp, at: now })
    return row!
  })
}

/** Applies a checked import: claimed by one conditional update, so it runs once. */
export async function commitImport(db: Db, who: ImportActor, found: Pick<ImportRow, 'id' | 'status'>, at: Date) {
  let claimed: typeof imports.$inferSelect | undefined
  try {
    [claimed] = await db.update(imports).set({ status: 'committing' }).where(and(eq(imports.id, found.id), inArray(imports.status, ['checked', 'failed']))).returning()
  }
  catch (error) { // the partial unique index: the same file is being checked or written for this unit now (issue 12)
    if (isUniqueViolation(error))
      throw running()
    throw error
  }
  if (!claimed)
    throw conflict(found.status === 'committed' ? 'IMPORT_COMMITTED' : 'IMPORT_RUNNING', found.status === 'committed' ? '这次导入已经确认过了' : '这次导入正在写入，请稍候查看结果')
  try {
    const bytes = new Uint8Array(Buffer.from(claimed.file.base64, 'base64'))
    const outcome = await run(db, who, claimed.kind, bytes, { importId: claimed.id, at }, new Map(Object.entries(claimed.mapping ?? {})))
    return await db.transaction(async (tx) => {
      const [done] = await tx.update(imports).set({ status: 'committed', counts: outcome.counts, errors: outcome.errors, conflicts: outcome.conflicts, committedAt: at }).where(eq(imports.id, claimed.id)).returning(importColumns)
      await audit(tx, actor(who), { action: 'import.commit', object: { type: 'import', id: claimed.id }, detail: { kind: claimed.kind, fileName: claimed.fileName, sha256: claimed.sha256, counts: outcome.counts, conflicts: outcome.conflicts.length }, clientIp: who.clientIp, at })
      return done!
    })
  }
  catch (error) {
    await db.update(imports).set({ status: 'failed' }).where(eq(imports.id, claimed.id))
    throw error
  }
}
