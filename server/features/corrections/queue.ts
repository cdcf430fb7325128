import type { AnyColumn } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import type { SignedIn } from '../../http/context.ts'
import { z } from '@hono/zod-openapi'
import { and, asc, isNull, sql } from 'drizzle-orm'
import { afterKey, pageOf } from '../../db/keyset.ts'
import { corrections } from '../../db/schema/index.ts'
import { enterableBy } from './entry.ts'
import { correctionViews } from './view.ts'

export const QUEUE_PAGE = 20
export const queueQuery = z.object({
  after: z.string().max(200).optional(), // the `next` of the page before
  entryAfter: z.string().max(200).optional(), // the `awaitingEntryNext` of the page before
})

/**
 * An officer's correction queue, a page of each list (issue 14: keyset pages, no silent cap):
 * requests waiting for this officer's post, least time left first, and approved requests whose
 * entry in the official system this officer may record, longest waiting first.
 */
export async function correctionQueue(db: Db, me: SignedIn, query: z.infer<typeof queueQuery>, now: Date) {
  const rows = (where: ReturnType<typeof and>, order: AnyColumn) => db.select()
    .from(corrections)
    .where(where)
    .orderBy(asc(order), asc(corrections.id))
    .limit(QUEUE_PAGE + 1)
  const [waiting, approved] = await Promise.all([
    rows(and(
      sql`${corrections.status} = 'pending'`, // written out, not a parameter: the partial index's predicate must match under any plan
      sql`${corrections.chain}->${corrections.step}->>'unitId' = ${me.unitId} and ${corrections.chain}->${corrections.step}->>'role' = ${me.role}`,
      afterKey(corrections.stepDueAt, corrections.id, query.after),
    ), corrections.stepDueAt),
    rows(and(
      sql`${corrections.status} = 'approved'`, // the same, for the two partial indexes of migration 0036
      isNull(corrections.appliedAt),
      enterableBy(me),
      afterKey(corrections.decidedAt, corrections.id, query.entryAfter),
    ), corrections.decidedAt),
  ])
  const toDecide = pageOf(waiting, QUEUE_PAGE, r => [r.stepDueAt, r.id])
  const toEnter = pageOf(approved, QUEUE_PAGE, r => [r.decidedAt!, r.id])
  const [decide, enter] = await Promise.all([correctionViews(db, toDecide.items, now), correctionViews(db, toEnter.items, now)])
  return { corrections: decide, next: toDecide.next, awaitingEntry: enter, awaitingEntryNext: toEnter.next }
}
