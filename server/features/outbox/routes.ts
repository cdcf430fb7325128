import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, count, desc, eq, gt } from 'drizzle-orm'
import { maskPhone } from '#shared/idNumber.ts'
import { requireOfficer } from '../../auth/session.ts'
import { outboxMessages } from '../../db/schema/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'

const WEEK = 7 * 24 * 3600_000

const outboxStatus = z.object({
  waiting: z.number().openapi({ description: '待发送或重试中的消息数' }),
  failedThisWeek: z.number(),
  failures: z.array(z.object({
    id: z.string(),
    template: z.string(),
    recipient: z.string().openapi({ description: '手机号（已打码）' }),
    attempts: z.number(),
    lastError: z.string().nullable().openapi({ description: '失败类型与短信服务商的错误码' }),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
  })),
}).openapi('OutboxStatus')

/** design: the province watches delivery, as it watches the audit log: a gateway failure concerns every unit. */
export const outboxRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/officer/outbox',
    tags: ['system'],
    summary: '短信发送状况：待发送数量与最近放弃发送的消息（仅省级）',
    responses: { 200: jsonOk(outboxStatus, '发送状况'), ...commonErrors },
  }), async (c) => {
    requireOfficer(c) // province only: the access table (server/http/access.ts)
    const { db } = c.get('deps')
    const since = new Date(c.get('deps').now().getTime() - WEEK)
    const [waiting] = await db.select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.state, 'pending'))
    // design: text messages only. A browser notification that fails is routine (a phone reset, a push
    // service out of reach) and the inbox has the notice; it shows in the logs and /metrics instead.
    const failedSms = and(eq(outboxMessages.state, 'failed'), eq(outboxMessages.channel, 'sms'))
    const [failed] = await db.select({ n: count() }).from(outboxMessages).where(and(failedSms, gt(outboxMessages.settledAt, since)))
    const rows = await db.select().from(outboxMessages).where(failedSms).orderBy(desc(outboxMessages.settledAt)).limit(50)
    return c.json({
      waiting: waiting?.n ?? 0,
      failedThisWeek: failed?.n ?? 0,
      failures: rows.map(r => ({
        id: r.id,
        template: r.template,
        recipient: maskPhone(r.recipient),
        attempts: r.attempts,
        lastError: r.lastError,
        createdAt: r.createdAt.toISOString(),
        settledAt: r.settledAt?.toISOString() ?? null,
      })),
    }, 200)
  })
