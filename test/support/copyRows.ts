import type { Database } from '../../server/db/client.ts'
import { sql } from 'drizzle-orm'

/**
 * Inserts `count` copies of one filed request (a correction, a certificate request) with new ids,
 * their due time and date moved 0–3 days on (so ties occur): a long queue without filing each.
 */
export async function copyRequest(db: Database['db'], table: 'corrections' | 'certificate_requests', id: string, count: number) {
  const due = table === 'corrections' ? 'step_due' : 'due'
  await db.execute(sql.raw(`
    insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(t) || jsonb_build_object(
      'id', gen_random_uuid(), 'request_id', gen_random_uuid(),
      '${due}_at', t.${due}_at + (n % 4) * interval '1 day', '${due}_date', t.${due}_date + (n % 4)))).*
    from ${table} t, generate_series(1, ${Number(count)}) n where t.id = '${id.replace(/[^\da-f-]/g, '')}'`))
}
