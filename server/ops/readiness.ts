import type { Deps } from '../http/context.ts'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../db/bulk.ts'
import journal from '../db/migrations/meta/_journal.json' with { type: 'json' }
import { describeError } from '../http/log.ts'

export interface Readiness { ready: boolean, database: 'ok' | 'unreachable', migrations: 'ok' | 'behind' | 'unknown', draining: boolean }

/**
 * Whether this instance should get traffic: the database answers, every migration this code knows
 * is applied (another instance may be migrating during an upgrade), and it is not shutting down.
 */
export async function readiness(deps: Deps): Promise<Readiness> {
  const draining = deps.draining?.() ?? false
  try {
    const [row] = rowsOf(await deps.db.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`))
    const behind = Number(row?.applied ?? 0) < journal.entries.length
    return { ready: !behind && !draining, database: 'ok', migrations: behind ? 'behind' : 'ok', draining }
  }
  catch (e) {
    deps.log.warn(describeError(e), 'readiness: database check failed')
    return { ready: false, database: 'unreachable', migrations: 'unknown', draining }
  }
}
