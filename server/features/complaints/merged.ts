import type { Db, Tx } from '../../db/client.ts'
import type { Deps } from '../../http/context.ts'
import type { Complaint } from './access.ts'
import type { Actor } from './transition.ts'
import { and, eq, isNotNull, isNull, or, sql } from 'drizzle-orm'
import { audit } from '../../audit/entry.ts'
import { complaints } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { notify } from '../notifications/notify.ts'
import { caseNotFound } from './access.ts'
import { logStep } from './transition.ts'

export type Rating = 'satisfied' | 'basicallySatisfied' | 'unsatisfied'

/** The case a complaint's answer comes from: itself, or the case it was merged into. */
export const groupOf = (c: Pick<Complaint, 'id' | 'mergedInto'>) => c.mergedInto ?? c.id

/**
 * Each complaint merged into a case that closes gets its outcome (issue 10): its filer is told the
 * findings and asked to rate, and its own timeline shows the answer. Called on every close, so a
 * case reopened after an objection and closed again tells them again. A filer who also filed the
 * main case hears it once, through that case.
 */
export async function tellMergedFilers(tx: Tx, main: Pick<Complaint, 'id' | 'filedBy'>, findings: string, at: Date) {
  const merged = await tx.select({ id: complaints.id, filedBy: complaints.filedBy }).from(complaints).where(and(eq(complaints.mergedInto, main.id), eq(complaints.status, 'merged')))
  const told = new Set([main.filedBy])
  for (const m of merged) {
    await logStep(tx, m.id, { accountId: null, unitId: null }, { kind: 'mergedOutcome', note: findings, detail: { case: main.id } }, at)
    if (told.has(m.filedBy))
      continue
    told.add(m.filedBy)
    await notify(tx, [m.filedBy], { kind: 'case.mergedClosed', title: '与您的投诉合并办理的投诉已办结', body: `核实情况：${findings.slice(0, 120)}。请查看并评价`, params: { findings: findings.slice(0, 120) }, complaintId: m.id }, at)
  }
}

/** What a merged complaint's filer sees of the case it was merged into: its status and, once closed, its findings. */
export async function mergedOutcome(db: Db, c: Complaint) {
  if (!c.mergedInto)
    return null
  const [main] = await db.select({ id: complaints.id, status: complaints.status, findings: complaints.findings, closedAt: complaints.closedAt }).from(complaints).where(eq(complaints.id, c.mergedInto))
  if (!main)
    return null
  const closed = main.status === 'closed'
  return { caseId: main.id, status: main.status, findings: closed ? main.findings : null, closedAt: closed ? main.closedAt?.toISOString() ?? null : null }
}

/** Has this filer already rated the answer of this case, on any complaint of theirs in it? */
export async function ratedInGroup(db: Db, c: Complaint) {
  const group = groupOf(c)
  const [row] = await db.select({ id: complaints.id }).from(complaints).where(and(eq(complaints.filedBy, c.filedBy), isNotNull(complaints.rating), or(eq(complaints.id, group), eq(complaints.mergedInto, group)))).limit(1)
  return !!row
}

/**
 * design: a merged complaint's filer rates the answer on their own complaint, so each filer's
 * satisfaction stays theirs (12345 回访 asks every caller) and the main case's rating stays its
 * filer's; officers see each complaint's rating. Once per filer: one conditional UPDATE claims the
 * rating, and a unique index allows one rated complaint per filer in a case.
 */
export async function rateMerged(deps: Deps, id: string, actor: Actor, rating: Rating, requestId: string) {
  const now = deps.now()
  return deps.db.transaction(async (tx) => {
    const [rated] = await tx.update(complaints).set({ rating }).where(and(
      eq(complaints.id, id),
      eq(complaints.status, 'merged'),
      isNull(complaints.rating),
      sql`exists (select 1 from ${complaints} m where m.id = ${complaints.mergedInto} and m.status = 'closed')`,
    )).returning({ id: complaints.id, recordId: complaints.recordId })
    if (!rated) {
      const [c] = await tx.select({ rating: complaints.rating }).from(complaints).where(eq(complaints.id, id))
      if (!c)
        throw caseNotFound()
      throw c.rating
        ? new AppError(409, 'ALREADY_RATED', '您已经评价过了')
        : new AppError(409, 'CASE_STATE', '合并办理的投诉办结后才能评价')
    }
    await logStep(tx, id, actor, { kind: 'rated', detail: { rating }, requestId }, now)
    await audit(tx, actor, { action: 'case.rate', recordId: rated.recordId, object: { type: 'complaint', id }, detail: { rating, merged: true }, at: now })
  })
}

/** A unique violation of the one-rating-per-filer index, from either driver. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505' || (e as { cause?: { code?: string } }).cause?.code === '23505'
