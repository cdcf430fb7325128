import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { caseStatuses } from '#shared/complaints/caseMachine.ts'
import { complaintCategoryCodes } from '#shared/complaints/categories.ts'
import { acceptSchema, closeSchema, extensionDecisionSchema, extensionSchema, infoRequestSchema, linkSchema, outcomeSchema, reasonSchema, reportSchema, superviseSchema } from '#shared/schemas/complaints.ts'
import { requireOfficer } from '../../auth/session.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { caseSummarySchema } from './citizenRoutes.ts'
import { closeCase, decideExtension, reportCase, requestExtension, requestInfo, returnCase, sendBack, writeOutcome } from './handling.ts'
import { acceptCase, linkCase, rejectCase } from './intake.ts'
import { caseQueue } from './queries.ts'
import { authorize, caseAction, caseParam, currentView } from './routeKit.ts'
import { superviseByHand } from './supervision.ts'

const queueQuery = z.object({
  status: z.enum(caseStatuses).optional(),
  category: z.enum(complaintCategoryCodes).optional(),
  schoolUnitId: z.string().optional(),
  overdue: z.enum(['true', 'false']).transform(v => v === 'true').optional(),
  after: z.string().max(200).optional(), // the `next` of the page before
})

export const officerCaseRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/cases',
    tags: ['complaints'],
    summary: '工作人员的案件队列：本单位及下级单位的投诉，按剩余时间排序',
    request: { query: queueQuery },
    responses: { 200: jsonOk(z.object({ cases: z.array(caseSummarySchema), next: z.string().nullable() }), '一页案件（20 件）；next 为下一页的 after'), ...commonErrors },
  }), async (c) => {
    const officer = requireOfficer(c)
    return c.json(await caseQueue(c.get('deps'), officer.unitId, c.req.valid('query'), c.get('deps').now()), 200)
  })
  .openapi(caseAction('accept', '受理并交办：选择承办单位和承办人，签发核查单', acceptSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor, me } = await authorize(c, id, r => r.intake)
    await acceptCase(c.get('deps'), id, { ...actor, accountId: me.accountId }, c.req.valid('json'))
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('reject', '不予受理（理由告知投诉人）', reasonSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.intake)
    await rejectCase(c.get('deps'), id, actor, c.req.valid('json').reason)
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('link', '与同一学生同类问题的投诉合并办理', linkSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.intake)
    await linkCase(c.get('deps'), id, actor, c.req.valid('json').targetId)
    return c.json(await currentView(c, id), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/complaints/{id}/return',
    tags: ['complaints'],
    summary: '退单：交办 2 个工作日内退回受理单位（之后本单位不再看到此件）',
    request: { params: caseParam, ...jsonBody(reasonSchema) },
    responses: { 200: jsonOk(z.object({ id: z.string(), status: z.string() }), '已退回受理单位'), ...commonErrors },
  }), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.handler)
    return c.json({ id, status: await returnCase(c.get('deps'), id, actor, c.req.valid('json').reason) }, 200)
  })
  .openapi(caseAction('info-request', '请投诉人补充材料（暂停计时）', infoRequestSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.handler)
    await requestInfo(c.get('deps'), id, actor, c.req.valid('json').question)
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('extension', '完成时限前申请延期', extensionSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor, me } = await authorize(c, id, r => r.handler)
    await requestExtension(c.get('deps'), id, { ...actor, accountId: me.accountId }, c.req.valid('json'))
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('extension-decision', '审批延期申请（申请人不能自己审批）', extensionDecisionSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor, me } = await authorize(c, id, r => r.intake || r.above)
    await decideExtension(c.get('deps'), id, { ...actor, accountId: me.accountId }, c.req.valid('json'))
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('report', '承办单位提交办理报告（经核实的情况），由处理责任单位审核办结', reportSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.handler)
    await reportCase(c.get('deps'), id, actor, c.req.valid('json').findings)
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('send-back', '处理责任单位退回办理报告，承办单位重新办理（理由告知承办人）', reasonSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.intake)
    await sendBack(c.get('deps'), id, actor, c.req.valid('json').reason)
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('close', '办结：处理责任单位审核办理报告后办结；本单位自办的，填写经核实的情况后办结', closeSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor, roles } = await authorize(c, id, r => r.intake || r.handler)
    await closeCase(c.get('deps'), id, actor, roles, c.req.valid('json').findings)
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('supervise', '上级单位签发督办单', superviseSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.above)
    await superviseByHand(c.get('deps'), id, { ...actor, unitId: actor.unitId! }, c.req.valid('json').instructions)
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('outcome', '在督办单上填写办理情况', outcomeSchema.extend({ sheetId: z.uuid() })), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.handler)
    const { sheetId, outcome } = c.req.valid('json')
    await writeOutcome(c.get('deps'), id, actor, sheetId, outcome)
    return c.json(await currentView(c, id), 200)
  })
