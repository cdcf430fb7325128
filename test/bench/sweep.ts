// One SLA sweeper pass over the bench's open cases (issue 14): the pass that finds the cases due to
// change state (breaches, 督办单, due-soon notices), and a second pass right after, which finds
// nothing to do. The second is what every minute costs in steady state; the first grows with the
// cases that change. Run in this process on the bench database, as each API instance runs it.
import type { Db } from '../../server/db/client.ts'
import type { Deps } from '../../server/http/context.ts'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/db/bulk.ts'
import { readEnv } from '../../server/env.ts'
import { createLogger } from '../../server/http/log.ts'
import { sweepAll } from '../../server/sla/sweeper.ts'
import { productionEnv } from '../support/productionEnv.ts'
import { benchCases } from './cases.ts'

export interface SweepResult { cases: number, open: number, insertMs: number, passes: { ms: number, changed: number }[] }

async function countOf(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  return Number(rowsOf(await db.execute(query))[0]!.n)
}

export async function benchSweep(db: Db, dbKind: Deps['dbKind'], cases: number): Promise<SweepResult> {
  const now = new Date()
  const insertMs = await benchCases(db, cases, now)
  const open = await countOf(db, sql`select count(*) as n from complaints where status in ('received', 'assigned', 'reported')`)
  const env = readEnv({ ...productionEnv, DEMO: 'true', SMS_SENDER: 'outbox' })
  const deps = { db, dbKind, env, log: createLogger({ level: 'warn' }), now: () => now } as Deps
  const passes = []
  for (let i = 0; i < 2; i++) {
    const t = performance.now()
    const done = await sweepAll(deps) as ({ dueSoon?: number, breached?: number } | number)[]
    const ms = performance.now() - t
    passes.push({ ms, changed: done.reduce<number>((n, d) => n + (typeof d === 'object' ? (d.dueSoon ?? 0) + (d.breached ?? 0) : 0), 0) })
  }
  return { cases, open, insertMs, passes }
}
