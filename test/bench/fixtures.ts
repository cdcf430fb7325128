// The people a load run acts as: citizens bound to K-12 records (each with a session) and a city
// officer, written straight into the bench database (the sign-in itself is not what is measured).
// Idempotent: a second run on the same database finds them and makes fresh sessions.
import type { Db } from '../../server/db/client.ts'
import { randomUUID } from 'node:crypto'
import { and, eq, inArray, like, sql } from 'drizzle-orm'
import { newToken, sha256 } from '../../server/auth/tokens.ts'
import { rowsOf } from '../../server/db/bulk.ts'
import { accounts, bindings, schools, sessions, studentRecords } from '../../server/db/schema/index.ts'
import { featuredStudents } from '../../server/demo/generate.ts'

const CITIZENS = 200
const PHONE_PREFIX = '1990000' // 199 0000 xxxx: a block no demo person uses
// design: September's crowd. With only the 200 above, PostgreSQL would plan the session check as scans of
// two tiny tables, slower than the index lookups a province's millions of accounts get (0.17 ms against
// 0.06 ms for the record's one statement): so a third of the students also have an account, a binding and
// a session, as if they had signed in this week.
const SIGNED_UP_SHARE = 1 / 3
const CROWD_PREFIX = '1991' // 199 1xxx xxxx: the crowd's phones
const WEEK = 7 * 24 * 3600_000
const mother = featuredStudents().find(f => f.key === 'primary')!.guardians.find(g => g.isGuardian)!

async function session(db: Db, accountId: string) {
  const token = newToken()
  const now = new Date()
  await db.insert(sessions).values({ tokenHash: sha256(token), accountId, verifiedAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + WEEK), device: 'bench' })
  return token
}

async function boundCitizens(db: Db) {
  const existing = await db.select({ accountId: accounts.id, recordId: bindings.recordId }).from(accounts).innerJoin(bindings, eq(bindings.accountId, accounts.id)).where(like(accounts.phone, `${PHONE_PREFIX}%`))
  if (existing.length >= CITIZENS)
    return existing
  // Records spread over the table, at K-12 schools (so the same people can file complaints).
  const records = await db.select({ id: studentRecords.id, name: studentRecords.name, idNumber: studentRecords.idNumber, schoolUnitId: studentRecords.schoolUnitId })
    .from(studentRecords)
    .innerJoin(schools, eq(schools.unitId, studentRecords.schoolUnitId))
    .where(and(inArray(schools.level, ['primary', 'junior', 'senior']), sql`${studentRecords.idNumber} is not null`, sql`not exists (select from ${bindings} b where b.record_id = ${studentRecords.id})`))
    .orderBy(sql`md5(${studentRecords.id}::text)`)
    .limit(CITIZENS)
  const made = []
  for (const [i, r] of records.entries()) {
    const [a] = await db.insert(accounts).values({ kind: 'citizen', phone: `${PHONE_PREFIX}${String(i).padStart(4, '0')}` }).returning({ id: accounts.id })
    await db.insert(bindings).values({ accountId: a!.id, recordId: r.id, relation: 'self', holderName: r.name, holderIdNumber: r.idNumber! })
    made.push({ accountId: a!.id, recordId: r.id })
  }
  return made
}

/** The crowd's accounts, bindings and sessions, made once per database in a few set-based statements. */
async function signedUpCrowd(db: Db) {
  const [made] = rowsOf(await db.execute(sql`select exists (select from ${accounts} where ${accounts.phone} like ${`${CROWD_PREFIX}%`}) as made`))
  if (made?.made)
    return
  const share = Math.floor(SIGNED_UP_SHARE * 0x10000).toString(16).padStart(4, '0')
  await db.transaction(async (tx) => {
    await tx.execute(sql`create temporary table crowd on commit drop as
      select gen_random_uuid() as account_id, id as record_id, name, id_number, ${CROWD_PREFIX} || lpad((row_number() over ())::text, 7, '0') as phone
      from ${studentRecords} where id_number is not null and md5(id::text) < ${share}`)
    await tx.execute(sql`insert into ${accounts} (id, kind, phone) select account_id, 'citizen', phone from crowd`)
    await tx.execute(sql`insert into ${bindings} (account_id, record_id, relation, holder_name, holder_id_number) select account_id, record_id, 'self', name, id_number from crowd`)
    await tx.execute(sql`insert into ${sessions} (token_hash, account_id, expires_at, device) select encode(sha256(gen_random_uuid()::text::bytea), 'hex'), account_id, now() + interval '1 year', 'bench' from crowd`)
  })
  for (const table of [accounts, bindings, sessions]) // now, not by autovacuum in the middle of a timed route
    await db.execute(sql`vacuum analyze ${table}`)
}

async function recordOf(db: Db, id: string) {
  const [r] = await db.select({ name: studentRecords.name, registryNo: studentRecords.registryNo, idNumber: studentRecords.idNumber, schoolUnitId: studentRecords.schoolUnitId, ethnicity: studentRecords.ethnicity, gender: studentRecords.gender }).from(studentRecords).where(eq(studentRecords.id, id))
  return r!
}

/** The complaints earlier runs filed, so every run starts from the same number of cases. */
async function forgetEarlierFilings(db: Db) {
  const filed = sql`(select c.id from complaints c join accounts a on a.id = c.filed_by where a.phone like ${`${PHONE_PREFIX}%`})`
  await db.execute(sql`delete from notifications where complaint_id in ${filed}`)
  await db.execute(sql`delete from case_events where complaint_id in ${filed}`)
  await db.execute(sql`delete from complaints where id in ${filed}`)
}

export async function benchFixtures(db: Db) {
  await signedUpCrowd(db)
  const people = await boundCitizens(db)
  await forgetEarlierFilings(db)
  const citizens: { accountId: string, recordId: string, token: string, record: Awaited<ReturnType<typeof recordOf>> }[] = []
  for (const p of people)
    citizens.push({ ...p, record: await recordOf(db, p.recordId), token: await session(db, p.accountId) })
  const officer = async (username: string) => (await db.select({ id: accounts.id, unitId: accounts.unitId }).from(accounts).where(eq(accounts.username, username)))[0]!
  const city = await officer('zhengzhou.city')
  const school = await officer('primary.registrar') // a narrow jurisdiction: one school's
  return {
    citizens,
    cityUnitId: city.unitId!,
    cityOfficerToken: await session(db, city.id),
    schoolUnitId: school.unitId!,
    schoolOfficerToken: await session(db, school.id),
    surnames: ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'],
    /** A complaint as the form sends it about the citizen's own record, with a fresh request id. */
    complaint: (who: (typeof citizens)[number]) => ({
      requestId: randomUUID(),
      complainant: { name: mother.name, gender: '女', age: 36, ethnicity: '汉族', idNumber: mother.idNumber, phone: mother.phone },
      student: { name: who.record.name, gender: who.record.gender === 'male' ? '男' : '女', age: 12, ethnicity: who.record.ethnicity, registryNo: '', recordId: who.recordId },
      schoolUnitId: who.record.schoolUnitId,
      category: 'falseInformation',
      description: '孩子的出生日期登记错了，学校说改不了，已经反映两个月没有结果。',
      attachmentIds: [],
    }),
  }
}
