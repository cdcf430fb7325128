import type { AppEnv } from '../../http/context.ts'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { officerLoginSchema, smsSendSchema, smsVerifySchema } from '#shared/schemas/auth.ts'
import { endSession, requireSignedIn, startSession } from '../../auth/session.ts'
import { accounts } from '../../db/schema/index.ts'
import { clientIp } from '../../http/context.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { describeMe, meSchema } from './me.ts'
import { officerSecurityRoutes } from './officerSecurityRoutes.ts'
import { checkOfficerSignIn } from './officerSignIn.ts'
import { findOrCreateCitizen, refreshVerification } from './queries.ts'
import { checkSignInCode, sendSignInCode, signInCodeDelivery } from './service.ts'
import { sessionRoutes } from './sessionRoutes.ts'

// delivery 'retrying': the provider did not take the message at once; the outbox keeps trying while the code is valid.
// deliveryId: follow it at GET /auth/sms/deliveries/{id} until the message is sent or given up.
const sent = z.object({ resendAfterSeconds: z.number(), expiresInSeconds: z.number(), delivery: z.enum(['sent', 'retrying']), deliveryId: z.string() })
const delivery = z.object({ state: z.enum(['sending', 'sent', 'failed']) })
const done = z.object({ ok: z.literal(true) })

export const authRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRoute({
    method: 'post',
    path: '/auth/sms/send',
    tags: ['auth'],
    summary: '发送登录验证码',
    request: jsonBody(smsSendSchema),
    responses: { 200: jsonOk(sent, '已发送'), ...commonErrors },
  }), async (c) => {
    const { phone } = c.req.valid('json')
    return c.json(await sendSignInCode(c.get('deps'), phone, clientIp(c)), 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/auth/sms/deliveries/{id}',
    tags: ['auth'],
    summary: '验证码短信的发送状态（发送中、已发出、未能发出）',
    request: { params: z.object({ id: z.uuid('编号有误') }) },
    responses: { 200: jsonOk(delivery, '发送状态'), ...commonErrors },
  }), async (c) => {
    return c.json(await signInCodeDelivery(c.get('deps'), c.req.valid('param').id), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/auth/sms/verify',
    tags: ['auth'],
    summary: '用验证码登录（或在登录状态下重新验证身份）',
    request: jsonBody(smsVerifySchema),
    responses: { 200: jsonOk(meSchema, '已登录，设置会话 Cookie'), ...commonErrors },
  }), async (c) => {
    const { phone, code } = c.req.valid('json')
    await checkSignInCode(c.get('deps'), phone, code)
    const current = c.get('signedIn')
    if (current?.kind === 'citizen' && current.phone === phone) {
      await refreshVerification(c.get('deps').db, current.tokenHash, c.get('deps').now())
      return c.json(await describeMe(c.get('deps').db, current.accountId), 200)
    }
    if (current)
      await endSession(c)
    const accountId = await findOrCreateCitizen(c.get('deps').db, phone)
    await startSession(c, accountId, 'citizen')
    return c.json(await describeMe(c.get('deps').db, accountId), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/auth/officer',
    tags: ['auth'],
    summary: '工作人员用户名密码登录（已开启或所在单位要求时附动态验证码）',
    request: jsonBody(officerLoginSchema),
    responses: { 200: jsonOk(meSchema, '已登录，设置会话 Cookie'), ...commonErrors },
  }), async (c) => {
    const accountId = await checkOfficerSignIn(c.get('deps'), c.req.valid('json'), clientIp(c))
    if (c.get('signedIn'))
      await endSession(c)
    await startSession(c, accountId, 'officer')
    await c.get('deps').db.update(accounts).set({ lastSignInAt: c.get('deps').now() }).where(eq(accounts.id, accountId))
    return c.json(await describeMe(c.get('deps').db, accountId), 200)
  })
  .openapi(createRoute({
    method: 'post',
    path: '/auth/logout',
    tags: ['auth'],
    summary: '退出登录',
    responses: { 200: jsonOk(done, '已退出'), ...commonErrors },
  }), async (c) => {
    await endSession(c)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/me',
    tags: ['auth'],
    summary: '当前登录的账号与已绑定的学籍',
    responses: { 200: jsonOk(meSchema, '当前账号'), ...commonErrors },
  }), async (c) => {
    return c.json(await describeMe(c.get('deps').db, requireSignedIn(c).accountId), 200)
  })
  .openapi(createRoute({
    method: 'get',
    path: '/session',
    tags: ['auth'],
    summary: '是否已登录：已登录时同 /me，未登录时 me 为 null；demo 为是否演示环境',
    responses: { 200: jsonOk(z.object({ me: meSchema.nullable(), demo: z.boolean() }), '当前会话'), ...commonErrors },
  }), async (c) => {
    // design (issue 13 item 10): the app asks this on every first screen; a visitor who is not
    // signed in is an answer, not an error, so the browser's console stays clean.
    const who = c.get('signedIn')
    // demo: whether the sign-in page offers the demo outbox (a production app shows nothing of the demo).
    return c.json({ me: who ? await describeMe(c.get('deps').db, who.accountId) : null, demo: c.get('deps').env.DEMO }, 200)
  })
  .route('/', officerSecurityRoutes)
  .route('/', sessionRoutes)
