import type { corrections as correctionsTable } from '../../db/schema/index.ts'
import type { Deps, SignedIn } from '../../http/context.ts'
import { and, eq } from 'drizzle-orm'
import { actorOf, audit } from '../../audit/entry.ts'
import { corrections } from '../../db/schema/index.ts'
import { conflict, forbidden } from '../../http/errors.ts'
import { notify, officersOf } from '../notifications/notify.ts'
import { fieldLabels } from './inProgress.ts'

type Correction = typeof correctionsTable.$inferSelect

/** Whether this person may withdraw it now: the one who filed it, while a step waits. */
export const mayWithdraw = (c: Pick<Correction, 'filedBy' | 'status'>, me: Pick<SignedIn, 'accountId'>) => c.filedBy === me.accountId && c.status === 'pending'

/**
 * design: the applicant may withdraw a request while a step is still waiting (one filed by mistake, or
 * no longer wanted); once approved, the change is the authority's decision and is entered. One
 * conditional update claims it, so a withdrawal and a decision arriving together settle it once.
 */
export async function withdrawCorrection(deps: Deps, me: SignedIn, c: Correction) {
  if (c.filedBy !== me.accountId)
    throw forbidden('NOT_FILER', '只有提出申请的人可以撤回这份申请')
  return deps.db.transaction(async (tx) => {
    const now = deps.now()
    const [won] = await tx.update(corrections).set({ status: 'withdrawn', decidedAt: now }).where(and(eq(corrections.id, c.id), eq(corrections.status, 'pending'))).returning({ step: corrections.step })
    if (!won)
      throw conflict('CORRECTION_DECIDED', '这份申请已经办结，不能撤回')
    const fields = c.items.map(i => i.field)
    await audit(tx, actorOf(me), { action: 'correction.withdrawn', recordId: c.recordId, object: { type: 'correction', id: c.id }, detail: { step: won.step, fields }, at: now })
    const waiting = c.chain[won.step]!
    await notify(tx, await officersOf(tx, waiting.unitId, [waiting.role as never]), { kind: 'correction.withdrawn', title: '更正申请已撤回', body: `${fieldLabels(fields)}：申请人已撤回，无需再办理`, params: { fields } }, now)
  })
}
