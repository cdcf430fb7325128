import type { SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Db, Tx } from '../db/client.ts'
import type { Context, DemoStudent } from './generate.ts'
import type { World } from './world.ts'
import { getTableColumns, sql } from 'drizzle-orm'
import { issueDateProblem } from '#shared/certificates/issueDate.ts'
import { hashPassword } from '../auth/password.ts'
import { accounts, diplomaRegistrations, recordGuardians, regions, registrationEvents, schools, studentRecords, units } from '../db/schema/index.ts'
import { indexOf, recordNumbersDerived } from '../db/sealedLookup.ts'
import { DEMO_PASSWORD, demoOfficers } from './accounts.ts'
import { FEATURED_COUNT, generateStudents, makeContext } from './generate.ts'
import { MAX_STUDENTS } from './identity.ts'
import { buildWorld } from './world.ts'

export interface SeedOptions {
  /** Students in all, the featured ones included (default 200). */
  students?: number
  seed?: number
  log?: (s: string) => void
}

const ROWS_PER_INSERT = 1000
// Up to this many students go in one transaction; beyond, each batch commits on its own
// so a million-student run neither holds one huge transaction nor a million objects.
const SINGLE_TRANSACTION_MAX = 10_000
const STUDENTS_PER_COMMIT = 10_000
const SEED_LOCK = 7291002

/**
 * The statements inserting rows ROWS_PER_INSERT at a time, each batch as one JSON parameter expanded
 * by json_populate_recordset: drizzle's insert() binds one parameter per value, which made building
 * and parsing the statements half the seeding time. Columns absent from the rows keep their defaults.
 */
