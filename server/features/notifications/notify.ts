import type { Placeholder, SQL } from 'drizzle-orm'
import type { NoticeParams } from '#shared/notices.ts'
import type { OfficerRole } from '#shared/people/roles.ts'
import type { Tx } from '../../db/client.ts'
import type { SmsNotice } from './sms.ts'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { inJson } from '../../db/bulk.ts'
import { accounts, notifications, units } from '../../db/schema/index.ts'
import { enqueueNotices } from './sms.ts'

/**
 * A notice in Chinese, with the values it was made from (`params`, so the app can word it in
 * English); with `sms`, also a text message to each recipient who wants this kind (./sms.ts).
 */
export interface Notice { kind: string, title: string, body: string, params?: NoticeParams, complaintId?: string, sms?: SmsNotice }

/** Puts a notice in each account's in-app inbox and, for an `sms` notice, queues its text messages. */
export async function notify(tx: Tx, accountIds: (string | null | undefined)[], notice: Notice, at: Date) {
  await notifyMany(tx, [{ accountIds, notice }], at)
}

/** A notice and whom it is for. */
export interface Addressed { accountIds: (string | null | undefined)[], notice: Notice }

/** notify for several notices at once (a sweep's batch): one insert for the inboxes, one for the messages. */
export async function notifyMany(tx: Tx, notices: Addressed[], at: Date) {
  const addressed = notices.map(({ accountIds, notice }) => ({ ids: [...new Set(accountIds.filter((x): x is string => !!x))], notice }))
  const inbox = addressed.flatMap(({ ids, notice: { sms: _, ...inApp } }) => ids.map(accountId => ({ accountId, at, ...inApp })))
  if (inbox.length > 0)
    await tx.insert(notifications).values(inbox)
  const texts = addressed.flatMap(({ ids, notice }) => notice.sms ? [{ accountIds: ids, sms: notice.sms }] : [])
  if (texts.length > 0)
    await enqueueNotices(tx, texts, at)
}

/**
 * In-app notices to the officers of a unit with these roles (no text message), one for each case
 * `cases` yields (a `select … as id`), so a filing statement can notify about the case it writes.
 * Its values may be placeholders (the filing statement is prepared once): `at` an ISO time, `params` JSON.
 */
export function officerNoticesInsert(cases: SQL, unitId: Value, roles: OfficerRole[], notice: { kind: Value, title: Value, body: Value, params: Value }, at: Value): SQL {
  return sql`insert into ${notifications} (account_id, at, kind, title, body, params, complaint_id)
    select ${accounts.id}, ${at}::timestamptz, ${notice.kind}, ${notice.title}, ${notice.body}, ${notice.params}::jsonb, cases.id
    from (${cases}) as cases cross join ${accounts}
    where ${accounts.unitId} = ${unitId} and ${accounts.kind} = 'officer' and ${accounts.disabledAt} is null and ${inJson(accounts.role, roles)}`
}
type Value = string | Placeholder

/** The officers of a unit (optionally only some roles). */
export async function officersOf(tx: Tx, unitId: string, roles?: OfficerRole[]) {
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

/**
 * officersOf (officers and heads) and parentUnit, each asked once per unit: a sweep's batch asks them
 * of the same few units. design: read once per transaction, as of its first asking.
 */
export function unitLookups(tx: Tx) {
  const officers = new Map<string, Promise<string[]>>()
  const parents = new Map<string, ReturnType<typeof parentUnit>>()
  const once = <T>(cache: Map<string, T>, unitId: string, load: () => T) => {
    if (!cache.has(unitId))
      cache.set(unitId, load())
    return cache.get(unitId)!
  }
  return {
    officersOf: (unitId: string) => once(officers, unitId, () => officersOf(tx, unitId, ['officer', 'head'])),
    parentUnit: (unitId: string) => once(parents, unitId, () => parentUnit(tx, unitId)),
  }
}
export type UnitLookups = ReturnType<typeof unitLookups>
