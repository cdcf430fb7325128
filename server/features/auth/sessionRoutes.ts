import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, desc, eq, gt } from 'drizzle-orm'
import { endSession, requireSignedIn } from '../../auth/session.ts'
import { sessions } from '../../db/schema/index.ts'
import { notFound } from '../../http/errors.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'

const sessionList = z.object({
  sessions: z.array(z.object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), device: z.string().nullable(), current: z.boolean() })),
})
const done = z.object({ ok: z.literal(true) })

/** One's own signed-in sessions: see them, end one, or end them all. */
export const sessionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/auth/sessions',
    tags: ['auth'],
    summary: '我的登录设备',
    responses: { 200: jsonOk(sessionList, '未过期的会话，最近使用的在前'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const rows = await c.get('deps').db.select().from(sessions).where(and(eq(sessions.accountId, me.accountId), gt(sessions.expiresAt, c.get('deps').now()))).orderBy(desc(sessions.lastSeenAt))
    return c.json({
      sessions: rows.map(r => ({ id: r.id, createdAt: r.createdAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString(), device: r.device, current: r.tokenHash === me.tokenHash })),
    }, 200)
  })
  .openapi(createRoute({
    method: 'delete',
    path: '/auth/sessions/{id}',
    tags: ['auth'],
    summary: '退出某一台设备上的登录',
    request: { params: z.object({ id: z.uuid('会话编号有误') }) },
    responses: { 200: jsonOk(done, '已退出'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const ended = await c.get('deps').db.delete(sessions).where(and(eq(sessions.id, c.req.valid('param').id), eq(sessions.accountId, me.accountId))).returning({ tokenHash: sessions.tokenHash })
    if (ended.length === 0)
      throw notFound('SESSION_NOT_FOUND', '该登录已经退出')
    if (ended[0]!.tokenHash === me.tokenHash)
      await endSession(c)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/auth/sessions/end-all',
    tags: ['auth'],
    summary: '退出所有设备上的登录（包括当前设备）',
    responses: { 200: jsonOk(done, '已全部退出'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    await c.get('deps').db.delete(sessions).where(eq(sessions.accountId, me.accountId))
    await endSession(c)
    return c.json({ ok: true as const }, 200)
  })
