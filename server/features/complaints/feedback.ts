import type { Deps } from '../../http/context.ts'
import type { Rating } from './merged.ts'
import type { Actor } from './transition.ts'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import { shanghaiDate, workingDaysBetween } from '#shared/calendar/index.ts'
import { complaintAttachments, complaints } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { notify } from '../notifications/notify.ts'
import { pushDeadlines } from './handling.ts'
import { isUniqueViolation, rateMerged } from './merged.ts'
import { transition } from './transition.ts'

/** The complainant answers a request for information; the paused working days are added back. */
export async function provideInfo(deps: Deps, id: string, actor: Actor & { accountId: string }, input: { answer: string, attachmentIds: string[] }) {
  return transition(deps, id, 'provideInfo', actor, async (tx, c, now) => {
    if (input.attachmentIds.length > 0) {
      const attached = await tx.update(complaintAttachments).set({ complaintId: id }).where(and(inArray(complaintAttachments.id, input.attachmentIds), eq(complaintAttachments.uploadedBy, actor.accountId), isNull(complaintAttachments.complaintId))).returning({ id: complaintAttachments.id })
      if (attached.length !== input.attachmentIds.length)
        throw new AppError(400, 'ATTACHMENT_UNKNOWN', '有附件没有上传成功，请重新选择照片')
    }
    const paused = c.pausedAt ? Math.max(0, workingDaysBetween(shanghaiDate(c.pausedAt), shanghaiDate(now))) : 0
    await pushDeadlines(tx, id, paused)
    await notify(tx, [c.handlerId], { kind: 'case.infoProvided', title: '投诉人已补充材料', body: input.answer.slice(0, 100), complaintId: id }, now)
    return {
      patch: { pausedAt: null, infoRequest: null },
      step: { kind: 'infoProvided', note: input.answer, detail: { pausedWorkingDays: paused, attachments: input.attachmentIds.length } },
    }
  })
}

export async function rateCase(deps: Deps, id: string, actor: Actor, rating: Rating) {
  const [own] = await deps.db.select({ status: complaints.status }).from(complaints).where(eq(complaints.id, id))
  try {
    if (own?.status === 'merged') // issue 10: the filer of a merged complaint rates the answer of the case it joined
      return await rateMerged(deps, id, actor, rating)
    return await transition(deps, id, 'rate', actor, async (_tx, c) => {
      if (c.rating)
        throw new AppError(409, 'ALREADY_RATED', '您已经评价过了')
      return { patch: { rating }, step: { kind: 'rated', detail: { rating } } }
    })
  }
  catch (e) {
    if (isUniqueViolation(e)) // rated already on another of this filer's complaints in the same case
      throw new AppError(409, 'ALREADY_RATED', '您已经评价过了')
    throw e
  }
}
