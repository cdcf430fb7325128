import type { AppEnv } from '../../http/context.ts'
import { OpenAPIHono } from '@hono/zod-openapi'
import { infoAnswerSchema, objectionSchema, ratingSchema } from '#shared/schemas/complaints.ts'
import { once, provideInfo, rateCase } from './feedback.ts'
import { authorize, caseAction, currentView } from './routeKit.ts'
import { objectToCase } from './supervision.ts'

/** The complainant's steps on their own case, each taken once per request id (feedback.ts `once`). */
export const feedbackRoutes = new OpenAPIHono<AppEnv>()
  .openapi(caseAction('info', '投诉人补充材料（计时恢复）', infoAnswerSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor, me } = await authorize(c, id, r => r.filer)
    const input = c.req.valid('json')
    await once(c.get('deps'), id, { requestId: input.requestId, kind: 'infoProvided' }, () => provideInfo(c.get('deps'), id, { ...actor, accountId: me.accountId }, input))
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('rating', '评价办理结果：满意 / 基本满意 / 不满意', ratingSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.filer)
    const input = c.req.valid('json')
    await once(c.get('deps'), id, { requestId: input.requestId, kind: 'rated' }, () => rateCase(c.get('deps'), id, actor, input))
    return c.json(await currentView(c, id), 200)
  })
  .openapi(caseAction('objection', '办结后 5 个工作日内提出异议（上级督办）', objectionSchema), async (c) => {
    const { id } = c.req.valid('param')
    const { actor } = await authorize(c, id, r => r.filer)
    const input = c.req.valid('json')
    await once(c.get('deps'), id, { requestId: input.requestId, kind: 'objected' }, () => objectToCase(c.get('deps'), id, actor, input))
    return c.json(await currentView(c, id), 200)
  })
