import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { desc, eq } from 'drizzle-orm'
import { phoneSchema } from '#shared/schemas/auth.ts'
import { smsOutbox } from '../../db/schema/index.ts'
import { demoAccounts, demoAccountsSchema } from '../../demo/accounts.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'

const outbox = z.object({
  messages: z.array(z.object({ phone: z.string(), body: z.string(), code: z.string().nullable(), sentAt: z.string() })),
})

/** Demo mode only: mounted by the app factory when DEMO is on, absent otherwise. */
export const devRoutes = new OpenAPIHono<AppEnv>()
  // (a POST: a phone, even a demo visitor's own, stays out of URLs and proxies' logs)
  .openapi(createRoute({
    method: 'post',
    path: '/dev/sms-outbox',
    tags: ['demo'],
    summary: '演示模式：查看发往某手机号的短信（手机号在请求正文中，不进网址）',
    request: jsonBody(z.object({ phone: phoneSchema })),
    responses: { 200: jsonOk(outbox, '最近的短信，新的在前'), ...commonErrors },
  }), async (c) => {
    const { phone } = c.req.valid('json')
    const rows = await c.get('deps').db.select().from(smsOutbox).where(eq(smsOutbox.phone, phone)).orderBy(desc(smsOutbox.sentAt)).limit(10)
    return c.json({
      messages: rows.map(r => ({
        phone: r.phone,
        body: r.body,
        code: /验证码是 (\d{6})/.exec(r.body)?.[1] ?? null, // a sign-in code's, not a notice's sheet number (410102-…)
        sentAt: r.sentAt.toISOString(),
      })),
    }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/dev/demo-accounts',
    tags: ['demo'],
    summary: '演示模式：演示账号（npm start 打印的同一份）',
    responses: { 200: jsonOk(demoAccountsSchema, '演示账号') },
  }), async (c) => {
    return c.json(await demoAccounts(c.get('deps').db), 200)
  })
