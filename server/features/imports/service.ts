import type { Db } from '../../db/client.ts'
import type { Importer } from './records.ts'
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import { audit } from '../../audit/entry.ts'
import { imports } from '../../db/schema/index.ts'
import { conflict } from '../../http/errors.ts'
import { importRecords } from './records.ts'
import { importSchools } from './schools.ts'

export type ImportKind = 'records' | 'schools'
export type ImportRow = typeof imports.$inferSelect
/** Who runs an import, for the audit log (the API passes the request's, the CLI its own). */
export interface ImportActor extends Importer { role: string | null, clientIp: string | null }

const actor = (a: ImportActor) => ({ accountId: a.accountId, unitId: a.unitId, role: a.role })

/** The dry run: checks the file, writes nothing but the import itself and its audit entry. */
export async function checkImport(db: Db, who: ImportActor, file: { name: string, bytes: Uint8Array, kind: ImportKind }, now: Date) {
  const { bytes, kind } = file
  const outcome = kind === 'records' ? await importRecords(db, who, bytes, null) : await importSchools(db, who, bytes, false)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const fileName = file.name.slice(0, 200) || '未命名文件'
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(imports).values({ kind, accountId: who.accountId, unitId: who.unitId, fileName, sha256, counts: outcome.counts, errors: outcome.errors, conflicts: outcome.conflicts, file: { base64: Buffer.from(bytes).toString('base64') }, createdAt: now }).returning()
    await audit(tx, actor(who), { action: 'import.check', object: { type: 'import', id: row!.id }, detail: { kind, fileName, sha256, counts: outcome.counts }, clientIp: who.clientIp, at: now })
    return row!
  })
}

/** Applies a checked import: claimed by one conditional update, so it runs once. */
export async function commitImport(db: Db, who: ImportActor, found: ImportRow, at: Date) {
  let claimed: ImportRow | undefined
  try {
    [claimed] = await db.update(imports).set({ status: 'committing' }).where(and(eq(imports.id, found.id), inArray(imports.status, ['checked', 'failed']))).returning()
  }
  catch (error) { // the partial unique index: the same file is being written for this unit now (issue 12)
    if ((error as { code?: string }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505')
      throw conflict('IMPORT_RUNNING', '同一个文件正在导入，请稍候查看结果')
    throw error
  }
  if (!claimed)
    throw conflict(found.status === 'committed' ? 'IMPORT_COMMITTED' : 'IMPORT_RUNNING', found.status === 'committed' ? '这次导入已经确认过了' : '这次导入正在写入，请稍候查看结果')
  try {
    const bytes = new Uint8Array(Buffer.from(claimed.file.base64, 'base64'))
    const outcome = claimed.kind === 'records' ? await importRecords(db, who, bytes, { importId: claimed.id, at }) : await importSchools(db, who, bytes, true)
    return await db.transaction(async (tx) => {
      const [done] = await tx.update(imports).set({ status: 'committed', counts: outcome.counts, errors: outcome.errors, conflicts: outcome.conflicts, committedAt: at }).where(eq(imports.id, claimed.id)).returning()
      await audit(tx, actor(who), { action: 'import.commit', object: { type: 'import', id: claimed.id }, detail: { kind: claimed.kind, fileName: claimed.fileName, sha256: claimed.sha256, counts: outcome.counts, conflicts: outcome.conflicts.length }, clientIp: who.clientIp, at })
      return done!
    })
  }
  catch (error) {
    await db.update(imports).set({ status: 'failed' }).where(eq(imports.id, claimed.id))
    throw error
  }
}
