import type { SQL } from 'drizzle-orm'
import type { Deps } from '../../http/context.ts'
import { and, eq, inArray, isNull, lt } from 'drizzle-orm'
import { certificateRequests, diplomaRegistrations, studentRecords } from '../../db/schema/index.ts'
import { dueSoonUntold, lateUnmarked } from '../../sla/due.ts'
import { notify, officersOf } from '../notifications/notify.ts'
import { shortRef } from '../notifications/sms.ts'

// design: warn when 2 working days or fewer are left, as for complaint sheets.
export const CERTIFICATE_DUE_SOON_DAYS = 2
const OPEN = ['pending', 'reviewed'] as const

/**
 * One pass of the SLA sweeper over open 学历证明书 requests: tells the school's registrars once
 * when a request is within 2 working days of its due date, and once when it is overdue. Safe to
 * run in several processes at once: each notice goes with a conditional update of its mark
 * (due_soon_notified_at / breached_at is null), so only one process wins it.
 */
export async function sweepCertificateRequests(deps: Deps) {
  const now = deps.now()
  // design (issue 14): only the requests whose state changes are read, each by its partial index.
  const open = (when: SQL) => deps.db.select({ id: certificateRequests.id }).from(certificateRequests).where(and(inArray(certificateRequests.status, [...OPEN]), isNull(certificateRequests.breachedAt), when))
  let dueSoon = 0
  let breached = 0
  for (const r of await open(lateUnmarked(certificateRequests, now)))
    breached += await mark(deps, r.id, 'breached', now)
  for (const r of await open(dueSoonUntold({ dueAt: certificateRequests.dueAt, dueDate: certificateRequests.dueDate, notifiedAt: certificateRequests.dueSoonNotifiedAt }, now, CERTIFICATE_DUE_SOON_DAYS)))
    dueSoon += await mark(deps, r.id, 'dueSoon', now)
  return { dueSoon, breached }
}

async function mark(deps: Deps, id: string, kind: 'dueSoon' | 'breached', now: Date) {
  return deps.db.transaction(async (tx) => {
    const open = inArray(certificateRequests.status, [...OPEN])
    const [r] = kind === 'dueSoon'
      ? await tx.update(certificateRequests).set({ dueSoonNotifiedAt: now }).where(and(eq(certificateRequests.id, id), open, isNull(certificateRequests.dueSoonNotifiedAt))).returning()
      : await tx.update(certificateRequests).set({ breachedAt: now }).where(and(eq(certificateRequests.id, id), open, isNull(certificateRequests.breachedAt), lt(certificateRequests.dueAt, now))).returning()
    if (!r)
      return 0
    const [d] = await tx.select({ schoolUnitId: diplomaRegistrations.schoolUnitId, name: studentRecords.name }).from(diplomaRegistrations).innerJoin(studentRecords, eq(studentRecords.id, diplomaRegistrations.recordId)).where(eq(diplomaRegistrations.id, r.diplomaId))
    const step = r.status === 'pending' ? '待审核' : '待出具'
    await notify(tx, await officersOf(tx, d!.schoolUnitId, ['registrar']), kind === 'dueSoon'
      ? { kind: 'certificate.dueSoon', title: `学历证明书申请即将到期：${d!.name}`, body: `${step}，办理时限 ${r.dueDate}`, params: { name: d!.name, due: r.dueDate, variant: r.status }, sms: { template: 'workDueSoon', params: { number: shortRef(r.id), due: r.dueDate }, ref: r.id } }
      : { kind: 'certificate.breached', title: `学历证明书申请已超期：${d!.name}`, body: `${step}，办理时限 ${r.dueDate} 已过，请尽快办理`, params: { name: d!.name, due: r.dueDate, variant: r.status }, sms: { template: 'workOverdue', params: { number: shortRef(r.id), due: r.dueDate }, ref: r.id } }, now)
    return 1
  })
}
