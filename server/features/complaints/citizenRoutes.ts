import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { complaintInputSchema } from '#shared/schemas/complaints.ts'
import { requireCitizen, requireSignedIn } from '../../auth/session.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { caseRoles } from './access.ts'
import { feedbackRoutes } from './feedbackRoutes.ts'
import { fileComplaint } from './intake.ts'
import { myComplaints } from './queries.ts'
import { caseParam, currentView } from './routeKit.ts'
import { caseView, caseViewSchema, clockSchema } from './view.ts'

export const caseSummarySchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  category: z.string(),
  studentName: z.string(),
  schoolUnitId: z.string(),
  schoolName: z.string(),
  createdAt: z.string(),
  likelyDuplicate: z.boolean(),
  extensionPending: z.boolean(),
  clock: clockSchema,
})

export const complaintRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'post',
    path: '/complaints',
    tags: ['complaints'],
    summary: '提交群众投诉（同一 requestId 重复提交只生成一件投诉）',
    request: jsonBody(complaintInputSchema),
    responses: { 200: jsonOk(caseViewSchema, '已存在的同一投诉'), 201: jsonOk(caseViewSchema, '已提交'), ...commonErrors },
  }), async (c) => {
    const me = requireCitizen(c)
    const filed = await fileComplaint(c.get('deps'), me, c.req.valid('json'))
    const { db, now } = c.get('deps')
    const view = 'page' in filed ? await caseView(db, filed.page, await caseRoles(db, me, filed.page.complaint), now()) : await currentView(c, filed.id)
    const created = filed.created
    return created ? c.json(view, 201) : c.json(view, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/complaints',
    tags: ['complaints'],
    summary: '我提交的投诉（新的在前，每页 20 件；before 为上一页返回的 next）',
    request: { query: z.object({ before: z.string().max(200).optional() }) },
    responses: { 200: jsonOk(z.object({ complaints: z.array(caseSummarySchema), next: z.string().nullable() }), '新的在前'), ...commonErrors },
  }), async (c) => {
    const me = requireCitizen(c)
    return c.json(await myComplaints(c.get('deps').db, me.accountId, c.get('deps').now(), c.req.valid('query').before), 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/complaints/{id}',
    tags: ['complaints'],
    summary: '投诉详情：进度、核查单与督办单、剩余工作日',
    request: { params: caseParam },
    responses: { 200: jsonOk(caseViewSchema, '投诉'), ...commonErrors },
  }), async (c) => {
    requireSignedIn(c)
    return c.json(await currentView(c, c.req.valid('param').id, { audited: true }), 200)
  })
  .route('/', feedbackRoutes)
