import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { addWorkingDays, isoDateSchema } from '#shared/calendar/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'
import { readiness } from '../../ops/readiness.ts'

const health = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) })
const ready = z.object({
  ready: z.boolean(),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['ok', 'behind', 'unknown']),
  draining: z.boolean(),
})
const calendarAnswer = z.object({ date: z.string(), provisional: z.boolean() })

export const systemRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/health',
    tags: ['system'],
    summary: '健康检查',
    responses: { 200: jsonOk(health, '服务正常') },
  }), async (c) => {
    return c.json({ status: 'ok' as const, database: c.get('deps').dbKind }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/ready',
    tags: ['system'],
    summary: '就绪检查：数据库可达、迁移已完成、未在停机',
    responses: { 200: jsonOk(ready, '可以接收请求'), 503: jsonOk(ready, '暂不接收请求') },
  }), async (c) => {
    const state = await readiness(c.get('deps'))
    return state.ready ? c.json(state, 200) : c.json(state, 503)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/calendar/add',
    tags: ['system'],
    summary: '某日之后第 N 个工作日（Asia/Shanghai，含法定节假日与调休）',
    request: {
      query: z.object({
        from: isoDateSchema,
        days: z.coerce.number({ message: '天数必须是整数' }).int('天数必须是整数').min(0, '天数不能为负').max(3650, '天数过大'),
      }),
    },
    responses: { 200: jsonOk(calendarAnswer, '截止日期；provisional 表示超出国务院已公布的放假安排，按周末和《全国年节及纪念日放假办法》的法定假日（含补假）推算，调休未知'), ...commonErrors },
  }), async (c) => {
    const { from, days } = c.req.valid('query')
    return c.json(addWorkingDays(from, days), 200)
  })
