import type { AccountKind, NoticeKind } from '#shared/notices.ts'
import type { Db } from '../../db/client.ts'
import type { AppEnv } from '../../http/context.ts'
import legacyUrl from 'node:url'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { and, eq } from 'drizzle-orm'
import { kindsFor, noticeKinds, pushSubscriptionInput } from '#shared/notices.ts'
import { requireSignedIn } from '../../auth/session.ts'
import { outboxMessages, pushSubscriptions } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'

// design: the server posts to the endpoint a browser names, so only the browsers' own push services
// are accepted (no server-side request to an address of the sender's choosing); the demo also
// accepts this machine, where the tests run a push service.
const PUSH_SERVICES = ['fcm.googleapis.com', 'push.services.mozilla.com', 'push.apple.com', 'notify.windows.com']
const LOOPBACK = ['127.0.0.1', 'localhost']

export function pushServiceAllowed(endpoint: string, demo: boolean) {
  const url = new URL(endpoint)
  // web-push sends with the legacy url.parse(), which reads some hosts otherwise ("a;.b" as "a"): both
  // readings must agree on a plain host name, or the check would pass one host and the send reach another.
  // eslint-disable-next-line node/no-deprecated-api -- to read the address exactly as web-push will
  if (legacyUrl.parse(endpoint).hostname !== url.hostname || !/^[a-z0-9.-]+$/.test(url.hostname) || url.username || url.password)
    return false
  if (demo && LOOPBACK.includes(url.hostname))
    return true
  return url.protocol === 'https:' && PUSH_SERVICES.some(h => url.hostname === h || url.hostname.endsWith(`.${h}`))
}

/** Drops the push messages still waiting for a browser that was switched off, is gone, or changed hands. */
export function forgetQueued(db: Db, subscriptionId: string) {
  return db.delete(outboxMessages).where(and(eq(outboxMessages.channel, 'push'), eq(outboxMessages.recipient, subscriptionId), eq(outboxMessages.state, 'pending')))
}

/**
 * design: the browser belongs to whoever signed in on it last (a shared family phone). Each attempt is one
 * conditional write: the row is locked as it is read, so of two accounts taking it at once the second
 * sees the first as the holder it took it from (a read, then an upsert, would let both see the old one).
 */
async function takeBrowser(db: Db, endpoint: string, set: Omit<typeof pushSubscriptions.$inferInsert, 'endpoint'>): Promise<{ id: string, lastHolder: string | null }> {
  for (;;) {
    const held = db.select({ id: pushSubscriptions.id, accountId: pushSubscriptions.accountId }).from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)).for('update').as('held')
    const [taken] = await db.update(pushSubscriptions).set(set).from(held).where(eq(pushSubscriptions.id, held.id)).returning({ id: pushSubscriptions.id, lastHolder: held.accountId })
    if (taken)
      return taken
    const [added] = await db.insert(pushSubscriptions).values({ endpoint, ...set }).onConflictDoNothing({ target: pushSubscriptions.endpoint }).returning({ id: pushSubscriptions.id })
    if (added)
      return { id: added.id, lastHolder: null }
    // another request added it in between: take it from them
  }
}

const subscriptionState = z.object({ kinds: z.array(z.enum(noticeKinds)) }).openapi('PushSubscriptionState')

export const pushRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/push/key',
    tags: ['notifications'],
    summary: '浏览器通知的服务器公钥（VAPID）',
    responses: { 200: jsonOk(z.object({ publicKey: z.string() }), '公钥'), ...commonErrors },
  }), async (c) => {
    requireSignedIn(c)
    return c.json({ publicKey: await c.get('deps').push.publicKey() }, 200)
  })
  .openapi(createRoute({
    method: 'put',
    path: '/push/subscription',
    tags: ['notifications'],
    summary: '在这个浏览器上接收哪些通知（空表示不再接收）',
    request: jsonBody(pushSubscriptionInput),
    responses: { 200: jsonOk(subscriptionState, '保存后的设置'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const { endpoint, keys, kinds, language } = c.req.valid('json')
    const { db, env, now } = c.get('deps')
    if (!pushServiceAllowed(endpoint, env.DEMO))
      throw new AppError(400, 'PUSH_SERVICE_UNKNOWN', '这个浏览器的通知服务暂不支持')
    const mine = kindsFor(me.kind as AccountKind) as NoticeKind[]
    if (kinds.some(k => !mine.includes(k)))
      throw new AppError(400, 'NOTICE_KIND_NOT_AVAILABLE', '这类通知不发给您的账号')
    if (kinds.length === 0) { // only the browser knows its endpoint: whoever holds it may switch it off
      const [gone] = await db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)).returning({ id: pushSubscriptions.id })
      if (gone)
        await forgetQueued(db, gone.id)
      return c.json({ kinds: [] }, 200)
    }
    // An app from before notices had a language sends none: the language saved stays (new: Chinese).
    const set = { accountId: me.accountId, p256dh: keys.p256dh, auth: keys.auth, kinds: [...new Set(kinds)], ...(language ? { language } : {}), updatedAt: now() }
    const saved = await takeBrowser(db, endpoint, set)
    if (saved.lastHolder && saved.lastHolder !== me.accountId) // what was queued for them is not this person's to see
      await forgetQueued(db, saved.id)
    return c.json({ kinds: set.kinds }, 200)
  })
