import type { Deps, SignedIn } from '../../http/context.ts'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { shanghaiDate } from '#shared/calendar/index.ts'
import { actorOf, audit } from '../../audit/entry.ts'
import { corrections } from '../../db/schema/index.ts'
import { AppError, conflict, forbidden } from '../../http/errors.ts'
import { tellHoldersOfOutdatedCertificates } from '../certificates/outdated.ts'
import { notify } from '../notifications/notify.ts'
import { applyItem } from './apply.ts'
import { fieldLabels } from './inProgress.ts'

type Correction = typeof corrections.$inferSelect
export interface OfficialEntry { enteredOn: string, operator: string, reference: string }

/**
 * Who records the entry in the official system: the school's registrar (003:14: the school starts the
 * change there) or an officer of the unit that gave the final approval (design: e.g. the bureau that
 * keeps the county's 国网 accounts).
 */
export function mayRecordEntry(c: Pick<Correction, 'chain'>, me: Pick<SignedIn, 'unitId' | 'role'>) {
  const last = c.chain.at(-1)
  return (me.role === 'registrar' && c.chain[0]?.unitId === me.unitId) || (!!last && last.unitId === me.unitId)
}

/** SQL form of mayRecordEntry, for the officer's queue of approved changes waiting to be entered. */
export function enterableBy(me: Pick<SignedIn, 'unitId' | 'role'>) {
  return me.role === 'registrar'
    ? sql`(${corrections.chain}->0->>'unitId' = ${me.unitId} or ${corrections.chain}-> -1 ->>'unitId' = ${me.unitId})`
    : sql`${corrections.chain}-> -1 ->>'unitId' = ${me.unitId}`
}

/**
 * The officer records that the approved change is entered in the official system (date, operator,
 * reference); the record changes now, in the same transaction, keeping each old value (002:19).
 * One conditional UPDATE claims the entry, so two officers recording at once change the record once.
 */
export async function recordOfficialEntry(deps: Deps, me: SignedIn, c: Correction, entry: OfficialEntry) {
  if (c.status !== 'approved')
    throw conflict('ENTRY_NOT_ALLOWED', '只有已批准的申请可以登记录入情况')
  if (!mayRecordEntry(c, me))
    throw forbidden('NOT_YOUR_STEP', '录入情况由学校学籍管理员或批准单位登记')
  const now = deps.now()
  const decided = c.decidedAt ? shanghaiDate(c.decidedAt) : entry.enteredOn
  if (entry.enteredOn > shanghaiDate(now) || entry.enteredOn < decided)
    throw new AppError(400, 'ENTRY_DATE_INVALID', `录入日期应在批准之日（${decided}）与今天之间`)
  return deps.db.transaction(async (tx) => {
    const [claimed] = await tx.update(corrections)
      .set({ officialEntry: entry, enteredBy: me.accountId, appliedAt: now })
      .where(and(eq(corrections.id, c.id), eq(corrections.status, 'approved'), isNull(corrections.appliedAt)))
      .returning({ id: corrections.id })
    if (!claimed)
      throw conflict('ALREADY_ENTERED', '这份申请的录入情况已经登记，学籍已显示新的内容')
    for (const item of c.items)
      await applyItem(tx, c.recordId, item, c.id, now)
    await audit(tx, actorOf(me), { action: 'correction.entered', recordId: c.recordId, object: { type: 'correction', id: c.id }, detail: { enteredOn: entry.enteredOn, reference: entry.reference, fields: c.items.map(i => i.field) }, at: now })
    await tellHoldersOfOutdatedCertificates(tx, c.recordId, c.items.map(i => i.field), now)
    await notify(tx, [c.filedBy], { kind: 'correction.entered', title: '更正已录入官方学籍系统', body: `${fieldLabels(c.items.map(i => i.field))}已于 ${entry.enteredOn} 录入，学籍上已显示新的内容`, params: { fields: c.items.map(i => i.field), date: entry.enteredOn } }, now)
  })
}
