import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { bindSchema } from '#shared/schemas/bindings.ts'
import { requireCitizen } from '../../auth/session.ts'
import { clientIp } from '../../http/context.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { bindRecord } from './service.ts'

const bound = z.object({ recordId: z.string(), relation: z.enum(['self', 'guardian']), created: z.boolean() })

export const bindingRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'post',
    path: '/bindings',
    tags: ['records'],
    summary: '实名绑定：本人（姓名 + 证件号）或监护人（本人与孩子的姓名、证件号，登录手机号须与学籍登记一致）',
    request: jsonBody(bindSchema),
    responses: { 200: jsonOk(bound, '已绑定（重复绑定返回同一结果）'), ...commonErrors },
  }), async (c) => {
    const me = requireCitizen(c)
    const result = await bindRecord(c.get('deps'), { accountId: me.accountId, phone: me.phone! }, c.req.valid('json'), clientIp(c))
    return c.json(result, 200)
  })
