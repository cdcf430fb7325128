// The plans of the hot queries, as PostgreSQL ran them: each route's function is called once through
// a drizzle connection that records its statements, and each statement is run again under
// EXPLAIN (ANALYZE, BUFFERS). Used by `npm run bench:load` on PostgreSQL; written to bench/results.md.
import type { Deps, SignedIn } from '../../server/http/context.ts'
import type { benchFixtures } from './fixtures.ts'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { sessionByToken } from '../../server/auth/session.ts'
import { sha256 } from '../../server/auth/tokens.ts'
import * as schema from '../../server/db/schema/index.ts'
import { caseQueue } from '../../server/features/complaints/queries.ts'
import { sweep } from '../../server/features/complaints/supervision.ts'
import { searchRecords } from '../../server/features/records/queries.ts'
import { sessionWithRecord } from '../../server/features/records/storedPage.ts'
import { createLogger } from '../../server/http/log.ts'

type Fixtures = Awaited<ReturnType<typeof benchFixtures>>

export async function explainHotQueries(url: string, fx: Fixtures): Promise<string> {
  const client = postgres(url, { max: 1, onnotice: () => {} })
  const statements: { query: string, params: unknown[] }[] = []
  const db = drizzle(client, { schema, logger: { logQuery: (query, params) => void statements.push({ query, params }) } }) as never
  const now = new Date()
  const signIn = async (token: string) => (await sessionByToken(db).execute({ tokenHash: sha256(token), now: now.toISOString() }))[0] as SignedIn
  const citizen = fx.citizens[0]!
  const officer = await signIn(fx.cityOfficerToken)
  const registrar = await signIn(fx.schoolOfficerToken)
  const routes: [string, () => Promise<unknown>][] = [
    ['session check (every signed-in request)', () => signIn(citizen.token)],
    ['own record, with its session check (one statement)', () => sessionWithRecord({ db, dbKind: 'postgres', log: createLogger({ level: 'warn' }) }, citizen.recordId, { tokenHash: sha256(citizen.token), now: now.toISOString() })],
    ['officer queue, first page', () => caseQueue({ db, dbKind: 'postgres' }, officer.unitId!, {}, now)],
    ['officer queue, a school registrar\'s first page', () => caseQueue({ db, dbKind: 'postgres' }, registrar.unitId!, {}, now)],
    ['officer search by name', () => searchRecords({ db, dbKind: 'postgres' }, officer.unitPath!, fx.surnames[0]!)],
    ['officer search by name, a school registrar', () => searchRecords({ db, dbKind: 'postgres' }, registrar.unitPath!, fx.surnames[0]!)],
    ['SLA sweeper: the cases whose state changes (run after the bench pass, so none)', () => sweep({ db, now: () => now } as unknown as Deps)],
  ]
  const out: string[] = []
  for (const [name, run] of routes) {
    await run()
    statements.length = 0
    await run()
    out.push(`### ${name}`, '')
    for (const s of statements) {
      const plan = await client.unsafe(`explain (analyze, buffers) ${s.query}`, s.params as never[])
      out.push('```', ...plan.map(r => r['QUERY PLAN'] as string), '```', '')
    }
  }
  await client.end()
  return out.join('\n')
}
