import type { Deps } from '../../http/context.ts'
import type { Rating } from './merged.ts'
import type { Actor } from './transition.ts'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import { shanghaiDate, workingDaysBetween } from '#shared/calendar/index.ts'
import { caseEvents, complaintAttachments, complaints } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { notify } from '../notifications/notify.ts'
import { pushDeadlines } from './handling.ts'
import { isUniqueViolation, rateMerged } from './merged.ts'
import { transition } from './transition.ts'

/**
 * Takes one of the complainant's steps once per request id. A resend (the app's outbox after a lost
 * answer, a second tab) finds the step taken and is answered as the first was. A resend racing the
 * first is refused by the case's new state or by the unique request id, and then finds it too.
 */
export async function once(deps: Deps, id: string, step: { requestId: string, kind: string }, take: () => Promise<unknown>) {
  if (await taken(deps, id, step))
    return
  try {
    await take()
  }
  catch (e) {
    if (((e instanceof AppError && e.status === 409) || isUniqueViolation(e)) && await taken(deps, id, step))
      return
    throw e
  }
}

/** Whether this very step (its case, its kind) was taken under the request id; another use of it is refused. */
async function taken(deps: Deps, id: string, { requestId, kind }: { requestId: string, kind: string }) {
  const [step] = await deps.db.select({ complaintId: caseEvents.complaintId, kind: caseEvents.kind }).from(caseEvents).where(eq(caseEvents.requestId, requestId))
  if (step && (step.complaintId !== id || step.kind !== kind))
    throw new AppError(409, 'REQUEST_ID_REUSED', '请求编号已被使用，请刷新页面后重试')
  return !!step
}

/** The complainant answers a request for information; the paused working days are added back. */
export async function provideInfo(deps: Deps, id: string, actor: Actor & { accountId: string }, input: { requestId: string, answer: string, attachmentIds: string[] }) {
  return transition(deps, id, 'provideInfo', actor, async (tx, c, now) => {
    if (input.attachmentIds.length > 0) {
      const attached = await tx.update(complaintAttachments).set({ complaintId: id }).where(and(inArray(complaintAttachments.id, input.attachmentIds), eq(complaintAttachments.uploadedBy, actor.accountId), isNull(complaintAttachments.complaintId))).returning({ id: complaintAttachments.id })
      if (attached.length !== input.attachmentIds.length)
        throw new AppError(400, 'ATTACHMENT_UNKNOWN', '有附件没有上传成功，请重新选择照片')
    }
    const paused = c.pausedAt ? Math.max(0, workingDaysBetween(shanghaiDate(c.pausedAt), shanghaiDate(now))) : 0
    await pushDeadlines(tx, id, paused)
    await notify(tx, [c.handlerId], { kind: 'case.infoProvided', title: '投诉人已补充材料', body: input.answer.slice(0, 100), params: { answer: input.answer.slice(0, 100) }, complaintId: id }, now)
    return {
      patch: { pausedAt: null, infoRequest: null },
      step: { kind: 'infoProvided', note: input.answer, detail: { pausedWorkingDays: paused, attachments: input.attachmentIds.length }, requestId: input.requestId },
    }
  })
}

export async function rateCase(deps: Deps, id: string, actor: Actor, { rating, requestId }: { rating: Rating, requestId: string }) {
  const [own] = await deps.db.select({ status: complaints.status }).from(complaints).where(eq(complaints.id, id))
  try {
    if (own?.status === 'merged') // issue 10: the filer of a merged complaint rates the answer of the case it joined
      return await rateMerged(deps, id, actor, rating, requestId)
    return await transition(deps, id, 'rate', actor, async (_tx, c) => {
      if (c.rating)
        throw new AppError(409, 'ALREADY_RATED', '您已经评价过了')
      return { patch: { rating }, step: { kind: 'rated', detail: { rating }, requestId } }
    })
  }
  catch (e) {
    if (isUniqueViolation(e)) // rated already on another of this filer's complaints in the same case
      throw new AppError(409, 'ALREADY_RATED', '您已经评价过了')
    throw e
  }
}