function insertStatements<T extends PgTable>(table: T, rows: T['$inferInsert'][]): SQL[] {
  if (!rows.length)
    return []
  const columns = getTableColumns(table)
  const keys = [...new Set(rows.flatMap(r => Object.keys(r as object)))]
  const names = sql.join(keys.map(k => sql.identifier(columns[k]!.name)), sql`, `)
  // Sealed columns are custom types: seal their values here, as drizzle's insert() would.
  const value = (key: string, v: unknown) => v == null ? null : columns[key]!.columnType === 'PgCustomColumn' ? columns[key]!.mapToDriverValue(v) : v
  const statements: SQL[] = []
  for (let k = 0; k < rows.length; k += ROWS_PER_INSERT) {
    const batch = rows.slice(k, k + ROWS_PER_INSERT) as Record<string, unknown>[]
    const json = JSON.stringify(batch.map(r => Object.fromEntries(keys.map(key => [columns[key]!.name, value(key, r[key])]))))
    statements.push(sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${json}::json)`)
  }
  return statements
}

async function insertRows<T extends PgTable>(tx: Tx, table: T, rows: T['$inferInsert'][]) {
  for (const statement of insertStatements(table, rows))
    await tx.execute(statement)
}

async function insertWorld(tx: Tx, world: World, passwordHash: string) {
  await insertRows(tx, regions, world.regions)
  await insertRows(tx, units, world.units)
  await insertRows(tx, schools, world.schools.map(s => ({ unitId: s.unitId, code: s.code, level: s.level, registryAuthorityId: s.registryAuthorityId })))
  // One hash for every officer: scrypt is deliberately slow (server/auth/password.ts).
  // Desk lines are made up (0371 is 郑州, 0371-2 …); they print on 核查单 / 督办单.
  await insertRows(tx, accounts, demoOfficers(world).map((o, i) => ({ kind: 'officer' as const, passwordHash, officePhone: `0371-6${String(6120000 + i * 17).slice(-7)}`, ...o })))
}

/** One batch of students' rows (sealed, as JSON), ready to send. */
function studentStatements(batch: DemoStudent[]): SQL[] {
  for (const s of batch.filter(x => x.diploma)) {
    const problem = issueDateProblem(s.diploma!, s.events.find(e => e.kind === 'graduation')?.occurredOn)
    if (problem) // a record id, never a name or number
      throw new Error(`diploma of record ${s.record.id}: ${problem}`)
  }
  return [
    ...insertStatements(studentRecords, batch.map(({ record: r }) => ({ ...r, ...recordNumbersDerived(r) }))),
    ...insertStatements(recordGuardians, batch.flatMap(s => s.guardians.map(g => ({ ...g, idNumberIndex: indexOf(g.idNumber) })))),
    ...insertStatements(registrationEvents, batch.flatMap(s => s.events)),
    ...insertStatements(diplomaRegistrations, batch.flatMap(s => (s.diploma ? [s.diploma] : []))),
  ]
}

/**
 * Generates and inserts students [from, to), ROWS_PER_INSERT records at a time. design (issue 14):
 * on PostgreSQL the next batch is generated and sealed while the database writes this one (sent in
 * order on the transaction's connection, as much as the socket takes at once), so the two cores work
 * at once: a million students load in 343–348 s rather than 499 (bench/results.md, twelfth pass).
 * PGlite runs them one after another under its query lock, on the same thread.
 */
async function insertStudents(tx: Tx, ctx: Context, from: number, to: number) {
  let writing: Promise<unknown> = Promise.resolve()
  for (let at = from; at < to; at += ROWS_PER_INSERT) {
    const statements = studentStatements([...generateStudents(ctx, at, Math.min(to, at + ROWS_PER_INSERT))])
    await writing
    writing = Promise.all(statements.map(s => tx.execute(s)))
    writing.catch(() => {}) // a failure is thrown by the next `await writing`, not reported as unhandled meanwhile
    await new Promise(resolve => setImmediate(resolve)) // the statements go out (in promise jobs) before the next batch is made
  }
  await writing
}

/**
 * Fills an empty database with the demo: Henan's regions and bureaus, schools of every level,
 * officer accounts and `students` student records. Does nothing (false) if units exist.
 */
// design: every demo officer shares the one published demo password; hashing it once per process
// spares a deliberate 0.4 s of scrypt at each seed (the tests seed a database per file).
let demoPasswordHash: Promise<string> | undefined

export async function seedDemo(db: Db, opts: SeedOptions = {}): Promise<boolean> {
  const students = opts.students ?? 200
  const log = opts.log ?? (() => {})
  if (!Number.isInteger(students) || students < FEATURED_COUNT || students > MAX_STUDENTS)
    throw new RangeError(`students must be an integer from ${FEATURED_COUNT} to ${MAX_STUDENTS}`)
  const [existing] = await db.select({ id: units.id }).from(units).limit(1)
  if (existing)
    return false
  const world = buildWorld(students)
  const ctx = makeContext(world, opts.seed ?? 1)
  const passwordHash = await (demoPasswordHash ??= hashPassword(DEMO_PASSWORD))
  const firstBatch = students <= SINGLE_TRANSACTION_MAX ? students : STUDENTS_PER_COMMIT

  // Several servers may start at once on one PostgreSQL: the first to take the lock seeds.
  const seeded = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`)
    const [again] = await tx.select({ id: units.id }).from(units).limit(1)
    if (again)
      return false
    await insertWorld(tx, world, passwordHash)
    await insertStudents(tx, ctx, 0, firstBatch)
    return true
  })
  if (!seeded)
    return false
  for (let from = firstBatch; from < students; from += STUDENTS_PER_COMMIT) {
    const to = Math.min(students, from + STUDENTS_PER_COMMIT)
    log(`demo: ${from.toLocaleString('en')} / ${students.toLocaleString('en')} students`)
    await db.transaction(tx => insertStudents(tx, ctx, from, to))
  }
  // Fresh statistics, so the planner uses the indexes at once rather than after autovacuum's first pass.
  await db.execute(sql`analyze`)
  log(`demo: ${students.toLocaleString('en')} students, ${world.schools.length} schools, ${world.units.length - world.schools.length} bureaus`)
  return true
}
