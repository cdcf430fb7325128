import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm'
import { requireSignedIn } from '../../auth/session.ts'
import { decodeCursor, encodeCursor } from '../../db/keyset.ts'
import { notifications } from '../../db/schema/index.ts'
import { commonErrors, jsonOk } from '../../http/openapi.ts'
import { preferenceRoutes } from './preferences.ts'
import { pushRoutes } from './push.ts'

const inbox = z.object({
  unread: z.number(),
  notifications: z.array(z.object({ id: z.string(), at: z.string(), kind: z.string(), title: z.string(), body: z.string(), complaintId: z.string().nullable(), read: z.boolean() })),
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
    const { before } = c.req.valid('query')
    const after = before ? decodeCursor(before) : null
    const [rows, [unread]] = await Promise.all([
      db.select().from(notifications).where(and(
        eq(notifications.accountId, me.accountId),
        // after the cursor's row, compared with its stored time (microseconds; a JS date keeps only milliseconds)
        after ? sql`(${notifications.at}, ${notifications.id}) < (select n.at, n.id from ${notifications} n where n.id = ${after.id}::uuid and n.account_id = ${me.accountId}::uuid)` : undefined,
      )).orderBy(desc(notifications.at), desc(notifications.id)).limit(INBOX_PAGE + 1),
      db.select({ n: count() }).from(notifications).where(and(eq(notifications.accountId, me.accountId), isNull(notifications.readAt))),
    ])
    const page = rows.slice(0, INBOX_PAGE)
    const last = page.at(-1)
    return c.json({
      unread: unread?.n ?? 0,
      notifications: page.map(n => ({ id: n.id, at: n.at.toISOString(), kind: n.kind, title: n.title, body: n.body, complaintId: n.complaintId, read: !!n.readAt })),
      next: rows.length > INBOX_PAGE && last ? encodeCursor(null, last.id) : null,
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
