// Complaint cases for the sweeper's bench (issue 14): `count` cases in mixed states, written by
// INSERT … SELECT over generate_series for complaints and their 核查单 (the people are sealed
// in Node once, a few hundred of them, and reused). Each run first deletes the cases of the run
// before, so every sweeper pass starts from the same states. The mix, out of every 1,000 cases:
//   400 waiting for 受理: 2 past their intake due date, 3 due within a working day, the rest later;
//   600 assigned or closed (100 of them closed), each with a 核查单; of every 600 sheets, 2 late,
//   3 due within 2 working days and 20 breached already (those of closed cases are done).
// So about 1 % of the open cases change state in a pass, which is a busy minute at province scale.
import type { SQL } from 'drizzle-orm'
import type { Db } from '../../server/db/client.ts'
import { sql } from 'drizzle-orm'
import { addWorkingDays, deadlineInstant, shanghaiDate } from '#shared/calendar/index.ts'
import { rowsOf } from '../../server/db/bulk.ts'
import { keyring } from '../../server/db/keyring.ts'
import { accounts } from '../../server/db/schema/index.ts'

const FILER_PHONE = '19900090000' // outside the load run's citizens (1990000xxxx)
const PEOPLE = 500

async function benchFiler(db: Db): Promise<string> {
  const [found] = rowsOf(await db.execute(sql`select id from ${accounts} where phone = ${FILER_PHONE}`))
  if (found)
    return found.id as string
  const [made] = await db.insert(accounts).values({ kind: 'citizen', phone: FILER_PHONE }).returning({ id: accounts.id })
  return made!.id
}

/** Deletes the bench's cases of an earlier run, with the sheets, steps and notices they led to. */
async function forgetCases(db: Db, filer: string) {
  const mine = sql`(select id from complaints where filed_by = ${filer})`
  for (const table of ['notifications', 'case_events', 'case_sheets', 'complaint_attachments'])
    await db.execute(sql`delete from ${sql.identifier(table)} where complaint_id in ${mine}`)
  await db.execute(sql`delete from complaints where filed_by = ${filer}`)
}

/**
 * Writes `count` bench cases as of `now`; returns how long writing them took (ms). `quiet`: none is
 * due to change state (for the load run, so the app's own sweeper has nothing to do meanwhile).
 */
export async function benchCases(db: Db, count: number, now: Date, opts: { quiet?: boolean } = {}): Promise<number> {
  const filer = await benchFiler(db)
  await forgetCases(db, filer)
  const t0 = performance.now()
  const people = JSON.stringify(Array.from({ length: PEOPLE }, (_, i) => keyring().seal(JSON.stringify({ name: `测试${i}`, gender: i % 2 ? '男' : '女', age: 8 + i % 10, ethnicity: '汉族', idNumber: '', registryNo: '' }))))
  const today = shanghaiDate(now)
  const day = (d: string) => ({ date: d, at: deadlineInstant(d).toISOString() })
  const later = day(addWorkingDays(today, 15).date)
  const past = opts.quiet ? later : day(shanghaiDate(new Date(now.getTime() - 3 * 86_400_000)))
  const soon = opts.quiet ? later : day(addWorkingDays(today, 1).date)
  await db.execute(sql`insert into complaints (request_id, filed_by, complainant, student, student_name, school_unit_id, category, description, status,
      routed_unit_id, handling_unit_id, handler_id, matter, intake_due_at, intake_due_date, created_at, closed_at)
    select gen_random_uuid(), ${filer}, ${people}::jsonb ->> (i % ${PEOPLE}), ${people}::jsonb ->> ((i * 7) % ${PEOPLE}), '测试' || ((i * 7) % ${PEOPLE}), s.unit_id,
      'falseInformation', '压测用的投诉', case when i % 1000 < 400 then 'received' when i % 1000 < 900 then 'assigned' else 'closed' end,
      s.registry_authority_id,
      case when i % 1000 >= 400 then s.registry_authority_id end,
      case when i % 1000 >= 400 then (select a.id from accounts a where a.unit_id = s.registry_authority_id and a.kind = 'officer' order by a.id limit 1) end,
      case when i % 1000 >= 400 then '核实学籍信息' end,
      case when i % 1000 < 2 then ${past.at}::timestamptz when i % 1000 < 5 then ${soon.at}::timestamptz else ${later.at}::timestamptz end,
      case when i % 1000 < 2 then ${past.date}::date when i % 1000 < 5 then ${soon.date}::date else ${later.date}::date end,
      ${now.toISOString()}::timestamptz - interval '20 days',
      case when i % 1000 >= 900 then ${now.toISOString()}::timestamptz - interval '1 day' end
    from generate_series(0, ${count - 1}) i
    join (select unit_id, registry_authority_id, row_number() over (order by unit_id) - 1 as n, count(*) over () as schools
          from schools where level in ('primary', 'junior', 'senior')) s on s.n = i % s.schools`)
  // One 核查单 per assigned or closed case, numbered far above any serial the app issues. The first
  // thousand go alone, then the sheets are analysed: written all at once into a table never analysed
  // with rows, each sheet's clock trigger looked its case's sheets up by their status, through every
  // open sheet (122–125 s for the cases' first write after a 1,000,000-student seed, 23–28 s after).
  const sheets = (which: SQL) => db.execute(sql`insert into case_sheets (complaint_id, kind, number, issuing_unit_id, year, serial, trigger, assigned_at, due_at, due_date, status, breached_at, completed_at)
    select c.id, 'check', 'BENCH-' || c.n, c.routed_unit_id, 1900, 1000000 + c.n, 'assign', c.created_at,
      case when c.k < 2 or c.k between 5 and 24 then ${past.at}::timestamptz when c.k < 5 then ${soon.at}::timestamptz else ${later.at}::timestamptz end,
      case when c.k < 2 or c.k between 5 and 24 then ${past.date}::date when c.k < 5 then ${soon.date}::date else ${later.date}::date end,
      case when c.status = 'closed' then 'done' else 'open' end,
      case when c.k between 5 and 24 then c.created_at end,
      c.closed_at
    from (select id, routed_unit_id, created_at, closed_at, status, row_number() over (order by id) as n,
            -- counted within each status, so how many open cases are late is the same every run
            (row_number() over (partition by status order by id) - 1) % 600 as k
          from complaints where filed_by = ${filer} and status <> 'received') c
    where ${which}`)
  await sheets(sql`c.n <= 1000`)
  await db.execute(sql`analyze complaints, case_reach, case_sheets`)
  await sheets(sql`c.n > 1000`)
  const ms = performance.now() - t0
  // As autovacuum would soon after: the run before's cases, deleted above, would otherwise stay as
  // dead rows that every queue page steps over (the queue's ceiling answered at p99 86 ms, not 17).
  for (const table of ['complaints', 'case_reach', 'case_sheets', 'case_events', 'notifications'])
    await db.execute(sql`vacuum analyze ${sql.identifier(table)}`)
  return ms
}
