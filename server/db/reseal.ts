import type { SQL } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db } from './client.ts'
import { and, getTableColumns, gt, isNotNull, isNull, or, sql } from 'drizzle-orm'
import { getTableConfig } from 'drizzle-orm/pg-core'
import { keyring } from './keyring.ts'
import { accounts, bindings, complaints, corrections, recordGuardians, recordHistory, studentRecords } from './schema/index.ts'
import { indexOf, recordNumbersDerived, studentKeyOf } from './sealedLookup.ts'

interface SealedTable<T extends PgTable = PgTable> {
  table: T
  id: AnyPgColumn
  sealed: AnyPgColumn[]
  /** Blind indexes recomputed from the opened row (they follow the key too), and masked forms. */
  reindex?: (row: any) => Record<string, string | null>
  /** Rows sealed under the current key that lack what `reindex` derives (stored before it was kept). */
  missing?: SQL
}

// Every column that holds an identity number, with the indexes derived from it (DOMAIN §6).
const sealedTables: SealedTable[] = [
  { table: studentRecords, id: studentRecords.id, sealed: [studentRecords.registryNo, studentRecords.idNumber], reindex: r => recordNumbersDerived(r), missing: or(isNull(studentRecords.registryNoMasked), and(isNotNull(studentRecords.idNumber), isNull(studentRecords.idNumberMasked))) },
  { table: recordGuardians, id: recordGuardians.id, sealed: [recordGuardians.idNumber], reindex: g => ({ idNumberIndex: indexOf(g.idNumber) }) },
  { table: bindings, id: bindings.id, sealed: [bindings.holderIdNumber] },
  { table: accounts, id: accounts.id, sealed: [accounts.totpPendingSecret, accounts.totpSecret] },
  { table: complaints, id: complaints.id, sealed: [complaints.complainant, complaints.student], reindex: c => ({ studentKey: studentKeyOf(c.student, c.schoolUnitId), studentName: c.student.name }), missing: isNull(complaints.studentName) },
  { table: corrections, id: corrections.id, sealed: [corrections.items] },
  { table: recordHistory, id: recordHistory.id, sealed: [recordHistory.oldValue, recordHistory.newValue] },
]

const BATCH = 500

/**
 * One statement writing each row's values (sealed on the way, as drizzle would) by its id: a batch
 * row by row was 500 round trips (keys:rotate stored about 2,300 records' masks a second).
 */
function rewriteRows(table: PgTable, id: AnyPgColumn, values: Record<string, unknown>[], ids: unknown[]) {
  const columns = getTableColumns(table)
  const keys = Object.keys(values[0]!)
  const alias = keys.map((_, i) => sql.identifier(`c${i}`))
  const typed = (column: AnyPgColumn, value: unknown) => sql`${value == null ? null : column.mapToDriverValue(value)}::${sql.raw(column.getSQLType())}`
  const rows = values.map((row, r) => sql`(${typed(id, ids[r])}, ${sql.join(keys.map(k => typed(columns[k]!, row[k])), sql`, `)})`)
  return sql`update ${table} set ${sql.join(keys.map((k, i) => sql`${sql.identifier(columns[k]!.name)} = v.${alias[i]}`), sql`, `)}
    from (values ${sql.join(rows, sql`, `)}) as v(k, ${sql.join(alias, sql`, `)}) where ${id} = v.k`
}

/**
 * Seals what is not sealed under the current key: rows stored before sealing existed, and rows
 * sealed under a previous key (rotation, docs/security.md). Idempotent and safe to interrupt:
 * each batch commits on its own and the next run continues where it stopped. `derived`: also the
 * rows that lack what is derived from their sealed values (the masked numbers of records stored
 * before migrations 0028–0029). design: `npm run keys:rotate` does that, not the start: on a
 * province's records it would hold the start for about an hour (1,000,000 records took 2 min 43 s
 * here), and until then lists open the sealed values.
 * A batch is locked as it is read, so a correction or import meanwhile is never written back over.
 * design: filling, the batches walk the table by id (each reads only rows after the last; a scan from
 * the start each time grows with the square of the rows); at the start, where there is mostly nothing to
 * do, one unordered scan finds it (by id, 1,000,000 records with none stale took 23 s; unordered, 0.6 s).
 */
export async function resealStale(db: Db, opts: { derived?: boolean } = {}): Promise<Record<string, number>> {
  const current = `v1.${keyring().currentKeyId}.`
  const counts: Record<string, number> = {}
  for (const { table, id, sealed, reindex, missing } of sealedTables) {
    const columns = getTableColumns(table)
    const keyOf = (column: AnyPgColumn) => Object.keys(columns).find(k => columns[k] === column)!
    const stale = or(...sealed.map(c => and(isNotNull(c), sql`left(${c}, ${current.length}) <> ${current}`)), opts.derived ? missing : undefined)
    let done = 0
    let after: unknown = null
    for (;;) {
      const resealed = await db.transaction(async (tx) => {
        // Drizzle opens each value on the way out (under whichever key sealed it) and seals it under the current key on the way back.
        const rows = tx.select().from(table as PgTable)
        // At the start, rows another instance (or a correction) holds are left to it: two instances
        // starting together scan in no agreed order, and waiting could deadlock. keys:rotate waits.
        const batch = await (opts.derived
          ? rows.where(and(stale, after === null ? undefined : gt(id, after))).orderBy(id).limit(BATCH).for('update')
          : rows.where(stale).limit(BATCH).for('update', { skipLocked: true })) as Record<string, unknown>[]
        if (batch.length)
          await tx.execute(rewriteRows(table, id, batch.map(row => ({ ...Object.fromEntries(sealed.map(c => [keyOf(c), row[keyOf(c)]])), ...reindex?.(row) })), batch.map(row => row[keyOf(id)])))
        return batch
      })
      if (!resealed.length)
        break
      done += resealed.length
      after = resealed.at(-1)![keyOf(id)]
    }
    counts[getTableConfig(table).name] = done
  }
  return counts
}
