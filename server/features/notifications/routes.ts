import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, eq, isNull } from 'drizzle-orm'
import { noticeParamsSchema } from '#shared/notices.ts'
import { requireSignedIn } from '../../auth/session.ts'
import { notifications } from '../../db/schema/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'
import { inboxPage, unreadCount } from './inbox.ts'
import { preferenceRoutes } from './preferences.ts'
import { pushRoutes } from './push.ts'

const inbox = z.object({
  unread: z.number(),
  notifications: z.array(z.object({ id: z.string(), at: z.string(), kind: z.string(), title: z.string(), body: z.string(), params: noticeParamsSchema.nullable(), complaintId: z.string().nullable(), read: z.boolean() })),
  /** The cursor of the next (older) page, or null on the last. */
  next: z.string().nullable(),
})

export const notificationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/notifications',
    tags: ['notifications'],
    summary: '站内消息（新的在前，每页 50 条；before 为上一页返回的 next）',
    request: { query: z.object({ before: z.string().max(200).optional() }) },
    responses: { 200: jsonOk(inbox, '消息'), ...commonErrors },
  }), async (c) => {
    const { unread, page } = await inboxPage(c.get('deps').db, requireSignedIn(c).accountId, c.req.valid('query').before)
    return c.json({
      unread,
      notifications: page.items.map(n => ({ id: n.id, at: n.at.toISOString(), kind: n.kind, title: n.title, body: n.body, params: (n.params ?? null) as z.infer<typeof noticeParamsSchema> | null, complaintId: n.complaintId, read: !!n.readAt })),
      next: page.next,
    }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/notifications/unread',
    tags: ['notifications'],
    summary: '未读消息数（首页用）',
    responses: { 200: jsonOk(z.object({ unread: z.number() }), '未读数'), ...commonErrors },
  }), async (c) => {
    return c.json({ unread: await unreadCount(c.get('deps').db, requireSignedIn(c).accountId) }, 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/notifications/read',
    tags: ['notifications'],
    summary: '全部标为已读',
    responses: { 200: jsonOk(z.object({ ok: z.literal(true) }), '已读'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    await c.get('deps').db.update(notifications).set({ readAt: c.get('deps').now() }).where(and(eq(notifications.accountId, me.accountId), isNull(notifications.readAt)))
    return c.json({ ok: true as const }, 200)
  })
  .route('/', preferenceRoutes)
  .route('/', pushRoutes)
