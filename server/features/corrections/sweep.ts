import type { SQL } from 'drizzle-orm'
import type { Deps } from '../../http/context.ts'
import { and, eq, isNull, lt } from 'drizzle-orm'
import { casePolicy } from '#shared/complaints/categories.ts'
import { corrections } from '../../db/schema/index.ts'
import { dueSoonUntold, lateUnmarked } from '../../sla/due.ts'
import { notify, officersOf } from '../notifications/notify.ts'
import { shortRef } from '../notifications/sms.ts'

/**
 * Correction steps run on the same working-day timers as complaint sheets: the officers of the
 * step now waiting are told once when it is due within 2 working days and once when it is late.
 */
export async function sweepCorrections(deps: Deps) {
  const now = deps.now()
  // design (issue 14): only the steps whose state changes are read, each by its partial index.
  const pending = (when: SQL) => deps.db.select().from(corrections).where(and(eq(corrections.status, 'pending'), when))
  const open = [
    ...await pending(lateUnmarked({ dueAt: corrections.stepDueAt, breachedAt: corrections.breachedAt }, now)),
    ...await pending(dueSoonUntold({ dueAt: corrections.stepDueAt, dueDate: corrections.stepDueDate, notifiedAt: corrections.dueSoonNotifiedAt }, now, casePolicy.dueSoonDays)),
  ]
  let dueSoon = 0
  let breached = 0
  for (const c of open) {
    const step = c.chain[c.step]!
    const late = c.stepDueAt < now
    await deps.db.transaction(async (tx) => {
      // Claimed only while this step still waits: a withdrawal or a decision in between is not warned about.
      const [won] = await tx.update(corrections).set(late ? { breachedAt: now } : { dueSoonNotifiedAt: now }).where(and(eq(corrections.id, c.id), eq(corrections.status, 'pending'), eq(corrections.step, c.step), late ? isNull(corrections.breachedAt) : isNull(corrections.dueSoonNotifiedAt), late ? lt(corrections.stepDueAt, now) : undefined)).returning({ id: corrections.id })
      if (!won)
        return
      late ? breached++ : dueSoon++
      await notify(tx, await officersOf(tx, step.unitId, [step.role as never]), {
        kind: late ? 'correction.overdue' : 'correction.dueSoon',
        title: late ? '更正申请已超期' : '更正申请即将到期',
        body: `${step.label}：期限 ${c.stepDueDate}`,
        params: { step: { unit: step.unit, role: step.role }, due: c.stepDueDate },
        sms: { template: late ? 'workOverdue' : 'workDueSoon', params: { number: shortRef(c.id), due: c.stepDueDate }, ref: `${c.id}:${c.step}` },
      }, now)
    })
  }
  return { dueSoon, breached }
}
