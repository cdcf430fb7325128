import type { AccountKind, NoticeKind } from '#shared/notices.ts'
import type { Db } from '../../db/client.ts'
import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { eq, sql } from 'drizzle-orm'
import { maskPhone } from '#shared/idNumber.ts'
import { kindsFor, noticeKinds, noticePreferencesInput, noticeWanted } from '#shared/notices.ts'
import { requireSignedIn } from '../../auth/session.ts'
import { accounts, noticePreferences } from '../../db/schema/index.ts'
import { AppError } from '../../http/errors.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { mobileOf } from './sms.ts'

const preferencesSchema = z.object({
  phone: z.string().nullable().openapi({ description: '短信发往的手机号（已打码）；没有登记手机号时为空' }),
  preferences: z.array(z.object({ kind: z.enum(noticeKinds), enabled: z.boolean() })),
}).openapi('NoticePreferences')

async function describe(db: Db, accountId: string) {
  const [account] = await db.select({ kind: accounts.kind, phone: accounts.phone, officePhone: accounts.officePhone }).from(accounts).where(eq(accounts.id, accountId))
  const who = account!.kind as AccountKind
  const rows = await db.select().from(noticePreferences).where(eq(noticePreferences.accountId, accountId))
  const saved = new Map(rows.map(r => [r.kind as NoticeKind, r.enabled]))
  const phone = mobileOf(account!)
  return {
    phone: phone ? maskPhone(phone) : null,
    preferences: kindsFor(who).map(kind => ({ kind, enabled: noticeWanted(kind, who, saved) })),
  }
}

export const preferenceRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'get',
    path: '/me/notice-preferences',
    tags: ['notifications'],
    summary: '短信通知设置（按通知类别开关）',
    responses: { 200: jsonOk(preferencesSchema, '当前设置'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    return c.json(await describe(c.get('deps').db, me.accountId), 200)
  })
  .openapi(createRoute({
    method: 'put',
    path: '/me/notice-preferences',
    tags: ['notifications'],
    summary: '打开或关闭某类短信通知',
    request: jsonBody(noticePreferencesInput),
    responses: { 200: jsonOk(preferencesSchema, '保存后的设置'), ...commonErrors },
  }), async (c) => {
    const me = requireSignedIn(c)
    const { preferences } = c.req.valid('json')
    const mine = kindsFor(me.kind as AccountKind) as NoticeKind[]
    if (preferences.some(p => !mine.includes(p.kind)))
      throw new AppError(400, 'NOTICE_KIND_NOT_AVAILABLE', '这类通知不发给您的账号')
    const now = c.get('deps').now()
    // One statement per save: each choice is the last one written, whatever else saves at the same time.
    await c.get('deps').db.insert(noticePreferences).values(preferences.map(p => ({ accountId: me.accountId, kind: p.kind, enabled: p.enabled, updatedAt: now }))).onConflictDoUpdate({ target: [noticePreferences.accountId, noticePreferences.kind], set: { enabled: sql`excluded.enabled`, updatedAt: now } })
    return c.json(await describe(c.get('deps').db, me.accountId), 200)
  })
