import type { AppEnv } from '../../http/context.ts'
import { OpenAPIHono } from '@hono/zod-openapi'
import { infoAnswerSchema, ratingSchema, reasonSchema } from '#shared/schemas/complaints.ts'
import { provideInfo, rateCase } from './feedback.ts'
import { authorize, caseAction, currentView } from './routeKit.ts'
import { objectToCase } from './supervision.ts'

/** The complainant's steps on their own case. */
export const feedbackRoutes = new OpenAPIHono<AppEnv>()
  .openapi(caseAction('info', '投诉人补充材料（计时恢复）', infoAnswerSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor, me } = await authorize(c, id, r => r.filer)
    await provideInfo(c.var.deps, id, { ...actor, accountId: me.accountId }, c.req.valid('json'))
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('rating', '评价办理结果：满意 / 基本满意 / 不满意', ratingSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.filer)
    await rateCase(c.var.deps, id, actor, c.req.valid('json').rating)
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('objection', '办结后 5 个工作日内提出异议（上级督办）', reasonSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.filer)
    await objectToCase(c.var.deps, id, actor, c.req.valid('json').reason)
    return c.json(await currentView(c, id), 200)
  })
