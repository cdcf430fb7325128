import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, count, desc, eq, isNull } from 'drizzle-orm'
import { requireSignedIn } from '../../auth/session.ts'
import { notifications } from '../../db/schema/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'
import { preferenceRoutes } from './preferences.ts'

const inbox = z.object({
  unread: z.number(),
  notifications: z.array(z.object({ id: z.string(), at: z.string(), kind: z.string(), title: z.string(), body: z.string(), complaintId: z.string().nullable(), read: z.boolean() })),
})

export const notificationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/notifications',
    tags: ['notifications'],
    summary: '站内消息（最近 100 条）',
    responses: { 200: jsonOk(inbox, '消息'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const { db } = c.var.deps
    const [rows, [unread]] = await Promise.all([
      db.select().from(notifications).where(eq(notifications.accountId, me.accountId)).orderBy(desc(notifications.at)).limit(100),
      db.select({ n: count() }).from(notifications).where(and(eq(notifications.accountId, me.accountId), isNull(notifications.readAt))),
    ])
    return c.json({
      unread: unread?.n ?? 0,
      notifications: rows.map(n => ({ id: n.id, at: n.at.toISOString(), kind: n.kind, title: n.title, body: n.body, complaintId: n.complaintId, read: !!n.readAt })),
    }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/notifications/read',
    tags: ['notifications'],
    summary: '全部标为已读',
    responses: { 200: jsonOk(z.object({ ok: z.literal(true) }), '已读'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    await c.var.deps.db.update(notifications).set({ readAt: c.var.deps.now() }).where(and(eq(notifications.accountId, me.accountId), isNull(notifications.readAt)))
    return c.json({ ok: true as const }, 200)
  })
  .route('/', preferenceRoutes)
