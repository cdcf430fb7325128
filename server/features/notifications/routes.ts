import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, count, desc, eq, isNull } from 'drizzle-orm'
import { noticeParamsSchema } from '#shared/notices.ts'
import { requireSignedIn } from '../../auth/session.ts'
import { olderThanRow, pageOf } from '../../db/keyset.ts'
import { notifications } from '../../db/schema/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'
import { preferenceRoutes } from './preferences.ts'
import { pushRoutes } from './push.ts'

const inbox = z.object({
  unread: z.number(),
  notifications: z.array(z.object({ id: z.string(), at: z.string(), kind: z.string(), title: z.string(), body: z.string(), params: noticeParamsSchema.nullable(), complaintId: z.string().nullable(), read: z.boolean() })),
  /** The cursor of the next (older) page, or null on the last. */
  next: z.string().nullable(),
})
const INBOX_PAGE = 50

export const notificationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/notifications',
    tags: ['notifications'],
    summary: '站内消息（新的在前，每页 50 条；before 为上一页返回的 next）',
    request: { query: z.object({ before: z.string().max(200).optional() }) },
    responses: { 200: jsonOk(inbox, '消息'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const { db } = c.var.deps
    const mine = eq(notifications.accountId, me.accountId)
    const [rows, [unread]] = await Promise.all([
      db.select().from(notifications).where(and(mine, olderThanRow(notifications, notifications.at, notifications.id, mine, c.req.valid('query').before))).orderBy(desc(notifications.at), desc(notifications.id)).limit(INBOX_PAGE + 1),
      db.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt))),
    ])
    const page = pageOf(rows, INBOX_PAGE, n => [null, n.id])
    return c.json({
      unread: unread?.n ?? 0,
      notifications: page.items.map(n => ({ id: n.id, at: n.at.toISOString(), kind: n.kind, title: n.title, body: n.body, params: (n.params ?? null) as z.infer<typeof noticeParamsSchema> | null, complaintId: n.complaintId, read: !!n.readAt })),
      next: page.next,
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
  .route('/', pushRoutes)
