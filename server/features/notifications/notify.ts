import type { Tx } from '../../db/client.ts'
import { and, eq, inArray } from 'drizzle-orm'
import { accounts, notifications, units } from '../../db/schema/index.ts'

export interface Notice { kind: string, title: string, body: string, complaintId?: string }

/** Puts a notice in each account's in-app inbox (push and SMS delivery come later). */
export async function notify(tx: Tx, accountIds: (string | null | undefined)[], notice: Notice, at: Date) {
  const ids = [...new Set(accountIds.filter((x): x is string => !!x))]
  if (ids.length > 0)
    await tx.insert(notifications).values(ids.map(accountId => ({ accountId, at, ...notice })))
}

/** The officers of a unit (optionally only some roles). */
export async function officersOf(tx: Tx, unitId: string, roles?: ('officer' | 'head' | 'leader' | 'registrar')[]) {
  const rows = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.unitId, unitId), eq(accounts.kind, 'officer'), roles ? inArray(accounts.role, roles) : undefined))
  return rows.map(r => r.id)
}

/** The unit above (county → city → province), or null at the top. */
export async function parentUnit(tx: Tx, unitId: string) {
  const [u] = await tx.select({ parentId: units.parentId }).from(units).where(eq(units.id, unitId))
  if (!u?.parentId)
    return null
  const [p] = await tx.select().from(units).where(eq(units.id, u.parentId))
  return p ?? null
}
