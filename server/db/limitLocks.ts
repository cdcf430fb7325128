import type { Tx } from './client.ts'
import { sql } from 'drizzle-orm'
import { rowsOf } from './bulk.ts'

/**
 * Holds, until the transaction ends, one lock per key (say `sms.phone:<phone>`): a limit counted from
 * rows is then checked and claimed by one request at a time, so a burst cannot pass it together.
 * Keys are taken in one order, so two holders of overlapping keys never wait on each other in a circle.
 * The key is a statement parameter only; it never reaches a log.
 */
export async function holdLimitKeys(tx: Tx, keys: string[]) {
  for (const key of [...keys].sort())
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`)
}

/**
 * The same lock, only if free at once: for a key one person's taps pile up on (a phone), the others
 * are answered straight away instead of each holding a pooled connection while it waits.
 */
export async function tryHoldLimitKey(tx: Tx, key: string): Promise<boolean> {
  const [row] = rowsOf(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as held`))
  return row?.held === true
}
