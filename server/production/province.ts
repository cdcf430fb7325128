import type { Db } from '../db/client.ts'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { StartupError } from '../db/client.ts'
import { accounts, regions, units } from '../db/schema/index.ts'
import { demoOfficers } from '../demo/accounts.ts'
import { educationBureaus, provinceRegions } from '../demo/world.ts'

const SEED_LOCK = 7_411_000 // advisory lock: several instances may start at once on one PostgreSQL

/**
 * Production's only seed: the province's education bureaus from the region data (the province,
 * every city and every current county-level division, shared/regions/henan.ts), none of the demo's
 * schools, students or accounts. Adds what is missing and changes nothing that exists, so a restart
 * adds nothing and an upgrade that lists more divisions adds just those. Returns how many units it created.
 */
export async function seedProvince(db: Db, province: string): Promise<number> {
  // design: the region data curates Henan's current divisions only (shared/regions/henan.ts).
  if (province !== '410000')
    throw new StartupError(`PROVINCE: no unit data for ${province} yet; only 410000 (河南省) ships`)
  const bureaus = educationBureaus()
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`)
    await tx.insert(regions).values(provinceRegions()).onConflictDoNothing()
    const created = await tx.insert(units).values(bureaus).onConflictDoNothing().returning({ id: units.id })
    return created.length
  })
}

/** A production server refuses a database the demo filled: its officers share a published password. */
export async function refuseDemoData(db: Db) {
  const [demo] = await db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.kind, 'officer'), inArray(accounts.username, demoOfficers().map(o => o.username)))).limit(1)
  if (demo)
    throw new StartupError('DATABASE_URL: this database holds the demo\'s data and accounts (created with DEMO=true); production needs a database of its own')
}
