import type { Db } from '../../db/client.ts'
import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import { accounts, sessions, smsCodes } from '../../db/schema/index.ts'

export async function recentCodes(db: Db, by: 'phone' | 'ip', value: string, since: Date) {
  const column = by === 'phone' ? smsCodes.phone : smsCodes.clientIp
  return db.select({ createdAt: smsCodes.createdAt }).from(smsCodes).where(and(eq(column, value), gt(smsCodes.createdAt, since))).orderBy(desc(smsCodes.createdAt))
}

export async function latestOpenCode(db: Db, phone: string) {
  const [row] = await db.select().from(smsCodes).where(and(eq(smsCodes.phone, phone), isNull(smsCodes.consumedAt))).orderBy(desc(smsCodes.createdAt)).limit(1)
  return row
}

export async function findOrCreateCitizen(db: Db, phone: string) {
  await db.insert(accounts).values({ kind: 'citizen', phone }).onConflictDoNothing()
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.phone, phone))
  return row!.id
}

export async function refreshVerification(db: Db, tokenHash: string, now: Date) {
  await db.update(sessions).set({ verifiedAt: now }).where(eq(sessions.tokenHash, tokenHash))
}
