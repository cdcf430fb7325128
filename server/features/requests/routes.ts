import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { inArray } from 'drizzle-orm'
import { requireCitizen } from '../../auth/session.ts'
import { certificateRequests, corrections } from '../../db/schema/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'
import { requestViews, requestViewSchema } from '../certificates/views.ts'
import { caseSummarySchema } from '../complaints/citizenRoutes.ts'
import { filerSummaries } from '../complaints/queries.ts'
import { correctionViews, correctionViewSchema } from '../corrections/view.ts'
import { myRequestPage } from './page.ts'

const myRequestsSchema = z.object({
  complaints: z.array(caseSummarySchema),
  corrections: z.array(correctionViewSchema),
  certificateRequests: z.array(requestViewSchema),
  /** The cursor of the next page, or null on the last. */
  next: z.string().nullable(),
}).openapi('MyRequests')

/** The views in the order of the ids; one gone meanwhile is left out. */
function inOrder<T extends { id: string }>(ids: string[], views: T[]) {
  const byId = new Map(views.map(v => [v.id, v]))
  return ids.flatMap(id => byId.get(id) ?? [])
}

/** design: one list of everything a person asked for (issue 13 item 8), so nothing hides at the bottom of a record. */
export const myRequestRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/my-requests',
    tags: ['records'],
    summary: '我的申请：我提交的投诉、信息更正申请与学历证明书申请，各自的进度与剩余时间（未办结的在前，各自新的在前；每页 20 件，before 为上一页返回的 next）',
    request: { query: z.object({ before: z.string().max(300).optional() }) },
    responses: { 200: jsonOk(myRequestsSchema, '一页'), ...commonErrors },
  }), async (c) => {
    const me = requireCitizen(c)
    const { db } = c.get('deps')
    const now = c.get('deps').now()
    const page = await myRequestPage(db, me.accountId, c.req.valid('query').before)
    const [complaintList, correctionRows, certificateList] = await Promise.all([
      filerSummaries(db, page.complaintIds, now),
      page.correctionIds.length ? db.select().from(corrections).where(inArray(corrections.id, page.correctionIds)) : [],
      page.certificateRequestIds.length
        ? requestViews(db, inArray(certificateRequests.id, page.certificateRequestIds), () => ({ as: 'holder', accountId: me.accountId }), now)
        : [],
    ])
    return c.json({
      complaints: inOrder(page.complaintIds, complaintList),
      corrections: inOrder(page.correctionIds, await correctionViews(db, correctionRows, now)),
      certificateRequests: inOrder(page.certificateRequestIds, certificateList),
      next: page.next,
    }, 200)
  })
