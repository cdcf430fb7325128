import type { Db } from '../db/client.ts'
import { createHash } from 'node:crypto'
import { asc, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm'
import { auditEvents } from '../db/schema/index.ts'

type Entry = typeof auditEvents.$inferSelect

export const GENESIS = '0'.repeat(64)
const SEAL_LOCK = 7291003
const BATCH = 500

/** JSON with keys sorted at every level: the same entry always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  return JSON.stringify(value ?? null)
}

/** hash(n) = SHA-256(hash(n-1) + the entry's content at position n). */
export function entryHash(previous: string, e: Omit<Entry, 'hash'>): string {
  const content = canonical({
    id: e.id,
    seq: e.seq,
    pos: e.chainPos,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorUnitId: e.actorUnitId,
    actorRole: e.actorRole,
    action: e.action,
    recordId: e.recordId,
    objectType: e.objectType,
    objectId: e.objectId,
    clientIp: e.clientIp,
    detail: e.detail,
  })
  return createHash('sha256').update(`${previous}\n${content}`).digest('hex')
}

/**
 * Seals the entries written since the last run, in the order they became visible. Entries are
 * written without a hash so that writers never wait on one another; one sealer at a time (an
 * advisory lock) extends the chain. Runs with the sweeper in every instance.
 */
export async function sealAuditChain(db: Db): Promise<number> {
  let sealed = 0
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK})`)
      const [last] = await tx.select({ pos: auditEvents.chainPos, hash: auditEvents.hash }).from(auditEvents).where(isNotNull(auditEvents.chainPos)).orderBy(desc(auditEvents.chainPos)).limit(1)
      const rows = await tx.select().from(auditEvents).where(isNull(auditEvents.chainPos)).orderBy(asc(auditEvents.seq)).limit(BATCH)
      let pos = last?.pos ?? 0
      let previous = last?.hash ?? GENESIS
      const seals = rows.map((row) => {
        pos += 1
        previous = entryHash(previous, { ...row, chainPos: pos })
        return { id: row.id, pos, hash: previous }
      })
      // One statement per batch, not one per entry: on PGlite the sealer's transaction holds the only
      // connection, and 500 updates kept every request waiting (issue 14, PGlite filing stalls).
      if (seals.length) {
        await tx.execute(sql`update ${auditEvents} a set chain_pos = v.pos, hash = v.hash
          from jsonb_to_recordset(${JSON.stringify(seals)}::jsonb) as v(id uuid, pos bigint, hash varchar) where a.id = v.id`)
      }
      return rows.length
    })
    sealed += n
    if (n < BATCH)
      return sealed
  }
}

export type ChainReport = { ok: true, entries: number, unsealed: number } | { ok: false, entries: number, brokenAt: { position: number, id: string | null, reason: string } }

/** Walks the chain from the start; names the first entry whose hash or position does not follow. */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let previous = GENESIS
  let expected = 1
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.chainPos, expected - 1)).orderBy(asc(auditEvents.chainPos)).limit(BATCH)
    for (const row of rows) {
      if (row.chainPos !== expected)
        return { ok: false, entries: expected - 1, brokenAt: { position: expected, id: null, reason: `entry ${expected} is missing (next is ${row.chainPos})` } }
      const hash = entryHash(previous, row)
      if (hash !== row.hash)
        return { ok: false, entries: expected - 1, brokenAt: { position: expected, id: row.id, reason: 'its content does not match its hash' } }
      previous = hash
      expected += 1
    }
    if (rows.length < BATCH)
      break
  }
  const [unsealed] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(isNull(auditEvents.chainPos))
  return { ok: true, entries: expected - 1, unsealed: unsealed?.n ?? 0 }
}
