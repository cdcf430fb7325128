import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { desc, eq } from 'drizzle-orm'
import { requireCitizen } from '../../auth/session.ts'
import { certificateRequests, corrections } from '../../db/schema/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'
import { requestViews, requestViewSchema } from '../certificates/views.ts'
import { caseSummarySchema } from '../complaints/citizenRoutes.ts'
import { myComplaints } from '../complaints/queries.ts'
import { correctionView, correctionViewSchema } from '../corrections/view.ts'

const myRequestsSchema = z.object({
  complaints: z.array(caseSummarySchema),
  corrections: z.array(correctionViewSchema),
  certificateRequests: z.array(requestViewSchema),
}).openapi('MyRequests')

/** design: one list of everything a person asked for (issue 13 item 8), so nothing hides at the bottom of a record. */
export const myRequestRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/my-requests',
    tags: ['records'],
    summary: '我的申请：我提交的投诉、信息更正申请与学历证明书申请，各自的进度与剩余时间',
    responses: { 200: jsonOk(myRequestsSchema, '每类新的在前'), ...commonErrors },
  }), async (c) => {
    const me = requireCitizen(c)
    const { db } = c.var.deps
    const now = c.var.deps.now()
    const [complaintList, correctionRows, certificateList] = await Promise.all([
      myComplaints(db, me.accountId, now),
      db.select().from(corrections).where(eq(corrections.filedBy, me.accountId)).orderBy(desc(corrections.createdAt)).limit(100),
      requestViews(db, eq(certificateRequests.filedBy, me.accountId), () => ({ as: 'holder', accountId: me.accountId }), now),
    ])
    return c.json({
      complaints: complaintList,
      corrections: await Promise.all(correctionRows.map(r => correctionView(db, r, now))),
      certificateRequests: certificateList,
    }, 200)
  })
